//! The `outbox` table.

use kakehashi_domain::ids::MailId;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use super::{Mail, MailState};
use crate::platform::db::{Db, from_ms, parse_column, to_ms};

/// A message as stored.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OutboxMessage {
    #[schema(value_type = String)]
    pub id: MailId,
    pub kind: String,
    pub to: String,
    pub subject: String,
    pub body_text: String,
    pub state: MailState,
    pub attempts: i64,
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub sent_at: Option<OffsetDateTime>,
}

/// Kinds whose bodies carry a secret link (invitations, password resets).
pub const SECRET_KINDS: [&str; 2] = ["invitation", "password-reset"];

impl OutboxMessage {
    /// The message with secret link tokens blanked, for the operator's eyes outside the demo:
    /// an operator must not be able to take over an invitation or a password reset.
    pub fn redacted(mut self) -> Self {
        if SECRET_KINDS.contains(&self.kind.as_str()) {
            self.body_text = redact_tokens(&self.body_text);
        }
        self
    }
}

fn redact_tokens(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("token=") {
        out.push_str(&rest[..at + "token=".len()]);
        out.push_str("[redacted]");
        rest = &rest[at + "token=".len()..];
        let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

pub(super) async fn insert(conn: &mut AnyConnection, mail: &Mail, now: OffsetDateTime) -> Result<MailId, sqlx::Error> {
    let id = MailId::new();
    sqlx::query(
        "INSERT INTO outbox (id, kind, to_addr, subject, body_text, state, attempts, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6)",
    )
    .bind(id.to_string())
    .bind(mail.kind)
    .bind(mail.to.as_str())
    .bind(&mail.subject)
    .bind(&mail.body_text)
    .bind(to_ms(now))
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

const COLUMNS: &str = "id, kind, to_addr, subject, body_text, state, attempts, last_error, created_at, sent_at";

fn from_row(row: &AnyRow) -> Result<OutboxMessage, sqlx::Error> {
    Ok(OutboxMessage {
        id: parse_column(row, "id")?,
        kind: row.try_get("kind")?,
        to: row.try_get("to_addr")?,
        subject: row.try_get("subject")?,
        body_text: row.try_get("body_text")?,
        state: parse_column(row, "state")?,
        attempts: row.try_get("attempts")?,
        last_error: row.try_get("last_error")?,
        created_at: from_ms(row.try_get("created_at")?),
        sent_at: row.try_get::<Option<i64>, _>("sent_at")?.map(from_ms),
    })
}

pub async fn get(db: &Db, id: MailId) -> Result<Option<OutboxMessage>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM outbox WHERE id = $1"));
    sqlx::query(sql).bind(id.to_string()).fetch_optional(db.pool()).await?.as_ref().map(from_row).transpose()
}

/// The newest messages first.
pub async fn list(db: &Db, limit: i64) -> Result<Vec<OutboxMessage>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1"));
    sqlx::query(sql).bind(limit).fetch_all(db.pool()).await?.iter().map(from_row).collect()
}

/// Records the result of a delivery attempt.
pub async fn mark(
    db: &Db,
    id: MailId,
    state: MailState,
    error: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query(
        "UPDATE outbox SET state = $1, last_error = $2, attempts = attempts + 1, \
         sent_at = CASE WHEN $1 = 'sent' THEN $3 ELSE sent_at END WHERE id = $4",
    )
    .bind(state.as_str())
    .bind(error)
    .bind(to_ms(now))
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_tokens_are_blanked_and_the_rest_kept() {
        let body = "Open https://k.example/invite?token=abc123 now.\nAgain: https://k.example/password/reset?token=zzz";
        assert_eq!(
            redact_tokens(body),
            "Open https://k.example/invite?token=[redacted] now.\nAgain: https://k.example/password/reset?token=[redacted]"
        );
    }
}
