//! Submissions, verdicts and review threads.
//!
//! A supplier submits its own self-check (`Own<SelfCheck>`) to a linked organisation: one
//! transaction grants the self-check to it through `grants`, records the submission and marks
//! the self-check submitted. The reviewer then reaches the self-check only through that grant
//! (`Granted<SelfCheck>`), for as long as it is live. A verdict is written only if the reviewer
//! saw the current verdict version and the current answer version; otherwise nothing changes
//! and the reviewer is told what changed.

use std::collections::BTreeMap;

use kakehashi_domain::assess::Answer;
use kakehashi_domain::assess::review::{ReviewState, Verdict};
use kakehashi_domain::ids::{AssessmentId, GrantId, OrgId, UserId};
use kakehashi_domain::message::{Explain, Message};
use kakehashi_domain::tenancy::{ObjectKind, Purpose};
use serde::Serialize;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use super::assessment_store::SelfCheck;
use crate::platform::audit::AuditEvent;
use crate::platform::db::{Db, from_ms, parse_column, to_ms};
use crate::platform::tenancy::grants::{self, NewGrant};
use crate::platform::tenancy::{Granted, ObjectScope, Own, Scope, Shareable};
use crate::platform::unit::Unit;

impl Shareable for SelfCheck {
    const KIND: ObjectKind = ObjectKind::SelfCheck;
    type Id = AssessmentId;
}

/// The reviewer side's list (a type for scoping: the acting organisation's received reviews).
#[derive(Debug)]
pub struct Review;

#[derive(Debug, thiserror::Error)]
pub enum ReviewStoreError {
    #[error("no such self-check")]
    NotFound,
    #[error("this self-check was already submitted to that organisation")]
    AlreadySubmitted,
    #[error("question {0} has no answer to review")]
    Unanswered(i64),
    #[error(
        "the supplier changed the answer to question {position} after you opened it; read the new answer and decide again"
    )]
    AnswerChanged { position: i64 },
    #[error("another reviewer decided on question {position} after you opened it; reload to see their decision")]
    Conflict { position: i64 },
    #[error("this self-check was not submitted to that organisation")]
    NotSubmitted,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

impl Explain for ReviewStoreError {
    fn message(&self) -> Message {
        match self {
            ReviewStoreError::NotFound => Message::new("error-404-body"),
            ReviewStoreError::AlreadySubmitted => Message::new("review-error-already-submitted"),
            ReviewStoreError::Unanswered(p) => Message::new("review-error-unanswered").question(*p),
            ReviewStoreError::AnswerChanged { position } => {
                Message::new("review-error-answer-changed").question(*position)
            }
            ReviewStoreError::Conflict { position } => Message::new("review-error-conflict").question(*position),
            ReviewStoreError::NotSubmitted => Message::new("review-error-not-submitted"),
            ReviewStoreError::Db(_) => Message::new("error-500-body"),
        }
    }
}

/// A self-check received for review.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Received {
    #[schema(value_type = String)]
    pub assessment_id: AssessmentId,
    #[schema(value_type = String)]
    pub supplier_id: OrgId,
    pub supplier_name: String,
    pub title: String,
    /// For a built-in questionnaire of the baseline: its tier.
    pub built_in_tier: Option<i64>,
    pub questions: i64,
    /// Questions the supplier has answered (not counting unconfirmed carried answers).
    pub answered: i64,
    /// Questions this organisation has accepted (for the answer as it now stands).
    pub accepted: i64,
    /// Answers this organisation has decided on, as they now stand.
    pub decided: i64,
    /// Answers changed since this organisation decided on them.
    pub changed: i64,
    /// Answers this organisation asked about or rejected, waiting for the supplier.
    pub open: i64,
    /// Replies from the supplier since the last decision on their question.
    pub new_replies: i64,
    /// The overall score's points and maximum (the self-check's scoring rule).
    pub points: i64,
    pub max_points: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub submitted_at: OffsetDateTime,
}

