//! Review pages. The reviewer's side: self-checks received, and one self-check with a decision
//! form per answer and its thread. The supplier's side (on the result page): submit to a linked
//! organisation, and reply in the threads.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::assess::review::{ReviewState, Verdict, comment, decision};
use kakehashi_domain::ids::{AssessmentId, EvidenceId, OrgId};
use kakehashi_domain::message::{Explain, Message};
use kakehashi_domain::tenancy::Permission;
use serde::Deserialize;
use tower_sessions::Session;

use super::assessments::{AnsweredQuestion, AssessmentView};
use super::review;
use super::review_store::{self as store, AnswerReview, Decision, Received, Reply, Review, ReviewStoreError};
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, OwnPath};
use crate::shell::{Page, format_date, format_time};

#[derive(Template, WebTemplate)]
#[template(path = "assess/reviews.html")]
pub struct ReviewsTemplate {
    page: Page,
    received: Vec<Received>,
}

impl ReviewsTemplate {
    fn title(&self, r: &Received) -> String {
        super::questionnaire_title(&self.page, &r.title, r.built_in_tier)
    }
    fn date(&self, t: &time::OffsetDateTime) -> String {
        format_date(*t)
    }
}

pub async fn list(State(state): State<AppState>, page: Page, acting: Acting) -> Result<ReviewsTemplate, AppError> {
    let received = store::received(state.db(), &acting.own::<Review>(), state.now()).await?;
    Ok(ReviewsTemplate { page, received })
}

/// What a reviewer typed for one answer, kept when the page comes back with a problem.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct VerdictForm {
    #[serde(default)]
    position: i64,
    #[serde(default)]
    verdict: String,
    #[serde(default)]
    comment: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    answer_version: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "assess/review.html")]
pub struct ReviewTemplate {
    page: Page,
    view: AssessmentView,
    /// The self-check as received: who sent it, when, what awaits.
    received: Option<Received>,
    title: String,
    typed: Option<VerdictForm>,
    /// A problem at one question.
    problem: Option<(i64, Message)>,
}

impl ReviewTemplate {
    fn mine<'a>(&self, q: &'a AnsweredQuestion) -> Option<&'a AnswerReview> {
        q.reviews.first()
    }
    fn state(&self, q: &AnsweredQuestion) -> ReviewState {
        self.mine(q).map_or(ReviewState::Pending, |r| r.state)
    }
    fn state_key(&self, q: &AnsweredQuestion) -> String {
        format!("review-state-{}", self.state(q).as_str())
    }
    fn version(&self, q: &AnsweredQuestion) -> String {
        self.mine(q).and_then(|r| r.version).map(|v| v.to_string()).unwrap_or_default()
    }
    fn typed_here(&self, q: &AnsweredQuestion) -> Option<&VerdictForm> {
        self.typed.as_ref().filter(|t| t.position == q.question.position)
    }
    fn typed_comment(&self, q: &AnsweredQuestion) -> String {
        self.typed_here(q).map(|t| t.comment.clone()).unwrap_or_default()
    }
    fn typed_verdict(&self, q: &AnsweredQuestion, value: &str) -> bool {
        self.typed_here(q).is_some_and(|t| t.verdict == value)
    }
    fn problem_at(&self, q: &AnsweredQuestion) -> Option<String> {
        self.problem.as_ref().filter(|(p, _)| *p == q.question.position).map(|(_, m)| self.page.say(m))
    }
    fn answer_key(&self, q: &AnsweredQuestion) -> String {
        q.answer.as_ref().map_or("review-unanswered".into(), |a| format!("answer-{}", a.answer.as_str()))
    }
    fn needs_decision(&self, q: &AnsweredQuestion) -> bool {
        q.answer.as_ref().is_some_and(|a| a.origin.counts())
            && matches!(self.state(q), ReviewState::Pending | ReviewState::Changed)
    }
    /// Questions in the order a reviewer works: to decide first (changed, then new), then
    /// those with a reply since the question, then those waiting for the supplier, then done.
    fn ordered(&self) -> Vec<&AnsweredQuestion> {
        let rank = |q: &AnsweredQuestion| match self.state(q) {
            _ if q.answer.is_none() => 5,
            ReviewState::Changed => 0,
            ReviewState::Pending => 1,
            ReviewState::Asked | ReviewState::Rejected if self.replied(q) => 2,
            ReviewState::Asked | ReviewState::Rejected => 3,
            ReviewState::Accepted => 4,
        };
        let mut all: Vec<&AnsweredQuestion> = self.view.questions.iter().collect();
        all.sort_by_key(|q| (rank(q), q.question.position));
        all
    }
    /// Whether the supplier's last word in the thread came after the reviewer's.
    fn replied(&self, q: &AnsweredQuestion) -> bool {
        self.mine(q).and_then(|r| r.thread.last()).is_some_and(|c| c.kind == "reply")
    }
    /// Answers never decided, which may be accepted in one go. A changed answer is left out:
    /// it was decided once, so the reviewer reads it again on its own.
    fn remaining(&self) -> Vec<&AnsweredQuestion> {
        self.view.questions.iter().filter(|q| self.needs_decision(q) && self.state(q) == ReviewState::Pending).collect()
    }
    fn time(&self, c: &super::review_store::Comment) -> String {
        format_time(c.created_at)
    }
    fn percent(&self, s: &kakehashi_domain::assess::Score) -> Option<u32> {
        s.percent()
    }
    fn tier_line(&self) -> String {
        match self.view.scoring.tier {
            Some(t) => self.page.t1("review-tier-reached", "tier", &t.number().to_string()),
            None => self.page.t("review-tier-none"),
        }
    }
    fn date(&self, t: &time::OffsetDateTime) -> String {
        format_date(*t)
    }
}

