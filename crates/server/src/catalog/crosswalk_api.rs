//! The crosswalks API.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use kakehashi_domain::catalog::ControlRef;
use kakehashi_domain::ids::{CatalogId, CrosswalkId};
use serde::{Deserialize, Serialize};

use super::crosswalk_store::{self as store, ControlMapping, CrosswalkError, CrosswalkSummary, Matrix, Unresolved};
use super::crosswalks::{self, CrosswalkImported, Format, ImportError};
use crate::platform::auth::Operator;
use crate::platform::error::{AppError, Problem};
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .api::<__path_list_crosswalks, _, _>(Access::SignedIn, list_crosswalks)
        .api_upload::<__path_import_crosswalk, _, _>(Access::Operator, import_crosswalk)
        .api::<__path_get_crosswalk, _, _>(Access::SignedIn, get_crosswalk)
        .api::<__path_export_crosswalk_oscal, _, _>(Access::SignedIn, export_crosswalk_oscal)
        .api::<__path_export_crosswalk_csv, _, _>(Access::SignedIn, export_crosswalk_csv)
        .api::<__path_control_mappings, _, _>(Access::SignedIn, control_mappings)
        .api::<__path_matrix, _, _>(Access::SignedIn, matrix)
}

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Format(e) => AppError::BadRequest(e.to_string()),
            ImportError::Store(CrosswalkError::UnknownCatalog(id)) => {
                AppError::BadRequest(format!("no catalog has the id {id}"))
            }
            ImportError::Store(CrosswalkError::Db(e)) => e.into(),
        }
    }
}

/// Every crosswalk.
#[utoipa::path(get, path = "/api/v1/crosswalks", tag = "catalogs", responses((status = 200, description = "In import order", body = Vec<CrosswalkSummary>)))]
pub async fn list_crosswalks(State(state): State<AppState>) -> Result<Json<Vec<CrosswalkSummary>>, AppError> {
    Ok(Json(store::list(state.db()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ImportParams {
    /// The catalog the mappings go from.
    pub source: String,
    /// The catalog they go to.
    pub target: String,
    /// The file's name (`.csv` for CSV; otherwise OSCAL JSON is assumed from a leading `{`).
    pub name: Option<String>,
    /// Who or what made the mappings, from which source (default: from the file).
    pub provenance: Option<String>,
}

/// Imports a crosswalk (CSV, or an OSCAL 1.2 mapping collection) sent as the body. References
/// that match no control are stored unresolved and listed in the answer.
#[utoipa::path(post, path = "/api/v1/crosswalks", tag = "catalogs", params(ImportParams),
    request_body(content = String, description = "The crosswalk file", content_type = "text/csv"),
    responses(
        (status = 201, description = "Imported", body = CrosswalkImported),
        (status = 400, description = "Unreadable file, or an unknown catalog; the detail says where", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn import_crosswalk(
    State(state): State<AppState>,
    Operator(op): Operator,
    Query(p): Query<ImportParams>,
    body: Bytes,
) -> Result<(StatusCode, Json<CrosswalkImported>), AppError> {
    let source: CatalogId = p.source.parse().map_err(|_| AppError::BadRequest("source: not a catalog id".into()))?;
    let target: CatalogId = p.target.parse().map_err(|_| AppError::BadRequest("target: not a catalog id".into()))?;
    let name = p.name.unwrap_or_else(|| "upload".into());
    let imported =
        crosswalks::import(&state, source, target, &name, &body, p.provenance.as_deref(), Some(op.id)).await?;
    Ok((StatusCode::CREATED, Json(imported)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CrosswalkDetail {
    pub summary: CrosswalkSummary,
    pub unresolved: Vec<Unresolved>,
}

/// One crosswalk, with the references that matched no control.
#[utoipa::path(get, path = "/api/v1/crosswalks/{crosswalk_id}", tag = "catalogs", params(("crosswalk_id" = String, Path)),
    responses((status = 200, description = "The crosswalk", body = CrosswalkDetail), (status = 404, description = "No such crosswalk", body = Problem, content_type = "application/problem+json")))]
pub async fn get_crosswalk(
    State(state): State<AppState>,
    IdPath(id): IdPath<CrosswalkId>,
) -> Result<Json<CrosswalkDetail>, AppError> {
    let key = id.to_string();
    let summary = store::get(state.db(), &key).await?.ok_or(AppError::NotFound)?;
    Ok(Json(CrosswalkDetail { summary, unresolved: store::unresolved(state.db(), &key).await? }))
}

async fn download(
    state: &AppState,
    id: CrosswalkId,
    format: Format,
    content_type: &'static str,
) -> Result<Response, AppError> {
    let (body, file) = crosswalks::export(state, id, format).await?.ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
        ],
        body,
    )
        .into_response())
}

/// The crosswalk as an OSCAL 1.2 mapping collection (a download).
#[utoipa::path(get, path = "/api/v1/crosswalks/{crosswalk_id}/oscal", tag = "catalogs", params(("crosswalk_id" = String, Path)),
    responses((status = 200, description = "OSCAL 1.2 mapping collection", content_type = "application/json"), (status = 404, description = "No such crosswalk", body = Problem, content_type = "application/problem+json")))]
pub async fn export_crosswalk_oscal(
    State(state): State<AppState>,
    IdPath(id): IdPath<CrosswalkId>,
) -> Result<Response, AppError> {
    download(&state, id, Format::OscalJson, "application/json").await
}

/// The crosswalk as CSV (source, target, relation, strength, rationale).
#[utoipa::path(get, path = "/api/v1/crosswalks/{crosswalk_id}/csv", tag = "catalogs", params(("crosswalk_id" = String, Path)),
    responses((status = 200, description = "CSV", content_type = "text/csv"), (status = 404, description = "No such crosswalk", body = Problem, content_type = "application/problem+json")))]
