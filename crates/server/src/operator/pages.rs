//! The operator's pages.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::identity::{EmailAddress, EmailError};
use kakehashi_domain::ids::MailId;
use serde::Deserialize;
use tower_sessions::Session;

use crate::platform::audit::{self, AuditEntry, Verification};
use crate::platform::auth::Operator;
use crate::platform::error::AppError;
use crate::platform::jobs::store::{self as jobs, JobView};
use crate::platform::outbox::store::{self as outbox, OutboxMessage};
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::shell::{Page, format_time};

const LIST_LIMIT: i64 = 50;

#[derive(Template, WebTemplate)]
#[template(path = "operator/overview.html")]
pub struct OverviewTemplate {
    page: Page,
    version: &'static str,
    database: String,
    smtp_host: Option<String>,
    audit_entries: i64,
    messages: Vec<OutboxMessage>,
    jobs: Vec<JobView>,
    test_mail_to: String,
    test_mail_error: Option<&'static str>,
}

impl OverviewTemplate {
    fn time(&self, t: &time::OffsetDateTime) -> String {
        format_time(*t)
    }

    fn kind_key(&self, kind: &str) -> String {
        crate::platform::jobs::registry::label_key(kind)
    }
}

async fn overview_template(
    state: &AppState,
    page: Page,
    to: String,
    error: Option<&'static str>,
) -> Result<OverviewTemplate, AppError> {
    Ok(OverviewTemplate {
        page,
        version: env!("CARGO_PKG_VERSION"),
        database: state.db().server_version().await?,
        smtp_host: state.mailer().map(|m| m.host().to_owned()),
        audit_entries: audit::count(state.db()).await?,
        messages: outbox::list(state.db(), LIST_LIMIT)
            .await?
            .into_iter()
            .map(|m| super::for_operator(state, m))
            .collect(),
        jobs: jobs::list(state.db(), LIST_LIMIT).await?,
        test_mail_to: to,
        test_mail_error: error,
    })
}

pub async fn overview(
    State(state): State<AppState>,
    Operator(op): Operator,
    page: Page,
) -> Result<OverviewTemplate, AppError> {
    overview_template(&state, page, op.email.to_string(), None).await
}

#[derive(Deserialize)]
pub struct TestMailForm {
    to: String,
}

pub async fn send_test_mail(
    State(state): State<AppState>,
    Operator(op): Operator,
    page: Page,
    session: Session,
    Form(form): Form<TestMailForm>,
) -> Result<Response, AppError> {
    match EmailAddress::parse(&form.to) {
        Ok(to) => {
            super::send_test_mail(&state, &op, to).await?;
            Page::done(&session, "operator-test-mail-queued", "/operator").await
        }
        Err(e) => {
            let key = match e {
                EmailError::Empty => "field-email-empty",
                EmailError::TooLong => "field-email-too-long",
                EmailError::Malformed => "field-email-malformed",
            };
            let to: String = form.to.chars().take(300).collect();
            let template = overview_template(&state, page, to, Some(key)).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, template).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "operator/message.html")]
pub struct MessageTemplate {
    page: Page,
    mail: OutboxMessage,
    created: String,
    sent: String,
}

pub async fn outbox_message(
    State(state): State<AppState>,
    _op: Operator,
    page: Page,
    IdPath(id): IdPath<MailId>,
) -> Result<MessageTemplate, AppError> {
    let message = super::for_operator(&state, outbox::get(state.db(), id).await?.ok_or(AppError::NotFound)?);
    Ok(MessageTemplate {
        page,
        created: format_time(message.created_at),
        sent: message.sent_at.map(format_time).unwrap_or_default(),
        mail: message,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "operator/audit.html")]
pub struct AuditTemplate {
    page: Page,
    verification: Verification,
    entries: Vec<AuditEntry>,
}

impl AuditTemplate {
    fn time(&self, t: &time::OffsetDateTime) -> String {
        format_time(*t)
    }
}

/// Verifies the whole chain on request (it reads every entry, so it is not on the overview).
pub async fn audit_log(State(state): State<AppState>, _op: Operator, page: Page) -> Result<AuditTemplate, AppError> {
    Ok(AuditTemplate {
        page,
        verification: audit::verify(state.db(), |_, _| {}).await?,
        entries: audit::recent(state.db(), 100).await?,
    })
}
