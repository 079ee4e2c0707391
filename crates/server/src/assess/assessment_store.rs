//! Self-checks and their answers, always read and written through a scope: an organisation
//! reaches its own (and, later, those shared with it by a grant). Saving answers checks each
//! answer's version, so that two people never overwrite each other unseen, keeps the history,
//! and is one transaction with its audit entry.

use std::future::Future;

use kakehashi_domain::assess::{Answer, AnswerOrigin, AssessmentState, MAX_TEXT};
use kakehashi_domain::ids::{AssessmentId, OrgId, QuestionnaireId, UserId};
use kakehashi_domain::message::{Explain, Message};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::platform::audit::AuditEvent;
use crate::platform::db::{Db, from_ms, parse_column, to_ms};
use crate::platform::tenancy::{ObjectScope, Own, OwnedObject, Scope};
use crate::platform::unit::Unit;

/// The kind of object scopes reach here.
#[derive(Debug)]
pub struct SelfCheck;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssessmentSummary {
    #[schema(value_type = String)]
    pub id: AssessmentId,
    #[schema(value_type = String)]
    pub questionnaire_id: QuestionnaireId,
    pub title: String,
    /// `draft` or `submitted`.
    #[schema(value_type = String)]
    pub state: AssessmentState,
    pub questions: i64,
    pub answered: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// For a built-in questionnaire of the baseline: its tier (its title is then said in the
    /// reader's language).
    pub built_in_tier: Option<i64>,
    /// Organisations it was submitted to for review.
    pub submitted_to: i64,
    /// Answers a reviewer asked about or rejected, as they stand: the supplier's to do.
    pub open_items: i64,
}

impl AssessmentSummary {
    /// What the supplier should know at a glance (`self-check-status-…`).
    pub fn status(&self) -> &'static str {
        match (self.state.answers_open(), self.open_items, self.answered >= self.questions) {
            (true, _, false) => "answering",
            (true, _, true) => "ready",
            (false, 0, _) => "in-review",
            (false, _, _) => "questions",
        }
    }
}

/// A stored answer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StoredAnswer {
    pub position: i64,
    #[schema(value_type = Object)]
    pub answer: Answer,
    pub note: Option<String>,
    /// `answered`, `inferred` (carried from another framework, not yet confirmed) or `confirmed`.
    #[schema(value_type = String)]
    pub origin: AnswerOrigin,
    pub version: i64,
}

/// One answer to save.
#[derive(Debug, Clone)]
pub struct Change {
    pub position: i64,
    pub answer: Answer,
    pub note: Option<String>,
    /// The version the person saw; `None` when they saw no answer.
    pub seen_version: Option<i64>,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("the questionnaire has no question {0}")]
    UnknownQuestion(i64),
    #[error(
        "question {position} was changed by someone else since you opened it (now version {current}); reload to see it"
    )]
    Conflict { position: i64, current: i64 },
    #[error("the note is longer than {MAX_TEXT} characters")]
    TooLong,
    #[error("question {0} was submitted for review; it can be changed once a reviewer asks about it or rejects it")]
    Submitted(i64),
    #[error("no such self-check")]
    NotFound,
    #[error("answers are carried and confirmed only before the self-check is submitted")]
    NotDraft,
    #[error("question {0} has no carried answer in the version you saw; reload to see it")]
    NotInferred(i64),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl Explain for SaveError {
    fn message(&self) -> Message {
        match self {
            SaveError::UnknownQuestion(p) => Message::new("answer-error-unknown-question").question(*p),
            SaveError::Conflict { position, .. } => Message::new("answer-error-conflict").question(*position),
            SaveError::TooLong => Message::new("text-error-too-long").with("max", MAX_TEXT),
            SaveError::Submitted(p) => Message::new("answer-error-locked").question(*p),
            SaveError::NotFound => Message::new("error-404-body"),
            SaveError::NotDraft => Message::new("answer-error-not-draft"),
            SaveError::NotInferred(p) => Message::new("answer-error-conflict").question(*p),
            SaveError::Db(_) => Message::new("error-500-body"),
        }
    }
}