async fn review_page(
    state: &AppState,
    page: Page,
    acting: &Acting,
    id: AssessmentId,
    typed: Option<VerdictForm>,
    problem: Option<(i64, Message)>,
) -> Result<ReviewTemplate, AppError> {
    let view = review::view(state, acting, id, page.lang()).await?;
    let received = store::received(state.db(), &acting.own::<Review>(), state.now())
        .await?
        .into_iter()
        .find(|r| r.assessment_id == id);
    let title = super::self_check_title(&page, &view.assessment);
    Ok(ReviewTemplate { page, view, received, title, typed, problem })
}

pub async fn show(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    IdPath(id): IdPath<AssessmentId>,
) -> Result<ReviewTemplate, AppError> {
    review_page(&state, page, &acting, id, None, None).await
}

/// Records a decision; on a problem (no reason, someone else was quicker, the answer changed)
/// the page comes back with the newest state, the problem at the question and the choice and
/// comment as typed.
pub async fn decide(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<AssessmentId>,
    Form(form): Form<VerdictForm>,
) -> Result<Response, AppError> {
    let scope = review::reach(&state, &acting, id).await?;
    let outcome = match decision(&form.verdict, &form.comment) {
        Err(e) => Err((StatusCode::UNPROCESSABLE_ENTITY, e.message())),
        Ok((verdict, comment)) => {
            let d = Decision {
                position: form.position,
                verdict,
                comment,
                seen_version: form.version.parse().ok(),
                seen_answer: form.answer_version,
            };
            let base = state.public_base();
            let mut unit = state.begin(&acting, user.id, Permission::Review).await?;
            match store::decide(&mut unit, &scope, &base, id, &d).await {
                Ok(_) => Ok(unit.commit().await?),
                Err(ReviewStoreError::Db(e)) => return Err(e.into()),
                Err(e @ (ReviewStoreError::Conflict { .. } | ReviewStoreError::AnswerChanged { .. })) => {
                    Err((StatusCode::CONFLICT, e.message()))
                }
                Err(e) => Err((StatusCode::UNPROCESSABLE_ENTITY, e.message())),
            }
        }
    };
    match outcome {
        Ok(()) => Page::done(&session, "review-decided", &format!("/reviews/{id}#q{}", form.position)).await,
        Err((status, problem)) => {
            let at = form.position;
            let t = review_page(&state, page, &acting, id, Some(form), Some((at, problem))).await?;
            Ok((status, t).into_response())
        }
    }
}

