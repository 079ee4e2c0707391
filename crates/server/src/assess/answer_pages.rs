//! The supplier's self-check pages: start one, answer one screen at a time (each save keeps
//! what was typed, even when something is wrong), and see the score, the tier and what to do
//! next. Works without JavaScript and on a phone.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use kakehashi_domain::assess::Answer;
use kakehashi_domain::ids::{AssessmentId, EvidenceId, QuestionnaireId};
use serde::Deserialize;
use tower_sessions::Session;

use super::assessment_store::{self as store, AssessmentSummary, Change, SaveError, SelfCheck};
use super::assessments::{self, AnsweredQuestion, AssessmentView};
use super::evidence_store::{self, AttachError, Evidence, EvidenceView};
use super::store::{self as questionnaires, QuestionnaireSummary};
use crate::app::AppState;
use crate::platform::auth::CurrentUser;
use crate::platform::error::AppError;
use crate::platform::routes::IdPath;
use crate::platform::tenancy::Acting;
use crate::shell::Page;

#[derive(Template, WebTemplate)]
#[template(path = "assess/self_checks.html")]
pub struct ListTemplate {
    page: Page,
    mine: Vec<AssessmentSummary>,
    questionnaires: Vec<QuestionnaireSummary>,
}

pub async fn list(State(state): State<AppState>, page: Page, acting: Acting) -> Result<ListTemplate, AppError> {
    let mine = store::list(state.db(), &acting.own::<SelfCheck>()).await?;
    Ok(ListTemplate { page, mine, questionnaires: questionnaires::list(state.db()).await? })
}

#[derive(Deserialize)]
pub struct StartForm {
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
    let q: QuestionnaireId =
        form.questionnaire.parse().map_err(|_| AppError::BadRequest("choose a questionnaire".into()))?;
    questionnaires::get(state.db(), q).await?.ok_or_else(|| AppError::BadRequest("choose a questionnaire".into()))?;
    let id = store::create(state.db(), &acting.own(), q, user.id, state.now()).await?;
    if let Ok(from) = form.carry_from.parse::<AssessmentId>() {
        super::carry::carry(&state, &acting, &user, id, from).await?;
    }
    Ok(Redirect::to(&format!("/self-checks/{id}")).into_response())
}

#[derive(Deserialize)]
pub struct ScreenParam {
    screen: Option<i64>,
}

/// What the person typed for one question, kept when the page comes back with a problem.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    value: String,
    reason: String,
    note: String,
    version: String,
    /// The evidence ticked, when the screen offered a choice.
    evidence: Option<Vec<String>>,
}

#[derive(Template, WebTemplate)]
#[template(path = "assess/answer.html")]
pub struct AnswerTemplate {
    page: Page,
    view: AssessmentView,
    screen: i64,
    screens: i64,
    typed: HashMap<i64, Typed>,
    problem: Option<String>,
    /// The organisation's evidence that can still be attached.
    usable: Vec<EvidenceView>,
}

impl AnswerTemplate {
    /// Whether `e` is ticked for `q`: as typed, else as attached.
    fn ticked(&self, q: &AnsweredQuestion, e: &EvidenceView) -> bool {
        let id = e.id.to_string();
        match self.typed.get(&q.question.position).and_then(|t| t.evidence.as_ref()) {
            Some(typed) => typed.contains(&id),
            None => q.evidence.iter().any(|a| a.attached && a.id == e.id),
        }
    }
    /// Evidence shown on `q` that cannot be unticked here: certificates covering the item, and
    /// attached evidence that was since withdrawn.
    fn fixed_evidence<'a>(&self, q: &'a AnsweredQuestion) -> Vec<&'a EvidenceView> {
        q.evidence.iter().filter(|e| !e.attached || e.withdrawn).collect()
    }
    fn on_screen(&self) -> Vec<&AnsweredQuestion> {
        self.view.questions.iter().filter(|q| q.question.screen == self.screen).collect()
    }
    fn typed(&self, q: &AnsweredQuestion) -> Typed {
        self.typed.get(&q.question.position).cloned().unwrap_or_else(|| stored(q))
    }
    fn checked(&self, q: &AnsweredQuestion, value: &str) -> bool {
        self.typed(q).value == value
    }
    fn progress(&self) -> String {
        let a = &self.view.assessment;
        self.page.t1("self-check-progress", "count", &format!("{} / {}", a.answered, a.questions))
    }
    fn screen_of(&self) -> String {
        self.page.t1("questionnaire-screen-of", "count", &format!("{} / {}", self.screen + 1, self.screens))
    }
    fn themes(&self) -> String {
        let mut t: Vec<&str> = Vec::new();
        for q in self.on_screen() {
            if !t.contains(&q.question.theme.as_str()) {
                t.push(&q.question.theme);
            }
        }
        t.join(" / ")
    }
}

