//! The supplier's answer screens: one screen per theme (small themes share one, under a title
//! naming them all). Saving sends the screen; only answers that changed are written, so an
//! answer already under review never blocks the others. Evidence (a file, a link, a short
//! statement) is added beside a question in the same form, and a reopened answer shows the
//! reviewer's words where it is changed. Every problem comes back at its question with
//! everything as typed. Works without JavaScript and on a phone.

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kakehashi_domain::assess::Answer;
use kakehashi_domain::assess::review::{ReviewState, comment};
use kakehashi_domain::ids::{AssessmentId, EvidenceId};
use kakehashi_domain::message::{Explain, Message};
use kakehashi_domain::tenancy::Permission;
use serde::Deserialize;
use tower_sessions::Session;

use super::answer_form::{self, ScreenForm, Typed};
use super::assessment_store::{self as store, Change, SaveError, SelfCheck};
use super::assessments::{self, AnsweredQuestion, AssessmentView};
use super::evidence::EvidenceInput;
use super::evidence_store::{self, Evidence, EvidenceView, NewEvidence};
use super::review_store::{self, AnswerReview, Comment, Reply};
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, OwnPath};
use crate::shell::Page;

#[derive(Deserialize)]
pub struct ScreenParam {
    screen: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "assess/answer.html")]
pub struct AnswerTemplate {
    page: Page,
    view: AssessmentView,
    title: String,
    screen: i64,
    screens: i64,
    typed: BTreeMap<i64, Typed>,
    /// What is wrong, at the question it is about.
    problems: BTreeMap<i64, Message>,
    /// What is wrong with the screen as a whole.
    problem: Option<Message>,
    /// The organisation's evidence that can still be attached.
    usable: Vec<EvidenceView>,
}

impl AnswerTemplate {
    fn on_screen(&self) -> Vec<&AnsweredQuestion> {
        self.view.questions.iter().filter(|q| q.question.screen == self.screen).collect()
    }
    fn typed(&self, q: &AnsweredQuestion) -> Typed {
        self.typed.get(&q.question.position).cloned().unwrap_or_else(|| Typed::from_stored(q.answer.as_ref()))
    }
    fn checked(&self, q: &AnsweredQuestion, value: &str) -> bool {
        self.typed(q).value == value
    }
    /// Whether `e` is ticked for `q`: as typed, else as attached.
    fn ticked(&self, q: &AnsweredQuestion, e: &EvidenceView) -> bool {
        match self.typed.get(&q.question.position).and_then(|t| t.evidence.as_ref()) {
            Some(typed) => typed.contains(&e.id.to_string()),
            None => q.evidence.iter().any(|a| a.attached && a.id == e.id),
        }
    }
    /// Evidence shown on `q` that cannot be unticked here: certificates covering the item, and
    /// attached evidence that was since withdrawn.
    fn fixed_evidence<'a>(&self, q: &'a AnsweredQuestion) -> Vec<&'a EvidenceView> {
        q.evidence.iter().filter(|e| !e.attached || e.withdrawn).collect()
    }
    fn attached_count(&self, q: &AnsweredQuestion) -> usize {
        q.evidence.len()
    }
    fn locked(&self, q: &AnsweredQuestion) -> bool {
        locked(&self.view, q)
    }
    /// Reviewers waiting for this answer to change, with what they last said.
    /// Each reviewer's open question on `q`, with the supplier's reply to it if there is one.
    fn waiting<'a>(
        &self,
        q: &'a AnsweredQuestion,
    ) -> Vec<(&'a AnswerReview, Option<&'a Comment>, Option<&'a Comment>)> {
        q.reviews
            .iter()
            .filter(|r| matches!(r.state, ReviewState::Asked | ReviewState::Rejected))
            .map(|r| {
                let (said, replied) = r.open_question();
                (r, said, replied)
            })
            .collect()
    }
    fn themes(&self) -> String {
        let mut t: Vec<&str> = Vec::new();
        for q in self.on_screen() {
            if !t.contains(&q.question.theme.as_str()) {
                t.push(&q.question.theme);
            }
        }
        t.join("・")
    }
    fn answered(&self) -> i64 {
        self.view.assessment.answered
    }
    fn problem_at(&self, q: &AnsweredQuestion) -> Option<String> {
        self.problems.get(&q.question.position).map(|m| self.page.say(m))
    }
    fn answer_key(&self, q: &AnsweredQuestion) -> String {
        q.answer.as_ref().map_or("review-unanswered".into(), |a| format!("answer-{}", a.answer.as_str()))
    }
    fn time(&self, c: &Comment) -> String {
        crate::shell::format_time(c.created_at)
    }
    fn last(&self) -> bool {
        self.screen + 1 >= self.screens
    }
}

/// An answer that may not change now: the self-check was submitted, and no reviewer asked about
/// or rejected the answer as it stands.
pub(super) fn locked(view: &AssessmentView, q: &AnsweredQuestion) -> bool {
    !view.assessment.state.answers_open()
        && !q.reviews.iter().any(|r| matches!(r.state, ReviewState::Asked | ReviewState::Rejected))
}

