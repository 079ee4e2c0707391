//! The catalogs API.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use kakehashi_domain::catalog::ControlRef;
use kakehashi_domain::ids::CatalogId;
use serde::Deserialize;

use super::import::{self, CatalogImportError, Imported, Options, SheetDetails, Upload};
use super::store::{self, CatalogSummary, ControlRow};
use crate::platform::auth::Operator;
use crate::platform::error::{AppError, Problem};
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .api::<__path_list_catalogs, _, _>(Access::SignedIn, list_catalogs)
        .api_upload::<__path_import_catalog, _, _>(Access::Operator, import_catalog)
        .api::<__path_get_catalog, _, _>(Access::SignedIn, get_catalog)
        .api::<__path_catalog_controls, _, _>(Access::SignedIn, catalog_controls)
        .api::<__path_catalog_control, _, _>(Access::SignedIn, catalog_control)
        .api::<__path_export_catalog_oscal, _, _>(Access::SignedIn, export_catalog_oscal)
}

/// Every imported catalog.
#[utoipa::path(get, path = "/api/v1/catalogs", tag = "catalogs", responses((status = 200, description = "By title", body = Vec<CatalogSummary>)))]
pub async fn list_catalogs(State(state): State<AppState>) -> Result<Json<Vec<CatalogSummary>>, AppError> {
    Ok(Json(store::list(state.db()).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ImportParams {
    /// The file's name, for messages and the record of where the catalog came from.
    pub name: Option<String>,
    /// Terms of use to show with the catalog.
    pub licence_note: Option<String>,
    /// For a guideline in our CSV form (`name` ending in `.csv`): its title.
    pub title: Option<String>,
    /// For CSV: its version (edition or year).
    pub version: Option<String>,
    /// For CSV: who issues it.
    pub issuer: Option<String>,
    /// For CSV: the language of text columns without a suffix (default `ja`).
    pub language: Option<String>,
}

impl From<CatalogImportError> for AppError {
    fn from(e: CatalogImportError) -> Self {
        match e {
            CatalogImportError::Format(e) => AppError::BadRequest(e.to_string()),
            e @ CatalogImportError::AlreadyImported { .. } => AppError::Conflict(e.to_string()),
            e @ CatalogImportError::SheetNeedsDetails { .. } => AppError::BadRequest(e.to_string()),
            CatalogImportError::Db(e) => e.into(),
        }
    }
}

/// Imports a catalog sent as the request body: OSCAL (JSON or XML, 1.0 to 1.2), or our
/// guideline form in YAML or CSV (told by `name`; see docs/guideline-form.md).
#[utoipa::path(post, path = "/api/v1/catalogs", tag = "catalogs", params(ImportParams),
    request_body(content = String, description = "The OSCAL catalog file", content_type = "application/json"),
    responses(
        (status = 201, description = "Imported", body = Imported),
        (status = 400, description = "Not a readable OSCAL catalog; the detail says where", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "That title and version is already imported", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "Larger than 50 MB", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn import_catalog(
    State(state): State<AppState>,
    Operator(op): Operator,
    Query(p): Query<ImportParams>,
    body: Bytes,
) -> Result<(StatusCode, Json<Imported>), AppError> {
    let name = p.name.unwrap_or_else(|| "upload".into());
    let sheet = (p.title.is_some() || p.version.is_some()).then(|| SheetDetails {
        title: p.title.unwrap_or_default(),
        version: p.version.unwrap_or_default(),
        issuer: p.issuer,
        language: p.language,
    });
    let options = Options { licence_note: p.licence_note, sheet, ..Options::default() };
    let imported = import::import(&state, Upload { name: &name, bytes: &body }, options, Some(op.id)).await?;
    Ok((StatusCode::CREATED, Json(imported)))
}

/// One catalog.
#[utoipa::path(get, path = "/api/v1/catalogs/{catalog_id}", tag = "catalogs", params(("catalog_id" = String, Path)),
    responses((status = 200, description = "The catalog", body = CatalogSummary), (status = 404, description = "No such catalog", body = Problem, content_type = "application/problem+json")))]
pub async fn get_catalog(
    State(state): State<AppState>,
    IdPath(id): IdPath<CatalogId>,
) -> Result<Json<CatalogSummary>, AppError> {
    Ok(Json(store::get(state.db(), id).await?.ok_or(AppError::NotFound)?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct LangParam {
    /// `ja` or `en`: which text to return where a control has both (default: the catalog's own).
    pub lang: Option<String>,
}

/// Every group and control of a catalog, in document order.
#[utoipa::path(get, path = "/api/v1/catalogs/{catalog_id}/controls", tag = "catalogs", params(("catalog_id" = String, Path), LangParam),
    responses((status = 200, description = "The tree, flattened with depths", body = Vec<ControlRow>), (status = 404, description = "No such catalog", body = Problem, content_type = "application/problem+json")))]
pub async fn catalog_controls(
    State(state): State<AppState>,
    IdPath(id): IdPath<CatalogId>,
    Query(l): Query<LangParam>,
) -> Result<Json<Vec<ControlRow>>, AppError> {
    store::get(state.db(), id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(store::tree(state.db(), id, l.lang.as_deref().unwrap_or("en")).await?))
}

/// One control, by its key or any form of its label (`ac-2.3`, `AC-2(3)`).
#[utoipa::path(get, path = "/api/v1/catalogs/{catalog_id}/controls/{control_id}", tag = "catalogs",
    params(("catalog_id" = String, Path), ("control_id" = String, Path, description = "Key or label"), LangParam),
    responses((status = 200, description = "The control", body = ControlRow), (status = 404, description = "No such control", body = Problem, content_type = "application/problem+json")))]
pub async fn catalog_control(
    State(state): State<AppState>,
    Path((id, control)): Path<(String, String)>,
    Query(l): Query<LangParam>,
) -> Result<Json<ControlRow>, AppError> {
    let id: CatalogId = id.parse().map_err(|_| AppError::NotFound)?;
    let control: ControlRef = control.parse().map_err(|_| AppError::NotFound)?;
    Ok(Json(
        store::control(state.db(), id, control.as_str(), l.lang.as_deref().unwrap_or("en"))
            .await?
            .ok_or(AppError::NotFound)?,
    ))
}

/// The catalog as an OSCAL 1.2 JSON document (a download).
#[utoipa::path(get, path = "/api/v1/catalogs/{catalog_id}/oscal", tag = "catalogs", params(("catalog_id" = String, Path), LangParam),
    responses(
        (status = 200, description = "OSCAL 1.2 catalog", content_type = "application/json"),
        (status = 404, description = "No such catalog", body = Problem, content_type = "application/problem+json")
    ))]
pub async fn export_catalog_oscal(
    State(state): State<AppState>,
    IdPath(id): IdPath<CatalogId>,
    Query(l): Query<LangParam>,
) -> Result<axum::response::Response, AppError> {
    let (document, file_name) =
        super::export::oscal_json(&state, id, l.lang.as_deref()).await?.ok_or(AppError::NotFound)?;
    let disposition = format!("attachment; filename=\"{file_name}\"");
    Ok(axum::response::IntoResponse::into_response((
        [
            (axum::http::header::CONTENT_TYPE, "application/json".to_owned()),
            (axum::http::header::CONTENT_DISPOSITION, disposition),
        ],
        document,
    )))
}
