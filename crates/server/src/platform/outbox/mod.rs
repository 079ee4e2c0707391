//! The mail outbox. A message is written to the outbox, with a delivery job, in the same
//! transaction as the change that causes it; the job sends it by SMTP when mail is configured.
//! Without SMTP (a demo, a first install) the message is kept as `held` and the operator reads
//! it on the outbox page, so nothing is silently dropped.

mod deliver;
pub mod store;

pub use deliver::{Mailer, deliver_job};

use kakehashi_domain::identity::EmailAddress;
use kakehashi_domain::ids::MailId;
use serde::Serialize;
use sqlx::AnyConnection;
use time::OffsetDateTime;

use super::jobs::{self, NewJob, kinds};

/// A message to send.
#[derive(Debug, Clone)]
pub struct Mail {
    /// What the message is for (`test`, later `invitation`, `password-reset`, …); kinds that
    /// carry secrets are redacted on the outbox page outside the demo.
    pub kind: &'static str,
    pub to: EmailAddress,
    pub subject: String,
    pub body_text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MailState {
    /// Waiting for the delivery job.
    Pending,
    Sent,
    /// Not sent because mail is not configured; kept for the operator.
    Held,
    /// Delivery was attempted and gave up.
    Failed,
}

impl MailState {
    /// The UI string key naming this state.
    pub fn label_key(self) -> &'static str {
        match self {
            MailState::Pending => "mail-state-pending",
            MailState::Sent => "mail-state-sent",
            MailState::Held => "mail-state-held",
            MailState::Failed => "mail-state-failed",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MailState::Pending => "pending",
            MailState::Sent => "sent",
            MailState::Held => "held",
            MailState::Failed => "failed",
        }
    }
}

impl std::str::FromStr for MailState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [MailState::Pending, MailState::Sent, MailState::Held, MailState::Failed]
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown mail state {s:?}"))
    }
}

/// A message body in Japanese with English below: recipients may not have chosen a language.
pub fn bilingual_body(key: &str, args: &[(&'static str, String)]) -> String {
    use kakehashi_content::i18n::text_with;
    use kakehashi_domain::locale::Locale;
    format!("{}\n\n----\n\n{}", text_with(Locale::Ja, key, args), text_with(Locale::En, key, args))
}

/// A subject in Japanese, then English.
pub fn bilingual_subject(key: &str, args: &[(&'static str, String)]) -> String {
    use kakehashi_content::i18n::text_with;
    use kakehashi_domain::locale::Locale;
    format!("{} / {}", text_with(Locale::Ja, key, args), text_with(Locale::En, key, args))
}

/// Adds `mail` to the outbox and schedules its delivery, inside the caller's transaction.
pub async fn enqueue(conn: &mut AnyConnection, mail: Mail, now: OffsetDateTime) -> Result<MailId, sqlx::Error> {
    let id = store::insert(conn, &mail, now).await?;
    jobs::store::enqueue(
        conn,
        NewJob {
            kind: kinds::DELIVER_MAIL,
            payload: serde_json::json!({ "mail_id": id.to_string() }),
            run_at: now,
            unique_key: None,
        },
        now,
    )
    .await?;
    Ok(id)
}
