//! The operator's API.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use kakehashi_domain::identity::{EmailAddress, EmailError};
use kakehashi_domain::ids::MailId;
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::platform::audit::{self, Verification};
use crate::platform::auth::Operator;
use crate::platform::error::{AppError, FieldError, Problem};
use crate::platform::jobs::store::{self as jobs, JobView};
use crate::platform::outbox::store::{self as outbox, OutboxMessage};
use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::POST, "/api/v1/operator/test-mail", Access::Operator, send_test_mail)
        .api(Method::GET, "/api/v1/operator/outbox", Access::Operator, list_outbox)
        .api(Method::GET, "/api/v1/operator/outbox/{mail_id}", Access::Operator, get_outbox_message)
        .api(Method::GET, "/api/v1/operator/jobs", Access::Operator, list_jobs)
        .api(Method::GET, "/api/v1/operator/audit/verification", Access::Operator, verify_audit)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TestMailRequest {
    pub to: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Queued {
    pub id: String,
}

/// Queues a test message to check the mail settings.
#[utoipa::path(post, path = "/api/v1/operator/test-mail", tag = "operator", request_body = TestMailRequest,
    responses(
        (status = 201, description = "Queued in the outbox", body = Queued),
        (status = 422, description = "Not an e-mail address", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn send_test_mail(
    State(state): State<AppState>,
    Operator(op): Operator,
    Json(request): Json<TestMailRequest>,
) -> Result<(StatusCode, Json<Queued>), AppError> {
    let to = EmailAddress::parse(&request.to).map_err(|e| {
        let code = match e {
            EmailError::Empty => "field-email-empty",
            EmailError::TooLong => "field-email-too-long",
            EmailError::Malformed => "field-email-malformed",
        };
        AppError::Invalid(vec![FieldError { field: "to".into(), code: code.into() }])
    })?;
    let id = super::send_test_mail(&state, &op, to).await?;
    Ok((StatusCode::CREATED, Json(Queued { id: id.to_string() })))
}

/// The newest outbox messages (at most 200).
#[utoipa::path(get, path = "/api/v1/operator/outbox", tag = "operator",
    responses((status = 200, description = "Newest first", body = Vec<OutboxMessage>)))]
pub async fn list_outbox(State(state): State<AppState>, _op: Operator) -> Result<Json<Vec<OutboxMessage>>, AppError> {
    Ok(Json(outbox::list(state.db(), 200).await?))
}

/// One outbox message.
#[utoipa::path(get, path = "/api/v1/operator/outbox/{mail_id}", tag = "operator",
    params(("mail_id" = String, Path, description = "The message id")),
    responses(
        (status = 200, description = "The message", body = OutboxMessage),
        (status = 404, description = "No such message", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn get_outbox_message(
    State(state): State<AppState>,
    _op: Operator,
    Path(id): Path<String>,
) -> Result<Json<OutboxMessage>, AppError> {
    let id: MailId = id.parse().map_err(|_| AppError::NotFound)?;
    Ok(Json(outbox::get(state.db(), id).await?.ok_or(AppError::NotFound)?))
}

/// The most recent background jobs (at most 200).
#[utoipa::path(get, path = "/api/v1/operator/jobs", tag = "operator",
    responses((status = 200, description = "Latest due first", body = Vec<JobView>)))]
pub async fn list_jobs(State(state): State<AppState>, _op: Operator) -> Result<Json<Vec<JobView>>, AppError> {
    Ok(Json(jobs::list(state.db(), 200).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditVerification {
    pub intact: bool,
    pub entries: Option<i64>,
    pub broken_at: Option<i64>,
    pub reason: Option<String>,
}

/// Checks the whole audit chain now.
#[utoipa::path(get, path = "/api/v1/operator/audit/verification", tag = "operator",
    responses((status = 200, description = "The result of walking the chain", body = AuditVerification)))]
pub async fn verify_audit(State(state): State<AppState>, _op: Operator) -> Result<Json<AuditVerification>, AppError> {
    Ok(Json(match audit::verify(state.db(), |_, _| {}).await? {
        Verification::Intact { entries } => {
            AuditVerification { intact: true, entries: Some(entries), broken_at: None, reason: None }
        }
        Verification::Broken { seq, reason } => {
            AuditVerification { intact: false, entries: None, broken_at: Some(seq), reason: Some(reason) }
        }
    }))
}
