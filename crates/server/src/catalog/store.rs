//! The catalog tables. An import is one transaction: all of a catalog or nothing of it.

use kakehashi_domain::catalog::{Catalog, CatalogMeta, Control, ControlKind, Text, normalise_label};
use kakehashi_domain::ids::{CatalogId, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::platform::audit::{self, AuditEvent};
use crate::platform::db::{Db, from_ms, parse_column, placeholders, to_ms};
use crate::platform::jobs::{self, NewJob};

/// Rows per multi-row INSERT. Measured (catalog_import bench): 1 row per statement took 258 ms for
/// SP 800-53, 40 rows 60-65 ms, 300 rows 129 ms and 1,000 rows 538 ms (large statements cost
/// more than linearly to prepare), so a few dozen is the sweet spot.
const BATCH: usize = 40;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CatalogSummary {
    #[schema(value_type = String)]
    pub id: CatalogId,
    pub title: String,
    pub version: String,
    pub issuer: Option<String>,
    pub licence_note: Option<String>,
    pub oscal_version: Option<String>,
    pub languages: Vec<String>,
    pub source_name: String,
    pub source_sha256: String,
    pub controls: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub imported_at: OffsetDateTime,
}

/// One node of a catalog's tree, with its text in the asked language (or its first).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ControlRow {
    pub key: String,
    pub label: String,
    pub kind: String,
    pub parent: Option<String>,
    pub class: Option<String>,
    pub withdrawn: bool,
    pub title: Option<String>,
    pub statement: Option<String>,
    pub guidance: Option<String>,
    pub first_step: Option<String>,
    pub evidence: Option<String>,
    /// How deep in the tree (0 for top level), for indentation.
    pub depth: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("a catalog titled {title:?}, version {version:?}, is already imported")]
    AlreadyImported { title: String, version: String, id: CatalogId },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Stores a whole catalog, audited, in one transaction.
