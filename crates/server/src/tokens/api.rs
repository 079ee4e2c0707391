//! The API tokens API.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use kakehashi_domain::ids::TokenId;
use kakehashi_domain::tenancy::Permission;
use serde::{Deserialize, Serialize};

use super::validate;
use crate::platform::auth::CurrentUser;
use crate::platform::auth::tokens::{self, TokenView};
use crate::platform::error::{AppError, FieldError, Problem};
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, Via};

pub fn routes() -> Routes {
    let admin = Access::Org(Permission::Administer);
    Routes::new()
        .api::<__path_list_tokens, _, _>(admin, list_tokens)
        .api::<__path_create_token, _, _>(admin, create_token)
        .api::<__path_revoke_token, _, _>(admin, revoke_token)
}

/// The acting organisation's API tokens (never their secrets).
#[utoipa::path(get, path = "/api/v1/org/tokens", tag = "organisation",
    responses((status = 200, description = "Newest first", body = Vec<TokenView>)))]
pub async fn list_tokens(State(state): State<AppState>, acting: Acting) -> Result<Json<Vec<TokenView>>, AppError> {
    Ok(Json(tokens::list(state.db(), &acting.own()).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TokenRequest {
    pub name: String,
    /// `admin`, `member`, `reviewer` or `read-only`; never more than the maker's own role.
    pub role: String,
    /// Days it works, 1 to 366.
    pub days: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct NewToken {
    pub id: String,
    /// Send as `Authorization: Bearer <secret>`. Shown this once.
    pub secret: String,
}

/// Makes an API token for the acting organisation.
#[utoipa::path(post, path = "/api/v1/org/tokens", tag = "organisation", request_body = TokenRequest,
    responses(
        (status = 201, description = "Made; the secret is in this response only", body = NewToken),
        (status = 422, description = "Invalid fields, or a lifetime past that of the token making it", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn create_token(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Json(r): Json<TokenRequest>,
) -> Result<(StatusCode, Json<NewToken>), AppError> {
    let now = state.now();
    let invalid =
        |(field, code): (&str, &str)| AppError::Invalid(vec![FieldError { field: field.into(), code: code.into() }]);
    let (name, role, expires) = validate(&r.name, &r.role, r.days, acting.role(), now).map_err(invalid)?;
    // A token made by a token lives no longer than its maker, or a short-lived token could
    // renew itself for ever.
    if let Via::Token(maker) = acting.via()
        && tokens::expires_at(state.db(), maker).await?.is_none_or(|limit| expires > limit)
    {
        return Err(invalid(("days", "token-outlives-maker")));
    }
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    let (id, secret) = tokens::create(&mut unit, &name, role, expires).await?;
    unit.commit().await?;
    Ok((StatusCode::CREATED, Json(NewToken { id: id.to_string(), secret })))
}

/// Revokes a token; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/org/tokens/{token_id}", tag = "organisation", params(("token_id" = String, Path)),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, description = "No such unrevoked token here", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn revoke_token(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    IdPath(id): IdPath<TokenId>,
) -> Result<StatusCode, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Administer).await?;
    if tokens::revoke(&mut unit, id).await? {
        unit.commit().await?;
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}
