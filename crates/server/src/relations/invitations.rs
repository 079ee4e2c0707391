//! Invitations: to a firm that is not on the platform yet (a relationship invitation), or to a
//! colleague (joining the organisation). A firm exists once: when the invited firm is already
//! registered (same 法人番号, or the invitee's mail domain confirmed by that firm's admin), the
//! invitation becomes a link request to that firm instead, and no second copy is ever made.
//!
//! The link in the mail carries a random token; only its SHA-256 is stored. It works once and
//! expires after seven days.

use kakehashi_domain::identity::{CorporateNumber, EmailAddress};
use kakehashi_domain::ids::{InvitationId, OrgId};
use kakehashi_domain::tenancy::{RelationshipKind, RelationshipState, Role, Side};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

use super::invitation_store as store;
use super::mail;
use super::store::{self as relationships, LinkError};
use crate::org::store as orgs;
use crate::platform::audit::AuditEvent;
use crate::platform::auth::csrf::random_token;
use crate::platform::hex;
use crate::platform::state::AppState;
use crate::platform::unit::Unit;

/// How long an invitation link works.
pub const VALID_FOR: Duration = Duration::days(7);

/// The invitation records (a type for scoping).
#[derive(Debug)]
pub struct Invitation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Purpose {
    /// A firm is invited to register and be linked.
    Relationship,
    /// A person is invited to join the inviting organisation.
    Colleague,
}

/// An invitation as its sender and its recipient see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InvitationView {
    #[schema(value_type = String)]
    pub id: InvitationId,
    pub purpose: Purpose,
    #[schema(value_type = String)]
    pub inviter_org: OrgId,
    pub inviter_name: String,
    pub email: String,
    pub firm_name: Option<String>,
    pub corporate_number: Option<String>,
    #[schema(value_type = Option<String>)]
    pub kind: Option<RelationshipKind>,
    /// The inviter's side of the relationship.
    #[schema(value_type = Option<String>)]
    pub inviter_side: Option<Side>,
    #[schema(value_type = Option<String>)]
    pub role: Option<Role>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub used_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<OffsetDateTime>,
}

impl InvitationView {
    /// The label key of what the invited firm will be (supplier, member, group company).
    pub fn invitee_label(&self) -> &'static str {
        match (self.kind, self.inviter_side) {
            (Some(k), Some(s)) => k.side_label_key(s.other()),
            _ => "rel-colleague",
        }
    }
}

/// A relationship invitation, as asked for by the inviter.
#[derive(Debug, Clone)]
pub struct FirmInvitation {
    pub email: EmailAddress,
    pub firm_name: String,
    pub corporate_number: Option<CorporateNumber>,
    pub kind: RelationshipKind,
    pub inviter_side: Side,
}

/// What became of a relationship invitation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    /// A new firm was invited by mail.
    Invited(InvitationId),
    /// The firm is already registered: it was asked to accept the link instead.
    LinkRequested { org_name: String },
}

#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    #[error("already linked, or a request is pending")]
    AlreadyLinked,
    #[error("an organisation cannot invite itself")]
    Itself,
    #[error("this person already belongs to the organisation")]
    AlreadyMember,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for InviteError {
    fn from(e: sqlx::Error) -> Self {
        InviteError::Other(e.into())
    }
}

impl From<LinkError> for InviteError {
    fn from(e: LinkError) -> Self {
        match e {
            LinkError::AlreadyLinked => InviteError::AlreadyLinked,
            LinkError::SameOrganisation => InviteError::Itself,
            LinkError::Db(e) => e.into(),
        }
    }
}

fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// (from, to) of a link, given which end the inviter is.
fn ends(inviter_side: Side, inviter: OrgId, invitee: OrgId) -> (OrgId, OrgId) {
    match inviter_side {
        Side::From => (inviter, invitee),
        Side::To => (invitee, inviter),
    }
}

/// The registered firm this invitation is really for, if any.
async fn registered_firm(
    state: &AppState,
    invitation: &FirmInvitation,
) -> Result<Option<(OrgId, String)>, sqlx::Error> {
    if let Some(number) = &invitation.corporate_number
        && let Some(found) = orgs::by_corporate_number(state.db(), number).await?
    {
        return Ok(Some(found));
    }
    orgs::by_mail_domain(state.db(), invitation.email.domain()).await
}

