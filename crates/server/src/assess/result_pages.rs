//! The result of a self-check in plain words: what a reviewer is waiting for first, then the
//! tier reached and how many items are left to the next one, the score as a bar, the score per
//! theme, what to do next (saying why an item answered "not applicable" is listed), the
//! threads, and asking a linked customer to review it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use kakehashi_domain::assess::review::ReviewState;
use kakehashi_domain::assess::{Answer, Score};
use kakehashi_domain::ids::{AssessmentId, OrgId};

use super::assessment_store::SelfCheck;
use super::assessments::{self, AnsweredQuestion, AssessmentView};
use super::review_store::{AnswerReview, Comment};
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;
use crate::shell::{Page, format_time};

#[derive(Template, WebTemplate)]
#[template(path = "assess/result.html")]
pub struct ResultTemplate {
    page: Page,
    view: AssessmentView,
    title: String,
    /// Linked organisations it can still be submitted to.
    counterparts: Vec<(OrgId, String)>,
    /// Organisations it was submitted to.
    submitted_to: Vec<(OrgId, String)>,
}

impl ResultTemplate {
    fn percent(&self, s: &Score) -> Option<u32> {
        s.percent()
    }
    fn tier_line(&self) -> String {
        match self.view.scoring.tier {
            Some(t) => self.page.t1("result-tier-reached", "tier", &t.number().to_string()),
            None => self.page.t("result-tier-none"),
        }
    }
    fn next_line(&self) -> Option<String> {
        let next = self.view.scoring.next?;
        let tier = next.tier.number().to_string();
        let args = [("tier", tier), ("count", next.missing.to_string())];
        Some(kakehashi_content::i18n::text_with(self.page.locale, "result-tier-next", &args))
    }
    /// When this questionnaire has no higher tier: the next tier's own self-check.
    fn next_questionnaire(&self) -> Option<String> {
        let reached = self.view.scoring.tier?.number();
        (reached < 4).then(|| self.page.t1("result-try-next-tier", "tier", &(reached + 1).to_string()))
    }
    fn awaiting_line(&self) -> Option<String> {
        let next = self.view.scoring.next.filter(|n| n.awaiting_review > 0)?;
        Some(self.page.t1("result-awaiting-review", "count", &next.awaiting_review.to_string()))
    }
    /// Answers a reviewer asked about or rejected, as they stand: the supplier's to do.
    /// With the supplier's reply to each, if there is one.
    fn waiting(&self) -> Vec<(&AnsweredQuestion, &AnswerReview, Option<&Comment>, Option<&Comment>)> {
        let mut out = Vec::new();
        for q in &self.view.questions {
            for r in q.reviews.iter().filter(|r| matches!(r.state, ReviewState::Asked | ReviewState::Rejected)) {
                let (said, replied) = r.open_question();
                out.push((q, r, said, replied));
            }
        }
        out
    }
    fn reviewed_questions(&self) -> Vec<&AnsweredQuestion> {
        self.view.questions.iter().filter(|q| !q.reviews.is_empty()).collect()
    }
    fn next_questions(&self) -> Vec<&AnsweredQuestion> {
        self.view
            .next_steps
            .iter()
            .filter_map(|p| self.view.questions.iter().find(|q| q.question.position == *p))
            .collect()
    }
    /// Why an item is among the next steps, in a few words.
    fn why_listed(&self, q: &AnsweredQuestion) -> &'static str {
        match q.answer.as_ref() {
            None => "result-why-unanswered",
            Some(a) if !a.origin.counts() => "result-why-unconfirmed",
            Some(a) => match a.answer {
                Answer::Partly => "result-why-partly",
                Answer::NotImplemented => "result-why-not-implemented",
                Answer::NotApplicable { .. } => "result-why-reason-pending",
                Answer::Implemented => "result-why-unanswered",
            },
        }
    }
    /// Whether the answer may change now (not while a reviewer holds it).
    fn may_change(&self, q: &AnsweredQuestion) -> bool {
        !super::answer_pages::locked(&self.view, q)
    }
    fn answer_href(&self, q: &AnsweredQuestion) -> String {
        format!("/self-checks/{}?screen={}#q{}", self.view.assessment.id, q.question.screen, q.question.position)
    }
    fn time(&self, c: &Comment) -> String {
        format_time(c.created_at)
    }
}

pub async fn result(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    IdPath(id): IdPath<AssessmentId>,
) -> Result<ResultTemplate, AppError> {
    let view = assessments::view(&state, &acting.own::<SelfCheck>(), id, page.lang(), None)
        .await?
        .ok_or(AppError::NotFound)?;
    let submitted_to = super::review_store::submitted_to(state.db(), &acting.own(), id).await?;
    let counterparts = crate::relations::store::answers_to(state.db(), &acting.own())
        .await?
        .into_iter()
        .filter(|(org, _)| !submitted_to.iter().any(|(done, _)| done == org))
        .collect();
    let title = super::pages::self_check_title(&page, &view.assessment);
    Ok(ResultTemplate { page, view, title, counterparts, submitted_to })
}
