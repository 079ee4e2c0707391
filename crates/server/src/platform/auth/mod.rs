//! Who is calling: accounts, passwords, sessions, CSRF, and the guard every route passes.
//!
//! This is the ground the identity capability (organisations, roles, grants) builds on. A
//! handler learns who is calling only through the extractors here, which read what the route's
//! guard has already established; it never reads the session itself.

pub mod csrf;
pub mod guard;
pub mod password;
pub mod reset;
pub mod session_store;
pub mod sign_in;
pub mod throttle;
pub mod tokens;
pub mod two_factor;
pub mod users;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use kakehashi_domain::identity::{DisplayName, EmailAddress};
use kakehashi_domain::ids::UserId;
use kakehashi_domain::locale::Locale;

use super::error::AppError;
use super::tenancy::Acting;

/// The signed-in person, as loaded by the guard for this request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: UserId,
    pub email: EmailAddress,
    pub display_name: DisplayName,
    pub is_operator: bool,
    pub locale: Locale,
    /// Whether two-factor authentication is set up.
    pub has_totp: bool,
}

/// What the guard found: the person (for a token, the one who made it), the organisation they
/// act for, and whether they came with an API token instead of a session.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub user: Option<CurrentUser>,
    pub acting: Option<Acting>,
    pub by_token: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Caller>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("route registered outside the registry: no guard ran")))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Caller::from_request_parts(parts, state).await?.user.ok_or(AppError::Unauthorized)
    }
}

/// The signed-in platform operator.
#[derive(Debug, Clone)]
pub struct Operator(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Operator {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if user.is_operator { Ok(Operator(user)) } else { Err(AppError::Forbidden) }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Acting {
    type Rejection = AppError;

    /// Only routes registered with an organisation access level get here with an organisation.
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Caller::from_request_parts(parts, state).await?.acting.ok_or(AppError::Forbidden)
    }
}
