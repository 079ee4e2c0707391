//! Questionnaire pages: the list, and one screen at a time with the guidance beside each
//! question (a preview of what a supplier answers).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use kakehashi_domain::ids::QuestionnaireId;
use serde::Deserialize;

use super::api::{QuestionnaireView, view};
use super::store::{self, QuestionnaireSummary};
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::platform::tenancy::own_if_acting;
use crate::shell::Page;

#[derive(Template, WebTemplate)]
#[template(path = "assess/questionnaires.html")]
pub struct ListTemplate {
    page: Page,
    questionnaires: Vec<QuestionnaireSummary>,
}

pub async fn list(State(state): State<AppState>, page: Page) -> Result<ListTemplate, AppError> {
    let questionnaires = store::list(state.db(), own_if_acting(page.acting.as_ref()).as_ref()).await?;
    Ok(ListTemplate { page, questionnaires })
}

#[derive(Deserialize)]
pub struct ScreenParam {
    screen: Option<usize>,
}

#[derive(Template, WebTemplate)]
#[template(path = "assess/questionnaire.html")]
pub struct ScreenTemplate {
    page: Page,
    view: QuestionnaireView,
    /// Index into `view.screens`.
    at: usize,
}

impl ScreenTemplate {
    fn progress(&self) -> String {
        self.page.t1("questionnaire-screen-of", "count", &format!("{} / {}", self.at + 1, self.view.screens.len()))
    }
    fn current(&self) -> Option<&super::api::ScreenView> {
        self.view.screens.get(self.at)
    }
    fn prev(&self) -> Option<usize> {
        self.at.checked_sub(1)
    }
    fn next(&self) -> Option<usize> {
        (self.at + 1 < self.view.screens.len()).then_some(self.at + 1)
    }
    fn link(&self, at: &usize) -> String {
        format!("/questionnaires/{}?screen={at}", self.view.questionnaire.id)
    }
}

pub async fn screen(
    State(state): State<AppState>,
    page: Page,
    IdPath(id): IdPath<QuestionnaireId>,
    Query(p): Query<ScreenParam>,
) -> Result<ScreenTemplate, AppError> {
    let view =
        view(&state, own_if_acting(page.acting.as_ref()).as_ref(), id, page.lang()).await?.ok_or(AppError::NotFound)?;
    let at = p.screen.unwrap_or(0);
    if at >= view.screens.len().max(1) {
        return Err(AppError::NotFound);
    }
    Ok(ScreenTemplate { page, view, at })
}

/// The title of a self-check in the reader's language: a built-in questionnaire of the
/// baseline is named by its tier; any other keeps the title its maker gave it.
pub fn self_check_title(page: &Page, a: &super::assessment_store::AssessmentSummary) -> String {
    questionnaire_title(page, &a.title, a.built_in_tier)
}

/// The same for a questionnaire.
pub fn questionnaire_title(page: &Page, title: &str, built_in_tier: Option<i64>) -> String {
    match built_in_tier {
        Some(tier) => page.t1("questionnaire-built-in-title", "tier", &tier.to_string()),
        None => title.to_owned(),
    }
}