impl Received {
    /// Answers waiting for this organisation's decision (new, or changed since).
    pub fn to_decide(&self) -> i64 {
        (self.answered - self.decided).max(0)
    }

    /// The overall score as a percentage, when anything counts.
    pub fn percent(&self) -> Option<i64> {
        (self.max_points > 0).then(|| self.points * 100 / self.max_points)
    }
}

/// Where an answer stands with one reviewer, and the conversation about it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AnswerReview {
    #[schema(value_type = String)]
    pub reviewer_id: OrgId,
    pub reviewer_name: String,
    #[schema(value_type = String)]
    pub state: ReviewState,
    /// The verdict's version, to send back with the next decision (absent before the first).
    pub version: Option<i64>,
    /// For an answer changed since the decision: the answer as it was decided on.
    #[schema(value_type = Option<Object>)]
    pub previous: Option<Answer>,
    pub thread: Vec<Comment>,
}

impl AnswerReview {
    /// The reviewer's latest question or rejection, and the supplier's latest reply after it
    /// (the question stays open until the reviewer decides again, so the pages say it was
    /// answered rather than ask again).
    pub fn open_question(&self) -> (Option<&Comment>, Option<&Comment>) {
        let asked = self.thread.iter().rposition(|c| c.kind == "asked" || c.kind == "rejected");
        let Some(at) = asked else { return (None, None) };
        let replied = self.thread[at..].iter().rev().find(|c| c.kind == "reply");
        (self.thread.get(at), replied)
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Comment {
    /// accepted, asked, rejected (a reviewer's decision) or reply (the supplier's).
    pub kind: String,
    pub author_name: String,
    pub body: Option<String>,
    /// The answer version it was about.
    pub answer_version: Option<i64>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

/// Who is told, and where their links point: the service's public address and the name of the
/// organisation acting.
#[derive(Debug, Clone)]
pub struct Notice<'a> {
    pub base_url: &'a str,
    pub from_name: &'a str,
}

/// Submits the acting organisation's self-check to `reviewer` for review, and tells the
/// reviewer's admins and reviewers by mail (the same transaction).
pub async fn submit(
    unit: &mut Unit,
    id: AssessmentId,
    (reviewer, purpose): (OrgId, Purpose),
    notice: &Notice<'_>,
) -> Result<GrantId, ReviewStoreError> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM assessments WHERE id = $1 AND org_id = $2")
        .bind(id.to_string())
        .bind(unit.org().to_string())
        .fetch_optional(unit.connection())
        .await?;
    found.ok_or(ReviewStoreError::NotFound)?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT grant_id FROM submissions WHERE assessment_id = $1 AND reviewer_org = $2")
            .bind(id.to_string())
            .bind(reviewer.to_string())
            .fetch_optional(unit.connection())
            .await?;
    if before.is_some() {
        return Err(ReviewStoreError::AlreadySubmitted);
    }
    let new = NewGrant {
        grantee: reviewer,
        kind: ObjectKind::SelfCheck,
        object_id: Some(id.to_string()),
        purpose,
        expires_at: None,
    };
    let grant = grants::create(unit, new).await?;
    let now = to_ms(unit.now());
    sqlx::query(
        "INSERT INTO submissions (assessment_id, reviewer_org, grant_id, submitted_at, submitted_by) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id.to_string())
    .bind(reviewer.to_string())
    .bind(grant.to_string())
    .bind(now)
    .bind(unit.actor().to_string())
    .execute(unit.connection())
    .await?;
    sqlx::query("UPDATE assessments SET state = 'submitted', updated_at = $2 WHERE id = $1")
        .bind(id.to_string())
        .bind(now)
        .execute(unit.connection())
        .await?;
    super::review_mail::submitted(unit, notice.base_url, notice.from_name, reviewer, id).await?;
    unit.audit(AuditEvent::new("assessment.submit").about(reviewer).object("assessment", id.to_string()));
    Ok(grant)
}

/// Self-checks submitted to the acting organisation whose grant is live now, with what awaits
/// the reviewer in each.
pub async fn received(db: &Db, own: &Own<Review>, now: OffsetDateTime) -> Result<Vec<Received>, sqlx::Error> {
    let rows = sqlx::query(RECEIVED).bind(own.owner().to_string()).bind(to_ms(now)).fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| {
            Ok(Received {
                assessment_id: parse_column(r, "assessment_id")?,
                supplier_id: parse_column(r, "org_id")?,
                supplier_name: r.try_get("name")?,
                title: r.try_get("title")?,
                built_in_tier: r.try_get("built_in_tier")?,
                questions: r.try_get("questions_count")?,
                answered: r.try_get("answered")?,
                accepted: r.try_get("accepted")?,
                decided: r.try_get("decided")?,
                changed: r.try_get("changed")?,
                open: r.try_get("open_items")?,
                new_replies: r.try_get("new_replies")?,
                points: r.try_get("points")?,
                max_points: r.try_get("max_points")?,
                submitted_at: from_ms(r.try_get("submitted_at")?),
            })
        })
        .collect()
}

/// Verdicts of the reviewing organisation on answers as they now stand, by kind.
const RECEIVED: &str = "SELECT s.assessment_id, a.org_id, o.name, q.title, q.questions_count, s.submitted_at, \
     CASE WHEN q.created_by_org IS NULL THEN q.baseline_tier END AS built_in_tier, \
     (SELECT COUNT(*) FROM answers x WHERE x.assessment_id = s.assessment_id AND x.origin <> 'inferred') AS answered, \
     (SELECT COUNT(*) FROM verdicts v JOIN answers x ON x.assessment_id = v.assessment_id AND x.position = v.position \
      AND x.version = v.answer_version WHERE v.assessment_id = s.assessment_id AND v.reviewer_org = s.reviewer_org \
      AND v.verdict = 'accepted') AS accepted, \
     (SELECT COUNT(*) FROM verdicts v JOIN answers x ON x.assessment_id = v.assessment_id AND x.position = v.position \
      AND x.version = v.answer_version WHERE v.assessment_id = s.assessment_id AND v.reviewer_org = s.reviewer_org) \
      AS decided, \
     (SELECT COUNT(*) FROM verdicts v JOIN answers x ON x.assessment_id = v.assessment_id AND x.position = v.position \
      AND x.version = v.answer_version WHERE v.assessment_id = s.assessment_id AND v.reviewer_org = s.reviewer_org \
      AND v.verdict IN ('asked', 'rejected')) AS open_items, \
     (SELECT COUNT(*) FROM verdicts v JOIN answers x ON x.assessment_id = v.assessment_id AND x.position = v.position \
      AND x.version <> v.answer_version WHERE v.assessment_id = s.assessment_id AND v.reviewer_org = s.reviewer_org) \
      AS changed, \
     (SELECT COUNT(*) FROM review_comments c WHERE c.assessment_id = s.assessment_id AND c.reviewer_org = s.reviewer_org \
      AND c.kind = 'reply' AND c.created_at > (SELECT COALESCE(MAX(v.decided_at), 0) FROM verdicts v \
      WHERE v.assessment_id = c.assessment_id AND v.reviewer_org = c.reviewer_org AND v.position = c.position)) \
      AS new_replies, \
     (SELECT COALESCE(SUM(CASE x.value WHEN 'implemented' THEN 4 WHEN 'partly' THEN 2 ELSE 0 END), 0) FROM answers x \
      WHERE x.assessment_id = s.assessment_id AND x.origin <> 'inferred' AND x.value <> 'not-applicable') AS points, \
     (SELECT 4 * COUNT(*) FROM answers x WHERE x.assessment_id = s.assessment_id AND x.origin <> 'inferred' \
      AND x.value <> 'not-applicable') AS max_points \
     FROM submissions s JOIN grants g ON g.id = s.grant_id JOIN assessments a ON a.id = s.assessment_id \
     JOIN organisations o ON o.id = a.org_id JOIN questionnaires q ON q.id = a.questionnaire_id \
     WHERE s.reviewer_org = $1 AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > $2) \
     ORDER BY s.submitted_at DESC";

/// The organisations the acting organisation submitted its self-check to, oldest first.
pub async fn submitted_to(
    db: &Db,
    own: &Own<SelfCheck>,
    id: AssessmentId,
) -> Result<Vec<(OrgId, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT s.reviewer_org, o.name FROM submissions s JOIN assessments a ON a.id = s.assessment_id \
         JOIN organisations o ON o.id = s.reviewer_org WHERE s.assessment_id = $1 AND a.org_id = $2 ORDER BY s.submitted_at",
    )
    .bind(id.to_string())
    .bind(own.owner().to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((parse_column(r, "reviewer_org")?, r.try_get("name")?))).collect()
}

