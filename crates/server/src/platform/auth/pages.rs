//! Signing in and out through the browser.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use kakehashi_domain::identity::EmailAddress;
use serde::Deserialize;
use tower_sessions::Session;

use super::session_store::USER_KEY;
use super::{CurrentUser, csrf, password, users};
use crate::app::AppState;
use crate::platform::audit::{self, AuditEvent};
use crate::platform::error::AppError;
use crate::platform::routes::{Access, Routes};
use crate::shell::Page;
use crate::shell::pages_util::is_local_path;

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/login", Access::Public, login_form)
        .page(Method::POST, "/login", Access::Public, login)
        .page(Method::POST, "/logout", Access::SignedIn, logout)
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginTemplate {
    page: Page,
    next: String,
    email: String,
    failed: bool,
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
    Ok(LoginTemplate { page, next: safe_next(q.next), email: String::new(), failed: false }.into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    mut page: Page,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = safe_next(form.next);
    match sign_in(&state, &session, &form.email, &form.password).await? {
        Some(_) => Ok(Redirect::to(&next).into_response()),
        None => {
            page.csrf = Some(csrf::token(&session).await?);
            let template = LoginTemplate { page, next, email: form.email.chars().take(254).collect(), failed: true };
            Ok((StatusCode::UNAUTHORIZED, template).into_response())
        }
    }
}

/// Checks the password and, if it matches, starts a fresh session for the person (a new
/// session id, so an id planted before sign-in is useless) and records it in the audit log.
/// Used by the sign-in form and by `POST /api/v1/session`.
pub async fn sign_in(
    state: &AppState,
    session: &Session,
    email: &str,
    given_password: &str,
) -> Result<Option<CurrentUser>, AppError> {
    let found = match EmailAddress::parse(email) {
        Ok(email) => users::find_for_login(state.db(), &email).await?,
        Err(_) => None,
    };
    let (user, stored) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    if !password::verify(given_password, stored).await {
        tracing::info!("sign-in refused");
        return Ok(None);
    }
    let Some(user) = user else { return Ok(None) };
    session.cycle_id().await.map_err(|e| AppError::Internal(e.into()))?;
    session.remove::<String>(csrf::FIELD).await.map_err(|e| AppError::Internal(e.into()))?;
    session.insert(USER_KEY, user.id.to_string()).await.map_err(|e| AppError::Internal(e.into()))?;
    let now = state.now();
    let mut tx = state.db().write().await?;
    audit::append(
        &mut tx,
        AuditEvent::new("user.sign_in").actor(Some(user.id)).object("user", user.id.to_string()),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Some(user))
}

async fn logout(session: Session) -> Result<Response, AppError> {
    session.flush().await.map_err(|e| AppError::Internal(e.into()))?;
    Page::notice_next(&session, "logout-done").await?;
    Ok(Redirect::to("/").into_response())
}
