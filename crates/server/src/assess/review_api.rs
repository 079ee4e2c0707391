//! The review API: a supplier submits a self-check to a linked organisation and replies in
//! threads; the receiving organisation's reviewers accept, ask about or reject each answer.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use kakehashi_domain::assess::review::{comment, decision};
use kakehashi_domain::ids::{AssessmentId, EvidenceId, OrgId};
use kakehashi_domain::tenancy::Permission;
use serde::{Deserialize, Serialize};

use super::api::Lang;
use super::assessments::AssessmentView;
use super::review;
use super::review_store::{self as store, Decision, Received, Reply, Review};
use crate::assess::assessment_store::SelfCheck;
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, OwnPath};

pub fn routes() -> Routes {
    let write = Access::Org(Permission::Write);
    let (read_shared, review) = (Access::Shared(Permission::Read), Access::Shared(Permission::Review));
    Routes::new()
        .api::<__path_submit_assessment, _, _>(write, submit_assessment)
        .api::<__path_reply_to_review, _, _>(write, reply_to_review)
        .api::<__path_list_reviews, _, _>(read_shared, list_reviews)
        .api::<__path_get_review, _, _>(read_shared, get_review)
        .api::<__path_decide_answer, _, _>(review, decide_answer)
        .api::<__path_download_reviewed_evidence, _, _>(read_shared, download_reviewed_evidence)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SubmitRequest {
    /// A linked organisation (usually the buyer that asked for the self-check).
    #[schema(value_type = String)]
    pub reviewer_org_id: OrgId,
    /// Why it is shared, shown to both sides (a default is used when left out).
    pub purpose: Option<String>,
}

/// Submits a self-check for review: the reviewer may read it (answers and their evidence)
/// until the grant is revoked on the sharing page.
#[utoipa::path(post, path = "/api/v1/assessments/{assessment_id}/submissions", tag = "assess",
    params(("assessment_id" = String, Path)), request_body = SubmitRequest,
    responses((status = 204, description = "Submitted"), (status = 400, description = "Not linked with that organisation"),
              (status = 409, description = "Already submitted to it")))]
pub async fn submit_assessment(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    OwnPath { id, .. }: OwnPath<SelfCheck>,
    body: axum::body::Bytes,
) -> Result<StatusCode, AppError> {
    let r: SubmitRequest = super::api::json_body(&body)?;
    review::submit(&state, &acting, &user, id, r.reviewer_org_id, r.purpose.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReplyRequest {
    #[schema(value_type = String)]
    pub reviewer_org_id: OrgId,
    pub position: i64,
    pub body: String,
}

/// Replies in the thread with one reviewer about one question.
#[utoipa::path(post, path = "/api/v1/assessments/{assessment_id}/replies", tag = "assess",
    params(("assessment_id" = String, Path)), request_body = ReplyRequest,
    responses((status = 204, description = "Added"), (status = 400, description = "Empty, too long, or not submitted there")))]
pub async fn reply_to_review(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    OwnPath { id, .. }: OwnPath<SelfCheck>,
    body: axum::body::Bytes,
) -> Result<StatusCode, AppError> {
    let r: ReplyRequest = super::api::json_body(&body)?;
    let text = comment(&r.body, false).map_err(|e| AppError::BadRequest(e.to_string()))?.unwrap_or_default();
    let reply = Reply { reviewer: r.reviewer_org_id, position: r.position, body: &text };
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    store::reply(&mut unit, id, reply).await?;
    unit.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Self-checks submitted to the acting organisation (while their grants are live).
#[utoipa::path(get, path = "/api/v1/reviews", tag = "assess",
    responses((status = 200, description = "Received self-checks", body = Vec<Received>)))]
pub async fn list_reviews(State(state): State<AppState>, acting: Acting) -> Result<Json<Vec<Received>>, AppError> {
    Ok(Json(store::received(state.db(), &acting.own::<Review>(), state.now()).await?))
}

/// A received self-check with this organisation's verdicts and threads; the score counts a
/// "not applicable" only where this organisation accepted its reason.
#[utoipa::path(get, path = "/api/v1/reviews/{assessment_id}", tag = "assess", params(("assessment_id" = String, Path), Lang),
    responses((status = 200, description = "The self-check under review", body = AssessmentView),
              (status = 404, description = "Not submitted to you, or no longer shared")))]
pub async fn get_review(
    State(state): State<AppState>,
    acting: Acting,
    IdPath(id): IdPath<AssessmentId>,
    Query(lang): Query<Lang>,
) -> Result<Json<AssessmentView>, AppError> {
    Ok(Json(review::view(&state, &acting, id, lang.code()).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct VerdictRequest {
    pub position: i64,
    /// accepted, asked or rejected.
    pub verdict: String,
    /// Required when asking or rejecting.
    #[serde(default)]
    pub comment: String,
    /// The verdict version you saw (leave out if there was none).
    pub version: Option<i64>,
    /// The answer version you saw.
    pub answer_version: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Decided {
    /// The verdict's new version.
    pub version: i64,
}

/// Accepts, asks about or rejects one answer. If another reviewer decided since you looked,
/// or the supplier changed the answer, nothing is written and the answer is 409.
#[utoipa::path(put, path = "/api/v1/reviews/{assessment_id}/verdicts", tag = "assess",
    params(("assessment_id" = String, Path)), request_body = VerdictRequest,
    responses((status = 200, description = "Recorded", body = Decided), (status = 400, description = "No reason, no answer"),
              (status = 409, description = "Changed since you looked")))]
pub async fn decide_answer(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    IdPath(id): IdPath<AssessmentId>,
    body: axum::body::Bytes,
) -> Result<Json<Decided>, AppError> {
    let scope = review::reach(&state, &acting, id).await?;
    let r: VerdictRequest = serde_json::from_slice(&body)
        .map_err(|e| AppError::BadRequest(format!("the request body does not fit: {e}")))?;
    let (verdict, comment) = decision(&r.verdict, &r.comment).map_err(|e| AppError::BadRequest(e.to_string()))?;
    let d = Decision { position: r.position, verdict, comment, seen_version: r.version, seen_answer: r.answer_version };
    let base = state.public_base();
    let mut unit = state.begin(&acting, user.id, Permission::Review).await?;
    let version = store::decide(&mut unit, &scope, &base, id, &d).await?;
    unit.commit().await?;
    Ok(Json(Decided { version }))
}

/// A file of evidence shown with the received self-check, as an attachment.
#[utoipa::path(get, path = "/api/v1/reviews/{assessment_id}/evidence/{evidence_id}/download", tag = "assess",
    params(("assessment_id" = String, Path), ("evidence_id" = String, Path)),
    responses((status = 200, description = "The file"), (status = 404, description = "Not shown with this self-check")))]
pub async fn download_reviewed_evidence(
    State(state): State<AppState>,
    acting: Acting,
    Path((id, evidence)): Path<(String, String)>,
) -> Result<Response, AppError> {
    // A malformed id, like one that exists nowhere, is simply not found.
    let (Ok(id), Ok(evidence)) = (id.parse::<AssessmentId>(), evidence.parse::<EvidenceId>()) else {
        return Err(AppError::NotFound);
    };
    review::evidence_download(&state, &acting, id, evidence).await
}