/// Where the owner of the self-check submitted it (for the reviewer to reach it by a grant).
pub async fn owner_of(db: &Db, id: AssessmentId) -> Result<Option<OrgId>, sqlx::Error> {
    let row = sqlx::query("SELECT org_id FROM assessments WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| parse_column(&r, "org_id")).transpose()
}

/// Per question, where each reviewer stands and the thread, for a self-check the scope
/// reaches; `only` limits it to one reviewer (the reviewer's own view).
pub async fn reviews(
    db: &Db,
    scope: &impl ObjectScope<SelfCheck>,
    id: AssessmentId,
    only: Option<OrgId>,
) -> Result<Vec<(i64, AnswerReview)>, sqlx::Error> {
    if !scope.reaches(id) {
        return Ok(Vec::new());
    }
    let only = only.map(|o| o.to_string());
    let submitted = sqlx::query(
        "SELECT s.reviewer_org, o.name FROM submissions s JOIN assessments a ON a.id = s.assessment_id \
         JOIN organisations o ON o.id = s.reviewer_org WHERE s.assessment_id = $1 AND a.org_id = $2 \
         AND ($3 IS NULL OR s.reviewer_org = $3) ORDER BY s.submitted_at",
    )
    .bind(id.to_string())
    .bind(scope.owner().to_string())
    .bind(only.clone())
    .fetch_all(db.pool())
    .await?;
    let verdicts = sqlx::query(
        "SELECT v.reviewer_org, v.position, v.verdict, v.answer_version, v.version, x.version AS current, \
         h.value AS previous_value, h.reason AS previous_reason \
         FROM verdicts v LEFT JOIN answers x ON x.assessment_id = v.assessment_id AND x.position = v.position \
         LEFT JOIN answer_history h ON h.assessment_id = v.assessment_id AND h.position = v.position \
         AND h.version = v.answer_version WHERE v.assessment_id = $1",
    )
    .bind(id.to_string())
    .fetch_all(db.pool())
    .await?;
    let comments = sqlx::query(
        "SELECT c.reviewer_org, c.position, c.kind, c.body, c.answer_version, c.created_at, \
         coalesce(u.display_name, '') || ' (' || o.name || ')' AS author_name \
         FROM review_comments c JOIN organisations o ON o.id = c.author_org LEFT JOIN users u ON u.id = c.author \
         WHERE c.assessment_id = $1 ORDER BY c.created_at, c.id",
    )
    .bind(id.to_string())
    .fetch_all(db.pool())
    .await?;
    // Each row decoded once, keyed by (reviewer, question).
    let mut states: BTreeMap<(String, i64), (ReviewState, Option<i64>)> = BTreeMap::new();
    let mut previous: BTreeMap<(String, i64), Answer> = BTreeMap::new();
    for v in &verdicts {
        let decided: Verdict = parse_column(v, "verdict")?;
        let state = ReviewState::of(Some((decided, v.try_get("answer_version")?)), v.try_get("current")?);
        let key: (String, i64) = (v.try_get("reviewer_org")?, v.try_get("position")?);
        let value: Option<String> = v.try_get("previous_value")?;
        let reason: Option<String> = v.try_get("previous_reason")?;
        if let (ReviewState::Changed, Some(value)) = (state, value)
            && let Ok(answer) = Answer::parse(&value, reason.as_deref())
        {
            previous.insert(key.clone(), answer);
        }
        states.insert(key, (state, Some(v.try_get("version")?)));
    }
    let mut threads: BTreeMap<(String, i64), Vec<Comment>> = BTreeMap::new();
    for c in &comments {
        threads.entry((c.try_get("reviewer_org")?, c.try_get("position")?)).or_default().push(Comment {
            kind: c.try_get("kind")?,
            author_name: c.try_get("author_name")?,
            body: c.try_get("body")?,
            answer_version: c.try_get("answer_version")?,
            created_at: from_ms(c.try_get("created_at")?),
        });
    }
    let mut out: Vec<(i64, AnswerReview)> = Vec::new();
    for s in &submitted {
        let reviewer: String = s.try_get("reviewer_org")?;
        let reviewer_id: OrgId = parse_column(s, "reviewer_org")?;
        let name: String = s.try_get("name")?;
        let mut positions: Vec<i64> =
            states.keys().chain(threads.keys()).filter(|(r, _)| *r == reviewer).map(|(_, p)| *p).collect();
        positions.sort_unstable();
        positions.dedup();
        for position in positions {
            let key = (reviewer.clone(), position);
            let (state, version) = states.get(&key).copied().unwrap_or((ReviewState::Pending, None));
            let thread = threads.remove(&key).unwrap_or_default();
            let previous = previous.remove(&key);
            let review = AnswerReview { reviewer_id, reviewer_name: name.clone(), state, version, previous, thread };
            out.push((position, review));
        }
    }
    out.sort_by_key(|(p, _)| *p);
    Ok(out)
}

/// A reviewer's decision on one answer.
#[derive(Debug, Clone)]
pub struct Decision {
    pub position: i64,
    pub verdict: Verdict,
    pub comment: Option<String>,
    /// The verdict version the reviewer saw (`None`: they saw no verdict).
    pub seen_version: Option<i64>,
    /// The answer version the reviewer saw.
    pub seen_answer: i64,
}

/// Records a decision by the reviewing organisation (the unit's), reached through its grant; a
/// question or a rejection is mailed to the person who submitted (the same unit).
pub async fn decide(
    unit: &mut Unit,
    granted: &Granted<SelfCheck>,
    base_url: &str,
    id: AssessmentId,
    d: &Decision,
) -> Result<i64, ReviewStoreError> {
    if !granted.reaches(id) {
        return Err(ReviewStoreError::NotFound);
    }
    let (reviewer, by, now) = (unit.org(), unit.actor(), unit.now());
    let answer: Option<i64> = sqlx::query_scalar(
        "SELECT x.version FROM answers x JOIN assessments a ON a.id = x.assessment_id \
         WHERE x.assessment_id = $1 AND a.org_id = $2 AND x.position = $3",
    )
    .bind(id.to_string())
    .bind(granted.owner().to_string())
    .bind(d.position)
    .fetch_optional(unit.connection())
    .await?;
    let answer = answer.ok_or(ReviewStoreError::Unanswered(d.position))?;
    if answer != d.seen_answer {
        return Err(ReviewStoreError::AnswerChanged { position: d.position });
    }
    let key = (id.to_string(), reviewer.to_string(), d.position);
    let version = match d.seen_version {
        Some(seen) => {
            let changed = sqlx::query(
                "UPDATE verdicts SET verdict = $4, answer_version = $5, version = version + 1, decided_at = $6, decided_by = $7 \
                 WHERE assessment_id = $1 AND reviewer_org = $2 AND position = $3 AND version = $8",
            )
            .bind(&key.0)
            .bind(&key.1)
            .bind(key.2)
            .bind(d.verdict.as_str())
            .bind(answer)
            .bind(to_ms(now))
            .bind(by.to_string())
            .bind(seen)
            .execute(unit.connection())
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(ReviewStoreError::Conflict { position: d.position });
            }
            seen + 1
        }
        None => {
            let inserted = sqlx::query(
                "INSERT INTO verdicts (assessment_id, reviewer_org, position, verdict, answer_version, version, decided_at, decided_by) \
                 VALUES ($1, $2, $3, $4, $5, 1, $6, $7) ON CONFLICT (assessment_id, reviewer_org, position) DO NOTHING",
            )
            .bind(&key.0)
            .bind(&key.1)
            .bind(key.2)
            .bind(d.verdict.as_str())
            .bind(answer)
            .bind(to_ms(now))
            .bind(by.to_string())
            .execute(unit.connection())
            .await?
            .rows_affected();
            if inserted != 1 {
                return Err(ReviewStoreError::Conflict { position: d.position });
            }
            1
        }
    };
    add_comment(
        unit.connection(),
        id,
        reviewer,
        d.position,
        reviewer,
        by,
        d.verdict.as_str(),
        d.comment.as_deref(),
        answer,
        now,
    )
    .await?;
    if d.verdict.reopens() {
        super::review_mail::questioned(unit, base_url, id, d.position).await?;
    }
    let event = AuditEvent::new("review.verdict")
        .about(granted.owner())
        .object("assessment", id.to_string())
        .detail("position", d.position.to_string())
        .detail("verdict", d.verdict.as_str());
    unit.audit(event);
    Ok(version)
}