fn stored(q: &AnsweredQuestion) -> Typed {
    match &q.answer {
        None => Typed::default(),
        Some(a) => Typed {
            value: a.answer.as_str().to_owned(),
            reason: match &a.answer {
                Answer::NotApplicable { reason } => reason.clone(),
                _ => String::new(),
            },
            note: a.note.clone().unwrap_or_default(),
            version: a.version.to_string(),
            evidence: None,
        },
    }
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

pub async fn screen(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    IdPath(id): IdPath<AssessmentId>,
    Query(p): Query<ScreenParam>,
) -> Result<AnswerTemplate, AppError> {
    let (view, screens) = load(&state, &page, &acting, id).await?;
    let screen = p.screen.unwrap_or(0);
    if !(0..screens.max(1)).contains(&screen) {
        return Err(AppError::NotFound);
    }
    let usable = usable_evidence(&state, &acting).await?;
    Ok(AnswerTemplate { page, view, screen, screens, typed: HashMap::new(), problem: None, usable })
}

/// Saves the answered questions of one screen, then shows the next (or the result). On a
/// problem, the same screen comes back with everything as typed and the reason.
pub async fn save(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    user: CurrentUser,
    session: Session,
    IdPath(id): IdPath<AssessmentId>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let (view, screens) = load(&state, &page, &acting, id).await?;
    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let screen: i64 = field("screen").parse().unwrap_or(0);
    let mut typed: HashMap<i64, Typed> = HashMap::new();
    for (k, v) in &fields {
        let Some((kind, pos)) = k.split_once('-') else { continue };
        let Ok(pos) = pos.parse::<i64>() else { continue };
        let t = typed.entry(pos).or_default();
        match kind {
            "a" => t.value = v.clone(),
            "reason" => t.reason = v.clone(),
            "note" => t.note = v.clone(),
            "v" => t.version = v.clone(),
            "evs" => {
                t.evidence.get_or_insert_default();
            }
            "ev" => t.evidence.get_or_insert_default().push(v.clone()),
            _ => {}
        }
    }
    let mut changes = Vec::new();
    let mut problem = None;
    let mut positions: Vec<&i64> = typed.keys().collect();
    positions.sort();
    for pos in positions {
        let t = &typed[pos];
        if t.value.is_empty() {
            continue;
        }
        match Answer::parse(&t.value, Some(&t.reason)) {
            Ok(answer) => changes.push(Change {
                position: *pos,
                answer,
                note: Some(t.note.clone()),
                seen_version: t.version.parse().ok(),
            }),
            Err(e) => {
                problem.get_or_insert(format!("{}: {e}", pos + 1));
            }
        }
    }
    if problem.is_none() && !changes.is_empty() {
        match store::save(state.db(), &acting.own(), id, &changes, user.id, state.now()).await {
            Ok(_) => {}
            Err(SaveError::Db(e)) => return Err(e.into()),
            Err(SaveError::NotFound) => return Err(AppError::NotFound),
            Err(e) => problem = Some(e.to_string()),
        }
    }
    if problem.is_none() {
        problem = save_evidence_choices(&state, &acting, &user, id, &view, &typed).await?;
    }
    if let Some(problem) = problem {
        let (view, screens) = load(&state, &page, &acting, id).await?;
        let usable = usable_evidence(&state, &acting).await?;
        let t = AnswerTemplate { page, view, screen, screens, typed, problem: Some(problem), usable };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, t).into_response());
    }
    let next = if screen + 1 < screens {
        format!("/self-checks/{id}?screen={}", screen + 1)
    } else {
        format!("/self-checks/{id}/result")
    };
    Page::done(&session, "self-check-saved", &next).await
}

