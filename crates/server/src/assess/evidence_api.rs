//! The evidence API: keep evidence once (a file, a link, a statement, a certificate) and
//! attach it to any number of answers.

use axum::Json;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use futures_util::StreamExt;
use kakehashi_domain::assess::evidence::original_name;
use kakehashi_domain::ids::EvidenceId;
use kakehashi_domain::tenancy::Permission;
use serde::{Deserialize, Serialize};

use super::evidence::{self, EvidenceInput};
use super::evidence_store::{self as store, AttachError, Evidence, EvidenceView};
use crate::assess::assessment_store::SelfCheck;
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, OwnPath};

pub fn routes() -> Routes {
    let (read, write) = (Access::Org(Permission::Read), Access::Org(Permission::Write));
    Routes::new()
        .api::<__path_list_evidence, _, _>(read, list_evidence)
        .api::<__path_add_evidence, _, _>(write, add_evidence)
        .api_upload::<__path_upload_evidence, _, _>(write, upload_evidence)
        .api::<__path_get_evidence, _, _>(read, get_evidence)
        .api::<__path_download_evidence, _, _>(read, download_evidence)
        .api::<__path_withdraw_evidence, _, _>(write, withdraw_evidence)
        .api::<__path_attach_evidence, _, _>(write, attach_evidence)
}

impl From<AttachError> for AppError {
    fn from(e: AttachError) -> Self {
        match e {
            AttachError::Db(e) => e.into(),
            AttachError::NotFound => AppError::NotFound,
            e => AppError::BadRequest(e.to_string()),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Added {
    #[schema(value_type = String)]
    pub id: EvidenceId,
}

/// The acting organisation's evidence, newest first; withdrawn evidence last.
#[utoipa::path(get, path = "/api/v1/evidence", tag = "assess",
    responses((status = 200, description = "Evidence", body = Vec<EvidenceView>)))]
pub async fn list_evidence(State(state): State<AppState>, acting: Acting) -> Result<Json<Vec<EvidenceView>>, AppError> {
    Ok(Json(store::list(state.db(), &acting.own::<Evidence>()).await?))
}

/// Adds a link, a statement, or a certificate without a scan.
#[utoipa::path(post, path = "/api/v1/evidence", tag = "assess", request_body = EvidenceInput,
    responses((status = 201, description = "Added", body = Added), (status = 400, description = "A field is wrong")))]
pub async fn add_evidence(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Json(input): Json<EvidenceInput>,
) -> Result<(StatusCode, Json<Added>), AppError> {
    let new = input.check(&state, None).await?;
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    let id = store::create(&mut unit, &new).await?;
    unit.commit().await?;
    Ok((StatusCode::CREATED, Json(Added { id })))
}

/// The fields of a file upload, in its query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UploadQuery {
    /// The file's name on your computer (shown, and offered back as the download name).
    pub name: String,
    /// `file` (the default) or `certificate` (a certificate's scan).
    pub kind: Option<String>,
    pub title: Option<String>,
    pub scheme: Option<String>,
    pub number: Option<String>,
    pub issuer: Option<String>,
    pub issued_on: Option<String>,
    pub expires_on: Option<String>,
    /// Baseline item keys a certificate covers, separated by commas.
    pub covers: Option<String>,
}

/// Uploads a file as the request body (any Content-Type: the type is judged from the content).
/// The same content uploaded twice is stored once.
#[utoipa::path(post, path = "/api/v1/evidence/files", tag = "assess", params(UploadQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, description = "Added", body = Added), (status = 400, description = "Refused type or field"),
              (status = 413, description = "Larger than the limit")))]
pub async fn upload_evidence(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Query(q): Query<UploadQuery>,
    body: Body,
) -> Result<(StatusCode, Json<Added>), AppError> {
    let mut stream = body.into_data_stream();
    let mut incoming = state.files().receive_for(state.db(), acting.org_id()).await?;
    while let Some(chunk) = stream.next().await.transpose().map_err(evidence::interrupted)? {
        incoming.write(&chunk).await?;
    }
    let stored = incoming.finish(acting.org_id()).await?;
    let input = EvidenceInput {
        kind: q.kind.unwrap_or_default(),
        title: q.title.unwrap_or_default(),
        scheme: q.scheme,
        number: q.number,
        issuer: q.issuer,
        issued_on: q.issued_on,
        expires_on: q.expires_on,
        covers: q.covers.map(|c| c.split(',').map(str::to_owned).collect()).unwrap_or_default(),
        ..EvidenceInput::default()
    };
    let new = input.check(&state, Some((stored, original_name(&q.name)))).await?;
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    let id = store::create(&mut unit, &new).await?;
    unit.commit().await?;
    Ok((StatusCode::CREATED, Json(Added { id })))
}

#[utoipa::path(get, path = "/api/v1/evidence/{evidence_id}", tag = "assess", params(("evidence_id" = String, Path)),
    responses((status = 200, description = "The evidence", body = EvidenceView), (status = 404, description = "Not yours")))]
pub async fn get_evidence(
    State(state): State<AppState>,
    acting: Acting,
    IdPath(id): IdPath<EvidenceId>,
) -> Result<Json<EvidenceView>, AppError> {
    Ok(Json(store::get(state.db(), &acting.own(), id).await?.ok_or(AppError::NotFound)?))
}

/// The file, as an attachment.
#[utoipa::path(get, path = "/api/v1/evidence/{evidence_id}/download", tag = "assess", params(("evidence_id" = String, Path)),
    responses((status = 200, description = "The file"), (status = 404, description = "Not yours, or no file")))]
pub async fn download_evidence(
    State(state): State<AppState>,
    acting: Acting,
    IdPath(id): IdPath<EvidenceId>,
) -> Result<Response, AppError> {
    let own = acting.own::<Evidence>();
    let view = store::get(state.db(), &own, id).await?.ok_or(AppError::NotFound)?;
    evidence::download(&state, &own, &view).await
}

/// Withdraws evidence: no longer offered; answers it supports show it as withdrawn.
#[utoipa::path(delete, path = "/api/v1/evidence/{evidence_id}", tag = "assess", params(("evidence_id" = String, Path)),
    responses((status = 204, description = "Withdrawn"), (status = 404, description = "Not yours, or already withdrawn")))]
pub async fn withdraw_evidence(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    IdPath(id): IdPath<EvidenceId>,
) -> Result<StatusCode, AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    if store::withdraw(&mut unit, id).await? {
        unit.commit().await?;
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AttachRequest {
    pub position: i64,
    /// All the evidence for this question (replaces what was attached).
    #[schema(value_type = Vec<String>)]
    pub evidence_ids: Vec<EvidenceId>,
}

/// Sets the evidence attached to one question of a self-check.
#[utoipa::path(put, path = "/api/v1/assessments/{assessment_id}/evidence", tag = "assess",
    params(("assessment_id" = String, Path)), request_body = AttachRequest,
    responses((status = 204, description = "Attached"), (status = 400, description = "No such question or evidence")))]
pub async fn attach_evidence(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    OwnPath { id, .. }: OwnPath<SelfCheck>,
    body: axum::body::Bytes,
) -> Result<StatusCode, AppError> {
    let request: AttachRequest = super::api::json_body(&body)?;
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    store::attach(&mut unit, id, request.position, &request.evidence_ids).await?;
    unit.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
