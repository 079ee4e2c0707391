//! Which organisation a signed-in person acts for: chosen explicitly and kept in the session.
//! With a single membership it is chosen for them; with several they choose, and may switch.

use kakehashi_domain::ids::{MembershipId, OrgId, UserId};
use kakehashi_domain::tenancy::Role;
use serde::Serialize;
use sqlx::Row;
use tower_sessions::Session;

use super::{Acting, Via};
use crate::platform::db::{Db, parse_column};
use crate::platform::error::AppError;

/// The session key holding the organisation the person acts for.
pub const ORG_KEY: &str = "org";

/// One of a person's memberships, for the organisation switch.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MembershipView {
    #[schema(value_type = String)]
    pub membership_id: MembershipId,
    #[schema(value_type = String)]
    pub org_id: OrgId,
    pub org_name: String,
    #[schema(value_type = String)]
    pub role: Role,
}

/// Every organisation the person belongs to, by name.
pub async fn memberships(db: &Db, user: UserId) -> Result<Vec<MembershipView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT m.id, m.org_id, m.role, o.name FROM memberships m JOIN organisations o ON o.id = m.org_id \
         WHERE m.user_id = $1 ORDER BY o.name, m.id",
    )
    .bind(user.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(MembershipView {
                membership_id: parse_column(r, "id")?,
                org_id: parse_column(r, "org_id")?,
                org_name: r.try_get("name")?,
                role: parse_column(r, "role")?,
            })
        })
        .collect()
}

/// The organisation the person acts for in this session, if any (choosing the only one).
pub async fn load(db: &Db, session: &Session, user: UserId) -> Result<Option<Acting>, AppError> {
    in_session(session, &memberships(db, user).await?).await
}

/// The organisation the person acts for in this session among their memberships `all`, if any
/// (choosing the only one).
pub async fn in_session(session: &Session, all: &[MembershipView]) -> Result<Option<Acting>, AppError> {
    let chosen: Option<String> = session.get(ORG_KEY).await.map_err(|e| AppError::Internal(e.into()))?;
    let chosen_was_set = chosen.is_some();
    let found = match chosen.and_then(|c| c.parse::<OrgId>().ok()) {
        Some(org) => all.iter().find(|m| m.org_id == org),
        None if all.len() == 1 => all.first(),
        None => None,
    };
    let Some(m) = found else {
        // No longer a member (removed since): forget the choice. (Removing writes the session,
        // so only when there was one.)
        if chosen_was_set {
            session.remove::<String>(ORG_KEY).await.map_err(|e| AppError::Internal(e.into()))?;
        }
        return Ok(None);
    };
    Ok(Some(Acting {
        org_id: m.org_id,
        org_name: m.org_name.clone(),
        role: m.role,
        via: Via::Membership(m.membership_id),
    }))
}

/// Acting for `org` as `user`, if they are a member of it (for the demo world and benchmarks,
/// which act without a session).
pub async fn for_member(db: &Db, user: UserId, org: OrgId) -> Result<Option<Acting>, sqlx::Error> {
    let all = memberships(db, user).await?;
    Ok(all.into_iter().find(|m| m.org_id == org).map(|m| Acting {
        org_id: m.org_id,
        org_name: m.org_name,
        role: m.role,
        via: Via::Membership(m.membership_id),
    }))
}

/// Makes the person act for `org`, if they belong to it.
pub async fn choose(db: &Db, session: &Session, user: UserId, org: OrgId) -> Result<bool, AppError> {
    let belongs = memberships(db, user).await?.iter().any(|m| m.org_id == org);
    if belongs {
        session.insert(ORG_KEY, org.to_string()).await.map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(belongs)
}
