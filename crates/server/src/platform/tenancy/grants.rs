//! The `grants` table: one organisation lets another read some of its objects, for a stated
//! purpose, until it revokes or the grant expires.

use kakehashi_domain::ids::{GrantId, OrgId, UserId};
use kakehashi_domain::tenancy::{GrantRule, ObjectKind, Purpose};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use super::{Acting, Granted, Own, Scope, Shareable};
use crate::platform::audit::{self, AuditEvent};
use crate::platform::db::{Db, from_ms, parse_column, to_ms};
use crate::platform::unit::Unit;

/// The grant records themselves (a type for scoping: both sides see a grant between them).
#[derive(Debug)]
pub struct GrantRecord;

/// A grant to be made by the acting organisation.
#[derive(Debug, Clone)]
pub struct NewGrant {
    pub grantee: OrgId,
    pub kind: ObjectKind,
    pub object_id: Option<String>,
    pub purpose: Purpose,
    pub expires_at: Option<OffsetDateTime>,
}

/// A grant as listed to either side.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GrantView {
    #[schema(value_type = String)]
    pub id: GrantId,
    #[schema(value_type = String)]
    pub owner_org: OrgId,
    pub owner_name: String,
    #[schema(value_type = String)]
    pub grantee_org: OrgId,
    pub grantee_name: String,
    #[schema(value_type = String)]
    pub kind: ObjectKind,
    pub object_id: Option<String>,
    pub purpose: String,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Whether it gives access now.
    pub live: bool,
}

/// Whether the acting organisation may read `object` of `T` owned by `owner`, now.
pub async fn granted<T: Shareable>(
    db: &Db,
    acting: &Acting,
    owner: OrgId,
    object: T::Id,
    now: OffsetDateTime,
) -> Result<Option<Granted<T>>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, object_id, expires_at, revoked_at FROM grants \
         WHERE owner_org = $1 AND grantee_org = $2 AND object_kind = $3",
    )
    .bind(owner.to_string())
    .bind(acting.org_id.to_string())
    .bind(T::KIND.as_str())
    .fetch_all(db.pool())
    .await?;
    for row in &rows {
        let rule = GrantRule {
            kind: T::KIND,
            object_id: row.try_get("object_id")?,
            expires_at: row.try_get::<Option<i64>, _>("expires_at")?.map(from_ms),
            revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(from_ms),
        };
        if rule.is_live(now) && rule.covers(T::KIND, &object.to_string()) {
            // A grant of one object covers only `object`, so that is the id it carries.
            let object = rule.object_id.is_some().then_some(object);
            return Ok(Some(Granted { owner, grant: parse_column(row, "id")?, object }));
        }
    }
    Ok(None)
}

/// Records a grant by the acting organisation, audited in its unit of work.
pub async fn create(unit: &mut Unit, new: NewGrant) -> Result<GrantId, sqlx::Error> {
    let (owner, actor, now) = (unit.org(), unit.actor(), unit.now());
    insert(unit.connection(), owner, actor, &new, now).await
}

