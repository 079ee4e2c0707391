//! The operator's administration of people and organisations, every action audited. This is
//! also where an organisation whose only admin left gets a new one (recovery assisted by the
//! operator), with the reason recorded.

use kakehashi_domain::identity::EmailAddress;
use kakehashi_domain::ids::{OrgId, UserId};
use kakehashi_domain::tenancy::Role;
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;

use crate::org::store as orgs;
use crate::platform::audit::{self, AuditEvent};
use crate::platform::auth::two_factor;
use crate::platform::db::{Db, from_ms, parse_column, to_ms};
use crate::platform::state::AppState;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UserSummary {
    #[schema(value_type = String)]
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub is_operator: bool,
    pub has_two_factor: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub disabled_at: Option<OffsetDateTime>,
    pub organisations: i64,
}

pub async fn users(db: &Db) -> Result<Vec<UserSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.email, u.display_name, u.is_operator, u.totp_secret, u.disabled_at, \
         (SELECT COUNT(*) FROM memberships m WHERE m.user_id = u.id) AS orgs FROM users u ORDER BY u.email",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(UserSummary {
                id: parse_column(r, "id")?,
                email: r.try_get("email")?,
                display_name: r.try_get("display_name")?,
                is_operator: r.try_get::<i64, _>("is_operator")? == 1,
                has_two_factor: r.try_get::<Option<String>, _>("totp_secret")?.is_some(),
                disabled_at: r.try_get::<Option<i64>, _>("disabled_at")?.map(from_ms),
                organisations: r.try_get("orgs")?,
            })
        })
        .collect()
}

/// Disables or re-enables an account. A disabled account's sessions end at their next request
/// and its API tokens stop working. `false` if there is no such account (or it is the caller).
/// `operator` is `None` for the command line (whoever runs it on the server).
pub async fn set_disabled(
    db: &Db,
    operator: Option<UserId>,
    user: UserId,
    disabled: bool,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    if operator == Some(user) {
        return Ok(false);
    }
    let mut tx = db.write().await?;
    let changed = sqlx::query("UPDATE users SET disabled_at = $1 WHERE id = $2")
        .bind(disabled.then(|| to_ms(now)))
        .bind(user.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    if changed {
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(user.to_string()).execute(&mut *tx).await?;
        }
        let action = if disabled { "operator.user_disable" } else { "operator.user_enable" };
        let event =
            AuditEvent::new(action).actor(operator).object("user", user.to_string()).detail("via", via(operator));
        audit::append(&mut tx, event, now).await?;
        tx.commit().await?;
    }
    Ok(changed)
}

/// Turns off two-factor authentication for someone who lost both phone and recovery codes.
pub async fn reset_two_factor(db: &Db, operator: UserId, user: UserId, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    two_factor::disable(db, user, operator, now).await
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrgSummary {
    #[schema(value_type = String)]
    pub id: OrgId,
    pub name: String,
    pub corporate_number: Option<String>,
    pub members: i64,
    pub admins: i64,
}

pub async fn organisations(db: &Db) -> Result<Vec<OrgSummary>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT o.id, o.name, o.corporate_number, \
         (SELECT COUNT(*) FROM memberships m WHERE m.org_id = o.id) AS members, \
         (SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = o.id AND m.role = 'admin' AND u.disabled_at IS NULL) AS admins \
         FROM organisations o ORDER BY o.name, o.id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OrgSummary {
                id: parse_column(r, "id")?,
                name: r.try_get("name")?,
                corporate_number: r.try_get("corporate_number")?,
                members: r.try_get("members")?,
                admins: r.try_get("admins")?,
            })
        })
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    #[error("no such organisation")]
    NoOrganisation,
    #[error("no active account has this address; invite them as a colleague first")]
    NoAccount,
    #[error("a reason is required")]
    NoReason,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Makes an existing account an admin of an organisation (joining it if needed), recording the
/// operator's reason in the audit log.
pub async fn appoint_admin(
    state: &AppState,
    operator: Option<UserId>,
    org: OrgId,
    email: &EmailAddress,
    reason: &str,
) -> Result<(), RecoveryError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(RecoveryError::NoReason);
    }
    orgs::name_of(state.db(), org).await?.ok_or(RecoveryError::NoOrganisation)?;
    let (user, _) =
        crate::platform::auth::users::find_for_login(state.db(), email).await?.ok_or(RecoveryError::NoAccount)?;
    let now = state.now();
    let mut tx = state.db().write().await?;
    let updated = sqlx::query("UPDATE memberships SET role = 'admin' WHERE org_id = $1 AND user_id = $2")
        .bind(org.to_string())
        .bind(user.id.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        orgs::add_member(&mut tx, org, user.id, Role::Admin, now).await?;
    }
    let event = AuditEvent::new("operator.recovery_appoint_admin")
        .actor(operator)
        .about(org)
        .object("user", user.id.to_string())
        .detail("reason", reason.chars().take(500).collect::<String>())
        .detail("via", via(operator));
    audit::append(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// How an operator action was taken, for the audit log.
fn via(operator: Option<UserId>) -> &'static str {
    if operator.is_some() { "web" } else { "command line" }
}
