//! The guard installed on every route by the registry: it establishes who is calling (session or
//! API token) and for which organisation, enforces the route's [`Access`], sends people who must
//! set up two-factor authentication to do so, and checks forms for their CSRF token.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use kakehashi_domain::ids::UserId;
use kakehashi_domain::tenancy::Permission;
use tower_sessions::Session;

use super::session_store::USER_KEY;
use super::{Caller, csrf, tokens, two_factor, users};
use crate::platform::error::AppError;
use crate::platform::routes::{Access, Surface};
use crate::platform::state::AppState;
use crate::platform::tenancy::acting;

#[derive(Debug, Clone, Copy)]
pub struct Guard {
    pub access: Access,
    pub surface: Surface,
}

pub async fn enforce(guard: Guard, request: Request, next: Next) -> Response {
    let session = request.extensions().get::<Session>().cloned();
    let (caller, mut response) = match check(&guard, request).await {
        Ok(request) => {
            let caller = request.extensions().get::<Caller>().cloned();
            (caller, next.run(request).await)
        }
        Err(Refusal::GoTo(path)) => return Redirect::to(&path).into_response(),
        Err(Refusal::Forbidden(caller)) => (Some(*caller), AppError::Forbidden.into_response()),
        Err(Refusal::Error(e)) => (None, e.into_response()),
    };
    // An error page drawn later (outside the session layer) shows the person as signed in.
    if guard.surface == Surface::Page
        && response.status().is_client_error()
        && let (Some(caller), Some(session)) = (caller.filter(|c| c.user.is_some()), session)
    {
        let csrf = csrf::token(&session).await.ok();
        response.extensions_mut().insert(Viewer { caller, csrf });
    }
    response
}

/// Who is looking at an error page, so that it can draw the same header as every other page.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub caller: Caller,
    /// The form token, for the sign-out button.
    pub csrf: Option<String>,
}

enum Refusal {
    /// A page the person cannot see yet: send them where they can fix that (sign in, choose an
    /// organisation, set up two-factor authentication), then back.
    GoTo(String),
    /// Signed in, but this role may not do this: the refusal page still shows who they are.
    Forbidden(Box<Caller>),
    Error(AppError),
}

impl From<AppError> for Refusal {
    fn from(e: AppError) -> Self {
        Refusal::Error(e)
    }
}

impl From<sqlx::Error> for Refusal {
    fn from(e: sqlx::Error) -> Self {
        Refusal::Error(e.into())
    }
}

fn internal(e: impl Into<anyhow::Error>) -> AppError {
    AppError::Internal(e.into())
}

async fn check(guard: &Guard, mut request: Request) -> Result<Request, Refusal> {
    let state =
        request.extensions().get::<AppState>().cloned().ok_or_else(|| internal(anyhow::anyhow!("no app state")))?;
    // A public route needs no one: a client that sends its token with every request (as
    // OpenAPI tools do) reaches it as anyone would.
    let token = bearer_token(&request).filter(|_| guard.access != Access::Public);
    let caller = match token {
        Some(token) => check_token(guard, &state, &token, request.method().is_safe()).await?,
        None => {
            // Only what is needed, taken out first: a request body may not cross an await.
            let session = request.extensions().get::<Session>().cloned();
            let here = request.uri().path_and_query().map(|p| p.to_string()).unwrap_or_default();
            let page_get = guard.surface == Surface::Page && request.method() == Method::GET;
            check_session(guard, &state, session, &here, page_get).await?
        }
    };
    if !request.method().is_safe() && !caller.by_token {
        let session = request.extensions().get::<Session>().cloned();
        match guard.surface {
            Surface::Page => request = check_form_token(session.as_ref(), request).await?,
            Surface::Api => check_same_origin(&request)?,
        }
    }
    crate::platform::telemetry::record_caller(&caller);
    request.extensions_mut().insert(caller);
    Ok(request)
}

fn bearer_token(request: &Request) -> Option<String> {
    let value = request.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
}