async fn load(
    state: &AppState,
    page: &Page,
    acting: &Acting,
    id: AssessmentId,
) -> Result<(AssessmentView, i64), AppError> {
    let view =
        assessments::view(state, &acting.own::<SelfCheck>(), id, page.lang(), None).await?.ok_or(AppError::NotFound)?;
    let screens = view.questions.iter().map(|q| q.question.screen + 1).max().unwrap_or(0);
    Ok((view, screens))
}

async fn render(
    state: &AppState,
    page: Page,
    acting: &Acting,
    id: AssessmentId,
    screen: i64,
    (typed, problems, problem): (BTreeMap<i64, Typed>, BTreeMap<i64, Message>, Option<Message>),
) -> Result<AnswerTemplate, AppError> {
    let (view, screens) = load(state, &page, acting, id).await?;
    if !(0..screens.max(1)).contains(&screen) {
        return Err(AppError::NotFound);
    }
    let usable = usable_evidence(state, acting).await?;
    let title = super::pages::self_check_title(&page, &view.assessment);
    Ok(AnswerTemplate { page, view, title, screen, screens, typed, problems, problem, usable })
}

pub async fn screen(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    IdPath(id): IdPath<AssessmentId>,
    Query(p): Query<ScreenParam>,
) -> Result<AnswerTemplate, AppError> {
    render(&state, page, &acting, id, p.screen.unwrap_or(0), Default::default()).await
}

/// What one screen's save will write, once everything in it has been checked.
#[derive(Default)]
struct Plan {
    changes: Vec<Change>,
    new_evidence: Vec<(i64, NewEvidence)>,
    replies: Vec<(i64, String)>,
}

/// Saves one screen, then shows the next (or the result). On a problem nothing is written and
/// the same screen comes back with everything as typed and the problem at its question.
pub async fn save(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    OwnPath { id, .. }: OwnPath<SelfCheck>,
    request: Request,
) -> Result<Response, AppError> {
    let form = Multipart::from_request(request, &state)
        .await
        .map_err(|_| AppError::bad(Message::new("upload-error-interrupted")))?;
    let ScreenForm { screen, mut typed, mut files } = answer_form::read(&state, acting.org_id(), form).await?;
    let chosen: Vec<(i64, String)> = files.iter().map(|(at, (_, name))| (*at, name.clone())).collect();
    let (view, screens) = load(&state, &page, &acting, id).await?;
    let mut problems = BTreeMap::new();
    let mut plan = Plan::default();
    for q in view.questions.iter().filter(|q| q.question.screen == screen && !locked(&view, q)) {
        let at = q.question.position;
        let Some(t) = typed.get(&at) else { continue };
        match plan_question(&state, q, t, files.remove(&at)).await {
            Ok((change, evidence, reply)) => {
                plan.changes.extend(change);
                plan.new_evidence.extend(evidence.map(|e| (at, e)));
                plan.replies.extend(reply.map(|r| (at, r)));
            }
            Err(m) => {
                problems.insert(at, m);
            }
        }
    }
    let mut problem = None;
    if problems.is_empty()
        && let Err(e) = write(&state, &acting, &user, id, &view, &typed, plan).await?
    {
        match e {
            (Some(at), m) => problems.insert(at, m),
            (None, m) => problem.replace(m),
        };
    }
    if !problems.is_empty() || problem.is_some() {
        for (at, name) in chosen {
            typed.entry(at).or_default().file_again = Some(name);
        }
        let t = render(&state, page, &acting, id, screen, (typed, problems, problem)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, t).into_response());
    }
    // The next screen with something that may still change; after a submission that is often
    // none, and the result (with what waits for the supplier) comes next.
    let next = (screen + 1..screens)
        .find(|s| view.questions.iter().any(|q| q.question.screen == *s && !locked(&view, q)))
        .map_or_else(|| format!("/self-checks/{id}/result"), |s| format!("/self-checks/{id}?screen={s}"));
    Page::done(&session, "self-check-saved", &next).await
}

/// Checks what was typed for one question: the answer (if it changed), new evidence, a reply.
async fn plan_question(
    state: &AppState,
    q: &AnsweredQuestion,
    t: &Typed,
    file: Option<(crate::platform::files::StoredFile, String)>,
) -> Result<(Option<Change>, Option<NewEvidence>, Option<String>), Message> {
    let at = q.question.position;
    let change = if t.value.is_empty() || t.same_as(q.answer.as_ref()) {
        None
    } else {
        let answer = Answer::parse(&t.value, Some(&t.reason)).map_err(|e| e.message())?;
        Some(Change { position: at, answer, note: Some(t.note.clone()), seen_version: t.version.parse().ok() })
    };
    let evidence =
        if file.is_some() || t.has_new_text_evidence() { Some(new_evidence(state, q, t, file).await?) } else { None };
    let reply = match t.reply.trim() {
        "" => None,
        text => Some(comment(text, false).map_err(|e| e.message())?.unwrap_or_default()),
    };
    Ok((change, evidence, reply))
}

