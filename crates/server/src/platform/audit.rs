//! The tamper-evident audit log: every write that matters appends an entry in the same
//! transaction as the write, and each entry's hash covers the previous entry's hash, so that
//! editing, deleting or reordering any row breaks the chain at that row.
//!
//! Appends first update the single `audit_head` row. That statement takes the write lock on
//! SQLite and a row lock on PostgreSQL, so concurrent appends queue up instead of forking the
//! chain.

use std::collections::BTreeMap;

use kakehashi_domain::ids::{OrgId, UserId};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use super::db::{Db, from_ms, placeholders, to_ms};
use super::hex;
use super::tenancy::{Own, Scope};

/// The columns of an entry, in the order [`entry_from_row`] reads them.
const COLUMNS: &str =
    "seq, at, actor_user_id, actor_org_id, subject_org_id, action, object_kind, object_id, details, prev_hash, hash";

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing that happened, before it is written.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    action: &'static str,
    actor_user: Option<UserId>,
    actor_org: Option<OrgId>,
    subject_org: Option<OrgId>,
    object: Option<(&'static str, String)>,
    details: BTreeMap<&'static str, String>,
}

impl AuditEvent {
    /// `action` is a dotted verb such as `user.create` or `mail.test`.
    pub fn new(action: &'static str) -> Self {
        Self { action, actor_user: None, actor_org: None, subject_org: None, object: None, details: BTreeMap::new() }
    }

    pub fn actor(mut self, user: Option<UserId>) -> Self {
        self.actor_user = user;
        self
    }

    /// The organisation the actor acted for.
    pub fn acting_for(mut self, org: OrgId) -> Self {
        self.actor_org = Some(org);
        self
    }

    /// The organisation whose objects the action touched, when it is not the actor's own (it
    /// sees the entry too).
    pub fn about(mut self, org: OrgId) -> Self {
        self.subject_org = Some(org);
        self
    }

    pub fn object(mut self, kind: &'static str, id: String) -> Self {
        self.object = Some((kind, id));
        self
    }

    pub fn detail(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.details.insert(key, value.into());
        self
    }
}

/// A stored entry.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    pub actor_user_id: Option<String>,
    pub actor_org_id: Option<String>,
    pub subject_org_id: Option<String>,
    pub action: String,
    pub object_kind: Option<String>,
    pub object_id: Option<String>,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// The hash of this entry: SHA-256 over every field, each length-prefixed so that no two
    /// different entries can produce the same input. The subject organisation (added in the
    /// second migration) is hashed when present, so older entries keep their hashes and setting
    /// or clearing it on any entry breaks the chain.
    fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        let fields: [&str; 9] = [
            &self.seq.to_string(),
            &to_ms(self.at).to_string(),
            self.actor_user_id.as_deref().unwrap_or("\u{0}"),
            self.actor_org_id.as_deref().unwrap_or("\u{0}"),
            &self.action,
            self.object_kind.as_deref().unwrap_or("\u{0}"),
            self.object_id.as_deref().unwrap_or("\u{0}"),
            &self.details,
            &self.prev_hash,
        ];
        for field in fields.into_iter().chain(self.subject_org_id.as_deref()) {
            h.update((field.len() as u64).to_be_bytes());
            h.update(field.as_bytes());
        }
        hex(&h.finalize())
    }
}

/// Appends `event` inside the caller's transaction; returns its sequence number.
pub async fn append(conn: &mut AnyConnection, event: AuditEvent, now: OffsetDateTime) -> Result<i64, sqlx::Error> {
    append_all(conn, vec![(event, now)]).await
}

/// Rows per INSERT when appending many entries: 11 parameters each stays far below both
/// databases' limit on parameters per statement.
const ROWS_PER_INSERT: usize = 200;

/// Appends `events` (each with its time) in order inside the caller's transaction, in three
/// statements whatever their number: the head moves once, the entries go in one INSERT, the
/// head takes the last hash. Units of work append this way when they commit, so a group of
/// them on SQLite pays for the chain once. Returns the last sequence number (0 if none).
pub async fn append_all(
    conn: &mut AnyConnection,
    events: Vec<(AuditEvent, OffsetDateTime)>,
) -> Result<i64, sqlx::Error> {
    let Ok(count) = i64::try_from(events.len()) else {
        return Err(sqlx::Error::Protocol("too many audit entries".into()));
    };
    if count == 0 {
        return Ok(0);
    }
    let head = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
        .bind(count)
        .fetch_one(&mut *conn)
        .await?;
    let last: i64 = head.try_get("seq")?;
    let mut prev_hash: String = head.try_get("hash")?;
    let mut entries = Vec::with_capacity(events.len());
    for (seq, (event, now)) in (last - count + 1..).zip(events) {
        let entry = entry_for(seq, event, now, prev_hash)?;
        prev_hash = entry.hash.clone();
        entries.push(entry);
    }
    for chunk in entries.chunks(ROWS_PER_INSERT) {
        insert_entries(conn, chunk).await?;
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&prev_hash).execute(&mut *conn).await?;
    Ok(last)
}

