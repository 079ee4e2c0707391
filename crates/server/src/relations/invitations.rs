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
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

use super::mail;
use super::store::{self as relationships, LinkError};
use crate::org::store as orgs;
use crate::platform::audit::AuditEvent;
use crate::platform::auth::csrf::random_token;
use crate::platform::db::{from_ms, parse_column, to_ms};
use crate::platform::hex;
use crate::platform::state::AppState;
use crate::platform::tenancy::{Own, Scope};
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
        for to_addr in admin_addresses(unit.connection(), existing).await? {
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
    sqlx::query(
        "INSERT INTO invitations (id, token_hash, purpose, inviter_org, inviter_user, email, firm_name, corporate_number, kind, \
         inviter_side, created_at, expires_at) VALUES ($1, $2, 'relationship', $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(id.to_string())
    .bind(digest(&token))
    .bind(unit.org().to_string())
    .bind(unit.actor().to_string())
    .bind(invitation.email.as_str())
    .bind(&invitation.firm_name)
    .bind(invitation.corporate_number.as_ref().map(|n| n.as_str().to_owned()))
    .bind(invitation.kind.as_str())
    .bind(invitation.inviter_side.as_str())
    .bind(to_ms(now))
    .bind(to_ms(now + VALID_FOR))
    .execute(unit.connection())
    .await?;
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
    let member: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND u.email = $2",
    )
    .bind(unit.org().to_string())
    .bind(email.as_str())
    .fetch_one(unit.connection())
    .await?;
    if member > 0 {
        return Err(InviteError::AlreadyMember);
    }
    let token = random_token().map_err(|e| anyhow::anyhow!("{e}"))?;
    let id = InvitationId::new();
    sqlx::query(
        "INSERT INTO invitations (id, token_hash, purpose, inviter_org, inviter_user, email, role, created_at, expires_at) \
         VALUES ($1, $2, 'colleague', $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(digest(&token))
    .bind(unit.org().to_string())
    .bind(unit.actor().to_string())
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(to_ms(now))
    .bind(to_ms(now + VALID_FOR))
    .execute(unit.connection())
    .await?;
    unit.send(mail::colleague_invitation(state, inviter_name, &email, &token, now + VALID_FOR)).await?;
    let event = AuditEvent::new("invitation.create")
        .object("invitation", id.to_string())
        .detail("email", email.as_str())
        .detail("role", role.as_str());
    unit.audit(event);
    Ok(id)
}

async fn admin_addresses(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<EmailAddress>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND m.role = 'admin'",
    )
    .bind(org.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter().map(|r| parse_column(r, "email")).collect()
}

const VIEW: &str = "SELECT i.id, i.purpose, i.inviter_org, o.name AS inviter_name, i.email, i.firm_name, i.corporate_number, \
     i.kind, i.inviter_side, i.role, i.expires_at, i.used_at, i.revoked_at FROM invitations i \
     JOIN organisations o ON o.id = i.inviter_org";

fn optional<T: std::str::FromStr>(row: &AnyRow, column: &str) -> Result<Option<T>, sqlx::Error> {
    Ok(row.try_get::<Option<String>, _>(column)?.and_then(|s| s.parse().ok()))
}

fn view_from_row(row: &AnyRow) -> Result<InvitationView, sqlx::Error> {
    let purpose = match row.try_get::<String, _>("purpose")?.as_str() {
        "colleague" => Purpose::Colleague,
        _ => Purpose::Relationship,
    };
    Ok(InvitationView {
        id: parse_column(row, "id")?,
        purpose,
        inviter_org: parse_column(row, "inviter_org")?,
        inviter_name: row.try_get("inviter_name")?,
        email: row.try_get("email")?,
        firm_name: row.try_get("firm_name")?,
        corporate_number: row.try_get("corporate_number")?,
        kind: optional(row, "kind")?,
        inviter_side: optional(row, "inviter_side")?,
        role: optional(row, "role")?,
        expires_at: from_ms(row.try_get("expires_at")?),
        used_at: row.try_get::<Option<i64>, _>("used_at")?.map(from_ms),
        revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(from_ms),
    })
}

/// The acting organisation's invitations, newest first.
pub async fn sent(state: &AppState, own: &Own<Invitation>) -> Result<Vec<InvitationView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{VIEW} WHERE i.inviter_org = $1 ORDER BY i.created_at DESC, i.id DESC"));
    sqlx::query(sql)
        .bind(own.owner().to_string())
        .fetch_all(state.db().pool())
        .await?
        .iter()
        .map(view_from_row)
        .collect()
}

/// Withdraws an unused invitation of the acting organisation; the link stops working.
pub async fn revoke(unit: &mut Unit, id: InvitationId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND inviter_org = $3 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(to_ms(unit.now()))
    .bind(id.to_string())
    .bind(unit.org().to_string())
    .execute(unit.connection())
    .await?
    .rows_affected()
        == 1;
    if done {
        unit.audit(AuditEvent::new("invitation.revoke").object("invitation", id.to_string()));
    }
    Ok(done)
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
    let sql = sqlx::AssertSqlSafe(format!("{VIEW} WHERE i.token_hash = $1"));
    let Some(row) = sqlx::query(sql).bind(digest(token)).fetch_optional(state.db().pool()).await? else {
        return Ok(Err(Unusable::Unknown));
    };
    let view = view_from_row(&row)?;
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

/// Marks the invitation used inside the caller's transaction; `false` if it was used,
/// withdrawn or expired meanwhile (two tabs, a replayed link).
pub async fn spend(conn: &mut AnyConnection, id: InvitationId, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE invitations SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(to_ms(now))
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1)
}

/// For a relationship invitation: (from, to) of the link between inviter and `invitee`.
pub fn link_ends(view: &InvitationView, invitee: OrgId) -> Option<(RelationshipKind, OrgId, OrgId)> {
    let (kind, side) = (view.kind?, view.inviter_side?);
    let (from, to) = ends(side, view.inviter_org, invitee);
    Some((kind, from, to))
}
