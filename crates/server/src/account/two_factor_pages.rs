//! Setting up and turning off two-factor authentication.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use crate::platform::auth::{CurrentUser, two_factor};
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::shell::Page;
use crate::shell::pages_util::is_local_path;

/// The session key of a secret being set up (not yet confirmed with a code).
const PENDING_SECRET: &str = "totp_pending";

#[derive(Template, WebTemplate)]
#[template(path = "account/two_factor.html")]
pub struct TwoFactorTemplate {
    page: Page,
    enabled: bool,
    required: bool,
    secret: String,
    qr_svg: String,
    next: String,
    /// Shown once, right after setting up.
    recovery_codes: Vec<String>,
    problem: Option<&'static str>,
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

fn internal(e: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(e.into())
}

async fn setup_page(
    state: &AppState,
    page: Page,
    user: &CurrentUser,
    session: &Session,
    next: String,
    problem: Option<&'static str>,
) -> Result<TwoFactorTemplate, AppError> {
    let required = crate::platform::settings::flag(state.db(), crate::platform::settings::REQUIRE_TWO_FACTOR).await?;
    if user.has_totp {
        return Ok(TwoFactorTemplate {
            page,
            enabled: true,
            required,
            secret: String::new(),
            qr_svg: String::new(),
            next,
            recovery_codes: vec![],
            problem,
        });
    }
    let secret = match pending_secret(state, session, user).await? {
        Some(s) => s,
        None => {
            let s = two_factor::new_secret()?;
            // Sessions live in the database too: the secret waits there sealed.
            let sealed = state.keys().seal(&pending_purpose(user), &s).map_err(internal)?;
            session.insert(PENDING_SECRET, &sealed).await.map_err(internal)?;
            s
        }
    };
    let (_, qr_svg) = two_factor::enrolment(&secret, user.email.as_str())?;
    Ok(TwoFactorTemplate { page, enabled: false, required, secret, qr_svg, next, recovery_codes: vec![], problem })
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    session: Session,
    Query(q): Query<NextQuery>,
) -> Result<TwoFactorTemplate, AppError> {
    let next = q.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/account".into());
    setup_page(&state, page, &user, &session, next, None).await
}

#[derive(Deserialize)]
pub struct CodeForm {
    code: String,
    next: Option<String>,
}

pub async fn enable(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    session: Session,
    Form(form): Form<CodeForm>,
) -> Result<Response, AppError> {
    let next = form.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/account".into());
    let Some(secret) = pending_secret(&state, &session, &user).await? else {
        return Ok(Redirect::to("/account/two-factor").into_response());
    };
    let Some(step) = two_factor::check(&secret, user.email.as_str(), &form.code, state.now()) else {
        let t = setup_page(&state, page, &user, &session, next, Some("two-factor-code-wrong")).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, t).into_response());
    };
    let codes = two_factor::enable(&state, &user, &secret, step, state.now()).await?;
    session.remove::<String>(PENDING_SECRET).await.map_err(internal)?;
    let required = crate::platform::settings::flag(state.db(), crate::platform::settings::REQUIRE_TWO_FACTOR).await?;
    Ok(TwoFactorTemplate {
        page,
        enabled: true,
        required,
        secret: String::new(),
        qr_svg: String::new(),
        next,
        recovery_codes: codes,
        problem: None,
    }
    .into_response())
}

#[derive(Deserialize)]
pub struct DisableForm {
    code: String,
}

pub async fn disable(
    State(state): State<AppState>,
    page: Page,
    user: CurrentUser,
    session: Session,
    Form(form): Form<DisableForm>,
) -> Result<Response, AppError> {
    let required = two_factor::enrolment_pending(&state, &CurrentUser { has_totp: false, ..user.clone() }).await?;
    let problem = if required {
        "two-factor-required-keep"
    } else if two_factor::verify_for_sign_in(
        state.db(),
        state.keys(),
        user.id,
        user.email.as_str(),
        &form.code,
        state.now(),
    )
    .await?
    {
        two_factor::disable(state.db(), user.id, user.id, state.now()).await?;
        return Page::done(&session, "two-factor-disabled", "/account").await;
    } else {
        "two-factor-code-wrong"
    };
    let t = setup_page(&state, page, &user, &session, "/account".into(), Some(problem)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, t).into_response())
}

/// What a secret waiting in a session is bound to.
fn pending_purpose(user: &CurrentUser) -> String {
    format!("totp-pending:{}", user.id)
}

/// The secret being set up in this session, if any (one that no longer opens, after a key was
/// retired, is simply made again).
async fn pending_secret(state: &AppState, session: &Session, user: &CurrentUser) -> Result<Option<String>, AppError> {
    let Some(sealed) = session.get::<String>(PENDING_SECRET).await.map_err(internal)? else { return Ok(None) };
    Ok(state.keys().open(&pending_purpose(user), &sealed).ok())
}