/// Accepts, in one go, every answer still waiting for a decision as the page showed it. An
/// answer that changed since (or was decided by someone else) is left for another look.
pub async fn accept_remaining(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<AssessmentId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let scope = review::reach(&state, &acting, id).await?;
    let base = state.public_base();
    // One unit for all: a decision refused for a changed answer writes nothing before it is
    // refused, so the others still go in.
    let mut unit = state.begin(&acting, user.id, Permission::Review).await?;
    let mut skipped = 0;
    for (_, seen) in fields.iter().filter(|(k, _)| k == "seen") {
        // position:answer_version:verdict_version (the last empty before a first decision).
        let mut parts = seen.split(':');
        let (Some(Ok(position)), Some(Ok(seen_answer)), seen_version) =
            (parts.next().map(str::parse), parts.next().map(str::parse), parts.next().and_then(|v| v.parse().ok()))
        else {
            continue;
        };
        let d = Decision { position, verdict: Verdict::Accepted, comment: None, seen_version, seen_answer };
        match store::decide(&mut unit, &scope, &base, id, &d).await {
            Ok(_) => {}
            Err(ReviewStoreError::Db(e)) => return Err(e.into()),
            Err(_) => skipped += 1,
        }
    }
    unit.commit().await?;
    if skipped > 0 {
        let problem = Message::new("review-accept-remaining-skipped").with("count", skipped);
        let t = review_page(&state, page, &acting, id, None, Some((-1, problem))).await?;
        return Ok((StatusCode::CONFLICT, t).into_response());
    }
    Page::done(&session, "review-accepted-remaining", &format!("/reviews/{id}")).await
}

pub async fn evidence(
    State(state): State<AppState>,
    acting: Acting,
    Path((id, evidence)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (Ok(id), Ok(evidence)) = (id.parse::<AssessmentId>(), evidence.parse::<EvidenceId>()) else {
        return Err(AppError::NotFound);
    };
    review::evidence_download(&state, &acting, id, evidence).await
}

// Every field has a default, so that whose self-check it is is decided before the form is
// read: another organisation's id is "not found", whatever the body.
#[derive(Deserialize)]
pub struct SubmitForm {
    #[serde(default)]
    reviewer: String,
}

/// The supplier submits its self-check to a linked organisation.
pub async fn submit(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    OwnPath { id, .. }: OwnPath<super::assessment_store::SelfCheck>,
    Form(form): Form<SubmitForm>,
) -> Result<Response, AppError> {
    let reviewer: OrgId =
        form.reviewer.parse().map_err(|_| AppError::said(Message::new("review-error-choose-reviewer")))?;
    review::submit(&state, &acting, &user, id, reviewer, None).await?;
    Page::done(&session, "review-submitted", &format!("/self-checks/{id}/result")).await
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    reviewer: String,
    #[serde(default)]
    position: i64,
    #[serde(default)]
    body: String,
}

/// The supplier replies in a thread.
pub async fn reply(
    State(state): State<AppState>,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    OwnPath { id, .. }: OwnPath<super::assessment_store::SelfCheck>,
    Form(form): Form<ReplyForm>,
) -> Result<Response, AppError> {
    let reviewer: OrgId = form.reviewer.parse().map_err(|_| AppError::NotFound)?;
    let text = comment(&form.body, false).map_err(|e| AppError::said(e.message()))?.unwrap_or_default();
    let r = Reply { reviewer, position: form.position, body: &text };
    let mut unit = state.begin(&acting, user.id, Permission::Write).await?;
    store::reply(&mut unit, id, r).await?;
    unit.commit().await?;
    Page::done(&session, "review-replied", &format!("/self-checks/{id}/result#q{}", form.position)).await
}
