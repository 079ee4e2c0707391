//! Evidence records and their links to answers, always through a scope: an organisation
//! reaches its own evidence; a reviewer reaches a supplier's evidence only through the
//! self-check that was shared with it (see `review`). Every change is audited in its
//! transaction.

use kakehashi_domain::assess::evidence::{CertificateScheme, DATE_FORMAT, EvidenceKind, FileType, Validity, iso_date};
use kakehashi_domain::ids::{AssessmentId, CatalogId, EvidenceId};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Date, OffsetDateTime};

use super::assessment_store::SelfCheck;
use crate::platform::audit::AuditEvent;
use crate::platform::db::{Db, from_ms, parse_column, to_ms};
use crate::platform::files::StoredFile;
use crate::platform::tenancy::{ObjectScope, Own, Scope};
use crate::platform::unit::Unit;

/// The kind of object scopes reach here.
#[derive(Debug)]
pub struct Evidence;

/// A certificate or declaration's particulars.
#[derive(Debug, Clone)]
pub struct Certificate {
    pub scheme: CertificateScheme,
    pub number: Option<String>,
    pub issuer: Option<String>,
    /// Baseline items it stands as evidence for.
    pub covers: Vec<(CatalogId, String)>,
}

/// Evidence to record, already checked.
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub kind: EvidenceKind,
    pub title: String,
    /// The uploaded file and its original name (a file, or a certificate's scan).
    pub file: Option<(StoredFile, String)>,
    pub link: Option<String>,
    pub statement: Option<String>,
    pub certificate: Option<Certificate>,
    pub validity: Validity,
}

/// Evidence as shown to its owner, or to a reviewer of a self-check it supports.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EvidenceView {
    #[schema(value_type = String)]
    pub id: EvidenceId,
    #[schema(value_type = String)]
    pub kind: EvidenceKind,
    pub title: String,
    pub original_name: Option<String>,
    pub size: Option<i64>,
    #[schema(value_type = Option<String>)]
    pub file_type: Option<FileType>,
    #[serde(skip)]
    pub sha256: Option<String>,
    pub link: Option<String>,
    pub statement: Option<String>,
    #[schema(value_type = Option<String>)]
    pub scheme: Option<CertificateScheme>,
    pub number: Option<String>,
    pub issuer: Option<String>,
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub issued_on: Option<Date>,
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub expires_on: Option<Date>,
    /// Keys of the baseline items a certificate covers.
    pub covers: Vec<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    pub withdrawn: bool,
    /// In a self-check: attached to the answer by hand (not only covering its item).
    pub attached: bool,
}

impl EvidenceView {
    /// Not withdrawn and not expired on `today`.
    pub fn holds_on(&self, today: Date) -> bool {
        !self.withdrawn && Validity { issued_on: self.issued_on, expires_on: self.expires_on }.holds_on(today)
    }
}

