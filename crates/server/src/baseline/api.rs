//! The baseline API.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::Method;
use serde::Deserialize;

use super::items::{self, Browse};
use super::pages::BrowseParams;
use crate::app::AppState;
use crate::platform::error::AppError;
use crate::platform::routes::{Access, Routes};

pub fn routes() -> Routes {
    Routes::new().api(Method::GET, "/api/v1/baseline", Access::SignedIn, get_baseline)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Lang {
    /// `ja` (default) or `en`.
    pub lang: Option<String>,
}

/// Our common baseline: its themes, how many items each tier has, and the items a firm aiming
/// at a tier must do (optionally one theme only).
#[utoipa::path(get, path = "/api/v1/baseline", tag = "baseline", params(BrowseParams, Lang),
    responses((status = 200, description = "The baseline", body = Browse), (status = 400, description = "No such tier")))]
pub async fn get_baseline(
    State(state): State<AppState>,
    Query(params): Query<BrowseParams>,
    Query(lang): Query<Lang>,
) -> Result<Json<Browse>, AppError> {
    let lang = if lang.lang.as_deref() == Some("en") { "en" } else { "ja" };
    let browse = items::browse(&state, lang, &params.filter()?).await?.ok_or(AppError::NotFound)?;
    Ok(Json(browse))
}
