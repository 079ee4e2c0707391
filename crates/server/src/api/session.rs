//! `/api/v1/session`: signing in and out for programs that use a cookie (scripts, tests, the
//! future single-page helpers). API tokens for integrations come with the identity capability.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use crate::platform::state::AppState;

use crate::platform::auth::CurrentUser;
use crate::platform::auth::sign_in::{self, SignIn};
use crate::platform::client::ClientAddress;
use crate::platform::error::{AppError, Problem};

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    pub email: String,
    pub password: String,
    /// The two-factor code (TOTP or recovery code), for accounts that have it set up.
    pub code: Option<String>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials").field("email", &self.email).field("password", &"[redacted]").finish()
    }
}

/// Who is signed in.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Me {
    pub user_id: String,
    pub email: String,
    pub display_name: String,
    pub is_operator: bool,
    pub locale: String,
}

impl From<CurrentUser> for Me {
    fn from(u: CurrentUser) -> Self {
        Me {
            user_id: u.id.to_string(),
            email: u.email.to_string(),
            display_name: u.display_name.to_string(),
            is_operator: u.is_operator,
            locale: u.locale.tag().to_owned(),
        }
    }
}

/// Signs in; the response sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "platform", request_body = Credentials,
    responses(
        (status = 201, description = "Signed in", body = Me),
        (status = 401, description = "Wrong e-mail address, password or code; or a code is needed", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn create(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    session: Session,
    Json(c): Json<Credentials>,
) -> Result<(StatusCode, Json<Me>), AppError> {
    match sign_in::with_password(&state, &session, &c.email, &c.password, c.code.as_deref(), client).await? {
        SignIn::Done(user) => Ok((StatusCode::CREATED, Json(user.into()))),
        SignIn::NeedsCode => Err(AppError::CodeRequired),
        SignIn::Refused => Err(AppError::Unauthorized),
        SignIn::Throttled => Err(AppError::RateLimited),
    }
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/session", tag = "platform",
    responses(
        (status = 200, description = "Signed in", body = Me),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn show(user: CurrentUser) -> Json<Me> {
    Json(user.into())
}

/// Signs out.
#[utoipa::path(delete, path = "/api/v1/session", tag = "platform",
    responses((status = 204, description = "Signed out")))]
pub async fn delete(session: Session) -> Result<StatusCode, AppError> {
    session.flush().await.map_err(|e| AppError::Internal(e.into()))?;
    Ok(StatusCode::NO_CONTENT)
}
