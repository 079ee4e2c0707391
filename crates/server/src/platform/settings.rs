//! Platform-wide switches the operator sets (stored in `platform_settings`).

use kakehashi_domain::ids::UserId;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::audit::{self, AuditEvent};
use super::db::Db;

/// Whether operators and organisation admins must use two-factor authentication.
pub const REQUIRE_TWO_FACTOR: &str = "require_two_factor";

pub async fn flag(db: &Db, key: &str) -> Result<bool, sqlx::Error> {
    let value: Option<String> = sqlx::query_scalar("SELECT value FROM platform_settings WHERE key = $1")
        .bind(key)
        .fetch_optional(db.pool())
        .await?;
    Ok(value.as_deref() == Some("true"))
}

/// Sets a flag inside the caller's transaction (not audited: for the demo's own marker).
pub async fn set_in(conn: &mut AnyConnection, key: &str, on: bool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO platform_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(if on { "true" } else { "false" })
    .execute(&mut *conn)
    .await
    .map(|_| ())
}

/// Sets a flag, audited.
pub async fn set_flag(
    db: &Db,
    key: &'static str,
    on: bool,
    operator: UserId,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let value = if on { "true" } else { "false" };
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO platform_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut *tx)
    .await?;
    audit::append(&mut tx, AuditEvent::new("platform.setting").actor(Some(operator)).detail(key, value), now).await?;
    tx.commit().await
}