/// Records new evidence of the acting organisation in the request's unit of work.
pub async fn create(unit: &mut Unit, new: &NewEvidence) -> Result<EvidenceId, sqlx::Error> {
    let id = EvidenceId::new();
    let (org, by, now) = (unit.org().to_string(), unit.actor(), unit.now());
    let tx = unit.connection();
    if let Some((file, _)) = &new.file {
        sqlx::query(
            "INSERT INTO evidence_files (org_id, sha256, size, file_type, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (org_id, sha256) DO NOTHING",
        )
        .bind(&org)
        .bind(&file.sha256)
        .bind(i64::try_from(file.size).unwrap_or(i64::MAX))
        .bind(file.file_type.as_str())
        .bind(to_ms(now))
        .execute(&mut *tx)
        .await?;
    }
    let cert = new.certificate.as_ref();
    sqlx::query(
        "INSERT INTO evidence (id, org_id, kind, title, sha256, original_name, link, statement, scheme, number, issuer, \
         issued_on, expires_on, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
    .bind(id.to_string())
    .bind(&org)
    .bind(new.kind.as_str())
    .bind(&new.title)
    .bind(new.file.as_ref().map(|(f, _)| f.sha256.clone()))
    .bind(new.file.as_ref().map(|(_, name)| name.clone()))
    .bind(&new.link)
    .bind(&new.statement)
    .bind(cert.map(|c| c.scheme.as_str()))
    .bind(cert.and_then(|c| c.number.clone()))
    .bind(cert.and_then(|c| c.issuer.clone()))
    .bind(new.validity.issued_on.map(|d| d.to_string()))
    .bind(new.validity.expires_on.map(|d| d.to_string()))
    .bind(to_ms(now))
    .bind(by.to_string())
    .execute(&mut *tx)
    .await?;
    for (catalog, key) in cert.map(|c| c.covers.as_slice()).unwrap_or_default() {
        sqlx::query("INSERT INTO evidence_covers (evidence_id, catalog_id, control_key) VALUES ($1, $2, $3)")
            .bind(id.to_string())
            .bind(catalog.to_string())
            .bind(key)
            .execute(&mut *tx)
            .await?;
    }
    let mut event =
        AuditEvent::new("evidence.add").object("evidence", id.to_string()).detail("kind", new.kind.as_str());
    if let Some((file, _)) = &new.file {
        event = event.detail("sha256", file.sha256.clone());
    }
    unit.audit(event);
    Ok(id)
}

const VIEW: &str = "SELECT e.id, e.kind, e.title, e.sha256, e.original_name, f.size, f.file_type, e.link, e.statement, \
     e.scheme, e.number, e.issuer, e.issued_on, e.expires_on, e.created_at, e.withdrawn_at \
     FROM evidence e LEFT JOIN evidence_files f ON f.org_id = e.org_id AND f.sha256 = e.sha256";

fn date_column(row: &AnyRow, name: &str) -> Result<Option<Date>, sqlx::Error> {
    let text: Option<String> = row.try_get(name)?;
    text.map(|t| Date::parse(&t, DATE_FORMAT).map_err(|e| sqlx::Error::Decode(Box::new(e)))).transpose()
}

fn view(row: &AnyRow) -> Result<EvidenceView, sqlx::Error> {
    let optional = |name: &str| -> Result<Option<String>, sqlx::Error> { row.try_get(name) };
    let decode = |e: kakehashi_domain::assess::evidence::EvidenceError| sqlx::Error::Decode(Box::new(e));
    Ok(EvidenceView {
        id: parse_column(row, "id")?,
        kind: parse_column(row, "kind")?,
        title: row.try_get("title")?,
        original_name: optional("original_name")?,
        size: row.try_get("size")?,
        file_type: optional("file_type")?.map(|t| t.parse()).transpose().map_err(decode)?,
        sha256: optional("sha256")?,
        link: optional("link")?,
        statement: optional("statement")?,
        scheme: optional("scheme")?.map(|t| t.parse()).transpose().map_err(decode)?,
        number: optional("number")?,
        issuer: optional("issuer")?,
        issued_on: date_column(row, "issued_on")?,
        expires_on: date_column(row, "expires_on")?,
        covers: Vec::new(),
        created_at: from_ms(row.try_get("created_at")?),
        withdrawn: row.try_get::<Option<i64>, _>("withdrawn_at")?.is_some(),
        attached: false,
    })
}

/// Fills in what each certificate covers.
async fn with_covers(db: &Db, mut list: Vec<EvidenceView>) -> Result<Vec<EvidenceView>, sqlx::Error> {
    for e in list.iter_mut().filter(|e| e.kind == EvidenceKind::Certificate) {
        e.covers = sqlx::query_scalar(
            "SELECT control_key FROM evidence_covers WHERE evidence_id = $1 ORDER BY catalog_id, control_key",
        )
        .bind(e.id.to_string())
        .fetch_all(db.pool())
        .await?;
    }
    Ok(list)
}

/// The acting organisation's evidence, newest first (withdrawn ones last).
pub async fn list(db: &Db, own: &Own<Evidence>) -> Result<Vec<EvidenceView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{VIEW} WHERE e.org_id = $1 ORDER BY (e.withdrawn_at IS NULL) DESC, e.created_at DESC, e.id DESC"
    ));
    let rows = sqlx::query(sql).bind(own.owner().to_string()).fetch_all(db.pool()).await?;
    with_covers(db, rows.iter().map(view).collect::<Result<_, _>>()?).await
}

pub async fn get(db: &Db, own: &Own<Evidence>, id: EvidenceId) -> Result<Option<EvidenceView>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{VIEW} WHERE e.id = $1 AND e.org_id = $2"));
    let row = sqlx::query(sql).bind(id.to_string()).bind(own.owner().to_string()).fetch_optional(db.pool()).await?;
    let Some(row) = row else { return Ok(None) };
    Ok(with_covers(db, vec![view(&row)?]).await?.pop())
}

/// Withdraws one of the acting organisation's evidence: no longer offered for new answers;
/// answers it supports keep showing it, marked withdrawn. `false` if there is no such evidence.
pub async fn withdraw(unit: &mut Unit, id: EvidenceId) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE evidence SET withdrawn_at = $1 WHERE id = $2 AND org_id = $3 AND withdrawn_at IS NULL")
            .bind(to_ms(unit.now()))
            .bind(id.to_string())
            .bind(unit.org().to_string())
            .execute(unit.connection())
            .await?
            .rows_affected()
            == 1;
    if done {
        unit.audit(AuditEvent::new("evidence.withdraw").object("evidence", id.to_string()));
    }
    Ok(done)
}