/// Whether a reviewer asked about or rejected the answer as it stands, which lets the supplier
/// change it after submission.
/// The organisations that asked about or rejected this version of the answer (none: the answer
/// is not reopened and may not change after submission).
async fn reopened_by(
    conn: &mut sqlx::AnyConnection,
    id: AssessmentId,
    position: i64,
    version: Option<i64>,
) -> Result<Vec<OrgId>, sqlx::Error> {
    let Some(version) = version else { return Ok(vec![]) };
    let orgs: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT reviewer_org FROM verdicts WHERE assessment_id = $1 AND position = $2 \
         AND answer_version = $3 AND verdict IN ('asked', 'rejected') ORDER BY reviewer_org",
    )
    .bind(id.to_string())
    .bind(position)
    .bind(version)
    .fetch_all(conn)
    .await?;
    Ok(orgs.iter().filter_map(|o| o.parse().ok()).collect())
}

/// Opens a draft self-check of the acting organisation on `questionnaire`, in the unit.
pub async fn create(unit: &mut Unit, questionnaire: QuestionnaireId) -> Result<AssessmentId, sqlx::Error> {
    let id = AssessmentId::new();
    let now = to_ms(unit.now());
    sqlx::query(
        "INSERT INTO assessments (id, org_id, questionnaire_id, state, created_at, created_by, updated_at) \
         VALUES ($1, $2, $3, 'draft', $4, $5, $4)",
    )
    .bind(id.to_string())
    .bind(unit.org().to_string())
    .bind(questionnaire.to_string())
    .bind(now)
    .bind(unit.actor().to_string())
    .execute(unit.connection())
    .await?;
    let event = AuditEvent::new("assessment.create")
        .object("assessment", id.to_string())
        .detail("questionnaire", questionnaire.to_string());
    unit.audit(event);
    Ok(id)
}

const SUMMARY: &str = "SELECT a.id, a.questionnaire_id, q.title, a.state, a.updated_at, a.created_at, \
     q.questions_count, CASE WHEN q.created_by_org IS NULL THEN q.baseline_tier END AS built_in_tier, \
     (SELECT COUNT(*) FROM answers x WHERE x.assessment_id = a.id AND x.origin <> 'inferred') AS answered, \
     (SELECT COUNT(*) FROM submissions s WHERE s.assessment_id = a.id) AS submitted_to, \
     (SELECT COUNT(*) FROM verdicts v JOIN answers x ON x.assessment_id = v.assessment_id \
        AND x.position = v.position AND x.version = v.answer_version \
      WHERE v.assessment_id = a.id AND v.verdict IN ('asked', 'rejected')) AS open_items \
     FROM assessments a JOIN questionnaires q ON q.id = a.questionnaire_id";

fn summary(r: &AnyRow) -> Result<AssessmentSummary, sqlx::Error> {
    Ok(AssessmentSummary {
        id: parse_column(r, "id")?,
        questionnaire_id: parse_column(r, "questionnaire_id")?,
        title: r.try_get("title")?,
        state: parse_column(r, "state")?,
        questions: r.try_get("questions_count")?,
        answered: r.try_get("answered")?,
        updated_at: from_ms(r.try_get("updated_at")?),
        created_at: from_ms(r.try_get("created_at")?),
        built_in_tier: r.try_get("built_in_tier")?,
        submitted_to: r.try_get("submitted_to")?,
        open_items: r.try_get("open_items")?,
    })
}

/// The acting organisation's self-checks (a grant reaches one at a time, never the list).
pub async fn list(db: &Db, own: &Own<SelfCheck>) -> Result<Vec<AssessmentSummary>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} WHERE a.org_id = $1 ORDER BY a.updated_at DESC"));
    sqlx::query(sql).bind(own.owner().to_string()).fetch_all(db.pool()).await?.iter().map(summary).collect()
}

