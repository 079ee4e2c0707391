//! Signing in and out through the browser.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::platform::auth::csrf;
use crate::platform::auth::sign_in::{self, SignIn};
use crate::platform::client::ClientAddress;
use crate::platform::error::AppError;
use crate::platform::routes::{Access, Routes};
use crate::platform::state::AppState;
use crate::platform::web::{Page, is_local_path};

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/login", Access::Public, login_form)
        .page(Method::POST, "/login", Access::Public, login)
        .page(Method::GET, "/login/two-factor", Access::Public, code_form)
        .page(Method::POST, "/login/two-factor", Access::Public, code)
        .page(Method::POST, "/logout", Access::Enrolling, logout)
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginTemplate {
    page: Page,
    next: String,
    email: String,
    /// A message key explaining why the last attempt did not work.
    problem: Option<&'static str>,
}

#[derive(Template, WebTemplate)]
#[template(path = "login_code.html")]
struct CodeTemplate {
    page: Page,
    next: String,
    problem: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
struct NextQuery {
    next: Option<String>,
}

fn safe_next(next: Option<String>) -> String {
    next.filter(|n| is_local_path(n) && !n.starts_with("/login")).unwrap_or_else(|| "/".to_owned())
}

async fn login_form(mut page: Page, session: Session, Query(q): Query<NextQuery>) -> Result<Response, AppError> {
    if page.user.is_some() {
        return Ok(Redirect::to(&safe_next(q.next)).into_response());
    }
    page.csrf = Some(csrf::token(&session).await?);
    Ok(LoginTemplate { page, next: safe_next(q.next), email: String::new(), problem: None }.into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    mut page: Page,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next);
    let (status, problem) =
        match sign_in::with_password(&state, &session, &form.email, &form.password, None, client).await? {
            SignIn::Done(_) => return Ok(Redirect::to(&next).into_response()),
            SignIn::NeedsCode => {
                let to = format!("/login/two-factor?next={}", crate::platform::auth::guard::urlencode(&next));
                return Ok(Redirect::to(&to).into_response());
            }
            SignIn::Refused => (StatusCode::UNAUTHORIZED, "login-failed"),
            SignIn::Throttled => (StatusCode::TOO_MANY_REQUESTS, "login-throttled"),
        };
    page.csrf = Some(csrf::token(&session).await?);
    let email = form.email.chars().take(254).collect();
    let mut response = (status, LoginTemplate { page, next, email, problem: Some(problem) }).into_response();
    if status == StatusCode::TOO_MANY_REQUESTS {
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, crate::platform::error::retry_after());
    }
    Ok(response)
}

async fn code_form(
    State(state): State<AppState>,
    mut page: Page,
    session: Session,
    Query(q): Query<NextQuery>,
) -> Result<Response, AppError> {
    if sign_in::pending(&state, &session).await?.is_none() {
        return Ok(Redirect::to("/login").into_response());
    }
    page.csrf = Some(csrf::token(&session).await?);
    Ok(CodeTemplate { page, next: safe_next(q.next), problem: None }.into_response())
}

#[derive(Deserialize)]
struct CodeForm {
    code: String,
    next: Option<String>,
}

async fn code(
    State(state): State<AppState>,
    mut page: Page,
    session: Session,
    Form(form): Form<CodeForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next);
    let Some(user) = sign_in::pending(&state, &session).await? else {
        return Ok(Redirect::to("/login").into_response());
    };
    let (status, problem) = match sign_in::with_code(&state, &session, user, &form.code).await? {
        SignIn::Done(_) => return Ok(Redirect::to(&next).into_response()),
        SignIn::Throttled => (StatusCode::TOO_MANY_REQUESTS, "login-throttled"),
        SignIn::Refused | SignIn::NeedsCode => (StatusCode::UNAUTHORIZED, "login-code-failed"),
    };
    page.csrf = Some(csrf::token(&session).await?);
    Ok((status, CodeTemplate { page, next, problem: Some(problem) }).into_response())
}

async fn logout(session: Session) -> Result<Response, AppError> {
    session.flush().await.map_err(|e| AppError::Internal(e.into()))?;
    Page::done(&session, "logout-done", "/").await
}
