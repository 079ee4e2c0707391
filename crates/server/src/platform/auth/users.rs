//! The `users` table.

use kakehashi_domain::identity::{DisplayName, EmailAddress, NewPassword};
use kakehashi_domain::ids::UserId;
use kakehashi_domain::locale::Locale;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyConnection, Row};
use time::OffsetDateTime;

use super::{CurrentUser, password};
use crate::platform::audit::{self, AuditEvent};
use crate::platform::db::{Db, parse_column, to_ms};
use crate::platform::settings::REQUIRE_TWO_FACTOR;
use crate::platform::tenancy::acting::MembershipView;

/// A person to be added.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub password: NewPassword,
    pub is_operator: bool,
    pub locale: Locale,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    #[error("an account with the e-mail address {0} already exists")]
    EmailTaken(EmailAddress),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for CreateUserError {
    fn from(e: sqlx::Error) -> Self {
        CreateUserError::Other(e.into())
    }
}

/// Adds a person and records it in the audit log, in one transaction.
pub async fn create(
    db: &Db,
    new: NewUser,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<UserId, CreateUserError> {
    let hash = password::hash(&new.password).await?;
    let mut tx = db.write().await?;
    let id = insert(&mut tx, &new, &hash, actor, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Adds a person inside the caller's transaction, audited; the password is already hashed
/// (hashing takes a while and must not hold the write lock).
pub async fn insert(
    conn: &mut AnyConnection,
    new: &NewUser,
    password_hash: &str,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<UserId, CreateUserError> {
    if email_exists(conn, &new.email).await? {
        return Err(CreateUserError::EmailTaken(new.email.clone()));
    }
    let id = UserId::new();
    sqlx::query(
        "INSERT INTO users (id, email, display_name, password_hash, is_operator, locale, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(new.email.as_str())
    .bind(new.display_name.as_str())
    .bind(password_hash)
    .bind(i64::from(new.is_operator))
    .bind(new.locale.tag())
    .bind(to_ms(now))
    .execute(&mut *conn)
    .await?;
    let action = if new.is_operator { "user.create_operator" } else { "user.create" };
    let event = AuditEvent::new(action)
        .actor(actor.or(Some(id)))
        .object(UserId::KIND, id.to_string())
        .detail("email", new.email.as_str());
    audit::append(conn, event, now).await?;
    Ok(id)
}

/// Whether an account uses this address.
pub async fn exists(db: &Db, email: &EmailAddress) -> Result<bool, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    email_exists(&mut conn, email).await
}

async fn email_exists(conn: &mut AnyConnection, email: &EmailAddress) -> Result<bool, sqlx::Error> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

const COLUMNS: &str = "id, email, display_name, is_operator, locale, totp_secret";

fn from_row(row: &AnyRow) -> Result<CurrentUser, sqlx::Error> {
    Ok(CurrentUser {
        id: parse_column(row, "id")?,
        email: parse_column(row, "email")?,
        display_name: parse_column(row, "display_name")?,
        is_operator: row.try_get::<i64, _>("is_operator")? == 1,
        locale: row.try_get::<String, _>("locale")?.parse().unwrap_or_default(),
        has_totp: row.try_get::<Option<String>, _>("totp_secret")?.is_some(),
    })
}

/// A signed-in person as the route guard needs them on every request.
#[derive(Debug)]
pub struct Visitor {
    pub user: CurrentUser,
    /// Every organisation they belong to, by name.
    pub memberships: Vec<MembershipView>,
    /// Whether the operator requires two-factor authentication of operators and admins.
    pub two_factor_required: bool,
}

/// The account with this id (unless it is disabled) with its memberships and the two-factor
/// switch, in one query: the guard runs on every request, and each query is a round trip.
pub async fn find_visitor(db: &Db, id: UserId) -> Result<Option<Visitor>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.id, u.email, u.display_name, u.is_operator, u.locale, u.totp_secret, \
         m.id AS membership_id, m.org_id, m.role, o.name AS org_name, \
         (SELECT s.value FROM platform_settings s WHERE s.key = $2) AS two_factor_switch \
         FROM users u LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN organisations o ON o.id = m.org_id \
         WHERE u.id = $1 AND u.disabled_at IS NULL ORDER BY o.name, m.id",
    )
    .bind(id.to_string())
    .bind(REQUIRE_TWO_FACTOR)
    .fetch_all(db.pool())
    .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let mut memberships = Vec::with_capacity(rows.len());
    for row in &rows {
        if row.try_get::<Option<String>, _>("membership_id")?.is_some() {
            memberships.push(MembershipView {
                membership_id: parse_column(row, "membership_id")?,
                org_id: parse_column(row, "org_id")?,
                org_name: row.try_get("org_name")?,
                role: parse_column(row, "role")?,
            });
        }
    }
    let switch: Option<String> = first.try_get("two_factor_switch")?;
    Ok(Some(Visitor { user: from_row(first)?, memberships, two_factor_required: switch.as_deref() == Some("true") }))
}

/// The account with this id, unless it is disabled.
pub async fn find_active(db: &Db, id: UserId) -> Result<Option<CurrentUser>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM users WHERE id = $1 AND disabled_at IS NULL"));
    sqlx::query::<Any>(sql).bind(id.to_string()).fetch_optional(db.pool()).await?.as_ref().map(from_row).transpose()
}

/// For sign-in: the active account with this address and its password hash.
pub async fn find_for_login(db: &Db, email: &EmailAddress) -> Result<Option<(CurrentUser, String)>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS}, password_hash FROM users WHERE email = $1 AND disabled_at IS NULL"
    ));
    let row = sqlx::query::<Any>(sql).bind(email.as_str()).fetch_optional(db.pool()).await?;
    row.map(|r| Ok((from_row(&r)?, r.try_get("password_hash")?))).transpose()
}

/// How many operators exist (the demo and `user create-operator` use it).
pub async fn count_operators(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE is_operator = 1 AND disabled_at IS NULL")
        .fetch_one(db.pool())
        .await
}
