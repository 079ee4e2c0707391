//! Questionnaires and their questions: stored once, audited; read with the catalogs' texts in
//! the asked language.

use kakehashi_domain::baseline::Tier;
use kakehashi_domain::ids::{CatalogId, OrgId, ProfileId, QuestionnaireId, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::platform::audit::{self, AuditEvent};
use crate::platform::db::{Db, from_ms, parse_column, placeholders, to_ms};
use crate::platform::tenancy::{Own, owner_binding};
use crate::platform::unit::Unit;

/// One question as laid out.
#[derive(Debug, Clone)]
pub struct NewQuestion {
    pub catalog_id: CatalogId,
    pub key: String,
    pub theme_key: String,
    pub tier: Option<Tier>,
    pub screen: usize,
}

#[derive(Debug, Clone)]
pub struct NewQuestionnaire {
    pub title: String,
    /// How it was made, in words ("profile …", "the common baseline up to tier 2").
    pub source: String,
    pub profile_id: Option<ProfileId>,
    pub baseline_tier: Option<Tier>,
    pub questions: Vec<NewQuestion>,
    pub screens: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuestionnaireSummary {
    #[schema(value_type = String)]
    pub id: QuestionnaireId,
    pub title: String,
    pub source: String,
    #[schema(value_type = Option<String>)]
    pub profile_id: Option<ProfileId>,
    pub baseline_tier: Option<i64>,
    pub questions: i64,
    pub screens: i64,
    /// The organisation that made it; none for the built-in ones.
    pub made_by: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

/// A question with its texts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Question {
    pub position: i64,
    #[schema(value_type = String)]
    pub catalog_id: CatalogId,
    pub key: String,
    pub label: String,
    pub theme_key: String,
    pub theme: String,
    pub tier: Option<i64>,
    pub screen: i64,
    pub title: Option<String>,
    /// What the item asks (the question).
    pub statement: Option<String>,
    /// What it means and why.
    pub guidance: Option<String>,
    pub first_step: Option<String>,
    /// What counts as evidence; where set, the item asks for evidence.
    pub evidence: Option<String>,
}

/// Questions per INSERT. Larger batches were slower on SQLite (measured: 80 rows 18.7 ms, 150
/// rows 23 ms against 17 ms for a 1,007-question questionnaire), smaller ones no faster.
const BATCH: usize = 40;

/// Records a questionnaire made by the unit's organisation.
pub async fn insert(unit: &mut Unit, q: &NewQuestionnaire) -> Result<QuestionnaireId, sqlx::Error> {
    let made_by = (Some(unit.org()), Some(unit.actor()));
    let now = unit.now();
    let id = write(unit.connection(), q, made_by, now).await?;
    unit.audit(created(id, q));
    Ok(id)
}

/// Records a built-in questionnaire (made by the service, owned by no organisation).
pub async fn insert_built_in(
    db: &Db,
    q: &NewQuestionnaire,
    now: OffsetDateTime,
) -> Result<QuestionnaireId, sqlx::Error> {
    let mut tx = db.write().await?;
    let id = write(&mut tx, q, (None, None), now).await?;
    audit::append(&mut tx, created(id, q), now).await?;
    tx.commit().await?;
    Ok(id)
}

fn created(id: QuestionnaireId, q: &NewQuestionnaire) -> AuditEvent {
    AuditEvent::new("questionnaire.create")
        .object("questionnaire", id.to_string())
        .detail("title", q.title.as_str())
        .detail("questions", q.questions.len().to_string())
}

/// Writes the questionnaire and its questions, these in batches of [`BATCH`] rows.
async fn write(
    tx: &mut AnyConnection,
    q: &NewQuestionnaire,
    (org, actor): (Option<OrgId>, Option<UserId>),
    now: OffsetDateTime,
) -> Result<QuestionnaireId, sqlx::Error> {
    let id = QuestionnaireId::new();
    sqlx::query(
        "INSERT INTO questionnaires (id, title, source, profile_id, baseline_tier, questions_count, screens_count, \
         created_at, created_by, created_by_org) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(id.to_string())
    .bind(&q.title)
    .bind(&q.source)
    .bind(q.profile_id.map(|p| p.to_string()))
    .bind(q.baseline_tier.map(|t| i64::from(t.number())))
    .bind(q.questions.len() as i64)
    .bind(q.screens as i64)
    .bind(to_ms(now))
    .bind(actor.map(|u| u.to_string()))
    .bind(org.map(|o| o.to_string()))
    .execute(&mut *tx)
    .await?;
    for (chunk_no, chunk) in q.questions.chunks(BATCH).enumerate() {
        let sql = format!(
            "INSERT INTO questions (questionnaire_id, position, catalog_id, control_key, theme_key, tier, screen) VALUES {}",
            placeholders(chunk.len(), 7)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (i, question) in chunk.iter().enumerate() {
            query = query
                .bind(id.to_string())
                .bind((chunk_no * BATCH + i) as i64)
                .bind(question.catalog_id.to_string())
                .bind(question.key.clone())
                .bind(question.theme_key.clone())
                .bind(question.tier.map(|t| i64::from(t.number())))
                .bind(question.screen as i64);
        }
        query.execute(&mut *tx).await?;
    }
    Ok(id)
}

const SUMMARY: &str = "SELECT q.id, q.title, q.source, q.profile_id, q.baseline_tier, q.questions_count, q.screens_count, \
     q.created_at, (SELECT o.name FROM organisations o WHERE o.id = q.created_by_org) AS made_by FROM questionnaires q";

fn summary(r: &AnyRow) -> Result<QuestionnaireSummary, sqlx::Error> {
    let profile: Option<String> = r.try_get("profile_id")?;
    Ok(QuestionnaireSummary {
        id: parse_column(r, "id")?,
        title: r.try_get("title")?,
        source: r.try_get("source")?,
        profile_id: profile.and_then(|p| p.parse().ok()),
        baseline_tier: r.try_get("baseline_tier")?,
        questions: r.try_get("questions_count")?,
        screens: r.try_get("screens_count")?,
        made_by: r.try_get("made_by")?,
        created_at: from_ms(r.try_get("created_at")?),
    })
}

/// Which questionnaires a caller sees: the built-in ones, and those its own organisation made
/// (an organisation's questionnaire is its own; others do not learn it exists). `$1` is the
/// viewing organisation, or NULL for a person acting for none.
const VISIBLE: &str = "(q.created_by_org IS NULL OR q.created_by_org = $1)";

pub async fn list(
    db: &Db,
    viewer: Option<&Own<QuestionnaireSummary>>,
) -> Result<Vec<QuestionnaireSummary>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{SUMMARY} WHERE {VISIBLE} ORDER BY q.baseline_tier IS NULL, q.baseline_tier, q.title"
    ));
    sqlx::query(sql).bind(owner_binding(viewer)).fetch_all(db.pool()).await?.iter().map(summary).collect()
}

pub async fn get(
    db: &Db,
    viewer: Option<&Own<QuestionnaireSummary>>,
    id: QuestionnaireId,
) -> Result<Option<QuestionnaireSummary>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} WHERE {VISIBLE} AND q.id = $2"));
    let query = sqlx::query(sql).bind(owner_binding(viewer)).bind(id.to_string());
    query.fetch_optional(db.pool()).await?.as_ref().map(summary).transpose()
}

