//! Account pages: overview, password change, forgotten password.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::identity::NewPassword;
use serde::Deserialize;
use tower_sessions::Session;

use crate::platform::auth::{CurrentUser, csrf, reset, sign_in};
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::tenancy::acting::{self, MembershipView};
use crate::shell::Page;

#[derive(Template, WebTemplate)]
#[template(path = "account/overview.html")]
pub struct OverviewTemplate {
    page: Page,
    memberships: Vec<MembershipView>,
    problem: Option<&'static str>,
}

async fn overview_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    problem: Option<&'static str>,
) -> Result<OverviewTemplate, AppError> {
    Ok(OverviewTemplate { memberships: acting::memberships(state.db(), user.id).await?, page, problem })
}

pub async fn overview(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
) -> Result<OverviewTemplate, AppError> {
    overview_page(&state, page, &user, None).await
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    let problem = match NewPassword::parse(&form.new, user.email.as_str()) {
        Err(_) => "field-password-weak",
        Ok(new) => {
            if reset::change(&state, user.id, &user.email, &form.current, &new).await? {
                // Every session ended, this one too: start a fresh one.
                sign_in::start(&state, &session, user.id, page.acting.as_ref().map(|a| a.org_id())).await?;
                return Page::done(&session, "account-password-changed", "/account").await;
            }
            "account-password-wrong"
        }
    };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, overview_page(&state, page, &user, Some(problem)).await?).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "account/forgot.html")]
pub struct ForgotTemplate {
    page: Page,
    sent: bool,
}

pub async fn forgot_form(mut page: Page, session: Session) -> Result<ForgotTemplate, AppError> {
    page.csrf = Some(csrf::token(&session).await?);
    Ok(ForgotTemplate { page, sent: false })
}

#[derive(Deserialize)]
pub struct ForgotForm {
    email: String,
}

pub async fn forgot(
    State(state): State<AppState>,
    mut page: Page,
    session: Session,
    Form(form): Form<ForgotForm>,
) -> Result<Response, AppError> {
    reset::request_throttled(&state, &form.email).await?;
    page.csrf = Some(csrf::token(&session).await?);
    // The same answer whether or not the address has an account.
    Ok(ForgotTemplate { page, sent: true }.into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "account/reset.html")]
pub struct ResetTemplate {
    page: Page,
    token: String,
    usable: bool,
    problem: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

pub async fn reset_form(
    State(state): State<AppState>,
    mut page: Page,
    session: Session,
    Query(q): Query<TokenQuery>,
) -> Result<Response, AppError> {
    let token = q.token.unwrap_or_default();
    let usable = reset::holder(&state, &token).await?.is_some();
    page.csrf = Some(csrf::token(&session).await?);
    let status = if usable { StatusCode::OK } else { StatusCode::GONE };
    Ok((status, ResetTemplate { page, token, usable, problem: (!usable).then_some("reset-unusable") }).into_response())
}

#[derive(Deserialize)]
pub struct ResetForm {
    token: String,
    password: String,
}

pub async fn reset(
    State(state): State<AppState>,
    mut page: Page,
    session: Session,
    Form(form): Form<ResetForm>,
) -> Result<Response, AppError> {
    let Some((_, email)) = reset::holder(&state, &form.token).await? else {
        page.csrf = Some(csrf::token(&session).await?);
        return Ok((
            StatusCode::GONE,
            ResetTemplate { page, token: form.token, usable: false, problem: Some("reset-unusable") },
        )
            .into_response());
    };
    let problem = match NewPassword::parse(&form.password, &email) {
        Err(_) => "field-password-weak",
        Ok(new) => {
            if reset::complete(&state, &form.token, &new).await? {
                return Page::done(&session, "reset-done", "/login").await;
            }
            "reset-unusable"
        }
    };
    page.csrf = Some(csrf::token(&session).await?);
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        ResetTemplate { page, token: form.token, usable: true, problem: Some(problem) },
    )
        .into_response())
}