pub async fn get(
    db: &Db,
    scope: &impl ObjectScope<SelfCheck>,
    id: AssessmentId,
) -> Result<Option<AssessmentSummary>, sqlx::Error> {
    if !scope.reaches(id) {
        return Ok(None);
    }
    let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} WHERE a.id = $1 AND a.org_id = $2"));
    let row = sqlx::query(sql).bind(id.to_string()).bind(scope.owner().to_string()).fetch_optional(db.pool()).await?;
    row.as_ref().map(summary).transpose()
}

/// Whether the scope reaches self-check `id` (cheaper than [`get`]: for checking ownership
/// before reading a request body).
impl OwnedObject for SelfCheck {
    fn exists(db: &Db, scope: &Own<Self>, id: AssessmentId) -> impl Future<Output = Result<bool, sqlx::Error>> + Send {
        exists(db, scope, id)
    }
}

pub async fn exists(db: &Db, scope: &impl ObjectScope<SelfCheck>, id: AssessmentId) -> Result<bool, sqlx::Error> {
    if !scope.reaches(id) {
        return Ok(false);
    }
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM assessments WHERE id = $1 AND org_id = $2")
        .bind(id.to_string())
        .bind(scope.owner().to_string())
        .fetch_optional(db.pool())
        .await?;
    Ok(found.is_some())
}

/// The answers of a self-check the scope reaches (none for one it does not).
pub async fn answers(
    db: &Db,
    scope: &impl ObjectScope<SelfCheck>,
    id: AssessmentId,
) -> Result<Vec<StoredAnswer>, sqlx::Error> {
    if !scope.reaches(id) {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(
        "SELECT x.position, x.value, x.reason, x.note, x.origin, x.version FROM answers x \
         JOIN assessments a ON a.id = x.assessment_id WHERE x.assessment_id = $1 AND a.org_id = $2 ORDER BY x.position",
    )
    .bind(id.to_string())
    .bind(scope.owner().to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            let value: String = r.try_get("value")?;
            let reason: Option<String> = r.try_get("reason")?;
            let answer = Answer::parse(&value, reason.as_deref()).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
            Ok(StoredAnswer {
                position: r.try_get("position")?,
                answer,
                note: r.try_get("note")?,
                origin: parse_column(r, "origin")?,
                version: r.try_get("version")?,
            })
        })
        .collect()
}

