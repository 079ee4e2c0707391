//! The self-check API: start one, read it with its score, save answers.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use kakehashi_domain::assess::Answer;
use kakehashi_domain::ids::{AssessmentId, QuestionnaireId};
use kakehashi_domain::tenancy::Permission;
use serde::{Deserialize, Serialize};

use super::api::Lang;
use super::assessment_store::{self as store, AssessmentSummary, Change, SaveError, SelfCheck};
use super::assessments::{self, AssessmentView};
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, OwnPath};

pub fn routes() -> Routes {
    let (read, write) = (Access::Org(Permission::Read), Access::Org(Permission::Write));
    Routes::new()
        .api::<__path_list_assessments, _, _>(read, list_assessments)
        .api::<__path_start_assessment, _, _>(write, start_assessment)
        .api::<__path_get_assessment, _, _>(read, get_assessment)
        .api::<__path_save_answers, _, _>(write, save_answers)
        .api::<__path_carry_answers, _, _>(write, carry_answers)
        .api::<__path_confirm_answers, _, _>(write, confirm_answers)
}

impl From<SaveError> for AppError {
    fn from(e: SaveError) -> Self {
        match e {
            SaveError::Db(e) => e.into(),
            SaveError::NotFound => AppError::NotFound,
            e @ (SaveError::Conflict { .. }
            | SaveError::Submitted(_)
            | SaveError::NotDraft
            | SaveError::NotInferred(_)) => AppError::Conflict(e.to_string()),
            e => AppError::BadRequest(e.to_string()),
        }
    }
}

/// The acting organisation's self-checks, most recently changed first.
#[utoipa::path(get, path = "/api/v1/assessments", tag = "assess",
    responses((status = 200, description = "Self-checks", body = Vec<AssessmentSummary>)))]
pub async fn list_assessments(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<Json<Vec<AssessmentSummary>>, AppError> {
    Ok(Json(store::list(state.db(), &acting.own::<SelfCheck>()).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StartRequest {
    #[schema(value_type = String)]
    pub questionnaire_id: QuestionnaireId,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Started {
    #[schema(value_type = String)]
    pub id: AssessmentId,
}

/// Starts a self-check on a questionnaire, for the acting organisation.
#[utoipa::path(post, path = "/api/v1/assessments", tag = "assess", request_body = StartRequest,
    responses((status = 201, description = "Started", body = Started), (status = 400, description = "No such questionnaire")))]
pub async fn start_assessment(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Json(request): Json<StartRequest>,
) -> Result<(StatusCode, Json<Started>), AppError> {
    if super::store::get(state.db(), Some(&acting.own()), request.questionnaire_id).await?.is_none() {
        return Err(AppError::BadRequest(format!("no questionnaire has the id {}", request.questionnaire_id)));
    }
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    let id = store::create(&mut unit, request.questionnaire_id).await?;
    unit.commit().await?;
    Ok((StatusCode::CREATED, Json(Started { id })))
}

/// A self-check: every question with its answer, the score per theme and overall, the tier
/// reached and the questions to work on next.
#[utoipa::path(get, path = "/api/v1/assessments/{assessment_id}", tag = "assess", params(("assessment_id" = String, Path), Lang),
    responses((status = 200, description = "The self-check", body = AssessmentView), (status = 404, description = "Not one of yours")))]
pub async fn get_assessment(
    State(state): State<AppState>,
    acting: Acting,
    IdPath(id): IdPath<AssessmentId>,
    Query(lang): Query<Lang>,
) -> Result<Json<AssessmentView>, AppError> {
    let view = assessments::view(&state, &acting.own::<SelfCheck>(), id, lang.code(), None)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(view))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct AnswerInput {
    pub position: i64,
    /// implemented, partly, not-implemented or not-applicable (or the Japanese words).
    pub value: String,
    /// Required with not-applicable.
    pub reason: Option<String>,
    pub note: Option<String>,
    /// The version you saw; leave out for a question you saw unanswered.
    pub version: Option<i64>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SaveRequest {
    pub answers: Vec<AnswerInput>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Saved {
    /// Each saved question's position and new version.
    pub saved: Vec<(i64, i64)>,
}

/// Saves answers, all or none. Each carries the version you saw: if someone changed it since,
/// nothing is saved and the answer is 409 naming the question.
#[utoipa::path(put, path = "/api/v1/assessments/{assessment_id}/answers", tag = "assess", params(("assessment_id" = String, Path)),
    request_body = SaveRequest,
    responses((status = 200, description = "Saved", body = Saved), (status = 400, description = "Off the scale, no reason, no such question"),
              (status = 409, description = "Changed by someone else, or submitted")))]
pub async fn save_answers(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    OwnPath { id, .. }: OwnPath<SelfCheck>,
    body: Bytes,
) -> Result<Json<Saved>, AppError> {
    let request: SaveRequest = super::api::json_body(&body)?;
    let changes = request
        .answers
        .iter()
        .map(|a| {
            let answer = Answer::parse(&a.value, a.reason.as_deref())
                .map_err(|e| AppError::BadRequest(format!("question {}: {e}", a.position)))?;
            Ok(Change { position: a.position, answer, note: a.note.clone(), seen_version: a.version })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    let saved = store::save(&mut unit, id, &changes, &state.public_base()).await?;
    unit.commit().await?;
    Ok(Json(Saved { saved }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CarryRequest {
    /// Another of your self-checks to carry answers from.
    #[schema(value_type = String)]
    pub from_assessment_id: AssessmentId,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CarryResult {
    /// How many unanswered questions received a carried answer (marked inferred).
    pub carried: usize,
}

/// Fills unanswered questions from another self-check: the same item as it was answered, an
/// item of another framework through the stored mappings. Carried answers are `inferred` and
/// count only once confirmed.
#[utoipa::path(post, path = "/api/v1/assessments/{assessment_id}/carry", tag = "assess", params(("assessment_id" = String, Path)),
    request_body = CarryRequest,
    responses((status = 200, description = "Carried", body = CarryResult), (status = 409, description = "Already submitted")))]
pub async fn carry_answers(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    OwnPath { id, .. }: OwnPath<SelfCheck>,
    body: Bytes,
) -> Result<Json<CarryResult>, AppError> {
    let request: CarryRequest = super::api::json_body(&body)?;
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    let carried = super::carry::carry(&state, &mut unit, id, request.from_assessment_id).await?;
    unit.commit().await?;
    Ok(Json(CarryResult { carried }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Confirmation {
    pub position: i64,
    /// The version of the carried answer you saw.
    pub version: i64,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ConfirmRequest {
    pub answers: Vec<Confirmation>,
}

/// Confirms carried answers as they stand, all or none; from then on they count.
#[utoipa::path(post, path = "/api/v1/assessments/{assessment_id}/confirmations", tag = "assess",
    params(("assessment_id" = String, Path)), request_body = ConfirmRequest,
    responses((status = 200, description = "Confirmed", body = Saved), (status = 409, description = "Not carried, or changed since")))]
pub async fn confirm_answers(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    OwnPath { id, .. }: OwnPath<SelfCheck>,
    body: Bytes,
) -> Result<Json<Saved>, AppError> {
    let request: ConfirmRequest = super::api::json_body(&body)?;
    let seen: Vec<(i64, i64)> = request.answers.iter().map(|c| (c.position, c.version)).collect();
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    let saved = store::confirm(&mut unit, id, &seen).await?;
    unit.commit().await?;
    Ok(Json(Saved { saved }))
}