pub async fn export_crosswalk_csv(
    State(state): State<AppState>,
    IdPath(id): IdPath<CrosswalkId>,
) -> Result<Response, AppError> {
    download(&state, id, Format::Csv, "text/csv; charset=utf-8").await
}

/// Every mapping that involves one control, in both directions, with provenance.
#[utoipa::path(get, path = "/api/v1/catalogs/{catalog_id}/controls/{control_id}/mappings", tag = "catalogs",
    params(("catalog_id" = String, Path), ("control_id" = String, Path, description = "Key or label")),
    responses((status = 200, description = "Mappings", body = Vec<ControlMapping>), (status = 404, description = "No such control", body = Problem, content_type = "application/problem+json")))]
pub async fn control_mappings(
    State(state): State<AppState>,
    Path((catalog, control)): Path<(String, String)>,
) -> Result<Json<Vec<ControlMapping>>, AppError> {
    let catalog: CatalogId = catalog.parse().map_err(|_| AppError::NotFound)?;
    let control: ControlRef = control.parse().map_err(|_| AppError::NotFound)?;
    let row = super::store::control(state.db(), catalog, control.as_str(), "en").await?.ok_or(AppError::NotFound)?;
    Ok(Json(store::for_control(state.db(), catalog, &row.key).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MatrixParams {
    pub from: String,
    pub to: String,
}

/// Every control of `from` with what it maps to in `to`, and coverage counts.
#[utoipa::path(get, path = "/api/v1/crosswalk-matrix", tag = "catalogs", params(MatrixParams),
    responses((status = 200, description = "The matrix", body = Matrix), (status = 404, description = "No such catalog", body = Problem, content_type = "application/problem+json")))]
pub async fn matrix(State(state): State<AppState>, Query(p): Query<MatrixParams>) -> Result<Json<Matrix>, AppError> {
    let from: CatalogId = p.from.parse().map_err(|_| AppError::NotFound)?;
    let to: CatalogId = p.to.parse().map_err(|_| AppError::NotFound)?;
    for id in [from, to] {
        super::store::get(state.db(), id).await?.ok_or(AppError::NotFound)?;
    }
    Ok(Json(store::matrix(state.db(), from, to).await?))
}
