//! A self-check as its organisation sees it: every question with its answer, the score per
//! theme and overall, the tier reached and what to do next (domain::assess's rule).

use kakehashi_domain::assess::review::ReviewState;
use kakehashi_domain::assess::{ItemState, Scoring, next_steps, score};
use kakehashi_domain::baseline::Tier;
use kakehashi_domain::ids::{AssessmentId, OrgId};
use serde::Serialize;

use super::assessment_store::{self as store, AssessmentSummary, SelfCheck, StoredAnswer};
use super::evidence_store::{self, EvidenceView};
use super::review_store::{self, AnswerReview};
use super::store::{self as questionnaires, Question};
use crate::platform::state::AppState;
use crate::platform::tenancy::ObjectScope;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AnsweredQuestion {
    pub question: Question,
    pub answer: Option<StoredAnswer>,
    /// Evidence attached to the answer, and certificates that cover the item.
    pub evidence: Vec<EvidenceView>,
    /// Where the answer stands with each reviewer it was submitted to, and the threads.
    pub reviews: Vec<AnswerReview>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssessmentView {
    pub assessment: AssessmentSummary,
    pub questions: Vec<AnsweredQuestion>,
    #[schema(value_type = Object)]
    pub scoring: Scoring,
    /// Positions of the questions to work on next, nearest to done first.
    pub next_steps: Vec<i64>,
}

/// A self-check as the scope sees it. `reviewer` is the reviewing organisation looking at it
/// (only its own verdicts and threads are shown, and only its acceptance of a "not
/// applicable" reason counts); `None` is the supplier's own view (any reviewer's acceptance
/// counts).
pub async fn view(
    state: &AppState,
    scope: &impl ObjectScope<SelfCheck>,
    id: AssessmentId,
    lang: &str,
    reviewer: Option<OrgId>,
) -> Result<Option<AssessmentView>, sqlx::Error> {
    let Some(assessment) = store::get(state.db(), scope, id).await? else { return Ok(None) };
    let questions = questionnaires::questions(state.db(), assessment.questionnaire_id, lang).await?;
    let mut answers = store::answers(state.db(), scope, id).await?.into_iter().peekable();
    let mut evidence = evidence_store::for_assessment(state.db(), scope, id).await?.into_iter().peekable();
    let mut reviews = review_store::reviews(state.db(), scope, id, reviewer).await?.into_iter().peekable();
    let mut rows = Vec::with_capacity(questions.len());
    for question in questions {
        let answer = answers.next_if(|a| a.position == question.position);
        let mut attached = Vec::new();
        while let Some((_, e)) = evidence.next_if(|(p, _)| *p == question.position) {
            attached.push(e);
        }
        let mut answer_reviews = Vec::new();
        while let Some((_, r)) = reviews.next_if(|(p, _)| *p == question.position) {
            answer_reviews.push(r);
        }
        rows.push(AnsweredQuestion { question, answer, evidence: attached, reviews: answer_reviews });
    }
    let items: Vec<ItemState> = rows.iter().map(item_state).collect();
    let next = next_steps(&items).into_iter().map(|i| rows[i].question.position).collect();
    Ok(Some(AssessmentView { assessment, scoring: score(&items), next_steps: next, questions: rows }))
}

fn item_state(q: &AnsweredQuestion) -> ItemState {
    ItemState {
        theme: q.question.theme.clone(),
        tier: q.question.tier.and_then(|t| u8::try_from(t).ok()).and_then(|t| Tier::try_from(t).ok()),
        answer: q.answer.as_ref().map(|a| a.answer.clone()),
        counts: q.answer.as_ref().is_some_and(|a| a.origin.counts()),
        reason_accepted: q.reviews.iter().any(|r| r.state == ReviewState::Accepted),
    }
}