/// Evidence supporting the answers of a self-check the scope reaches: what was attached to
/// each question, and the certificates of its organisation that cover a question's item.
/// Pairs of (question position, evidence).
pub async fn for_assessment(
    db: &Db,
    scope: &impl ObjectScope<SelfCheck>,
    id: AssessmentId,
) -> Result<Vec<(i64, EvidenceView)>, sqlx::Error> {
    if !scope.reaches(id) {
        return Ok(Vec::new());
    }
    let attached = sqlx::AssertSqlSafe(format!(
        "SELECT x.position, v.* FROM answer_evidence x JOIN assessments a ON a.id = x.assessment_id \
         JOIN ({VIEW}) v ON v.id = x.evidence_id WHERE x.assessment_id = $1 AND a.org_id = $2"
    ));
    let covering = sqlx::AssertSqlSafe(format!(
        "SELECT q.position, v.* FROM assessments a JOIN questions q ON q.questionnaire_id = a.questionnaire_id \
         JOIN evidence_covers c ON c.catalog_id = q.catalog_id AND c.control_key = q.control_key \
         JOIN evidence e ON e.id = c.evidence_id AND e.org_id = a.org_id \
         JOIN ({VIEW}) v ON v.id = e.id WHERE a.id = $1 AND a.org_id = $2"
    ));
    let mut pairs = Vec::new();
    for (sql, by_hand) in [(attached, true), (covering, false)] {
        let rows = sqlx::query(sql).bind(id.to_string()).bind(scope.owner().to_string()).fetch_all(db.pool()).await?;
        for row in &rows {
            pairs.push((row.try_get::<i64, _>("position")?, EvidenceView { attached: by_hand, ..view(row)? }));
        }
    }
    // Attached first among equals, so that dedup keeps that one.
    pairs.sort_by_key(|a| (a.0, a.1.id.to_string(), !a.1.attached));
    pairs.dedup_by(|a, b| a.0 == b.0 && a.1.id == b.1.id);
    let (positions, views): (Vec<i64>, Vec<EvidenceView>) = pairs.into_iter().unzip();
    Ok(positions.into_iter().zip(with_covers(db, views).await?).collect())
}

/// Sets the evidence attached to one question of the acting organisation's self-check.
/// Only the organisation's own evidence that is not withdrawn may be newly attached.
pub async fn attach(
    unit: &mut Unit,
    id: AssessmentId,
    position: i64,
    evidence: &[EvidenceId],
) -> Result<(), AttachError> {
    let (own, by, now) = (unit.own::<SelfCheck>(), unit.actor(), unit.now());
    let tx = unit.connection();
    let questions: Option<i64> = sqlx::query_scalar(
        "SELECT q.questions_count FROM assessments a JOIN questionnaires q ON q.id = a.questionnaire_id \
         WHERE a.id = $1 AND a.org_id = $2",
    )
    .bind(id.to_string())
    .bind(own.owner().to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let questions = questions.ok_or(AttachError::NotFound)?;
    if !(0..questions).contains(&position) {
        return Err(AttachError::UnknownQuestion(position));
    }
    let before: Vec<String> =
        sqlx::query_scalar("SELECT evidence_id FROM answer_evidence WHERE assessment_id = $1 AND position = $2")
            .bind(id.to_string())
            .bind(position)
            .fetch_all(&mut *tx)
            .await?;
    for e in evidence.iter().filter(|e| !before.contains(&e.to_string())) {
        let usable: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM evidence WHERE id = $1 AND org_id = $2 AND withdrawn_at IS NULL")
                .bind(e.to_string())
                .bind(own.owner().to_string())
                .fetch_optional(&mut *tx)
                .await?;
        if usable.is_none() {
            return Err(AttachError::UnknownEvidence(*e));
        }
        sqlx::query(
            "INSERT INTO answer_evidence (assessment_id, position, evidence_id, linked_at, linked_by) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.to_string())
        .bind(position)
        .bind(e.to_string())
        .bind(to_ms(now))
        .bind(by.to_string())
        .execute(&mut *tx)
        .await?;
    }
    for gone in before.iter().filter(|b| !evidence.iter().any(|e| e.to_string() == **b)) {
        sqlx::query("DELETE FROM answer_evidence WHERE assessment_id = $1 AND position = $2 AND evidence_id = $3")
            .bind(id.to_string())
            .bind(position)
            .bind(gone)
            .execute(&mut *tx)
            .await?;
    }
    let event = AuditEvent::new("assessment.evidence")
        .object("assessment", id.to_string())
        .detail("position", position.to_string())
        .detail("evidence", evidence.len().to_string());
    unit.audit(event);
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum AttachError {
    #[error("no such self-check")]
    NotFound,
    #[error("the questionnaire has no question {0}")]
    UnknownQuestion(i64),
    #[error("you have no evidence {0} to attach (or it was withdrawn)")]
    UnknownEvidence(EvidenceId),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}
impl kakehashi_domain::message::Explain for AttachError {
    fn message(&self) -> kakehashi_domain::message::Message {
        use kakehashi_domain::message::Message;
        match self {
            AttachError::NotFound => Message::new("error-404-body"),
            AttachError::UnknownQuestion(p) => Message::new("answer-error-unknown-question").question(*p),
            AttachError::UnknownEvidence(_) => Message::new("evidence-error-gone"),
            AttachError::Db(_) => Message::new("error-500-body"),
        }
    }
}