async fn usable_evidence(state: &AppState, acting: &Acting) -> Result<Vec<EvidenceView>, AppError> {
    let all = evidence_store::list(state.db(), &acting.own::<Evidence>()).await?;
    Ok(all.into_iter().filter(|e| !e.withdrawn).collect())
}

/// Attaches the ticked evidence where the choice differs from what is attached. A problem
/// (evidence withdrawn meanwhile) is said, not raised, so that the page keeps what was typed.
async fn save_evidence_choices(
    state: &AppState,
    acting: &Acting,
    user: &CurrentUser,
    id: AssessmentId,
    view: &AssessmentView,
    typed: &HashMap<i64, Typed>,
) -> Result<Option<String>, AppError> {
    for q in &view.questions {
        let Some(chosen) = typed.get(&q.question.position).and_then(|t| t.evidence.as_ref()) else { continue };
        let mut ids: Vec<EvidenceId> = chosen.iter().filter_map(|c| c.parse().ok()).collect();
        // Withdrawn evidence attached earlier stays: it is shown, not offered.
        ids.extend(q.evidence.iter().filter(|e| e.attached && e.withdrawn).map(|e| e.id));
        let mut now: Vec<EvidenceId> = q.evidence.iter().filter(|e| e.attached).map(|e| e.id).collect();
        let mut wanted = ids.clone();
        now.sort_by_key(ToString::to_string);
        wanted.sort_by_key(ToString::to_string);
        wanted.dedup();
        if now == wanted {
            continue;
        }
        let at = q.question.position;
        match evidence_store::attach(state.db(), &acting.own(), id, at, &wanted, user.id, state.now()).await {
            Ok(()) => {}
            Err(AttachError::Db(e)) => return Err(e.into()),
            Err(e) => return Ok(Some(format!("{}: {e}", at + 1))),
        }
    }
    Ok(None)
}

#[derive(Template, WebTemplate)]
#[template(path = "assess/result.html")]
pub struct ResultTemplate {
    page: Page,
    view: AssessmentView,
    /// Linked organisations it can still be submitted to.
    counterparts: Vec<(kakehashi_domain::ids::OrgId, String)>,
    /// Organisations it was submitted to.
    submitted_to: Vec<(kakehashi_domain::ids::OrgId, String)>,
}

impl ResultTemplate {
    fn percent(&self, s: &kakehashi_domain::assess::Score) -> String {
        s.percent().map(|p| format!("{p}%")).unwrap_or_else(|| "—".into())
    }
    fn tier_name(&self, t: &Option<kakehashi_domain::baseline::Tier>) -> String {
        match t {
            Some(t) => self.page.t(t.label_key()),
            None => self.page.t("self-check-no-tier"),
        }
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
}

pub async fn result(
    State(state): State<AppState>,
    page: Page,
    acting: Acting,
    IdPath(id): IdPath<AssessmentId>,
) -> Result<ResultTemplate, AppError> {
    let (view, _) = load(&state, &page, &acting, id).await?;
    let submitted_to = super::review_store::submitted_to(state.db(), &acting.own(), id).await?;
    let counterparts = crate::relations::store::active_counterparts(state.db(), &acting.own())
        .await?
        .into_iter()
        .filter(|(org, _)| !submitted_to.iter().any(|(done, _)| done == org))
        .collect();
    Ok(ResultTemplate { page, view, counterparts, submitted_to })
}
