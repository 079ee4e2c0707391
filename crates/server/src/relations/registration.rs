//! Accepting an invitation: by registering (a new person, and for a firm invitation a new
//! organisation), or as someone who already has an account.

use kakehashi_domain::identity::{DisplayName, EmailAddress, NewPassword};
use kakehashi_domain::ids::{OrgId, UserId};
use kakehashi_domain::locale::Locale;
use kakehashi_domain::tenancy::{OrgProfile, Permission, RelationshipState, Role};

use super::invitation_store;
use super::invitations::{self, InvitationView, Purpose, Unusable};
use super::store::{self as relationships, LinkError};
use crate::org::store as orgs;
use crate::platform::audit::{self, AuditEvent};
use crate::platform::auth::users::{self, CreateUserError, NewUser};
use crate::platform::auth::{CurrentUser, password};
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;

/// What a new person gives when registering through an invitation.
#[derive(Debug, Clone)]
pub struct Registration {
    pub display_name: DisplayName,
    pub password: NewPassword,
    /// The new organisation (firm invitations only).
    pub profile: Option<OrgProfile>,
    pub locale: Locale,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// The person now belongs to `org` (and, for a firm invitation, the link is active).
    Joined { user: UserId, org: OrgId },
    /// The firm turned out to be registered already: its admins were asked to accept the link,
    /// and no second copy of the firm was made.
    FirmAlreadyRegistered { org_name: String },
}

