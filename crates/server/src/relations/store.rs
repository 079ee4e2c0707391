//! The `relationships` table: links between organisations, seen from either side.

use kakehashi_domain::ids::{OrgId, RelationshipId};
use kakehashi_domain::tenancy::{RelationshipKind, RelationshipState, Side};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::platform::audit::AuditEvent;
use crate::platform::db::{Db, from_ms, parse_column, to_ms};
use crate::platform::tenancy::{Own, Scope};
use crate::platform::unit::Unit;

/// The relationship records (a type for scoping: both sides own a relationship between them).
#[derive(Debug)]
pub struct Relationship;

/// A relationship as the acting organisation sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RelationshipView {
    #[schema(value_type = String)]
    pub id: RelationshipId,
    #[schema(value_type = String)]
    pub kind: RelationshipKind,
    /// Which end the acting organisation is.
    #[schema(value_type = String)]
    pub my_side: Side,
    #[schema(value_type = String)]
    pub counterpart_id: OrgId,
    pub counterpart_name: String,
    #[schema(value_type = String)]
    pub state: RelationshipState,
    /// Whether the acting organisation asked for it (so the other side accepts).
    pub requested_by_me: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl RelationshipView {
    /// The label key of what the acting organisation is in this relationship.
    pub fn my_label(&self) -> &'static str {
        self.kind.side_label_key(self.my_side)
    }

    /// The label key of what the counterpart is.
    pub fn their_label(&self) -> &'static str {
        self.kind.side_label_key(self.my_side.other())
    }

    pub fn awaits_me(&self) -> bool {
        self.state == RelationshipState::Pending && !self.requested_by_me
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("these organisations are already linked this way, or a request is pending")]
    AlreadyLinked,
    #[error("an organisation cannot be linked to itself")]
    SameOrganisation,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Inserts a link (pending or already active), inside the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &mut AnyConnection,
    kind: RelationshipKind,
    from: OrgId,
    to: OrgId,
    requested_by: OrgId,
    state: RelationshipState,
    now: OffsetDateTime,
) -> Result<RelationshipId, LinkError> {
    if from == to {
        return Err(LinkError::SameOrganisation);
    }
    let id = RelationshipId::new();
    let accepted = (state == RelationshipState::Active).then(|| to_ms(now));
    let result = sqlx::query(
        "INSERT INTO relationships (id, kind, from_org, to_org, state, requested_by, created_at, accepted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(kind.as_str())
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(state.as_str())
    .bind(requested_by.to_string())
    .bind(to_ms(now))
    .bind(accepted)
    .execute(&mut *conn)
    .await;
    match result {
        Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => Err(LinkError::AlreadyLinked),
        Err(e) => Err(e.into()),
        Ok(_) => Ok(id),
    }
}

const VIEW: &str = "SELECT r.id, r.kind, r.from_org, r.to_org, r.state, r.requested_by, r.created_at, \
     f.name AS from_name, t.name AS to_name FROM relationships r \
     JOIN organisations f ON f.id = r.from_org JOIN organisations t ON t.id = r.to_org";

fn view_from_row(row: &AnyRow, me: OrgId) -> Result<RelationshipView, sqlx::Error> {
    let from: OrgId = parse_column(row, "from_org")?;
    let requested_by: OrgId = parse_column(row, "requested_by")?;
    let (my_side, counterpart_id, counterpart_name) = if from == me {
        (Side::From, parse_column(row, "to_org")?, row.try_get("to_name")?)
    } else {
        (Side::To, from, row.try_get("from_name")?)
    };
    Ok(RelationshipView {
        id: parse_column(row, "id")?,
        kind: parse_column(row, "kind")?,
        my_side,
        counterpart_id,
        counterpart_name,
        state: parse_column(row, "state")?,
        requested_by_me: requested_by == me,
        created_at: from_ms(row.try_get("created_at")?),
    })
}

/// Every relationship of the acting organisation that has not ended, then ended ones.
pub async fn list(db: &Db, own: &Own<Relationship>) -> Result<Vec<RelationshipView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{VIEW} WHERE r.from_org = $1 OR r.to_org = $1 \
         ORDER BY CASE r.state WHEN 'pending' THEN 0 WHEN 'active' THEN 1 ELSE 2 END, r.created_at DESC, r.id"
    ));
    let me = own.owner();
    sqlx::query(sql).bind(me.to_string()).fetch_all(db.pool()).await?.iter().map(|r| view_from_row(r, me)).collect()
}