/// Evidence typed beside a question: a file, else a link, else a statement.
async fn new_evidence(
    state: &AppState,
    q: &AnsweredQuestion,
    t: &Typed,
    file: Option<(crate::platform::files::StoredFile, String)>,
) -> Result<NewEvidence, Message> {
    let (kind, link, statement) = match (&file, t.new_link.trim(), t.new_statement.trim()) {
        (Some(_), _, _) => ("file", None, None),
        (None, link, _) if !link.is_empty() => ("link", Some(link.to_owned()), None),
        (None, _, text) => ("statement", None, Some(text.to_owned())),
    };
    let title = match t.new_title.trim() {
        "" => match (&file, &link) {
            (Some((_, name)), _) => name.clone(),
            (None, Some(link)) => link.clone(),
            _ => q.question.title.clone().unwrap_or_else(|| q.question.label.clone()),
        },
        title => title.to_owned(),
    };
    let input = EvidenceInput { kind: kind.into(), title, link, statement, ..EvidenceInput::default() };
    input.check(state, file).await.map_err(|e| match e {
        AppError::Explained(_, m) => m,
        _ => Message::new("evidence-error-kind"),
    })
}

/// Writes a checked screen in one unit of work: the changed answers, the new evidence and what
/// is attached, the replies, all or nothing. `Ok(Err(..))` is a problem to show (at a question,
/// or for the screen); nothing of the screen was kept then.
async fn write(
    state: &AppState,
    acting: &Acting,
    user: &CurrentUser,
    id: AssessmentId,
    view: &AssessmentView,
    typed: &BTreeMap<i64, Typed>,
    plan: Plan,
) -> Result<Result<(), (Option<i64>, Message)>, AppError> {
    let mut unit = state.begin(acting, user.id, Permission::Write).await?;
    if !plan.changes.is_empty() {
        match store::save(&mut unit, id, &plan.changes, &state.public_base()).await {
            Ok(_) => {}
            Err(SaveError::Db(e)) => return Err(e.into()),
            Err(SaveError::NotFound) => return Err(AppError::NotFound),
            Err(e @ (SaveError::Conflict { position, .. } | SaveError::Submitted(position))) => {
                return Ok(Err((Some(position), e.message())));
            }
            Err(e) => return Ok(Err((None, e.message()))),
        }
    }
    let mut added: BTreeMap<i64, Vec<EvidenceId>> = BTreeMap::new();
    for (at, new) in &plan.new_evidence {
        let e = evidence_store::create(&mut unit, new).await?;
        added.entry(*at).or_default().push(e);
    }
    for q in &view.questions {
        let at = q.question.position;
        let chosen = typed.get(&at).and_then(|t| t.evidence.as_ref());
        if chosen.is_none() && !added.contains_key(&at) {
            continue;
        }
        let mut wanted: Vec<EvidenceId> = match chosen {
            Some(ids) => ids.iter().filter_map(|c| c.parse().ok()).collect(),
            None => q.evidence.iter().filter(|e| e.attached).map(|e| e.id).collect(),
        };
        // Withdrawn evidence attached earlier stays: it is shown, not offered.
        wanted.extend(q.evidence.iter().filter(|e| e.attached && e.withdrawn).map(|e| e.id));
        wanted.extend(added.get(&at).into_iter().flatten());
        let mut now: Vec<EvidenceId> = q.evidence.iter().filter(|e| e.attached).map(|e| e.id).collect();
        now.sort_by_key(ToString::to_string);
        wanted.sort_by_key(ToString::to_string);
        wanted.dedup();
        if now == wanted {
            continue;
        }
        match evidence_store::attach(&mut unit, id, at, &wanted).await {
            Ok(()) => {}
            Err(evidence_store::AttachError::Db(e)) => return Err(e.into()),
            Err(e) => return Ok(Err((Some(at), e.message()))),
        }
    }
    for (at, body) in &plan.replies {
        let mut reviewers = Vec::new();
        for q in view.questions.iter().filter(|q| q.question.position == *at) {
            for r in &q.reviews {
                if matches!(r.state, ReviewState::Asked | ReviewState::Rejected) {
                    reviewers.push(r.reviewer_id);
                }
            }
        }
        for reviewer in reviewers {
            let reply = Reply { reviewer, position: *at, body };
            review_store::reply(&mut unit, id, reply).await.map_err(|e| AppError::Internal(anyhow::anyhow!("{e}")))?;
        }
    }
    unit.commit().await?;
    Ok(Ok(()))
}

async fn usable_evidence(state: &AppState, acting: &Acting) -> Result<Vec<EvidenceView>, AppError> {
    let all = evidence_store::list(state.db(), &acting.own::<Evidence>()).await?;
    Ok(all.into_iter().filter(|e| !e.withdrawn).collect())
}