/// Saves answers of the acting organisation's own draft self-check, in the request's unit of
/// work: all or none.
pub async fn save(
    unit: &mut Unit,
    id: AssessmentId,
    changes: &[Change],
    base_url: &str,
) -> Result<Vec<(i64, i64)>, SaveError> {
    if changes.iter().any(|c| c.note.as_ref().is_some_and(|n| n.chars().count() > MAX_TEXT)) {
        return Err(SaveError::TooLong);
    }
    let (own, by, now) = (unit.own::<SelfCheck>(), unit.actor(), unit.now());
    // Touching the self-check first reads its state in the same statement (one round trip less
    // on SQLite's single writer) and, on PostgreSQL, locks it against a concurrent submission.
    let row = sqlx::query(
        "UPDATE assessments SET updated_at = $3 WHERE id = $1 AND org_id = $2 RETURNING state, \
         (SELECT q.questions_count FROM questionnaires q WHERE q.id = assessments.questionnaire_id) AS questions_count",
    )
    .bind(id.to_string())
    .bind(own.owner().to_string())
    .bind(to_ms(now))
    .fetch_optional(unit.connection())
    .await?
    .ok_or(SaveError::NotFound)?;
    let submitted = !parse_column::<AssessmentState>(&row, "state")?.answers_open();
    let questions: i64 = row.try_get("questions_count")?;
    let mut saved = Vec::with_capacity(changes.len());
    for c in changes {
        if !(0..questions).contains(&c.position) {
            return Err(SaveError::UnknownQuestion(c.position));
        }
        let stored = sqlx::query(
            "SELECT version, origin, value, reason FROM answers WHERE assessment_id = $1 AND position = $2",
        )
        .bind(id.to_string())
        .bind(c.position)
        .fetch_optional(unit.connection())
        .await?;
        let current: Option<i64> = stored.as_ref().map(|r| r.try_get("version")).transpose()?;
        let origin = match &stored {
            Some(r) => AnswerOrigin::after_saving(Some(parse_column(r, "origin")?), same_answer(r, &c.answer)?),
            None => AnswerOrigin::after_saving(None, false),
        };
        if current != c.seen_version {
            return Err(SaveError::Conflict { position: c.position, current: current.unwrap_or(0) });
        }
        let waiting = if submitted { reopened_by(unit.connection(), id, c.position, current).await? } else { vec![] };
        if submitted && waiting.is_empty() {
            return Err(SaveError::Submitted(c.position));
        }
        let version = current.unwrap_or(0) + 1;
        let reason = match &c.answer {
            Answer::NotApplicable { reason } => Some(reason.clone()),
            _ => None,
        };
        let (value, note) = (c.answer.as_str(), c.note.clone().filter(|n| !n.trim().is_empty()));
        // The write itself checks the version seen, so that two saves racing on PostgreSQL
        // (where reads do not take the write lock) cannot both pass: the second writes nothing.
        let sql = if current.is_some() {
            "UPDATE answers SET value = $3, reason = $4, note = $5, origin = $9, version = $6, updated_at = $7, \
             updated_by = $8 WHERE assessment_id = $1 AND position = $2 AND version = $6 - 1"
        } else {
            "INSERT INTO answers (assessment_id, position, value, reason, note, origin, version, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $9, $6, $7, $8) ON CONFLICT (assessment_id, position) DO NOTHING"
        };
        let written = sqlx::query(sql)
            .bind(id.to_string())
            .bind(c.position)
            .bind(value)
            .bind(reason.clone())
            .bind(note.clone())
            .bind(version)
            .bind(to_ms(now))
            .bind(by.to_string())
            .bind(origin.as_str())
            .execute(unit.connection())
            .await?
            .rows_affected();
        if written != 1 {
            return Err(SaveError::Conflict { position: c.position, current: version });
        }
        history(unit.connection(), id, c.position, version, &c.answer, note.as_deref(), origin, by, now).await?;
        // Who asked about or rejected the answer hears that it changed, in the same transaction.
        for reviewer in waiting {
            super::review_mail::changed(unit, base_url, reviewer, id, c.position).await?;
        }
        saved.push((c.position, version));
    }
    let event = AuditEvent::new("assessment.answer")
        .object("assessment", id.to_string())
        .detail("answers", changes.len().to_string());
    unit.audit(event);
    Ok(saved)
}

/// Whether a stored answer row says the same as `answer` (value and reason).
fn same_answer(row: &AnyRow, answer: &Answer) -> Result<bool, sqlx::Error> {
    let value: String = row.try_get("value")?;
    let reason: Option<String> = row.try_get("reason")?;
    Ok(Answer::parse(&value, reason.as_deref()).is_ok_and(|stored| stored == *answer))
}

/// An answer carried from another self-check, with the note that says from where.
#[derive(Debug, Clone)]
pub struct Carried {
    pub position: i64,
    pub answer: Answer,
    pub note: String,
}