pub async fn get(
    db: &Db,
    own: &Own<Relationship>,
    id: RelationshipId,
) -> Result<Option<RelationshipView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{VIEW} WHERE r.id = $1 AND (r.from_org = $2 OR r.to_org = $2)"));
    let me = own.owner();
    let row = sqlx::query(sql).bind(id.to_string()).bind(me.to_string()).fetch_optional(db.pool()).await?;
    row.map(|r| view_from_row(&r, me)).transpose()
}

/// The organisations the acting one is actively linked with (to share with, for instance).
pub async fn active_counterparts(db: &Db, own: &Own<Relationship>) -> Result<Vec<(OrgId, String)>, sqlx::Error> {
    active_where(db, own, |_| true).await
}

/// The organisations this one answers to, through an active relationship: its customers, its
/// association, its parent company (it is the `to` side). They are whom a supplier asks to
/// review its self-check; its own suppliers and subcontractors are not.
pub async fn answers_to(db: &Db, own: &Own<Relationship>) -> Result<Vec<(OrgId, String)>, sqlx::Error> {
    active_where(db, own, |r| r.my_side == Side::To).await
}

/// Each counterpart of an active relationship that `keep` accepts, once.
async fn active_where(
    db: &Db,
    own: &Own<Relationship>,
    keep: impl Fn(&RelationshipView) -> bool,
) -> Result<Vec<(OrgId, String)>, sqlx::Error> {
    let mut seen: Vec<(OrgId, String)> = Vec::new();
    for r in list(db, own).await?.into_iter().filter(|r| r.state == RelationshipState::Active && keep(r)) {
        if !seen.iter().any(|(id, _)| *id == r.counterpart_id) {
            seen.push((r.counterpart_id, r.counterpart_name));
        }
    }
    Ok(seen)
}

/// Whether two organisations have an active relationship of any kind.
pub async fn linked(db: &Db, own: &Own<Relationship>, other: OrgId) -> Result<bool, sqlx::Error> {
    Ok(active_counterparts(db, own).await?.iter().any(|(id, _)| *id == other))
}

#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("no such relationship here, or it cannot change that way")]
    NotFound,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl From<ChangeError> for crate::platform::error::AppError {
    fn from(e: ChangeError) -> Self {
        match e {
            ChangeError::NotFound => Self::NotFound,
            ChangeError::Db(e) => e.into(),
        }
    }
}

/// The side that was asked accepts a pending link.
pub async fn accept(unit: &mut Unit, id: RelationshipId) -> Result<(), ChangeError> {
    let me = unit.org().to_string();
    let other: Option<String> = sqlx::query_scalar(
        "UPDATE relationships SET state = 'active', accepted_at = $1 \
         WHERE id = $2 AND state = 'pending' AND requested_by <> $3 AND (from_org = $3 OR to_org = $3) RETURNING requested_by",
    )
    .bind(to_ms(unit.now()))
    .bind(id.to_string())
    .bind(&me)
    .fetch_optional(unit.connection())
    .await?;
    let other: OrgId = other.ok_or(ChangeError::NotFound)?.parse().map_err(|_| ChangeError::NotFound)?;
    unit.audit(AuditEvent::new("relationship.accept").about(other).object("relationship", id.to_string()));
    Ok(())
}

/// Either side ends a link (or declines or withdraws a pending one).
pub async fn end(unit: &mut Unit, id: RelationshipId) -> Result<(), ChangeError> {
    let me = unit.org().to_string();
    let row = sqlx::query(
        "UPDATE relationships SET state = 'ended', ended_at = $1, ended_by = $2 \
         WHERE id = $3 AND state <> 'ended' AND (from_org = $2 OR to_org = $2) RETURNING from_org, to_org",
    )
    .bind(to_ms(unit.now()))
    .bind(&me)
    .bind(id.to_string())
    .fetch_optional(unit.connection())
    .await?
    .ok_or(ChangeError::NotFound)?;
    let from: String = row.try_get("from_org")?;
    let other = if from == me { row.try_get::<String, _>("to_org")? } else { from };
    let other: OrgId = other.parse().map_err(|_| ChangeError::NotFound)?;
    unit.audit(AuditEvent::new("relationship.end").about(other).object("relationship", id.to_string()));
    // What the two shared because they were linked ends with the link, unless they are still
    // linked another way (an association member that is also a supplier).
    let still: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM relationships WHERE state = 'active' \
         AND ((from_org = $1 AND to_org = $2) OR (from_org = $2 AND to_org = $1)) LIMIT 1",
    )
    .bind(&me)
    .bind(other.to_string())
    .fetch_optional(unit.connection())
    .await?;
    if still.is_none() {
        crate::platform::tenancy::grants::revoke_between(unit, other).await?;
    }
    Ok(())
}