/// The built-in questionnaire of a baseline tier, if made.
pub async fn for_baseline_tier(db: &Db, tier: Tier) -> Result<Option<QuestionnaireId>, sqlx::Error> {
    let id: Option<String> =
        sqlx::query_scalar("SELECT id FROM questionnaires WHERE baseline_tier = $1 AND created_by_org IS NULL")
            .bind(i64::from(tier.number()))
            .fetch_optional(db.pool())
            .await?;
    Ok(id.and_then(|s| s.parse().ok()))
}

/// Every question in order, with texts in `lang` (or the first language the item has).
pub async fn questions(db: &Db, id: QuestionnaireId, lang: &str) -> Result<Vec<Question>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT q.position, q.catalog_id, q.control_key, q.theme_key, q.tier, q.screen, c.label, \
         COALESCE(t.title, e.title) AS title, COALESCE(t.statement, e.statement) AS statement, \
         COALESCE(t.guidance, e.guidance) AS guidance, COALESCE(t.first_step, e.first_step) AS first_step, \
         COALESCE(t.evidence, e.evidence) AS evidence, COALESCE(tt.title, te.title, q.theme_key) AS theme \
         FROM questions q JOIN catalog_controls c ON c.catalog_id = q.catalog_id AND c.key = q.control_key \
         LEFT JOIN catalog_texts t ON t.catalog_id = q.catalog_id AND t.key = q.control_key AND t.lang = $2 \
         LEFT JOIN catalog_texts e ON e.catalog_id = q.catalog_id AND e.key = q.control_key AND e.lang <> $2 \
         LEFT JOIN catalog_texts tt ON tt.catalog_id = q.catalog_id AND tt.key = q.theme_key AND tt.lang = $2 \
         LEFT JOIN catalog_texts te ON te.catalog_id = q.catalog_id AND te.key = q.theme_key AND te.lang <> $2 \
         WHERE q.questionnaire_id = $1 ORDER BY q.position",
    )
    .bind(id.to_string())
    .bind(lang)
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<Question> = Vec::with_capacity(rows.len());
    for r in &rows {
        let position: i64 = r.try_get("position")?;
        // The fallback join can give one row per other language; keep the first.
        if out.last().is_some_and(|q| q.position == position) {
            continue;
        }
        out.push(Question {
            position,
            catalog_id: parse_column(r, "catalog_id")?,
            key: r.try_get("control_key")?,
            label: r.try_get("label")?,
            theme_key: r.try_get("theme_key")?,
            theme: r.try_get("theme")?,
            tier: r.try_get("tier")?,
            screen: r.try_get("screen")?,
            title: r.try_get("title")?,
            statement: r.try_get("statement")?,
            guidance: r.try_get("guidance")?,
            first_step: r.try_get("first_step")?,
            evidence: r.try_get("evidence")?,
        });
    }
    Ok(out)
}
