//! Review pages. The reviewer's side: self-checks received, and one self-check with a decision
//! form per answer and its thread. The supplier's side (on the result page): submit to a linked
//! organisation, and reply in the threads.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::assess::review::{comment, decision};
use kakehashi_domain::ids::{AssessmentId, EvidenceId, OrgId};
use serde::Deserialize;
use tower_sessions::Session;

use super::assessments::{AnsweredQuestion, AssessmentView};
use super::review;
use super::review_store::{self as store, AnswerReview, Decision, Received, Reply, Review, ReviewStoreError};
use crate::app::AppState;
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::tenancy::Acting;
use crate::shell::Page;

#[derive(Template, WebTemplate)]
#[template(path = "assess/reviews.html")]
pub struct ReviewsTemplate {
    page: Page,
    received: Vec<Received>,
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
    typed: Option<VerdictForm>,
    problem: Option<String>,
}

impl ReviewTemplate {
    fn mine<'a>(&self, q: &'a AnsweredQuestion) -> Option<&'a AnswerReview> {
        q.reviews.first()
    }
    fn state_key(&self, q: &AnsweredQuestion) -> String {
        format!("review-state-{}", self.mine(q).map_or("pending", |r| r.state.as_str()))
    }
    fn version(&self, q: &AnsweredQuestion) -> String {
        self.mine(q).and_then(|r| r.version).map(|v| v.to_string()).unwrap_or_default()
    }
    fn typed_comment(&self, q: &AnsweredQuestion) -> String {
        self.typed.as_ref().filter(|t| t.position == q.question.position).map(|t| t.comment.clone()).unwrap_or_default()
    }
    fn answer_key(&self, q: &AnsweredQuestion) -> String {
        q.answer.as_ref().map_or("review-unanswered".into(), |a| format!("answer-{}", a.answer.as_str()))
    }
}

async fn review_page(
    state: &AppState,
    page: Page,
    acting: &Acting,
    id: AssessmentId,
    typed: Option<VerdictForm>,
    problem: Option<String>,
) -> Result<ReviewTemplate, AppError> {
    let view = review::view(state, acting, id, page.lang()).await?;
    Ok(ReviewTemplate { page, view, typed, problem })
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
/// the page comes back with the newest state and the comment as typed.
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
        Err(e) => Err((StatusCode::UNPROCESSABLE_ENTITY, e.to_string())),
        Ok((verdict, comment)) => {
            let d = Decision {
                position: form.position,
                verdict,
                comment,
                seen_version: form.version.parse().ok(),
                seen_answer: form.answer_version,
            };
            let base = state.public_base();
            match store::decide(state.db(), &scope, (acting.org_id, &base), id, &d, user.id, state.now()).await {
                Ok(_) => Ok(()),
                Err(ReviewStoreError::Db(e)) => return Err(e.into()),
                Err(e @ (ReviewStoreError::Conflict { .. } | ReviewStoreError::AnswerChanged { .. })) => {
                    Err((StatusCode::CONFLICT, e.to_string()))
                }
                Err(e) => Err((StatusCode::UNPROCESSABLE_ENTITY, e.to_string())),
            }
        }
    };
    match outcome {
        Ok(()) => Page::done(&session, "review-decided", &format!("/reviews/{id}#q{}", form.position)).await,
        Err((status, problem)) => {
            let t = review_page(&state, page, &acting, id, Some(form), Some(problem)).await?;
            Ok((status, t).into_response())
        }
    }
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
    IdPath(id): IdPath<AssessmentId>,
    Form(form): Form<SubmitForm>,
) -> Result<Response, AppError> {
    super::api::own_self_check(&state, &acting, id).await?;
    let reviewer: OrgId = form.reviewer.parse().map_err(|_| AppError::BadRequest("choose an organisation".into()))?;
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
    IdPath(id): IdPath<AssessmentId>,
    Form(form): Form<ReplyForm>,
) -> Result<Response, AppError> {
    let own = super::api::own_self_check(&state, &acting, id).await?;
    let reviewer: OrgId = form.reviewer.parse().map_err(|_| AppError::NotFound)?;
    let text = comment(&form.body, false).map_err(|e| AppError::BadRequest(e.to_string()))?.unwrap_or_default();
    let r = Reply { reviewer, position: form.position, body: &text };
    store::reply(state.db(), &own, id, r, user.id, state.now()).await?;
    Page::done(&session, "review-replied", &format!("/self-checks/{id}/result#q{}", form.position)).await
}
