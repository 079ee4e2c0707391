//! The organisation's part of the audit log, read with the names of the people and
//! organisations its entries point to (the view in `audit_view` words them).

use sqlx::Row;
use time::Time;

use super::audit_view::{AuditFilter, AuditLine, JST, KINDS};
use crate::platform::db::{Db, from_ms, to_ms};
use crate::platform::tenancy::{Own, Scope};

/// The audit entries an organisation sees (a type for scoping: `acting.own::<OrgAudit>()`).
#[derive(Debug)]
pub struct OrgAudit;

/// The entries the organisation sees (what its people did, and what others did about it),
/// newest first, at most `limit`.
pub async fn lines(
    db: &Db,
    scope: &Own<OrgAudit>,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditLine>, sqlx::Error> {
    let from = AuditFilter::day(&filter.from).map_or(0, |d| to_ms(d.with_time(Time::MIDNIGHT).assume_offset(JST)));
    let to = AuditFilter::day(&filter.to)
        .and_then(|d| d.next_day())
        .map_or(i64::MAX, |d| to_ms(d.with_time(Time::MIDNIGHT).assume_offset(JST)));
    let prefixes: Vec<&str> =
        KINDS.iter().find(|(k, _)| *k == filter.kind).map(|(_, p)| p.to_vec()).unwrap_or_default();
    let rows = sqlx::query(
        "SELECT l.seq, l.at, l.action, l.object_kind, l.object_id, l.details, l.hash, \
         COALESCE(u.display_name, '') AS actor, COALESCE(a.name, '') AS actor_org, COALESCE(s.name, '') AS other_org \
         FROM audit_log l LEFT JOIN users u ON u.id = l.actor_user_id \
         LEFT JOIN organisations a ON a.id = l.actor_org_id LEFT JOIN organisations s ON s.id = l.subject_org_id \
         WHERE (l.actor_org_id = $1 OR l.subject_org_id = $1) AND l.at >= $2 AND l.at < $3 \
         ORDER BY l.seq DESC LIMIT $4",
    )
    .bind(scope.owner().to_string())
    .bind(from)
    .bind(to)
    // Filtering by kind happens below; read more so that a page still fills.
    .bind(if prefixes.is_empty() { limit } else { limit * 20 })
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let action: String = r.try_get("action")?;
        if !prefixes.is_empty() && !prefixes.iter().any(|p| action.starts_with(p)) {
            continue;
        }
        let details: String = r.try_get("details")?;
        out.push(AuditLine {
            seq: r.try_get("seq")?,
            at: from_ms(r.try_get("at")?),
            action,
            actor: r.try_get("actor")?,
            actor_org: r.try_get("actor_org")?,
            other_org: r.try_get("other_org")?,
            object_kind: r.try_get::<Option<String>, _>("object_kind")?.unwrap_or_default(),
            object_id: r.try_get::<Option<String>, _>("object_id")?.unwrap_or_default(),
            details: serde_json::from_str(&details).unwrap_or_default(),
            hash: r.try_get("hash")?,
        });
        if out.len() as i64 >= limit {
            break;
        }
    }
    Ok(out)
}
