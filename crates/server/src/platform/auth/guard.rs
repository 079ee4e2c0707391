//! The guard installed on every route by the registry: it establishes who is calling, enforces
//! the route's [`Access`], and checks forms for their CSRF token.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use kakehashi_domain::ids::UserId;
use tower_sessions::Session;

use super::session_store::USER_KEY;
use super::{Caller, CurrentUser, csrf, users};
use crate::app::AppState;
use crate::platform::error::AppError;
use crate::platform::routes::{Access, Surface};

#[derive(Debug, Clone, Copy)]
pub struct Guard {
    pub access: Access,
    pub surface: Surface,
}

pub async fn enforce(guard: Guard, request: Request, next: Next) -> Response {
    match check(&guard, request).await {
        Ok(request) => next.run(request).await,
        Err(Refusal::SignIn(path)) => Redirect::to(&format!("/login?next={}", urlencode(&path))).into_response(),
        Err(Refusal::Error(e)) => e.into_response(),
    }
}

enum Refusal {
    /// A page that needs a signed-in person: send them to sign in, then back.
    SignIn(String),
    Error(AppError),
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Refusal::Error(e)
    }
}

async fn check(guard: &Guard, mut request: Request) -> Result<Request, Refusal> {
    let state = request
        .extensions()
        .get::<AppState>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the app state extension is missing")))?;
    let session = request.extensions().get::<Session>().cloned();
    let caller = match &session {
        Some(session) => load_caller(&state, session).await?,
        None => None,
    };
    let allowed = match guard.access {
        Access::Public => true,
        Access::SignedIn => caller.is_some(),
        Access::Operator => caller.as_ref().is_some_and(|u| u.is_operator),
    };
    if !allowed {
        return Err(match (&caller, guard.surface) {
            (None, Surface::Page) if request.method() == Method::GET => {
                Refusal::SignIn(request.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default())
            }
            (None, _) => AppError::Unauthorized.into(),
            (Some(_), _) => AppError::Forbidden.into(),
        });
    }
    if !request.method().is_safe() {
        match guard.surface {
            Surface::Page => request = check_form_token(session.as_ref(), request).await?,
            Surface::Api => check_same_origin(&request)?,
        }
    }
    request.extensions_mut().insert(Caller(caller));
    Ok(request)
}

async fn load_caller(state: &AppState, session: &Session) -> Result<Option<CurrentUser>, AppError> {
    let Some(uid) = session.get::<String>(USER_KEY).await.map_err(|e| AppError::Internal(e.into()))? else {
        return Ok(None);
    };
    let Ok(id) = uid.parse::<UserId>() else {
        session.flush().await.map_err(|e| AppError::Internal(e.into()))?;
        return Ok(None);
    };
    let user = users::find_active(state.db(), id).await?;
    if user.is_none() {
        // The account was disabled or removed since sign-in: end this session.
        session.flush().await.map_err(|e| AppError::Internal(e.into()))?;
    }
    Ok(user)
}

/// Reads the form body, checks its `csrf` field, and puts the body back for the handler.
async fn check_form_token(session: Option<&Session>, request: Request) -> Result<Request, AppError> {
    let Some(session) = session else { return Err(AppError::CsrfRejected) };
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::CsrfRejected);
    }
    let (parts, body) = request.into_parts();
    // The body limit layer outside has already bounded the size.
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .map_err(|_| AppError::BadRequest("the request body could not be read".into()))?;
    let submitted = url::form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == csrf::FIELD)
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    if submitted.is_empty() || !csrf::matches(session, &submitted).await {
        return Err(AppError::CsrfRejected);
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Browsers say where a request came from; refuse API writes that another site started.
fn check_same_origin(request: &Request) -> Result<(), AppError> {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && (site == "cross-site" || site == "same-site")
    {
        return Err(AppError::CsrfRejected);
    }
    if let (Some(origin), Some(host)) = (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        headers.get(header::HOST).and_then(|v| v.to_str().ok()),
    ) {
        let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
        if origin_host != host {
            return Err(AppError::CsrfRejected);
        }
    }
    Ok(())
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