/// Invites a firm, or asks the registered firm to accept a link, in the inviter's unit of work
/// (its mail goes out only if the unit commits). `inviter_name` signs the mail.
pub async fn invite_firm(
    state: &AppState,
    unit: &mut Unit,
    inviter_name: &str,
    invitation: FirmInvitation,
) -> Result<Sent, InviteError> {
    let now = unit.now();
    if let Some((existing, org_name)) = registered_firm(state, &invitation).await? {
        let me = unit.org();
        let (from, to) = ends(invitation.inviter_side, me, existing);
        let id =
            relationships::insert(unit.connection(), invitation.kind, from, to, me, RelationshipState::Pending, now)
                .await?;
        for to_addr in store::admin_addresses(unit.connection(), existing).await? {
            unit.send(mail::link_request(state, inviter_name, &to_addr)).await?;
        }
        let event = AuditEvent::new("relationship.request")
            .about(existing)
            .object("relationship", id.to_string())
            .detail("kind", invitation.kind.as_str());
        unit.audit(event);
        return Ok(Sent::LinkRequested { org_name });
    }
    let token = random_token().map_err(|e| anyhow::anyhow!("{e}"))?;
    let id = InvitationId::new();
    store::insert_firm_invitation(unit, id, &digest(&token), &invitation, now + VALID_FOR).await?;
    unit.send(mail::firm_invitation(state, inviter_name, &invitation, &token, now + VALID_FOR)).await?;
    let event = AuditEvent::new("invitation.create")
        .object("invitation", id.to_string())
        .detail("email", invitation.email.as_str())
        .detail("kind", invitation.kind.as_str());
    unit.audit(event);
    Ok(Sent::Invited(id))
}

/// Invites a person to join the acting organisation with `role`, in the unit of work.
pub async fn invite_colleague(
    state: &AppState,
    unit: &mut Unit,
    inviter_name: &str,
    email: EmailAddress,
    role: Role,
) -> Result<InvitationId, InviteError> {
    let now = unit.now();
    let member = store::count_members_with_email(unit, &email).await?;
    if member > 0 {
        return Err(InviteError::AlreadyMember);
    }
    let token = random_token().map_err(|e| anyhow::anyhow!("{e}"))?;
    let id = InvitationId::new();
    store::insert_colleague_invitation(unit, id, &digest(&token), &email, role, now + VALID_FOR).await?;
    unit.send(mail::colleague_invitation(state, inviter_name, &email, &token, now + VALID_FOR)).await?;
    let event = AuditEvent::new("invitation.create")
        .object("invitation", id.to_string())
        .detail("email", email.as_str())
        .detail("role", role.as_str());
    unit.audit(event);
    Ok(id)
}

/// Why an invitation link does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unusable {
    Unknown,
    Expired,
    Used,
    Withdrawn,
}

impl Unusable {
    pub fn message_key(self) -> &'static str {
        match self {
            Unusable::Unknown => "invite-unknown",
            Unusable::Expired => "invite-expired",
            Unusable::Used => "invite-used",
            Unusable::Withdrawn => "invite-withdrawn",
        }
    }
}

/// The invitation behind a link, if it can still be used.
pub async fn open(state: &AppState, token: &str) -> Result<Result<InvitationView, Unusable>, sqlx::Error> {
    let Some(view) = store::by_token_digest(state.db(), &digest(token)).await? else {
        return Ok(Err(Unusable::Unknown));
    };
    Ok(if view.revoked_at.is_some() {
        Err(Unusable::Withdrawn)
    } else if view.used_at.is_some() {
        Err(Unusable::Used)
    } else if view.expires_at <= state.now() {
        Err(Unusable::Expired)
    } else {
        Ok(view)
    })
}

/// For a relationship invitation: (from, to) of the link between inviter and `invitee`.
pub fn link_ends(view: &InvitationView, invitee: OrgId) -> Option<(RelationshipKind, OrgId, OrgId)> {
    let (kind, side) = (view.kind?, view.inviter_side?);
    let (from, to) = ends(side, view.inviter_org, invitee);
    Some((kind, from, to))
}
