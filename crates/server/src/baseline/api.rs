//! The baseline API: the baseline itself, inference across frameworks, and coverage of a
//! framework by the baseline.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use kakehashi_domain::baseline::Tier;
use kakehashi_domain::ids::{CatalogId, ProfileId};
use kakehashi_domain::inference::Status;
use kakehashi_domain::tenancy::Permission;
use serde::Deserialize;

use super::common::{self, BuildRequest, CommonError, CommonReport};
use super::inference::{self, InferenceError, InferenceReport, InferenceRequest};
use super::items::{self, Browse};
use super::pages::BrowseParams;
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::routes::{Access, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;

pub fn routes() -> Routes {
    Routes::new()
        .api::<__path_get_baseline, _, _>(Access::SignedIn, get_baseline)
        .api::<__path_baseline_coverage, _, _>(Access::SignedIn, baseline_coverage)
        .api::<__path_run_inference, _, _>(Access::SignedIn, run_inference)
        .api::<__path_get_common_items, _, _>(Access::SignedIn, get_common_items)
        .api::<__path_publish_profile, _, _>(Access::Org(Permission::Write), publish_profile)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct Lang {
    /// `ja` (default) or `en`.
    pub lang: Option<String>,
}

impl Lang {
    /// The language asked for: English when asked, else Japanese.
    pub fn code(&self) -> &'static str {
        if self.lang.as_deref() == Some("en") { "en" } else { "ja" }
    }
}

impl From<InferenceError> for AppError {
    fn from(e: InferenceError) -> Self {
        match e {
            InferenceError::Db(e) => e.into(),
            e => AppError::BadRequest(e.to_string()),
        }
    }
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
    let browse = items::browse(&state, lang.code(), &params.filter()?).await?.ok_or(AppError::NotFound)?;
    Ok(Json(browse))
}

/// Carries answers given against one or more catalogs through the stored mappings to every
/// control of a target catalog. Answered controls keep their answers; every derived status is
/// marked inferred and explained. Nothing is stored.
#[utoipa::path(post, path = "/api/v1/inference", tag = "baseline", params(Lang), request_body = InferenceRequest,
    responses((status = 200, description = "Every control of the target", body = InferenceReport),
              (status = 400, description = "An unknown catalog or control, or no answers")))]
pub async fn run_inference(
    State(state): State<AppState>,
    Query(lang): Query<Lang>,
    Json(request): Json<InferenceRequest>,
) -> Result<Json<InferenceReport>, AppError> {
    Ok(Json(inference::run(&state, &request, lang.code()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CoverageParams {
    /// The catalog to measure (e.g. CSF 2.0).
    #[param(value_type = String)]
    pub target: CatalogId,
    /// Every baseline item up to this tier counts as implemented (default 4: all).
    pub tier: Option<u8>,
}

/// What every item of the baseline up to a tier, implemented, shows of another framework: each
/// of its controls implemented, partly or unknown, and on which kind of mapping each rests.
#[utoipa::path(get, path = "/api/v1/baseline/coverage", tag = "baseline", params(CoverageParams, Lang),
    responses((status = 200, description = "The inference report", body = InferenceReport)))]
pub async fn baseline_coverage(
    State(state): State<AppState>,
    Query(params): Query<CoverageParams>,
    Query(lang): Query<Lang>,
) -> Result<Json<InferenceReport>, AppError> {
    let tier = Tier::try_from(params.tier.unwrap_or(4)).map_err(AppError::BadRequest)?;
    let answers = inference::baseline_answers(&state, tier, Status::Implemented).await?;
    let request = InferenceRequest { answers, target_catalog_id: params.target };
    Ok(Json(inference::run(&state, &request, lang.code()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CommonParams {
    /// The hub: our baseline or another catalog the others map to.
    #[param(value_type = String)]
    pub hub: CatalogId,
    /// The catalogs to compare, comma-separated ids.
    pub catalogs: String,
    /// How many of them must address an item (1 to their number; default all).
    pub k: Option<usize>,
}

impl CommonParams {
    pub fn catalog_ids(&self) -> Result<Vec<CatalogId>, AppError> {
        self.catalogs
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().map_err(|_| AppError::BadRequest(format!("{s:?} is not a catalog id"))))
            .collect()
    }
}

impl From<CommonError> for AppError {
    fn from(e: CommonError) -> Self {
        match e {
            CommonError::Db(e) => e.into(),
            e @ CommonError::Exists(_) => AppError::Conflict(e.to_string()),
            e => AppError::BadRequest(e.to_string()),
        }
    }
}

/// The items of the hub that at least `k` of the catalogs address through their mappings to
/// it, each with the controls behind it, ranked.
#[utoipa::path(get, path = "/api/v1/common-items", tag = "baseline", params(CommonParams, Lang),
    responses((status = 200, description = "Ranked common items", body = CommonReport),
              (status = 400, description = "k out of range, an unknown catalog, or the hub among the catalogs")))]
pub async fn get_common_items(
    State(state): State<AppState>,
    Query(params): Query<CommonParams>,
    Query(lang): Query<Lang>,
) -> Result<Json<CommonReport>, AppError> {
    let catalogs = params.catalog_ids()?;
    let k = params.k.unwrap_or(catalogs.len());
    Ok(Json(common::extract(&state, params.hub, &catalogs, k, lang.code()).await?))
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct Published {
    #[schema(value_type = String)]
    pub id: ProfileId,
}

/// Publishes a profile built from common items, baseline tiers and chosen controls, for the
/// organisation acting (an association or a buyer). It exports as OSCAL like any profile.
#[utoipa::path(post, path = "/api/v1/common-items/profile", tag = "baseline", request_body = BuildRequest,
    responses((status = 201, description = "The profile", body = Published),
              (status = 400, description = "Nothing selected, a withdrawn or unknown control, k out of range"),
              (status = 409, description = "A profile with this title and version exists")))]
pub async fn publish_profile(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Json(request): Json<BuildRequest>,
) -> Result<(StatusCode, Json<Published>), AppError> {
    let id = common::publish(&state, &request, acting.org_id(), Some(user.id)).await?;
    Ok((StatusCode::CREATED, Json(Published { id })))
}
