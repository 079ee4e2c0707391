//! The operator's API.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakehashi_domain::identity::{EmailAddress, EmailError};
use kakehashi_domain::ids::{MailId, UserId};
use serde::{Deserialize, Serialize};

use super::admin_store;
use crate::platform::audit::{self, Verification};
use crate::platform::auth::Operator;
use crate::platform::error::{AppError, FieldError, Problem};
use crate::platform::jobs::store::{self as jobs, JobView};
use crate::platform::outbox::store::{self as outbox, OutboxMessage};
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .api::<__path_send_test_mail, _, _>(Access::Operator, send_test_mail)
        .api::<__path_list_outbox, _, _>(Access::Operator, list_outbox)
        .api::<__path_get_outbox_message, _, _>(Access::Operator, get_outbox_message)
        .api::<__path_list_jobs, _, _>(Access::Operator, list_jobs)
        .api::<__path_verify_audit, _, _>(Access::Operator, verify_audit)
        .api::<__path_list_users, _, _>(Access::Operator, list_users)
        .api::<__path_disable_user, _, _>(Access::Operator, disable_user)
        .api::<__path_enable_user, _, _>(Access::Operator, enable_user)
        .api::<__path_list_orgs, _, _>(Access::Operator, list_orgs)
        .api::<__path_appoint_admin, _, _>(Access::Operator, appoint_admin)
        .api::<__path_put_settings, _, _>(Access::Operator, put_settings)
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
    Ok(Json(outbox::list(state.db(), 200).await?.into_iter().map(|m| super::for_operator(&state, m)).collect()))
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
    IdPath(id): IdPath<MailId>,
) -> Result<Json<OutboxMessage>, AppError> {
    Ok(Json(super::for_operator(&state, outbox::get(state.db(), id).await?.ok_or(AppError::NotFound)?)))
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

/// Every account.
#[utoipa::path(get, path = "/api/v1/operator/users", tag = "operator",
    responses((status = 200, description = "By e-mail address", body = Vec<admin_store::UserSummary>)))]
pub async fn list_users(
    State(state): State<AppState>,
    _op: Operator,
) -> Result<Json<Vec<admin_store::UserSummary>>, AppError> {
    Ok(Json(admin_store::users(state.db()).await?))
}

async fn set_disabled(state: &AppState, op: &Operator, id: UserId, disabled: bool) -> Result<StatusCode, AppError> {
    if admin_store::set_disabled(state.db(), Some(op.0.id), id, disabled, state.now()).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

/// Disables an account: its sessions end and its tokens stop working.
#[utoipa::path(post, path = "/api/v1/operator/users/{user_id}/disable", tag = "operator", params(("user_id" = String, Path)),
    responses((status = 204, description = "Disabled"), (status = 404, description = "No such account (or yourself)", body = Problem, content_type = "application/problem+json")))]
pub async fn disable_user(
    State(state): State<AppState>,
    op: Operator,
    IdPath(id): IdPath<UserId>,
) -> Result<StatusCode, AppError> {
    set_disabled(&state, &op, id, true).await
}

/// Enables a disabled account again.
#[utoipa::path(post, path = "/api/v1/operator/users/{user_id}/enable", tag = "operator", params(("user_id" = String, Path)),
    responses((status = 204, description = "Enabled"), (status = 404, description = "No such account", body = Problem, content_type = "application/problem+json")))]
pub async fn enable_user(
    State(state): State<AppState>,
    op: Operator,
    IdPath(id): IdPath<UserId>,
) -> Result<StatusCode, AppError> {
    set_disabled(&state, &op, id, false).await
}

/// Every organisation, with its member and admin counts (0 admins needs recovery).
#[utoipa::path(get, path = "/api/v1/operator/orgs", tag = "operator",
    responses((status = 200, description = "By name", body = Vec<admin_store::OrgSummary>)))]
pub async fn list_orgs(
    State(state): State<AppState>,
    _op: Operator,
) -> Result<Json<Vec<admin_store::OrgSummary>>, AppError> {
    Ok(Json(admin_store::organisations(state.db()).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AppointRequest {
    pub email: String,
    /// Why (recorded in the audit log).
    pub reason: String,
}

/// Makes an existing account an admin of the organisation (recovery when its admins left).
#[utoipa::path(post, path = "/api/v1/operator/orgs/{org_id}/admins", tag = "operator", params(("org_id" = String, Path)), request_body = AppointRequest,
    responses(
        (status = 204, description = "Appointed"),
        (status = 404, description = "No such organisation", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No such account, or no reason", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn appoint_admin(
    State(state): State<AppState>,
    op: Operator,
    IdPath(org): IdPath<kakehashi_domain::ids::OrgId>,
    Json(r): Json<AppointRequest>,
) -> Result<StatusCode, AppError> {
    let email = EmailAddress::parse(&r.email).map_err(|_| {
        AppError::Invalid(vec![FieldError { field: "email".into(), code: "field-email-malformed".into() }])
    })?;
    match admin_store::appoint_admin(&state, Some(op.0.id), org, &email, &r.reason).await {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(admin_store::RecoveryError::NoOrganisation) => Err(AppError::NotFound),
        Err(admin_store::RecoveryError::NoAccount) => {
            Err(AppError::Invalid(vec![FieldError { field: "email".into(), code: "operator-no-account".into() }]))
        }
        Err(admin_store::RecoveryError::NoReason) => {
            Err(AppError::Invalid(vec![FieldError { field: "reason".into(), code: "operator-reason-needed".into() }]))
        }
        Err(admin_store::RecoveryError::Db(e)) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PlatformSettings {
    /// Operators and organisation admins must use two-factor authentication.
    pub require_two_factor: bool,
}

/// Sets platform-wide switches.
#[utoipa::path(put, path = "/api/v1/operator/settings", tag = "operator", request_body = PlatformSettings,
    responses((status = 204, description = "Saved")))]
pub async fn put_settings(
    State(state): State<AppState>,
    op: Operator,
    Json(r): Json<PlatformSettings>,
) -> Result<StatusCode, AppError> {
    crate::platform::settings::set_flag(
        state.db(),
        crate::platform::settings::REQUIRE_TWO_FACTOR,
        r.require_two_factor,
        op.0.id,
        state.now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
