//! The one error type of the HTTP boundary, and the one place that turns any error response
//! into what the caller can read: RFC 9457 problem details under `/api` and `/healthz`, an HTML
//! page in the person's language everywhere else.
//!
//! Handlers return [`AppError`]. Its response carries an [`ErrorInfo`] extension and no body;
//! [`render_errors`] (a middleware around the whole router) writes the body. The same
//! middleware also dresses axum's own rejections and fallbacks (plain-text 400, 404, 405, 413,
//! 415, 422), so no error reaches a person as bare text.

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::locale::Locale;
use kakehashi_domain::message::Message;
use serde::Serialize;

use super::auth::guard::Viewer;
use super::i18n::locale_from_headers;
use crate::platform::web::error_page;

/// A problem with one input field, for forms and API clients alike.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The field's name as sent (`email`, `password`, …).
    pub field: String,
    /// A message key in `content/i18n` (for pages) that says what is wrong.
    pub code: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("sign-in required")]
    Unauthorized,
    #[error("a two-factor code is required")]
    CodeRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("the form's CSRF token is missing or does not match the session")]
    CsrfRejected,
    #[error("two-factor authentication must be set up first")]
    TwoFactorRequired,
    #[error("no organisation chosen to act for")]
    NoOrganisation,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    /// A link or resource that existed but no longer works (expired, used, withdrawn); the
    /// text is a message key.
    #[error("gone: {0}")]
    Gone(String),
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("too large: {0}")]
    TooLarge(String),
    #[error("too many requests")]
    RateLimited,
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// A request that cannot be done, and why in words a person reads: the page shows the
    /// message in their language, the API its English text. The status is 4xx.
    #[error("{1:?}")]
    Explained(StatusCode, Message),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    /// A form that cannot be done as sent (422), and why.
    pub fn said(message: Message) -> Self {
        AppError::Explained(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// A request that is wrong as sent (400), and why.
    pub fn bad(message: Message) -> Self {
        AppError::Explained(StatusCode::BAD_REQUEST, message)
    }
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

/// What went wrong, attached to an error response for [`render_errors`] to write out.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    /// Selects the page text: `error-{variant}-title` / `-body` (e.g. `403-csrf`).
    pub variant: String,
    /// Said to API clients; never internal details.
    pub detail: Option<String>,
    pub fields: Vec<FieldError>,
    /// For 500s: the id under which the cause was logged, so support can find it.
    pub reference: Option<String>,
    /// What the page says instead of the status's general text.
    pub message: Option<Message>,
}

impl ErrorInfo {
    pub fn from_status(status: StatusCode) -> Self {
        Self {
            status,
            variant: status.as_u16().to_string(),
            detail: None,
            fields: vec![],
            reference: None,
            message: None,
        }
    }
}

impl AppError {
    fn info(self) -> ErrorInfo {
        let status = match &self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized | AppError::CodeRequired => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::CsrfRejected | AppError::TwoFactorRequired | AppError::NoOrganisation => {
                StatusCode::FORBIDDEN
            }
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Explained(status, _) => *status,
        };
        let mut info = ErrorInfo::from_status(status);
        match self {
            AppError::BadRequest(d) | AppError::Conflict(d) | AppError::TooLarge(d) => info.detail = Some(d),
            AppError::Gone(key) => {
                info.detail = Some(kakehashi_content::i18n::text(Locale::En, &key));
                info.fields = vec![FieldError { field: "token".into(), code: key }];
            }
            AppError::CsrfRejected => {
                info.variant = "403-csrf".into();
                info.detail =
                    Some("The form has expired or did not come from this site; reload it and try again.".into());
            }
            AppError::CodeRequired => {
                info.variant = "401-code".into();
                info.detail = Some("This account uses two-factor authentication: send `code` as well.".into());
            }
            AppError::TwoFactorRequired => {
                info.variant = "403-two-factor".into();
                info.detail = Some("Two-factor authentication is required: set it up at /account/two-factor.".into());
            }
            AppError::NoOrganisation => {
                info.variant = "403-choose-org".into();
                info.detail = Some("Choose the organisation to act for: POST /api/v1/session/organisation.".into());
            }
            AppError::Invalid(fields) => info.fields = fields,
            AppError::Explained(_, message) => {
                info.detail = Some(kakehashi_content::i18n::say(Locale::En, &message));
                info.message = Some(message);
            }
            AppError::Unavailable(reason) => tracing::warn!(%reason, "service unavailable"),
            AppError::Internal(cause) => {
                let reference = uuid::Uuid::now_v7().simple().to_string();
                tracing::error!(%reference, error = ?cause, "internal error");
                info.reference = Some(reference);
            }
            _ => {}
        }
        info
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let info = self.info();
        let mut response = info.status.into_response();
        if info.status == StatusCode::TOO_MANY_REQUESTS {
            response.headers_mut().insert(header::RETRY_AFTER, retry_after());
        }
        response.extensions_mut().insert(info);
        response
    }
}

/// How long a refused sign-in should wait, at most: the throttle's window.
pub fn retry_after() -> HeaderValue {
    HeaderValue::from(super::auth::throttle::WINDOW.whole_seconds())
}

/// Whether a path belongs to the machine-facing surface (JSON problems, not HTML pages).
pub fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || path == "/healthz"
}

/// Middleware: writes the body of every error response (see the module comment).
pub async fn render_errors(request: Request, next: Next) -> Response {
    let api = is_api_path(request.uri().path());
    let instance = request.uri().path().to_owned();
    let locale = locale_from_headers(request.headers());
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let original_headers = response.headers().clone();
    let viewer = response.extensions().get::<Viewer>().cloned();
    let info = match response.extensions().get::<ErrorInfo>() {
        Some(info) => info.clone(),
        None if is_bare(&response) => {
            let mut info = ErrorInfo::from_status(status);
            if api {
                info.detail = bare_text(response).await;
            }
            info
        }
        None => return response,
    };
    let mut rendered =
        if api { problem_response(&info, &instance) } else { error_page(locale, &info, viewer, &instance) };
    // Keep what the original said beyond its body (`Allow`, `Retry-After`, `Set-Cookie`, …).
    for (name, value) in &original_headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            rendered.headers_mut().append(name, value.clone());
        }
    }
    rendered
}

/// A response nobody has written a real body for: axum's plain-text rejections and empty ones.
fn is_bare(response: &Response) -> bool {
    match response.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(v) => v.to_str().is_ok_and(|v| v.starts_with("text/plain")),
    }
}

async fn bare_text(response: Response) -> Option<String> {
    let bytes = axum::body::to_bytes(response.into_body(), 4096).await.ok()?;
    let text = String::from_utf8_lossy(&bytes).trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// An RFC 9457 problem details document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub instance: String,
    /// Problems with individual fields (extension member).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Where the cause of a server error was logged (extension member).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

fn problem_response(info: &ErrorInfo, instance: &str) -> Response {
    let problem = Problem {
        kind: match info.variant.split_once('-') {
            Some((_, name)) => format!("urn:kakehashi:problem:{name}"),
            None => "about:blank".into(),
        },
        title: info.status.canonical_reason().unwrap_or("Error").to_owned(),
        status: info.status.as_u16(),
        detail: info.detail.clone(),
        instance: instance.to_owned(),
        errors: info.fields.clone(),
        reference: info.reference.clone(),
    };
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let mut response = (info.status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    response
}