pub async fn import(
    db: &Db,
    catalog: &Catalog,
    (source_name, source_sha256): (&str, &str),
    (actor, announce): (Option<UserId>, Announce),
    now: OffsetDateTime,
) -> Result<CatalogId, ImportError> {
    if let Some(existing) = find(db, &catalog.meta.title, &catalog.meta.version).await? {
        return Err(ImportError::AlreadyImported {
            title: catalog.meta.title.clone(),
            version: catalog.meta.version.clone(),
            id: existing,
        });
    }
    let id = CatalogId::new();
    let mut tx = db.write().await?;
    let m = &catalog.meta;
    sqlx::query(
        "INSERT INTO catalogs (id, title, version, issuer, licence_note, oscal_uuid, oscal_version, languages, source_name, \
         source_sha256, controls_count, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(id.to_string())
    .bind(&m.title)
    .bind(&m.version)
    .bind(&m.issuer)
    .bind(&m.licence_note)
    .bind(&m.oscal_uuid)
    .bind(&m.oscal_version)
    .bind(m.languages.join(","))
    .bind(source_name)
    .bind(source_sha256)
    .bind(catalog.assessable().count() as i64)
    .bind(to_ms(now))
    .bind(actor.map(|a| a.to_string()))
    .execute(&mut *tx)
    .await?;
    insert_controls(&mut tx, id, catalog).await?;
    insert_texts(&mut tx, id, catalog).await?;
    let event = AuditEvent::new("catalog.import")
        .actor(actor)
        .object("catalog", id.to_string())
        .detail("title", m.title.as_str())
        .detail("version", m.version.as_str())
        .detail("sha256", source_sha256);
    audit::append(&mut tx, event, now).await?;
    // Those who build on catalogs (the baseline's links to frameworks) hear of the new one in
    // a job, written with it, so the catalog knows none of them.
    if announce == Announce::ToBuilders {
        let imported = NewJob {
            kind: IMPORTED,
            payload: serde_json::json!({ "catalog_id": id.to_string() }),
            run_at: now,
            unique_key: None,
        };
        jobs::store::enqueue(&mut tx, imported, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The job kind written with an imported catalog (payload `{"catalog_id": "…"}`), for the
/// capabilities that build on catalogs to register a handler for.
pub const IMPORTED: &str = "catalog.imported";

/// Whether an import writes the [`IMPORTED`] job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Announce {
    /// A catalog someone imported: those who build on catalogs hear of it.
    ToBuilders,
    /// A built-in catalog the baseline installs itself, and links as it does.
    No,
}

async fn insert_controls(conn: &mut AnyConnection, id: CatalogId, catalog: &Catalog) -> Result<(), sqlx::Error> {
    let catalog_id = id.to_string();
    for (chunk_no, chunk) in catalog.controls.chunks(BATCH).enumerate() {
        let sql = format!(
            "INSERT INTO catalog_controls (catalog_id, key, label, norm_label, kind, parent_key, class, withdrawn, position) VALUES {}",
            placeholders(chunk.len(), 9)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (i, c) in chunk.iter().enumerate() {
            q = q
                .bind(catalog_id.clone())
                .bind(c.key.clone())
                .bind(c.label.clone())
                .bind(normalise_label(&c.label))
                .bind(c.kind.as_str())
                .bind(c.parent.clone())
                .bind(c.class.clone())
                .bind(i64::from(c.withdrawn))
                .bind((chunk_no * BATCH + i) as i64);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

async fn insert_texts(conn: &mut AnyConnection, id: CatalogId, catalog: &Catalog) -> Result<(), sqlx::Error> {
    let catalog_id = id.to_string();
    let texts: Vec<_> = catalog.controls.iter().flat_map(|c| c.texts.iter().map(move |t| (c, t))).collect();
    for chunk in texts.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO catalog_texts (catalog_id, key, lang, title, statement, guidance, first_step, evidence) VALUES {}",
            placeholders(chunk.len(), 8)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (c, t) in chunk {
            q = q
                .bind(catalog_id.clone())
                .bind(c.key.clone())
                .bind(t.lang.clone())
                .bind(t.title.clone())
                .bind(t.statement.clone())
                .bind(t.guidance.clone())
                .bind(t.first_step.clone())
                .bind(t.evidence.clone());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn find(db: &Db, title: &str, version: &str) -> Result<Option<CatalogId>, sqlx::Error> {
    let id: Option<String> = sqlx::query_scalar("SELECT id FROM catalogs WHERE title = $1 AND version = $2")
        .bind(title)
        .bind(version)
        .fetch_optional(db.pool())
        .await?;
    Ok(id.and_then(|s| s.parse().ok()))
}

const SUMMARY: &str = "SELECT id, title, version, issuer, licence_note, oscal_version, languages, source_name, source_sha256, \
     controls_count, imported_at FROM catalogs";

fn summary(row: &AnyRow) -> Result<CatalogSummary, sqlx::Error> {
    Ok(CatalogSummary {
        id: parse_column(row, "id")?,
        title: row.try_get("title")?,
        version: row.try_get("version")?,
        issuer: row.try_get("issuer")?,
        licence_note: row.try_get("licence_note")?,
        oscal_version: row.try_get("oscal_version")?,
        languages: row.try_get::<String, _>("languages")?.split(',').map(str::to_owned).collect(),
        source_name: row.try_get("source_name")?,
        source_sha256: row.try_get("source_sha256")?,
        controls: row.try_get("controls_count")?,
        imported_at: from_ms(row.try_get("imported_at")?),
    })
}

pub async fn list(db: &Db) -> Result<Vec<CatalogSummary>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} ORDER BY title, version"));
    sqlx::query(sql).fetch_all(db.pool()).await?.iter().map(summary).collect()
}

/// How many catalogs were imported (not built in).
pub async fn count_imported(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM catalogs WHERE built_in IS NULL").fetch_one(db.pool()).await
}

pub async fn get(db: &Db, id: CatalogId) -> Result<Option<CatalogSummary>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} WHERE id = $1"));
    sqlx::query(sql).bind(id.to_string()).fetch_optional(db.pool()).await?.as_ref().map(summary).transpose()
}

const NODES: &str = "SELECT key, label, kind, parent_key, class, withdrawn FROM catalog_controls";

fn node(r: &AnyRow) -> Result<ControlRow, sqlx::Error> {
    Ok(ControlRow {
        key: r.try_get("key")?,
        label: r.try_get("label")?,
        kind: r.try_get("kind")?,
        parent: r.try_get("parent_key")?,
        class: r.try_get("class")?,
        withdrawn: r.try_get::<i64, _>("withdrawn")? == 1,
        title: None,
        statement: None,
        guidance: None,
        first_step: None,
        evidence: None,
        depth: 0,
    })
}

/// Fills in each row's text in `lang`, or in the first language it has.
async fn with_texts(
    db: &Db,
    id: CatalogId,
    lang: &str,
    rows: &mut [ControlRow],
    only: Option<&str>,
) -> Result<(), sqlx::Error> {
    let texts = match only {
        Some(key) => sqlx::query("SELECT key, lang, title, statement, guidance, first_step, evidence FROM catalog_texts WHERE catalog_id = $1 AND key = $2 ORDER BY lang")
            .bind(id.to_string())
            .bind(key)
            .fetch_all(db.pool())
            .await?,
        None => sqlx::query("SELECT key, lang, title, statement, guidance, first_step, evidence FROM catalog_texts WHERE catalog_id = $1 ORDER BY lang")
            .bind(id.to_string())
            .fetch_all(db.pool())
            .await?,
    };
    let mut chosen: std::collections::HashMap<String, &AnyRow> = std::collections::HashMap::with_capacity(rows.len());
    for t in &texts {
        let key: String = t.try_get("key")?;
        let is_wanted = t.try_get::<String, _>("lang")? == lang;
        if is_wanted || !chosen.contains_key(&key) {
            chosen.insert(key, t);
        }
    }
    for r in rows.iter_mut() {
        if let Some(t) = chosen.get(&r.key) {
            r.title = t.try_get("title")?;
            r.statement = t.try_get("statement")?;
            r.guidance = t.try_get("guidance")?;
            r.first_step = t.try_get("first_step")?;
            r.evidence = t.try_get("evidence")?;
        }
    }
    Ok(())
}

/// Every node, in document order, with depths and texts filled in.
pub async fn tree(db: &Db, id: CatalogId, lang: &str) -> Result<Vec<ControlRow>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{NODES} WHERE catalog_id = $1 ORDER BY position"));
    let mut rows: Vec<ControlRow> =
        sqlx::query(sql).bind(id.to_string()).fetch_all(db.pool()).await?.iter().map(node).collect::<Result<_, _>>()?;
    let mut depth_of: std::collections::HashMap<String, usize> = std::collections::HashMap::with_capacity(rows.len());
    for r in &mut rows {
        r.depth = r.parent.as_ref().and_then(|p| depth_of.get(p)).map(|d| d + 1).unwrap_or(0);
        depth_of.insert(r.key.clone(), r.depth);
    }
    with_texts(db, id, lang, &mut rows, None).await?;
    Ok(rows)
}

/// A catalog's nodes in order, without their texts (for working out its structure).
pub async fn outline(db: &Db, id: CatalogId) -> Result<Vec<ControlRow>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{NODES} WHERE catalog_id = $1 ORDER BY position"));
    sqlx::query(sql).bind(id.to_string()).fetch_all(db.pool()).await?.iter().map(node).collect()
}

/// One control by key, or by any form of its label (`ac-2.3`, `AC-2(3)`).
pub async fn control(
    db: &Db,
    id: CatalogId,
    key_or_label: &str,
    lang: &str,
) -> Result<Option<ControlRow>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!(
        "{NODES} WHERE catalog_id = $1 AND (key = $2 OR norm_label = $3) ORDER BY CASE WHEN key = $2 THEN 0 ELSE 1 END LIMIT 1"
    ));
    let found = sqlx::query(sql)
        .bind(id.to_string())
        .bind(key_or_label)
        .bind(normalise_label(key_or_label))
        .fetch_optional(db.pool())
        .await?;
    let Some(found) = found else { return Ok(None) };
    let mut rows = [node(&found)?];
    let key = rows[0].key.clone();
    with_texts(db, id, lang, &mut rows, Some(&key)).await?;
    let [row] = rows;
    Ok(Some(row))
}

/// A stored catalog back as the domain model (all languages), for export.
pub async fn load(db: &Db, id: CatalogId) -> Result<Option<Catalog>, sqlx::Error> {
    let Some(meta_row) = sqlx::query(
        "SELECT title, version, issuer, licence_note, oscal_uuid, oscal_version, languages FROM catalogs WHERE id = $1",
    )
    .bind(id.to_string())
    .fetch_optional(db.pool())
    .await?
    else {
        return Ok(None);
    };
    let sql = sqlx::AssertSqlSafe(format!("{NODES} WHERE catalog_id = $1 ORDER BY position"));
    let nodes = sqlx::query(sql).bind(id.to_string()).fetch_all(db.pool()).await?;
    let texts = sqlx::query(
        "SELECT key, lang, title, statement, guidance, first_step, evidence FROM catalog_texts WHERE catalog_id = $1 ORDER BY lang",
    )
    .bind(id.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut by_key: std::collections::HashMap<String, Vec<Text>> = std::collections::HashMap::new();
    for t in &texts {
        by_key.entry(t.try_get("key")?).or_default().push(Text {
            lang: t.try_get("lang")?,
            title: t.try_get("title")?,
            statement: t.try_get("statement")?,
            guidance: t.try_get("guidance")?,
            first_step: t.try_get("first_step")?,
            evidence: t.try_get("evidence")?,
        });
    }
    let mut controls = Vec::with_capacity(nodes.len());
    for n in &nodes {
        let key: String = n.try_get("key")?;
        controls.push(Control {
            texts: by_key.remove(&key).unwrap_or_default(),
            key,
            label: n.try_get("label")?,
            kind: parse_column(n, "kind")?,
            parent: n.try_get("parent_key")?,
            class: n.try_get("class")?,
            withdrawn: n.try_get::<i64, _>("withdrawn")? == 1,
        });
    }
    let languages: String = meta_row.try_get("languages")?;
    Ok(Some(Catalog {
        meta: CatalogMeta {
            title: meta_row.try_get("title")?,
            version: meta_row.try_get("version")?,
            issuer: meta_row.try_get("issuer")?,
            licence_note: meta_row.try_get("licence_note")?,
            oscal_uuid: meta_row.try_get("oscal_uuid")?,
            oscal_version: meta_row.try_get("oscal_version")?,
            languages: languages.split(',').map(str::to_owned).collect(),
        },
        controls,
    }))
}

/// A heading: a group, or a control that is a heading in all but name (CSF 2.0's OSCAL catalog
/// models its functions and categories as controls, class `function` and `category`). Headings
/// are not assessed, asked about or counted as items.
pub fn is_heading(r: &ControlRow) -> bool {
    !is_control(&r.kind) || matches!(r.class.as_deref(), Some("function" | "category"))
}

/// The kinds of node, for counting.
pub fn is_control(kind: &str) -> bool {
    kind == ControlKind::Control.as_str()
}

/// Names `id` the built-in catalog `name` (an installed list such as the baseline), taking the
/// name from the version it had before.
pub async fn name_built_in(db: &Db, name: &str, id: CatalogId) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query("UPDATE catalogs SET built_in = NULL WHERE built_in = $1").bind(name).execute(&mut *tx).await?;
    sqlx::query("UPDATE catalogs SET built_in = $1 WHERE id = $2")
        .bind(name)
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// The catalog installed under the built-in name `name`, with its version.
pub async fn built_in(db: &Db, name: &str) -> Result<Option<(CatalogId, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT id, version FROM catalogs WHERE built_in = $1")
        .bind(name)
        .fetch_optional(db.pool())
        .await?;
    row.map(|r| Ok((parse_column(&r, "id")?, r.try_get("version")?))).transpose()
}