/// Records a grant inside the caller's transaction, audited (also used to load the demo world).
pub async fn insert(
    conn: &mut sqlx::AnyConnection,
    owner: OrgId,
    actor: UserId,
    new: &NewGrant,
    now: OffsetDateTime,
) -> Result<GrantId, sqlx::Error> {
    let id = GrantId::new();
    sqlx::query(
        "INSERT INTO grants (id, owner_org, grantee_org, object_kind, object_id, purpose, expires_at, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(owner.to_string())
    .bind(new.grantee.to_string())
    .bind(new.kind.as_str())
    .bind(&new.object_id)
    .bind(new.purpose.as_str())
    .bind(new.expires_at.map(to_ms))
    .bind(actor.to_string())
    .bind(to_ms(now))
    .execute(&mut *conn)
    .await?;
    let event = AuditEvent::new("grant.create")
        .actor(Some(actor))
        .acting_for(owner)
        .about(new.grantee)
        .object("grant", id.to_string())
        .detail("kind", new.kind.as_str())
        .detail("purpose", new.purpose.as_str());
    audit::append(conn, event, now).await?;
    Ok(id)
}

/// Revokes one of the acting organisation's grants. `false` if it has no such live grant.
pub async fn revoke(unit: &mut Unit, id: GrantId) -> Result<bool, sqlx::Error> {
    let grantee: Option<String> = sqlx::query_scalar(
        "UPDATE grants SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND owner_org = $4 AND revoked_at IS NULL \
         RETURNING grantee_org",
    )
    .bind(to_ms(unit.now()))
    .bind(unit.actor().to_string())
    .bind(id.to_string())
    .bind(unit.org().to_string())
    .fetch_optional(unit.connection())
    .await?;
    let Some(grantee) = grantee else { return Ok(false) };
    let grantee: OrgId =
        grantee.parse().map_err(|e: kakehashi_domain::ids::IdParseError| sqlx::Error::Decode(e.into()))?;
    unit.audit(AuditEvent::new("grant.revoke").about(grantee).object("grant", id.to_string()));
    Ok(true)
}

const VIEW: &str = "SELECT g.id, g.owner_org, o.name AS owner_name, g.grantee_org, e.name AS grantee_name, g.object_kind, \
     g.object_id, g.purpose, g.expires_at, g.revoked_at, g.created_at \
     FROM grants g JOIN organisations o ON o.id = g.owner_org JOIN organisations e ON e.id = g.grantee_org";

fn view_from_row(row: &AnyRow, now: OffsetDateTime) -> Result<GrantView, sqlx::Error> {
    let kind: ObjectKind = parse_column(row, "object_kind")?;
    let expires_at = row.try_get::<Option<i64>, _>("expires_at")?.map(from_ms);
    let revoked_at = row.try_get::<Option<i64>, _>("revoked_at")?.map(from_ms);
    let object_id: Option<String> = row.try_get("object_id")?;
    let live = GrantRule { kind, object_id: object_id.clone(), expires_at, revoked_at }.is_live(now);
    Ok(GrantView {
        id: parse_column(row, "id")?,
        owner_org: parse_column(row, "owner_org")?,
        owner_name: row.try_get("owner_name")?,
        grantee_org: parse_column(row, "grantee_org")?,
        grantee_name: row.try_get("grantee_name")?,
        kind,
        object_id,
        purpose: row.try_get("purpose")?,
        expires_at,
        revoked_at,
        created_at: from_ms(row.try_get("created_at")?),
        live,
    })
}

/// What the acting organisation has shared, newest first.
pub async fn given(db: &Db, own: &Own<GrantRecord>, now: OffsetDateTime) -> Result<Vec<GrantView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{VIEW} WHERE g.owner_org = $1 ORDER BY g.created_at DESC, g.id DESC"));
    let rows = sqlx::query(sql).bind(own.owner().to_string()).fetch_all(db.pool()).await?;
    rows.iter().map(|r| view_from_row(r, now)).collect()
}

/// What others have shared with the acting organisation, newest first.
pub async fn received(db: &Db, own: &Own<GrantRecord>, now: OffsetDateTime) -> Result<Vec<GrantView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{VIEW} WHERE g.grantee_org = $1 ORDER BY g.created_at DESC, g.id DESC"));
    let rows = sqlx::query(sql).bind(own.owner().to_string()).fetch_all(db.pool()).await?;
    rows.iter().map(|r| view_from_row(r, now)).collect()
}

/// One grant the acting organisation gave or received.
pub async fn get(
    db: &Db,
    own: &Own<GrantRecord>,
    id: GrantId,
    now: OffsetDateTime,
) -> Result<Option<GrantView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{VIEW} WHERE g.id = $1 AND (g.owner_org = $2 OR g.grantee_org = $2)"));
    let row = sqlx::query(sql).bind(id.to_string()).bind(own.owner().to_string()).fetch_optional(db.pool()).await?;
    row.map(|r| view_from_row(&r, now)).transpose()
}

/// Live grants between the acting organisation and `other`, in either direction.
pub async fn live_between(
    db: &Db,
    own: &Own<GrantRecord>,
    other: OrgId,
    now: OffsetDateTime,
) -> Result<Vec<GrantView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{VIEW} WHERE ((g.owner_org = $1 AND g.grantee_org = $2) OR (g.owner_org = $2 AND g.grantee_org = $1)) \
         ORDER BY g.created_at, g.id"
    ));
    let rows = sqlx::query(sql).bind(own.owner().to_string()).bind(other.to_string()).fetch_all(db.pool()).await?;
    let all: Result<Vec<GrantView>, sqlx::Error> = rows.iter().map(|r| view_from_row(r, now)).collect();
    Ok(all?.into_iter().filter(|g| g.live).collect())
}

/// Revokes, in the caller's transaction, every grant between the acting organisation and
/// `other` that is not revoked yet (either direction), each with its audit entry: sharing that
/// existed because of a relationship ends with it. Returns how many.
pub async fn revoke_between(unit: &mut Unit, other: OrgId) -> Result<usize, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM grants WHERE revoked_at IS NULL \
         AND ((owner_org = $1 AND grantee_org = $2) OR (owner_org = $2 AND grantee_org = $1)) ORDER BY id",
    )
    .bind(unit.org().to_string())
    .bind(other.to_string())
    .fetch_all(unit.connection())
    .await?;
    for id in &ids {
        sqlx::query("UPDATE grants SET revoked_at = $1, revoked_by = $2 WHERE id = $3")
            .bind(to_ms(unit.now()))
            .bind(unit.actor().to_string())
            .bind(id)
            .execute(unit.connection())
            .await?;
        let event = AuditEvent::new("grant.revoke")
            .about(other)
            .object("grant", id.clone())
            .detail("because", "relationship.end");
        unit.audit(event);
    }
    Ok(ids.len())
}