#[derive(Debug, thiserror::Error)]
pub enum AcceptError {
    #[error("the invitation cannot be used")]
    Unusable(Unusable),
    #[error("an account with this address exists: sign in to accept")]
    HasAccount,
    #[error("this invitation was sent to another address")]
    OtherAddress,
    #[error("only an admin can link their organisation")]
    NotAdmin,
    #[error("already linked, or a request is pending")]
    AlreadyLinked,
    #[error("the organisation's details are needed")]
    ProfileMissing,
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AcceptError {
    fn from(e: sqlx::Error) -> Self {
        AcceptError::Other(e.into())
    }
}

impl From<LinkError> for AcceptError {
    fn from(e: LinkError) -> Self {
        match e {
            LinkError::AlreadyLinked | LinkError::SameOrganisation => AcceptError::AlreadyLinked,
            LinkError::Db(e) => e.into(),
        }
    }
}

async fn open(state: &AppState, token: &str) -> Result<InvitationView, AcceptError> {
    invitations::open(state, token).await?.map_err(AcceptError::Unusable)
}

/// Registers a new person (and organisation) through an invitation, all or nothing.
pub async fn register(state: &AppState, token: &str, reg: Registration) -> Result<Accepted, AcceptError> {
    let view = open(state, token).await?;
    let email = EmailAddress::parse(&view.email).map_err(|e| anyhow::anyhow!("stored address: {e}"))?;
    if users::exists(state.db(), &email).await? {
        return Err(AcceptError::HasAccount);
    }
    let now = state.now();
    if view.purpose == Purpose::Relationship {
        let profile = reg.profile.as_ref().ok_or(AcceptError::ProfileMissing)?;
        if let Some(number) = &profile.corporate_number
            && let Some((existing, org_name)) = orgs::by_corporate_number(state.db(), number).await?
        {
            return request_instead(state, &view, existing, org_name).await;
        }
    }
    let hash = password::hash(&reg.password).await?;
    let mut tx = state.db().write().await?;
    if !invitation_store::spend(&mut tx, view.id, now).await? {
        return Err(AcceptError::Unusable(Unusable::Used));
    }
    let new = NewUser {
        email,
        display_name: reg.display_name,
        password: reg.password,
        is_operator: false,
        locale: reg.locale,
    };
    let user = match users::insert(&mut tx, &new, &hash, None, now).await {
        Ok(id) => id,
        Err(CreateUserError::EmailTaken(_)) => return Err(AcceptError::HasAccount),
        Err(CreateUserError::Other(e)) => return Err(e.into()),
    };
    let org = match (&view.purpose, reg.profile) {
        (Purpose::Relationship, Some(profile)) => {
            let org = orgs::insert(&mut tx, &profile, now).await?;
            orgs::add_member(&mut tx, org, user, Role::Admin, now).await?;
            let (kind, from, to) = invitations::link_ends(&view, org).ok_or(AcceptError::ProfileMissing)?;
            let link = relationships::insert(&mut tx, kind, from, to, view.inviter_org, RelationshipState::Active, now)
                .await?;
            let event = AuditEvent::new("org.create").actor(Some(user)).acting_for(org).object("org", org.to_string());
            audit::append(&mut tx, event, now).await?;
            let event = AuditEvent::new("relationship.create")
                .actor(Some(user))
                .acting_for(org)
                .about(view.inviter_org)
                .object("relationship", link.to_string());
            audit::append(&mut tx, event, now).await?;
            org
        }
        (Purpose::Relationship, None) => return Err(AcceptError::ProfileMissing),
        (Purpose::Colleague, _) => {
            orgs::add_member(&mut tx, view.inviter_org, user, view.role.unwrap_or(Role::ReadOnly), now).await?;
            view.inviter_org
        }
    };
    let event = AuditEvent::new("invitation.accept")
        .actor(Some(user))
        .acting_for(org)
        .about(view.inviter_org)
        .object("invitation", view.id.to_string());
    audit::append(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(Accepted::Joined { user, org })
}

/// The firm exists: the invitation is spent and becomes a link request to that firm.
async fn request_instead(
    state: &AppState,
    view: &InvitationView,
    existing: OrgId,
    org_name: String,
) -> Result<Accepted, AcceptError> {
    let now = state.now();
    let (kind, from, to) = invitations::link_ends(view, existing).ok_or(AcceptError::ProfileMissing)?;
    let mut tx = state.db().write().await?;
    if !invitation_store::spend(&mut tx, view.id, now).await? {
        return Err(AcceptError::Unusable(Unusable::Used));
    }
    let id = relationships::insert(&mut tx, kind, from, to, view.inviter_org, RelationshipState::Pending, now).await?;
    let event = AuditEvent::new("relationship.request")
        .acting_for(view.inviter_org)
        .about(existing)
        .object("relationship", id.to_string())
        .detail("from_invitation", view.id.to_string());
    audit::append(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(Accepted::FirmAlreadyRegistered { org_name })
}

/// Accepts as someone signed in: a colleague invitation to one's own address joins the
/// organisation; a firm invitation links the organisation one administers.
pub async fn accept_signed_in(
    state: &AppState,
    token: &str,
    user: &CurrentUser,
    acting: Option<&Acting>,
) -> Result<Accepted, AcceptError> {
    let view = open(state, token).await?;
    let now = state.now();
    let mut tx = state.db().write().await?;
    let org = match view.purpose {
        Purpose::Colleague => {
            if !view.email.eq_ignore_ascii_case(user.email.as_str()) {
                return Err(AcceptError::OtherAddress);
            }
            if !invitation_store::spend(&mut tx, view.id, now).await? {
                return Err(AcceptError::Unusable(Unusable::Used));
            }
            orgs::add_member(&mut tx, view.inviter_org, user.id, view.role.unwrap_or(Role::ReadOnly), now)
                .await
                .map_err(|_| AcceptError::AlreadyLinked)?;
            view.inviter_org
        }
        Purpose::Relationship => {
            let acting = acting.filter(|a| a.allows(Permission::Administer)).ok_or(AcceptError::NotAdmin)?;
            if !invitation_store::spend(&mut tx, view.id, now).await? {
                return Err(AcceptError::Unusable(Unusable::Used));
            }
            let (kind, from, to) = invitations::link_ends(&view, acting.org_id()).ok_or(AcceptError::ProfileMissing)?;
            let link = relationships::insert(&mut tx, kind, from, to, view.inviter_org, RelationshipState::Active, now)
                .await?;
            let event = AuditEvent::new("relationship.create")
                .actor(Some(user.id))
                .acting_for(acting.org_id())
                .about(view.inviter_org)
                .object("relationship", link.to_string());
            audit::append(&mut tx, event, now).await?;
            acting.org_id()
        }
    };
    let event = AuditEvent::new("invitation.accept")
        .actor(Some(user.id))
        .acting_for(org)
        .about(view.inviter_org)
        .object("invitation", view.id.to_string());
    audit::append(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(Accepted::Joined { user: user.id, org })
}
