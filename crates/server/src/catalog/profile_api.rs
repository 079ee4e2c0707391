//! The profiles API.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kakehashi_domain::ids::{CatalogId, ProfileId};
use serde::{Deserialize, Serialize};

use super::api::LangParam;
use super::profile_store::{self as store, ProfileControl, ProfileSummary, StoreError};
use super::profiles::{self, ProfileImportError, ProfileImported};
use crate::platform::auth::{Caller, Operator};
use crate::platform::error::{AppError, Problem};
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::own_if_acting;

pub fn routes() -> Routes {
    Routes::new()
        .api::<__path_list_profiles, _, _>(Access::SignedIn, list_profiles)
        .api_upload::<__path_import_profile, _, _>(Access::Operator, import_profile)
        .api::<__path_get_profile, _, _>(Access::SignedIn, get_profile)
        .api::<__path_export_profile_oscal, _, _>(Access::SignedIn, export_profile_oscal)
}

impl From<ProfileImportError> for AppError {
    fn from(e: ProfileImportError) -> Self {
        match e {
            ProfileImportError::Store { source: StoreError::Db(e), .. } => e.into(),
            e @ ProfileImportError::Store { source: StoreError::AlreadyImported { .. }, .. } => {
                AppError::Conflict(e.to_string())
            }
            other => AppError::BadRequest(other.to_string()),
        }
    }
}

/// The profiles the caller may use: every imported one, and those its organisation built.
#[utoipa::path(get, path = "/api/v1/profiles", tag = "catalogs", responses((status = 200, description = "By title", body = Vec<ProfileSummary>)))]
pub async fn list_profiles(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<ProfileSummary>>, AppError> {
    Ok(Json(store::list(state.db(), own_if_acting(caller.acting.as_ref()).as_ref()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ImportParams {
    /// The file's name, for messages and the record of where the profile came from.
    pub name: Option<String>,
    /// The catalog of each import, in order, comma-separated; by default each import resolves
    /// by the title of the resource it names.
    pub catalogs: Option<String>,
}

/// Imports an OSCAL profile (JSON or XML, 1.0 to 1.2) sent as the body. Its imports resolve
/// against catalogs (or profiles) already imported.
#[utoipa::path(post, path = "/api/v1/profiles", tag = "catalogs", params(ImportParams),
    request_body(content = String, description = "The OSCAL profile file", content_type = "application/json"),
    responses(
        (status = 201, description = "Imported", body = ProfileImported),
        (status = 400, description = "Unreadable file, a cycle, or an import that resolves to nothing; the detail says which", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "That title and version is already imported", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn import_profile(
    State(state): State<AppState>,
    Operator(op): Operator,
    Query(p): Query<ImportParams>,
    body: Bytes,
) -> Result<(StatusCode, Json<ProfileImported>), AppError> {
    let name = p.name.unwrap_or_else(|| "upload".into());
    let catalogs = parse_catalogs(p.catalogs.as_deref().unwrap_or_default())
        .map_err(|bad| AppError::BadRequest(format!("catalogs: {bad:?} is not a catalog id")))?;
    let imported = profiles::import(&state, &name, &body, &catalogs, Some(op.id)).await?;
    Ok((StatusCode::CREATED, Json(imported)))
}

/// Comma-separated catalog ids; the first that does not parse is returned as the error.
pub fn parse_catalogs(list: &str) -> Result<Vec<CatalogId>, String> {
    list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| s.parse().map_err(|_| s.to_owned())).collect()
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProfileDetail {
    pub summary: ProfileSummary,
    pub controls: Vec<ProfileControl>,
    pub unresolved: Vec<String>,
}

/// One profile with its selected controls (titles in the request's language) and the ids that
/// matched nothing.
#[utoipa::path(get, path = "/api/v1/profiles/{profile_id}", tag = "catalogs", params(("profile_id" = String, Path), LangParam),
    responses((status = 200, description = "The profile", body = ProfileDetail), (status = 404, description = "No such profile", body = Problem, content_type = "application/problem+json")))]
pub async fn get_profile(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath<ProfileId>,
    Query(l): Query<LangParam>,
) -> Result<Json<ProfileDetail>, AppError> {
    let viewer = own_if_acting(caller.acting.as_ref());
    let summary = store::get(state.db(), viewer.as_ref(), id).await?.ok_or(AppError::NotFound)?;
    let controls = store::controls(state.db(), id, l.lang.as_deref().unwrap_or("en")).await?;
    Ok(Json(ProfileDetail { summary, controls, unresolved: store::unresolved(state.db(), id).await? }))
}

/// The profile as OSCAL 1.2 JSON (a download).
#[utoipa::path(get, path = "/api/v1/profiles/{profile_id}/oscal", tag = "catalogs", params(("profile_id" = String, Path)),
    responses((status = 200, description = "OSCAL 1.2 profile", content_type = "application/json"), (status = 404, description = "No such profile", body = Problem, content_type = "application/problem+json")))]
pub async fn export_profile_oscal(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath<ProfileId>,
) -> Result<Response, AppError> {
    let viewer = own_if_acting(caller.acting.as_ref());
    let (body, file) = profiles::export(&state, viewer.as_ref(), id).await?.ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        body,
    )
        .into_response())
}