/// Records carried answers as `inferred` on the unanswered questions of the acting
/// organisation's draft self-check (a question answered meanwhile keeps its answer).
pub async fn carry(
    unit: &mut Unit,
    id: AssessmentId,
    from: AssessmentId,
    carried: &[Carried],
) -> Result<(), SaveError> {
    let (own, by, now) = (unit.own::<SelfCheck>(), unit.actor(), unit.now());
    let tx = unit.connection();
    draft_state(tx, &own, id).await?;
    for c in carried {
        let reason = match &c.answer {
            Answer::NotApplicable { reason } => Some(reason.clone()),
            _ => None,
        };
        let inserted = sqlx::query(
            "INSERT INTO answers (assessment_id, position, value, reason, note, origin, version, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, 'inferred', 1, $6, $7) ON CONFLICT (assessment_id, position) DO NOTHING",
        )
        .bind(id.to_string())
        .bind(c.position)
        .bind(c.answer.as_str())
        .bind(reason.clone())
        .bind(&c.note)
        .bind(to_ms(now))
        .bind(by.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            history(tx, id, c.position, 1, &c.answer, Some(&c.note), AnswerOrigin::Inferred, by, now).await?;
        }
    }
    let event = AuditEvent::new("assessment.carry")
        .object("assessment", id.to_string())
        .detail("from", from.to_string())
        .detail("answers", carried.len().to_string());
    unit.audit(event);
    Ok(())
}

/// The supplier confirms carried answers as they stand: each (position, version seen).
pub async fn confirm(unit: &mut Unit, id: AssessmentId, seen: &[(i64, i64)]) -> Result<Vec<(i64, i64)>, SaveError> {
    let (own, by, now) = (unit.own::<SelfCheck>(), unit.actor(), unit.now());
    let tx = unit.connection();
    draft_state(tx, &own, id).await?;
    let mut done = Vec::with_capacity(seen.len());
    for &(position, version) in seen {
        let row = sqlx::query(
            "UPDATE answers SET origin = 'confirmed', version = version + 1, updated_at = $4, updated_by = $5 \
             WHERE assessment_id = $1 AND position = $2 AND version = $3 AND origin = 'inferred' \
             RETURNING value, reason, note",
        )
        .bind(id.to_string())
        .bind(position)
        .bind(version)
        .bind(to_ms(now))
        .bind(by.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Err(SaveError::NotInferred(position)) };
        let value: String = row.try_get("value")?;
        let reason: Option<String> = row.try_get("reason")?;
        let answer = Answer::parse(&value, reason.as_deref()).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        let note: Option<String> = row.try_get("note")?;
        history(tx, id, position, version + 1, &answer, note.as_deref(), AnswerOrigin::Confirmed, by, now).await?;
        done.push((position, version + 1));
    }
    let event = AuditEvent::new("assessment.confirm")
        .object("assessment", id.to_string())
        .detail("answers", seen.len().to_string());
    unit.audit(event);
    Ok(done)
}

/// Checks the self-check is the acting organisation's and still a draft.
async fn draft_state(conn: &mut sqlx::AnyConnection, own: &Own<SelfCheck>, id: AssessmentId) -> Result<(), SaveError> {
    let state: Option<String> = sqlx::query_scalar("SELECT state FROM assessments WHERE id = $1 AND org_id = $2")
        .bind(id.to_string())
        .bind(own.owner().to_string())
        .fetch_optional(conn)
        .await?;
    match state.map(|s| s.parse::<AssessmentState>()) {
        None => Err(SaveError::NotFound),
        Some(Ok(state)) if state.answers_open() => Ok(()),
        Some(_) => Err(SaveError::NotDraft),
    }
}

#[allow(clippy::too_many_arguments)]
async fn history(
    conn: &mut sqlx::AnyConnection,
    id: AssessmentId,
    position: i64,
    version: i64,
    answer: &Answer,
    note: Option<&str>,
    origin: AnswerOrigin,
    by: UserId,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let reason = match answer {
        Answer::NotApplicable { reason } => Some(reason.as_str()),
        _ => None,
    };
    sqlx::query(
        "INSERT INTO answer_history (assessment_id, position, version, value, reason, note, origin, changed_at, changed_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(position)
    .bind(version)
    .bind(answer.as_str())
    .bind(reason)
    .bind(note)
    .bind(origin.as_str())
    .bind(to_ms(now))
    .bind(by.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