/// API tokens act for their organisation on organisation routes of the API, and read the
/// reference data any signed-in person reads (catalogs, the baseline, questionnaires); nothing
/// else (not the account of the person who made them, not the operator's routes).
async fn check_token(guard: &Guard, state: &AppState, token: &str, safe: bool) -> Result<Caller, Refusal> {
    let Some((acting, creator)) = tokens::authenticate(state.db(), token, state.now()).await? else {
        return Err(AppError::Unauthorized.into());
    };
    let permission = match guard.access {
        Access::Org(p) | Access::Shared(p) => p,
        Access::SignedIn if safe => Permission::Read,
        _ => return Err(AppError::Unauthorized.into()),
    };
    if guard.surface != Surface::Api {
        return Err(AppError::Unauthorized.into());
    }
    if !acting.allows(permission) {
        return Err(AppError::Forbidden.into());
    }
    let user = users::find_active(state.db(), creator).await?;
    Ok(Caller { user, acting: Some(acting), by_token: true })
}

async fn check_session(
    guard: &Guard,
    state: &AppState,
    session: Option<Session>,
    here: &str,
    page_get: bool,
) -> Result<Caller, Refusal> {
    let (user, acting, enrolment_pending) = match &session {
        Some(session) => match load_visitor(state, session).await? {
            Some(v) => {
                let acting = acting::in_session(session, &v.memberships).await?;
                let pending = two_factor::enrolment_pending_for(&v.user, v.two_factor_required, &v.memberships);
                (Some(v.user), acting, pending)
            }
            None => (None, None, false),
        },
        None => (None, None, false),
    };
    if guard.access == Access::Public {
        return Ok(Caller { user, acting, by_token: false });
    }
    if user.is_none() {
        return Err(if page_get {
            Refusal::GoTo(format!("/login?next={}", urlencode(here)))
        } else {
            AppError::Unauthorized.into()
        });
    }
    if guard.access != Access::Enrolling && enrolment_pending {
        return Err(if page_get {
            Refusal::GoTo(format!("/account/two-factor?next={}", urlencode(here)))
        } else {
            AppError::TwoFactorRequired.into()
        });
    }
    let caller = Caller { user, acting, by_token: false };
    if guard.access.permission().is_some() && caller.acting.is_none() {
        return Err(if page_get {
            Refusal::GoTo(format!("/org/choose?next={}", urlencode(here)))
        } else {
            AppError::NoOrganisation.into()
        });
    }
    if !guard.access.admits(caller.user.as_ref(), caller.acting.as_ref()) {
        return Err(Refusal::Forbidden(Box::new(caller)));
    }
    Ok(caller)
}

async fn load_visitor(state: &AppState, session: &Session) -> Result<Option<users::Visitor>, AppError> {
    let Some(uid) = session.get::<String>(USER_KEY).await.map_err(internal)? else {
        return Ok(None);
    };
    let Ok(id) = uid.parse::<UserId>() else {
        session.flush().await.map_err(internal)?;
        return Ok(None);
    };
    let visitor = users::find_visitor(state.db(), id).await?;
    if visitor.is_none() {
        // The account was disabled or removed since sign-in: end this session.
        session.flush().await.map_err(internal)?;
    } else {
        keep_alive(session).await?;
    }
    Ok(visitor)
}

/// The session key of when the session's lifetime was last extended.
const TOUCHED_KEY: &str = "touched";

/// Sessions end after 8 hours without activity. Extending the lifetime means saving the
/// session, so it is done at most every quarter hour rather than on every request.
async fn keep_alive(session: &Session) -> Result<(), AppError> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let touched: Option<i64> = session.get(TOUCHED_KEY).await.map_err(internal)?;
    if touched.is_none_or(|t| now - t > 15 * 60) {
        session.insert(TOUCHED_KEY, now).await.map_err(internal)?;
    }
    Ok(())
}

/// Reads the form body, checks its `csrf` field, and puts the body back for the handler.
async fn check_form_token(session: Option<&Session>, request: Request) -> Result<Request, AppError> {
    let Some(session) = session else { return Err(AppError::CsrfRejected) };
    if is_multipart(&request) {
        // A file upload is streamed to the handler, not read here: its form's token travels in
        // the query string (`action="…?csrf=…"`).
        let submitted = request
            .uri()
            .query()
            .and_then(|q| {
                url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == csrf::FIELD).map(|(_, v)| v.into_owned())
            })
            .unwrap_or_default();
        if submitted.is_empty() || !csrf::matches(session, &submitted).await {
            return Err(AppError::CsrfRejected);
        }
        return Ok(request);
    }
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

fn is_multipart(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
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

pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
