//! The account API.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakehashi_domain::identity::NewPassword;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::api::session::Me;
use crate::platform::auth::{CurrentUser, reset, sign_in};
use crate::platform::error::{AppError, FieldError, Problem};
use crate::platform::routes::{Access, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::acting::{self, MembershipView};

pub fn routes() -> Routes {
    Routes::new()
        .api::<__path_get_account, _, _>(Access::Enrolling, get_account)
        .api::<__path_change_password, _, _>(Access::SignedIn, change_password)
        .api::<__path_forgot, _, _>(Access::Public, forgot)
        .api::<__path_reset_password, _, _>(Access::Public, reset_password)
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Account {
    pub me: Me,
    pub has_two_factor: bool,
    pub memberships: Vec<MembershipView>,
}

/// The signed-in person's account and memberships.
#[utoipa::path(get, path = "/api/v1/account", tag = "platform", responses((status = 200, description = "The account", body = Account)))]
pub async fn get_account(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Account>, AppError> {
    let memberships = acting::memberships(state.db(), user.id).await?;
    Ok(Json(Account { has_two_factor: user.has_totp, me: user.into(), memberships }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

fn invalid(field: &str, code: &str) -> AppError {
    AppError::Invalid(vec![FieldError { field: field.into(), code: code.into() }])
}

/// Changes the password; every other session of the account ends.
#[utoipa::path(put, path = "/api/v1/account/password", tag = "platform", request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed"),
        (status = 422, description = "Wrong current password, or a weak new one", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    session: Session,
    Json(r): Json<PasswordChange>,
) -> Result<StatusCode, AppError> {
    let new = NewPassword::parse(&r.new, user.email.as_str()).map_err(|_| invalid("new", "field-password-weak"))?;
    if !reset::change(&state, user.id, &user.email, &r.current, &new).await? {
        return Err(invalid("current", "account-password-wrong"));
    }
    sign_in::start(&state, &session, user.id, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ForgotRequest {
    pub email: String,
}

/// Sends a reset link if the address has an account. The answer is the same either way.
#[utoipa::path(post, path = "/api/v1/password/forgot", tag = "platform", request_body = ForgotRequest,
    responses((status = 202, description = "If the address has an account, a link is on its way")))]
pub async fn forgot(State(state): State<AppState>, Json(r): Json<ForgotRequest>) -> Result<StatusCode, AppError> {
    reset::request_throttled(&state, &r.email).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ResetRequest {
    pub token: String,
    pub password: String,
}

/// Sets a new password through a reset link.
#[utoipa::path(post, path = "/api/v1/password/reset", tag = "platform", request_body = ResetRequest,
    responses(
        (status = 204, description = "Changed; every session of the account ended"),
        (status = 410, description = "The link is unknown, used or expired", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A weak password", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn reset_password(
    State(state): State<AppState>,
    Json(r): Json<ResetRequest>,
) -> Result<StatusCode, AppError> {
    let (_, email) = reset::holder(&state, &r.token).await?.ok_or_else(|| AppError::Gone("reset-unusable".into()))?;
    let new = NewPassword::parse(&r.password, &email).map_err(|_| invalid("password", "field-password-weak"))?;
    if reset::complete(&state, &r.token, &new).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::Gone("reset-unusable".into()))
    }
}
