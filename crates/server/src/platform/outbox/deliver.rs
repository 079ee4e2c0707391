//! Sending outbox messages by SMTP (lettre).

use std::time::Duration;

use kakehashi_domain::ids::MailId;
use kakehashi_domain::platform::jobs::{AfterFailure, RetryPolicy};
use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use super::MailState;
use super::store;
use crate::platform::config::{MailSettings, SmtpTls};
use crate::platform::jobs::Outcome;
use crate::platform::jobs::store::ClaimedJob;
use crate::platform::state::AppState;

/// A configured SMTP connection (pooled by lettre).
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    host: String,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").field("host", &self.host).finish_non_exhaustive()
    }
}

impl Mailer {
    /// `None` when no SMTP host is configured.
    pub fn from_settings(settings: &MailSettings) -> anyhow::Result<Option<Mailer>> {
        let Some(host) = settings.smtp_host() else { return Ok(None) };
        let mut builder = match settings.smtp_tls {
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?,
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        };
        if let Some(port) = settings.smtp_port {
            builder = builder.port(port);
        }
        if let (Some(user), Some(password)) = (&settings.smtp_username, &settings.smtp_password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.expose_secret().to_owned()));
        }
        let transport = builder.timeout(Some(Duration::from_secs(30))).build();
        Ok(Some(Mailer { transport, from: settings.from.parse()?, host: host.to_owned() }))
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    async fn send(&self, to: &str, subject: &str, body: &str) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse()?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())?;
        self.transport.send(message).await?;
        Ok(())
    }
}

/// The `mail.deliver` job.
pub async fn deliver_job(state: &AppState, job: &ClaimedJob, policy: RetryPolicy) -> anyhow::Result<Outcome> {
    let id: MailId = job
        .payload
        .get("mail_id")
        .and_then(|v| v.as_str())
        .ok_or_else(|| anyhow::anyhow!("payload has no mail_id"))?
        .parse()?;
    let Some(message) = store::get(state.db(), id).await? else {
        anyhow::bail!("outbox message {id} does not exist");
    };
    if message.state != MailState::Pending {
        return Ok(Outcome::Done);
    }
    let Some(mailer) = state.mailer() else {
        store::mark(state.db(), id, MailState::Held, None, state.now()).await?;
        return Ok(Outcome::Done);
    };
    match mailer.send(&message.to, &message.subject, &message.body_text).await {
        Ok(()) => {
            store::mark(state.db(), id, MailState::Sent, None, state.now()).await?;
            Ok(Outcome::Done)
        }
        Err(error) => {
            let text = format!("{error:#}");
            let gave_up = policy.after_failure(job.attempts) == AfterFailure::GiveUp;
            let next_state = if gave_up { MailState::Failed } else { MailState::Pending };
            store::mark(state.db(), id, next_state, Some(&text), state.now()).await?;
            Err(error)
        }
    }
}