/// A supplier's reply in the thread it has with one reviewer about one question.
#[derive(Debug, Clone, Copy)]
pub struct Reply<'a> {
    pub reviewer: OrgId,
    pub position: i64,
    pub body: &'a str,
}

/// Adds the supplier's reply to a thread of its own submitted self-check.
/// The supplier replies to a reviewer's question, in the request's unit of work.
pub async fn reply(unit: &mut Unit, id: AssessmentId, r: Reply<'_>) -> Result<(), ReviewStoreError> {
    let Reply { reviewer, position, body } = r;
    let (own, by, now) = (unit.own::<SelfCheck>(), unit.actor(), unit.now());
    let tx = unit.connection();
    let submitted: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM submissions s JOIN assessments a ON a.id = s.assessment_id \
         WHERE s.assessment_id = $1 AND a.org_id = $2 AND s.reviewer_org = $3",
    )
    .bind(id.to_string())
    .bind(own.owner().to_string())
    .bind(reviewer.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    submitted.ok_or(ReviewStoreError::NotSubmitted)?;
    let answer: Option<i64> =
        sqlx::query_scalar("SELECT version FROM answers WHERE assessment_id = $1 AND position = $2")
            .bind(id.to_string())
            .bind(position)
            .fetch_optional(&mut *tx)
            .await?;
    let answer = answer.ok_or(ReviewStoreError::Unanswered(position))?;
    add_comment(tx, id, reviewer, position, own.owner(), by, "reply", Some(body), answer, now).await?;
    let event = AuditEvent::new("review.reply")
        .about(reviewer)
        .object("assessment", id.to_string())
        .detail("position", position.to_string());
    unit.audit(event);
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn add_comment(
    conn: &mut AnyConnection,
    id: AssessmentId,
    reviewer: OrgId,
    position: i64,
    author_org: OrgId,
    author: UserId,
    kind: &str,
    body: Option<&str>,
    answer_version: i64,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO review_comments (id, assessment_id, reviewer_org, position, author_org, author, kind, body, answer_version, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(id.to_string())
    .bind(reviewer.to_string())
    .bind(position)
    .bind(author_org.to_string())
    .bind(author.to_string())
    .bind(kind)
    .bind(body)
    .bind(answer_version)
    .bind(to_ms(now))
    .execute(conn)
    .await?;
    Ok(())
}