/// The entry `event` becomes at `seq` after `prev_hash`, with its hash.
fn entry_for(seq: i64, event: AuditEvent, now: OffsetDateTime, prev_hash: String) -> Result<AuditEntry, sqlx::Error> {
    let details = serde_json::to_string(&event.details).map_err(|e| sqlx::Error::Encode(e.into()))?;
    let mut entry = AuditEntry {
        seq,
        at: from_ms(to_ms(now)),
        actor_user_id: event.actor_user.map(|u| u.to_string()),
        actor_org_id: event.actor_org.map(|o| o.to_string()),
        subject_org_id: event.subject_org.map(|o| o.to_string()),
        action: event.action.to_owned(),
        object_kind: event.object.as_ref().map(|(k, _)| (*k).to_owned()),
        object_id: event.object.map(|(_, id)| id),
        details,
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    Ok(entry)
}

async fn insert_entries(conn: &mut AnyConnection, entries: &[AuditEntry]) -> Result<(), sqlx::Error> {
    let sql = format!("INSERT INTO audit_log ({COLUMNS}) VALUES {}", placeholders(entries.len(), 11));
    let mut insert = sqlx::query(sqlx::AssertSqlSafe(sql));
    for entry in entries {
        insert = insert
            .bind(entry.seq)
            .bind(to_ms(entry.at))
            .bind(&entry.actor_user_id)
            .bind(&entry.actor_org_id)
            .bind(&entry.subject_org_id)
            .bind(&entry.action)
            .bind(&entry.object_kind)
            .bind(&entry.object_id)
            .bind(&entry.details)
            .bind(&entry.prev_hash)
            .bind(&entry.hash);
    }
    insert.execute(&mut *conn).await.map(|_| ())
}

/// What `verify` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Every entry is intact and the head matches the last one.
    Intact { entries: i64 },
    /// The first place where the chain breaks, and why.
    Broken { seq: i64, reason: String },
}

/// Walks the whole chain from the start. `progress` is called with (checked, total).
pub async fn verify(db: &Db, mut progress: impl FnMut(i64, i64)) -> Result<Verification, sqlx::Error> {
    let total = count(db).await?;
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS.to_owned();
    let mut after = 0_i64;
    loop {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000"
        )))
        .bind(after)
        .fetch_all(db.pool())
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let entry = entry_from_row(row)?;
            if entry.seq != expected_seq {
                return Ok(broken(expected_seq, format!("entry {expected_seq} is missing (next is {})", entry.seq)));
            }
            if entry.prev_hash != prev_hash {
                return Ok(broken(entry.seq, "does not link to the entry before it".into()));
            }
            if entry.compute_hash() != entry.hash {
                return Ok(broken(entry.seq, "its content does not match its hash (edited)".into()));
            }
            prev_hash = entry.hash;
            after = entry.seq;
            expected_seq += 1;
            progress(after, total);
        }
    }
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(db.pool()).await?;
    let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
    if head_seq != after || head_hash != prev_hash {
        return Ok(broken(
            after + 1,
            format!("the chain ends at entry {after}, but its head says {head_seq} (entries removed from the end)"),
        ));
    }
    Ok(Verification::Intact { entries: after })
}

fn broken(seq: i64, reason: String) -> Verification {
    Verification::Broken { seq, reason }
}

/// How many entries the log holds.
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(db.pool()).await
}

/// An organisation's audit trail, as a kind of object a scope reaches.
#[derive(Debug)]
pub struct AuditTrail;

/// The newest entries an organisation may see (its own actions and those about it), newest
/// first, before `before` (exclusive) when paging. Through a scope, never a bare organisation id.
pub async fn recent_for_org(
    db: &Db,
    own: &Own<AuditTrail>,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let org = own.owner();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM audit_log WHERE (actor_org_id = $1 OR subject_org_id = $1) AND seq < $2 \
         ORDER BY seq DESC LIMIT $3"
    )))
    .bind(org.to_string())
    .bind(before.unwrap_or(i64::MAX))
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(entry_from_row).collect()
}

/// The newest entries, newest first.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM audit_log ORDER BY seq DESC LIMIT $1")))
        .bind(limit)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(entry_from_row).collect()
}

fn entry_from_row(row: &AnyRow) -> Result<AuditEntry, sqlx::Error> {
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        at: from_ms(row.try_get("at")?),
        actor_user_id: row.try_get("actor_user_id")?,
        actor_org_id: row.try_get("actor_org_id")?,
        subject_org_id: row.try_get("subject_org_id")?,
        action: row.try_get("action")?,
        object_kind: row.try_get("object_kind")?,
        object_id: row.try_get("object_id")?,
        details: row.try_get("details")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}
