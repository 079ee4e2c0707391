//! Review decisions shared by the pages and the API: reaching a submitted self-check through
//! its grant, submitting one to a linked organisation, and the errors both surfaces show.

use kakehashi_domain::ids::{AssessmentId, EvidenceId, OrgId};
use kakehashi_domain::message::Message;
use kakehashi_domain::tenancy::{Permission, Purpose};

use super::assessment_store::SelfCheck;
use super::assessments::{self, AssessmentView};
use super::review_store::{self as store, ReviewStoreError};
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::tenancy::grants;
use crate::platform::tenancy::{Acting, Granted};
use crate::relations::store as relationships;

impl From<ReviewStoreError> for AppError {
    fn from(e: ReviewStoreError) -> Self {
        match e {
            ReviewStoreError::Db(e) => e.into(),
            ReviewStoreError::NotFound => AppError::NotFound,
            e @ (ReviewStoreError::AnswerChanged { .. }
            | ReviewStoreError::Conflict { .. }
            | ReviewStoreError::AlreadySubmitted) => AppError::Conflict(e.to_string()),
            e => AppError::BadRequest(e.to_string()),
        }
    }
}

/// The self-check `id` as the acting organisation may review it: only through a live grant.
pub async fn reach(state: &AppState, acting: &Acting, id: AssessmentId) -> Result<Granted<SelfCheck>, AppError> {
    let owner = store::owner_of(state.db(), id).await?.ok_or(AppError::NotFound)?;
    grants::granted::<SelfCheck>(state.db(), acting, owner, id, state.now()).await?.ok_or(AppError::NotFound)
}

/// The reviewer's view: answers, evidence, and only its own verdicts and threads.
pub async fn view(state: &AppState, acting: &Acting, id: AssessmentId, lang: &str) -> Result<AssessmentView, AppError> {
    let scope = reach(state, acting, id).await?;
    assessments::view(state, &scope, id, lang, Some(acting.org_id())).await?.ok_or(AppError::NotFound)
}

/// Submits the acting organisation's self-check to a linked organisation.
pub async fn submit(
    state: &AppState,
    acting: &Acting,
    user: &CurrentUser,
    id: AssessmentId,
    reviewer: OrgId,
    purpose: Option<&str>,
) -> Result<(), AppError> {
    if !relationships::linked(state.db(), &acting.own(), reviewer).await? {
        return Err(AppError::bad(Message::new("review-error-not-linked")));
    }
    let purpose =
        Purpose::parse(purpose.filter(|p| !p.trim().is_empty()).unwrap_or("自己点検の確認 / review of the self-check"))
            .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let base = state.public_base();
    let notice = store::Notice { base_url: &base, from_name: acting.org_name() };
    let mut unit = state.begin(acting, user.id, Permission::Write).await?;
    store::submit(&mut unit, id, (reviewer, purpose), &notice).await?;
    unit.commit().await?;
    Ok(())
}

/// A file of evidence the reviewer may download: one shown in its view of the self-check.
pub async fn evidence_download(
    state: &AppState,
    acting: &Acting,
    id: AssessmentId,
    evidence: EvidenceId,
) -> Result<axum::response::Response, AppError> {
    let scope = reach(state, acting, id).await?;
    let shown = super::evidence_store::for_assessment(state.db(), &scope, id).await?;
    let (_, view) = shown.into_iter().find(|(_, e)| e.id == evidence).ok_or(AppError::NotFound)?;
    super::evidence::download(state, &scope, &view).await
}
