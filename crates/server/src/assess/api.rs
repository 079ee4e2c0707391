//! The questionnaires API.

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use kakehashi_domain::ids::QuestionnaireId;
use kakehashi_domain::tenancy::Permission;
use serde::Serialize;

use super::questionnaires::{self, QuestionnaireError, QuestionnaireRequest};
use super::store::{self, Question, QuestionnaireSummary};
use crate::platform::auth::{Caller, CurrentUser};
use crate::platform::error::AppError;
use crate::platform::routes::{Access, IdPath, Routes};
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, Own, own_if_acting};

pub fn routes() -> Routes {
    Routes::new()
        .api::<__path_list_questionnaires, _, _>(Access::SignedIn, list_questionnaires)
        .api::<__path_create_questionnaire, _, _>(Access::Org(Permission::Write), create_questionnaire)
        .api::<__path_get_questionnaire, _, _>(Access::SignedIn, get_questionnaire)
}

impl From<QuestionnaireError> for AppError {
    fn from(e: QuestionnaireError) -> Self {
        match e {
            QuestionnaireError::Db(e) => e.into(),
            e => AppError::BadRequest(e.to_string()),
        }
    }
}

/// The questionnaires the caller may use: the built-in ones for each tier of the baseline
/// first, then those the acting organisation made.
#[utoipa::path(get, path = "/api/v1/questionnaires", tag = "assess",
    responses((status = 200, description = "Questionnaires", body = Vec<QuestionnaireSummary>)))]
pub async fn list_questionnaires(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<QuestionnaireSummary>>, AppError> {
    Ok(Json(store::list(state.db(), own_if_acting(caller.acting.as_ref()).as_ref()).await?))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    #[schema(value_type = String)]
    pub id: QuestionnaireId,
}

/// Makes a questionnaire from a profile or from tiers of the baseline, for the acting
/// organisation.
#[utoipa::path(post, path = "/api/v1/questionnaires", tag = "assess", request_body = QuestionnaireRequest,
    responses((status = 201, description = "Made", body = Created), (status = 400, description = "No title, no source, nothing to ask")))]
pub async fn create_questionnaire(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Json(request): Json<QuestionnaireRequest>,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    let id = questionnaires::create(&state, &mut unit, &request).await?;
    unit.commit().await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

pub use crate::baseline::api::Lang;

/// A screen of questions.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ScreenView {
    pub number: i64,
    /// The titles of the themes on it.
    pub themes: Vec<String>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QuestionnaireView {
    pub questionnaire: QuestionnaireSummary,
    pub screens: Vec<ScreenView>,
}

/// A questionnaire, screen by screen, each question with what it means, where to start and
/// what counts as evidence.
#[utoipa::path(get, path = "/api/v1/questionnaires/{questionnaire_id}", tag = "assess", params(("questionnaire_id" = String, Path), Lang),
    responses((status = 200, description = "The questionnaire", body = QuestionnaireView), (status = 404, description = "No such questionnaire")))]
pub async fn get_questionnaire(
    State(state): State<AppState>,
    caller: Caller,
    IdPath(id): IdPath<QuestionnaireId>,
    Query(lang): Query<Lang>,
) -> Result<Json<QuestionnaireView>, AppError> {
    Ok(Json(
        view(&state, own_if_acting(caller.acting.as_ref()).as_ref(), id, lang.code())
            .await?
            .ok_or(AppError::NotFound)?,
    ))
}

pub async fn view(
    state: &AppState,
    viewer: Option<&Own<QuestionnaireSummary>>,
    id: QuestionnaireId,
    lang: &str,
) -> Result<Option<QuestionnaireView>, sqlx::Error> {
    let Some(questionnaire) = store::get(state.db(), viewer, id).await? else { return Ok(None) };
    let mut screens: Vec<ScreenView> = Vec::new();
    for q in store::questions(state.db(), id, lang).await? {
        if screens.last().is_none_or(|s| s.number != q.screen) {
            screens.push(ScreenView { number: q.screen, themes: vec![], questions: vec![] });
        }
        if let Some(s) = screens.last_mut() {
            if !s.themes.contains(&q.theme) {
                s.themes.push(q.theme.clone());
            }
            s.questions.push(q);
        }
    }
    Ok(Some(QuestionnaireView { questionnaire, screens }))
}

/// A JSON request body read as `T`; one that does not fit is a 400 saying why.
pub fn json_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    serde_json::from_slice(body).map_err(|e| AppError::BadRequest(format!("the request body does not fit: {e}")))
}
