//! API tokens: each acts for one organisation with one role, expires, and can be revoked. The
//! token is shown once; only its SHA-256 is stored, so a copy of the database does not hold
//! usable tokens. A token stops working when its creator leaves the organisation or no longer
//! holds a role at least as strong.

use kakehashi_domain::ids::{TokenId, UserId};
use kakehashi_domain::tenancy::Role;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use time::{Duration, OffsetDateTime};

use crate::platform::audit::AuditEvent;
use crate::platform::db::{Db, from_ms, parse_column, to_ms};
use crate::platform::hex;
use crate::platform::tenancy::{Acting, Own, Scope};
use crate::platform::unit::Unit;

/// Every token starts with this, so that secret scanners can find leaked ones.
pub const PREFIX: &str = "kkh_";

/// The longest a token may live.
pub const MAX_LIFETIME: Duration = Duration::days(366);

/// The token records (a type for scoping).
#[derive(Debug)]
pub struct ApiToken;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TokenView {
    #[schema(value_type = String)]
    pub id: TokenId,
    pub name: String,
    #[schema(value_type = String)]
    pub role: Role,
    /// The first characters, to tell tokens apart.
    pub prefix: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_used_at: Option<OffsetDateTime>,
}

fn digest(raw: &str) -> String {
    hex(&Sha256::digest(raw.as_bytes()))
}

/// When a token stops working (revoked or not), for capping the lifetime of the tokens it makes.
pub async fn expires_at(db: &Db, id: TokenId) -> Result<Option<OffsetDateTime>, sqlx::Error> {
    let ms: Option<i64> = sqlx::query_scalar("SELECT expires_at FROM api_tokens WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db.pool())
        .await?;
    Ok(ms.map(from_ms))
}

/// Makes a token for the unit's organisation, made by its actor; returns its id and the secret,
/// which is never shown again.
pub async fn create(
    unit: &mut Unit,
    name: &str,
    role: Role,
    expires_at: OffsetDateTime,
) -> anyhow::Result<(TokenId, String)> {
    let secret =
        format!("{PREFIX}{}", crate::platform::auth::csrf::random_token().map_err(|e| anyhow::anyhow!("{e}"))?);
    let id = TokenId::new();
    let (org, creator, now) = (unit.org(), unit.actor(), unit.now());
    sqlx::query(
        "INSERT INTO api_tokens (id, org_id, created_by, name, role, token_hash, prefix, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(org.to_string())
    .bind(creator.to_string())
    .bind(name)
    .bind(role.as_str())
    .bind(digest(&secret))
    .bind(&secret[..PREFIX.len() + 8])
    .bind(to_ms(now))
    .bind(to_ms(expires_at))
    .execute(unit.connection())
    .await?;
    let event = AuditEvent::new("token.create")
        .object("token", id.to_string())
        .detail("role", role.as_str())
        .detail("name", name);
    unit.audit(event);
    Ok((id, secret))
}

/// The organisation and role a presented token acts as, if it is valid now.
pub async fn authenticate(db: &Db, raw: &str, now: OffsetDateTime) -> Result<Option<(Acting, UserId)>, sqlx::Error> {
    if !raw.starts_with(PREFIX) || raw.len() > 200 {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT t.id, t.org_id, t.role, t.created_by, t.expires_at, t.revoked_at, t.last_used_at, o.name, m.role AS creator_role \
         FROM api_tokens t JOIN organisations o ON o.id = t.org_id \
         LEFT JOIN memberships m ON m.org_id = t.org_id AND m.user_id = t.created_by \
         JOIN users u ON u.id = t.created_by AND u.disabled_at IS NULL \
         WHERE t.token_hash = $1",
    )
    .bind(digest(raw))
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    let role: Role = parse_column(&row, "role")?;
    let creator_role: Option<String> = row.try_get("creator_role")?;
    let creator_still_entitled = creator_role.and_then(|r| r.parse::<Role>().ok()).is_some_and(|r| r.may_grant(role));
    let live = row.try_get::<Option<i64>, _>("revoked_at")?.is_none() && from_ms(row.try_get("expires_at")?) > now;
    if !live || !creator_still_entitled {
        return Ok(None);
    }
    let id: TokenId = parse_column(&row, "id")?;
    // Record use at most once a minute, to keep reads from becoming writes.
    let last_used = row.try_get::<Option<i64>, _>("last_used_at")?.map(from_ms);
    if last_used.is_none_or(|t| now - t > Duration::minutes(1)) {
        let mut tx = db.write().await?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(to_ms(now))
            .bind(id.to_string())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    let acting = Acting::by_token(parse_column(&row, "org_id")?, row.try_get("name")?, role, id);
    Ok(Some((acting, parse_column(&row, "created_by")?)))
}

pub async fn list(db: &Db, own: &Own<ApiToken>) -> Result<Vec<TokenView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name, role, prefix, created_at, expires_at, revoked_at, last_used_at FROM api_tokens \
         WHERE org_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(own.owner().to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(TokenView {
                id: parse_column(r, "id")?,
                name: r.try_get("name")?,
                role: parse_column(r, "role")?,
                prefix: r.try_get("prefix")?,
                created_at: from_ms(r.try_get("created_at")?),
                expires_at: from_ms(r.try_get("expires_at")?),
                revoked_at: r.try_get::<Option<i64>, _>("revoked_at")?.map(from_ms),
                last_used_at: r.try_get::<Option<i64>, _>("last_used_at")?.map(from_ms),
            })
        })
        .collect()
}

/// Revokes a token of the acting organisation; the audit entry names it. `false` if there is
/// no such unrevoked token.
pub async fn revoke(unit: &mut Unit, id: TokenId) -> Result<bool, sqlx::Error> {
    let name: Option<String> = sqlx::query_scalar(
        "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND org_id = $3 AND revoked_at IS NULL RETURNING name",
    )
    .bind(to_ms(unit.now()))
    .bind(id.to_string())
    .bind(unit.org().to_string())
    .fetch_optional(unit.connection())
    .await?;
    let Some(name) = name else { return Ok(false) };
    unit.audit(AuditEvent::new("token.revoke").object("token", id.to_string()).detail("name", name));
    Ok(true)
}
