//! The supplier's list of self-checks, each with where it stands (answering, ready to send,
//! in review, questions from a reviewer) and its dates, and starting one: a questionnaire with
//! a self-check already in progress continues it instead of making a second copy.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use kakehashi_domain::ids::{AssessmentId, QuestionnaireId};
use kakehashi_domain::message::Message;
use kakehashi_domain::tenancy::Permission;
use serde::Deserialize;

use super::assessment_store::{self as store, AssessmentSummary, SelfCheck};
use super::store::{self as questionnaires, QuestionnaireSummary};
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;
use crate::shell::{Page, format_date};

#[derive(Template, WebTemplate)]
#[template(path = "assess/self_checks.html")]
pub struct ListTemplate {
    page: Page,
    mine: Vec<AssessmentSummary>,
    questionnaires: Vec<QuestionnaireSummary>,
}

impl ListTemplate {
    fn title(&self, a: &AssessmentSummary) -> String {
        super::pages::self_check_title(&self.page, a)
    }
    fn questionnaire(&self, q: &QuestionnaireSummary) -> String {
        let built_in = q.made_by.is_none().then_some(q.baseline_tier).flatten();
        super::pages::questionnaire_title(&self.page, &q.title, built_in)
    }
    fn date(&self, t: &time::OffsetDateTime) -> String {
        format_date(*t)
    }
    /// Where to go from the list: the questions to fix, the answers, or the result.
    fn href(&self, a: &AssessmentSummary) -> String {
        match a.status() {
            "answering" => format!("/self-checks/{}", a.id),
            _ => format!("/self-checks/{}/result", a.id),
        }
    }
}

pub async fn list(State(state): State<AppState>, page: Page, acting: Acting) -> Result<ListTemplate, AppError> {
    let mine = store::list(state.db(), &acting.own::<SelfCheck>()).await?;
    Ok(ListTemplate { page, mine, questionnaires: questionnaires::list(state.db(), Some(&acting.own())).await? })
}

#[derive(Deserialize)]
pub struct StartForm {
    #[serde(default)]
    questionnaire: String,
    /// Another self-check to carry answers from (empty: start blank).
    #[serde(default)]
    carry_from: String,
}

pub async fn start(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    Form(form): Form<StartForm>,
) -> Result<Response, AppError> {
    let choose = || AppError::said(Message::new("self-check-error-choose"));
    let q: QuestionnaireId = form.questionnaire.parse().map_err(|_| choose())?;
    questionnaires::get(state.db(), Some(&acting.own()), q).await?.ok_or_else(choose)?;
    let carry_from = form.carry_from.parse::<AssessmentId>().ok();
    let mine = store::list(state.db(), &acting.own::<SelfCheck>()).await?;
    if carry_from.is_none()
        && let Some(open) = mine.iter().find(|a| a.questionnaire_id == q && a.state.answers_open())
    {
        return Ok(Redirect::to(&format!("/self-checks/{}", open.id)).into_response());
    }
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    let id = store::create(&mut unit, q).await?;
    unit.commit().await?;
    // Carrying reads the new self-check, so it runs once that is committed: a carry that
    // fails leaves an empty draft, which the supplier can fill or carry into again.
    if let Some(from) = carry_from {
        let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
        super::carry::carry(&state, &mut unit, id, from).await?;
        unit.commit().await?;
    }
    Ok(Redirect::to(&format!("/self-checks/{id}")).into_response())
}
