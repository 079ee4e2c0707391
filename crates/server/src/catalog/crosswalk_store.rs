//! The crosswalk tables: import (resolving references by key or any form of label), listing,
//! the mappings of one control in both directions, and the matrix between two catalogs.

use std::collections::{BTreeMap, HashMap};

use kakehashi_domain::catalog::{Crosswalk, MappingRecord, Relation, normalise_label};
use kakehashi_domain::ids::{CatalogId, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::platform::audit::{self, AuditEvent};
use crate::platform::db::{Db, from_ms, parse_column, placeholders, to_ms};

/// Rows per multi-row INSERT (see the catalog store for why a few dozen).
const BATCH: usize = 40;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CrosswalkSummary {
    pub id: String,
    #[schema(value_type = String)]
    pub source_catalog: CatalogId,
    pub source_title: String,
    #[schema(value_type = String)]
    pub target_catalog: CatalogId,
    pub target_title: String,
    pub title: String,
    pub provenance: String,
    pub source_name: String,
    pub mappings: i64,
    pub unresolved: i64,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub imported_at: OffsetDateTime,
}

/// A reference that matched no control, listed instead of refusing the file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
pub struct Unresolved {
    /// `source` or `target`.
    pub side: String,
    pub reference: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CrosswalkError {
    #[error("no catalog has the id {0}")]
    UnknownCatalog(CatalogId),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Every way a control of a catalog may be referred to: its key, and the normal form of its
/// key and of its label.
pub(crate) async fn resolver(db: &Db, catalog: CatalogId) -> Result<HashMap<String, String>, sqlx::Error> {
    let rows = sqlx::query("SELECT key, norm_label FROM catalog_controls WHERE catalog_id = $1 ORDER BY position")
        .bind(catalog.to_string())
        .fetch_all(db.pool())
        .await?;
    let mut map = HashMap::with_capacity(rows.len() * 3);
    for r in &rows {
        let key: String = r.try_get("key")?;
        let label: String = r.try_get("norm_label")?;
        map.entry(label).or_insert_with(|| key.clone());
        map.entry(normalise_label(&key)).or_insert_with(|| key.clone());
    }
    for r in &rows {
        let key: String = r.try_get("key")?;
        map.insert(key.clone(), key);
    }
    Ok(map)
}

pub(crate) fn resolve(map: &HashMap<String, String>, reference: &str) -> Option<String> {
    map.get(reference).or_else(|| map.get(&normalise_label(reference))).cloned()
}

async fn catalog_title(db: &Db, id: CatalogId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT title FROM catalogs WHERE id = $1").bind(id.to_string()).fetch_optional(db.pool()).await
}

/// Stores a crosswalk from `source` to `target`, audited, in one transaction. References that
/// match nothing are stored unresolved and returned.
pub async fn import(
    db: &Db,
    source: CatalogId,
    target: CatalogId,
    crosswalk: &Crosswalk,
    source_name: &str,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<(String, Vec<Unresolved>), CrosswalkError> {
    for id in [source, target] {
        catalog_title(db, id).await?.ok_or(CrosswalkError::UnknownCatalog(id))?;
    }
    let (sources, targets) = (resolver(db, source).await?, resolver(db, target).await?);
    let mut unresolved = Vec::new();
    let mut rows = Vec::with_capacity(crosswalk.records.len());
    for (position, r) in crosswalk.records.iter().enumerate() {
        let target_key = resolve(&targets, &r.target);
        if target_key.is_none() {
            unresolved.push(Unresolved { side: "target".into(), reference: r.target.clone() });
        }
        let source_keys: Vec<Option<String>> = r.sources.iter().map(|s| resolve(&sources, s)).collect();
        for (s, k) in r.sources.iter().zip(&source_keys) {
            if k.is_none() {
                unresolved.push(Unresolved { side: "source".into(), reference: s.clone() });
            }
        }
        rows.push((Uuid::now_v7().to_string(), position, r, target_key, source_keys));
    }
    let mut seen = std::collections::HashSet::new();
    unresolved.retain(|u| seen.insert(u.clone()));
    let id = Uuid::now_v7().to_string();
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO crosswalks (id, source_catalog_id, target_catalog_id, title, provenance, source_name, mappings_count, \
         unresolved_count, imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(source.to_string())
    .bind(target.to_string())
    .bind(&crosswalk.title)
    .bind(&crosswalk.provenance)
    .bind(source_name)
    .bind(rows.len() as i64)
    .bind(unresolved.len() as i64)
    .bind(to_ms(now))
    .bind(actor.map(|a| a.to_string()))
    .execute(&mut *tx)
    .await?;
    insert_mappings(&mut tx, &id, source, target, &rows).await?;
    let event = AuditEvent::new("crosswalk.import")
        .actor(actor)
        .object("crosswalk", id.clone())
        .detail("mappings", rows.len().to_string())
        .detail("unresolved", unresolved.len().to_string())
        .detail("provenance", crosswalk.provenance.as_str());
    audit::append(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok((id, unresolved))
}

type Row_<'a> = (String, usize, &'a MappingRecord, Option<String>, Vec<Option<String>>);

async fn insert_mappings(
    conn: &mut AnyConnection,
    crosswalk: &str,
    source: CatalogId,
    target: CatalogId,
    rows: &[Row_<'_>],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO mappings (id, crosswalk_id, source_catalog_id, target_catalog_id, target_key, target_ref, relation, strength, \
             rationale, position) VALUES {}",
            placeholders(chunk.len(), 10)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, position, r, target_key, _) in chunk {
            q = q
                .bind(id.clone())
                .bind(crosswalk.to_owned())
                .bind(source.to_string())
                .bind(target.to_string())
                .bind(target_key.clone())
                .bind(r.target.clone())
                .bind(r.relation.as_str())
                .bind(r.strength.map(i64::from))
                .bind(r.rationale.clone())
                .bind(*position as i64);
        }
        q.execute(&mut *conn).await?;
    }
    let members: Vec<(&String, usize, &String, &Option<String>)> = rows
        .iter()
        .flat_map(|(id, _, r, _, keys)| r.sources.iter().zip(keys).enumerate().map(move |(i, (s, k))| (id, i, s, k)))
        .collect();
    for chunk in members.chunks(BATCH) {
        let sql = format!(
            "INSERT INTO mapping_sources (mapping_id, position, source_key, source_ref) VALUES {}",
            placeholders(chunk.len(), 4)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id, position, reference, key) in chunk {
            q = q.bind((*id).clone()).bind(*position as i64).bind((*key).clone()).bind((*reference).clone());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

const SUMMARY: &str = "SELECT x.id, x.source_catalog_id, s.title AS source_title, x.target_catalog_id, t.title AS target_title, \
     x.title, x.provenance, x.source_name, x.mappings_count, x.unresolved_count, x.imported_at FROM crosswalks x \
     JOIN catalogs s ON s.id = x.source_catalog_id JOIN catalogs t ON t.id = x.target_catalog_id";

fn summary(r: &AnyRow) -> Result<CrosswalkSummary, sqlx::Error> {
    Ok(CrosswalkSummary {
        id: r.try_get("id")?,
        source_catalog: parse_column(r, "source_catalog_id")?,
        source_title: r.try_get("source_title")?,
        target_catalog: parse_column(r, "target_catalog_id")?,
        target_title: r.try_get("target_title")?,
        title: r.try_get("title")?,
        provenance: r.try_get("provenance")?,
        source_name: r.try_get("source_name")?,
        mappings: r.try_get("mappings_count")?,
        unresolved: r.try_get("unresolved_count")?,
        imported_at: from_ms(r.try_get("imported_at")?),
    })
}

pub async fn list(db: &Db) -> Result<Vec<CrosswalkSummary>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} ORDER BY x.imported_at, x.id"));
    sqlx::query(sql).fetch_all(db.pool()).await?.iter().map(summary).collect()
}

pub async fn get(db: &Db, id: &str) -> Result<Option<CrosswalkSummary>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} WHERE x.id = $1"));
    sqlx::query(sql).bind(id).fetch_optional(db.pool()).await?.as_ref().map(summary).transpose()
}

/// The references of a crosswalk that matched no control.
pub async fn unresolved(db: &Db, id: &str) -> Result<Vec<Unresolved>, sqlx::Error> {
    let targets = sqlx::query(
        "SELECT DISTINCT target_ref FROM mappings WHERE crosswalk_id = $1 AND target_key IS NULL ORDER BY target_ref",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let sources = sqlx::query(
        "SELECT DISTINCT s.source_ref FROM mapping_sources s JOIN mappings m ON m.id = s.mapping_id \
         WHERE m.crosswalk_id = $1 AND s.source_key IS NULL ORDER BY s.source_ref",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let mut out = Vec::new();
    for r in &sources {
        out.push(Unresolved { side: "source".into(), reference: r.try_get("source_ref")? });
    }
    for r in &targets {
        out.push(Unresolved { side: "target".into(), reference: r.try_get("target_ref")? });
    }
    Ok(out)
}

/// The mappings of a crosswalk as records (keys where resolved, references otherwise), for export.
pub async fn records(db: &Db, id: &str) -> Result<Vec<MappingRecord>, sqlx::Error> {
    let mappings = sqlx::query(
        "SELECT id, target_key, target_ref, relation, strength, rationale FROM mappings WHERE crosswalk_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let sources = sqlx::query(
        "SELECT s.mapping_id, s.source_key, s.source_ref FROM mapping_sources s JOIN mappings m ON m.id = s.mapping_id \
         WHERE m.crosswalk_id = $1 ORDER BY s.mapping_id, s.position",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    let mut by_mapping: HashMap<String, Vec<String>> = HashMap::new();
    for s in &sources {
        let key: Option<String> = s.try_get("source_key")?;
        by_mapping.entry(s.try_get("mapping_id")?).or_default().push(key.unwrap_or(s.try_get("source_ref")?));
    }
    mappings
        .iter()
        .map(|m| {
            let mid: String = m.try_get("id")?;
            let target_key: Option<String> = m.try_get("target_key")?;
            Ok(MappingRecord {
                sources: by_mapping.remove(&mid).unwrap_or_default(),
                target: target_key.unwrap_or(m.try_get("target_ref")?),
                relation: parse_column(m, "relation")?,
                strength: m.try_get::<Option<i64>, _>("strength")?.and_then(|s| u8::try_from(s).ok()),
                rationale: m.try_get("rationale")?,
                origin: String::new(),
            })
        })
        .collect()
}

/// A control on the other side of a mapping.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OtherControl {
    pub key: Option<String>,
    pub label: String,
}

/// One mapping seen from a control, in either direction.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ControlMapping {
    pub crosswalk_id: String,
    pub provenance: String,
    #[schema(value_type = String)]
    pub other_catalog: CatalogId,
    pub other_catalog_title: String,
    /// The relation of this control (with its group, if any) to the other side.
    #[schema(value_type = String)]
    pub relation: Relation,
    /// Whether this control is the source (`outgoing`) or the target (`incoming`).
    pub direction: String,
    /// The controls on the other side (several: a group that jointly covers this control).
    pub others: Vec<OtherControl>,
    /// The other sources in this control's group, when this control is one of several sources.
    pub together_with: Vec<String>,
    pub strength: Option<i64>,
    pub rationale: Option<String>,
}

/// Every mapping that involves a control, both those it is the source of and those it is the
/// target of (the reverse direction is derived here: subset reads as superset).
pub async fn for_control(db: &Db, catalog: CatalogId, key: &str) -> Result<Vec<ControlMapping>, sqlx::Error> {
    let outgoing = sqlx::query(
        "SELECT m.id, m.crosswalk_id, m.target_catalog_id AS other, c.title AS other_title, x.provenance, m.relation, m.strength, \
         m.rationale, m.target_key, m.target_ref, COALESCE(t.label, m.target_ref) AS target_label \
         FROM mapping_sources s JOIN mappings m ON m.id = s.mapping_id JOIN crosswalks x ON x.id = m.crosswalk_id \
         JOIN catalogs c ON c.id = m.target_catalog_id \
         LEFT JOIN catalog_controls t ON t.catalog_id = m.target_catalog_id AND t.key = m.target_key \
         WHERE m.source_catalog_id = $1 AND s.source_key = $2 ORDER BY c.title, m.position",
    )
    .bind(catalog.to_string())
    .bind(key)
    .fetch_all(db.pool())
    .await?;
    let incoming = sqlx::query(
        "SELECT m.id, m.crosswalk_id, m.source_catalog_id AS other, c.title AS other_title, x.provenance, m.relation, m.strength, \
         m.rationale FROM mappings m JOIN crosswalks x ON x.id = m.crosswalk_id JOIN catalogs c ON c.id = m.source_catalog_id \
         WHERE m.target_catalog_id = $1 AND m.target_key = $2 ORDER BY c.title, m.position",
    )
    .bind(catalog.to_string())
    .bind(key)
    .fetch_all(db.pool())
    .await?;
    let ids: Vec<String> =
        outgoing.iter().chain(&incoming).map(|r| r.try_get::<String, _>("id")).collect::<Result<_, _>>()?;
    let members = group_members(db, &ids).await?;
    let mut out = Vec::new();
    for r in &outgoing {
        let id: String = r.try_get("id")?;
        let together = members
            .get(&id)
            .map(|m| m.iter().filter(|o| o.key.as_deref() != Some(key)).map(|o| o.label.clone()).collect())
            .unwrap_or_default();
        out.push(ControlMapping {
            crosswalk_id: r.try_get("crosswalk_id")?,
            provenance: r.try_get("provenance")?,
            other_catalog: parse_column(r, "other")?,
            other_catalog_title: r.try_get("other_title")?,
            relation: parse_column(r, "relation")?,
            direction: "outgoing".into(),
            others: vec![OtherControl { key: r.try_get("target_key")?, label: r.try_get("target_label")? }],
            together_with: together,
            strength: r.try_get("strength")?,
            rationale: r.try_get("rationale")?,
        });
    }
    for r in &incoming {
        let id: String = r.try_get("id")?;
        out.push(ControlMapping {
            crosswalk_id: r.try_get("crosswalk_id")?,
            provenance: r.try_get("provenance")?,
            other_catalog: parse_column(r, "other")?,
            other_catalog_title: r.try_get("other_title")?,
            relation: parse_column::<Relation>(r, "relation")?.reverse(),
            direction: "incoming".into(),
            others: members.get(&id).cloned().unwrap_or_default(),
            together_with: vec![],
            strength: r.try_get("strength")?,
            rationale: r.try_get("rationale")?,
        });
    }
    Ok(out)
}

/// The source controls of each mapping, with their labels.
async fn group_members(db: &Db, mapping_ids: &[String]) -> Result<HashMap<String, Vec<OtherControl>>, sqlx::Error> {
    let mut out: HashMap<String, Vec<OtherControl>> = HashMap::new();
    for chunk in mapping_ids.chunks(BATCH) {
        let list = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT s.mapping_id, s.source_key, COALESCE(c.label, s.source_ref) AS label FROM mapping_sources s \
             JOIN mappings m ON m.id = s.mapping_id \
             LEFT JOIN catalog_controls c ON c.catalog_id = m.source_catalog_id AND c.key = s.source_key \
             WHERE s.mapping_id IN ({list}) ORDER BY s.mapping_id, s.position"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in chunk {
            q = q.bind(id.clone());
        }
        for r in q.fetch_all(db.pool()).await? {
            out.entry(r.try_get("mapping_id")?)
                .or_default()
                .push(OtherControl { key: r.try_get("source_key")?, label: r.try_get("label")? });
        }
    }
    Ok(out)
}

/// One row of the matrix: a control of the first catalog and what it maps to in the second.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MatrixRow {
    pub key: String,
    pub label: String,
    pub withdrawn: bool,
    pub links: Vec<MatrixLink>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MatrixLink {
    pub key: String,
    pub label: String,
    /// From the row's control to this one.
    #[schema(value_type = String)]
    pub relation: Relation,
    /// Part of a group of sources that jointly covers the target.
    pub grouped: bool,
}

/// Coverage between two catalogs, in both directions of the stored mappings.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Matrix {
    pub rows: Vec<MatrixRow>,
    /// Active controls of the first catalog with at least one mapping to the second.
    pub covered: usize,
    /// Active controls of the first catalog.
    pub total: usize,
    /// Active controls of the second catalog reached from the first.
    pub other_covered: usize,
    pub other_total: usize,
    /// How many links of each relation (as read from the first catalog).
    pub by_relation: BTreeMap<String, usize>,
}

/// The crosswalk matrix from catalog `a` to catalog `b`.
pub async fn matrix(db: &Db, a: CatalogId, b: CatalogId) -> Result<Matrix, sqlx::Error> {
    let controls = |id: CatalogId| async move {
        sqlx::query("SELECT key, label, withdrawn FROM catalog_controls WHERE catalog_id = $1 AND kind = 'control' ORDER BY position")
            .bind(id.to_string())
            .fetch_all(db.pool())
            .await
    };
    let (a_rows, b_rows) = (controls(a).await?, controls(b).await?);
    let b_labels: HashMap<String, (String, bool)> = b_rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<String, _>("key")?,
                (r.try_get::<String, _>("label")?, r.try_get::<i64, _>("withdrawn")? == 1),
            ))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    // Links (a key, b key, relation from a, grouped) in both stored directions.
    let forward = sqlx::query(
        "SELECT s.source_key AS a_key, m.target_key AS b_key, m.relation, \
         (SELECT COUNT(*) FROM mapping_sources g WHERE g.mapping_id = m.id) AS members \
         FROM mappings m JOIN mapping_sources s ON s.mapping_id = m.id \
         WHERE m.source_catalog_id = $1 AND m.target_catalog_id = $2 AND s.source_key IS NOT NULL AND m.target_key IS NOT NULL",
    )
    .bind(a.to_string())
    .bind(b.to_string())
    .fetch_all(db.pool())
    .await?;
    let backward = sqlx::query(
        "SELECT m.target_key AS a_key, s.source_key AS b_key, m.relation, \
         (SELECT COUNT(*) FROM mapping_sources g WHERE g.mapping_id = m.id) AS members \
         FROM mappings m JOIN mapping_sources s ON s.mapping_id = m.id \
         WHERE m.source_catalog_id = $2 AND m.target_catalog_id = $1 AND s.source_key IS NOT NULL AND m.target_key IS NOT NULL",
    )
    .bind(a.to_string())
    .bind(b.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut links: HashMap<String, Vec<MatrixLink>> = HashMap::new();
    let mut by_relation: BTreeMap<String, usize> = BTreeMap::new();
    for (rows, reversed) in [(&forward, false), (&backward, true)] {
        for r in rows.iter() {
            let a_key: String = r.try_get("a_key")?;
            let b_key: String = r.try_get("b_key")?;
            let stored: Relation = parse_column(r, "relation")?;
            let relation = if reversed { stored.reverse() } else { stored };
            let label = b_labels.get(&b_key).map(|(l, _)| l.clone()).unwrap_or_else(|| b_key.clone());
            *by_relation.entry(relation.as_str().to_owned()).or_default() += 1;
            links.entry(a_key).or_default().push(MatrixLink {
                key: b_key,
                label,
                relation,
                grouped: r.try_get::<i64, _>("members")? > 1,
            });
        }
    }
    let mut rows = Vec::with_capacity(a_rows.len());
    let mut reached: std::collections::HashSet<String> = std::collections::HashSet::new();
    for r in &a_rows {
        let key: String = r.try_get("key")?;
        let row_links = links.remove(&key).unwrap_or_default();
        reached.extend(row_links.iter().filter(|l| l.relation != Relation::NoRelation).map(|l| l.key.clone()));
        rows.push(MatrixRow {
            label: r.try_get("label")?,
            withdrawn: r.try_get::<i64, _>("withdrawn")? == 1,
            key,
            links: row_links,
        });
    }
    let active = |r: &&MatrixRow| !r.withdrawn;
    let covered =
        rows.iter().filter(active).filter(|r| r.links.iter().any(|l| l.relation != Relation::NoRelation)).count();
    let total = rows.iter().filter(active).count();
    let other_total = b_labels.values().filter(|(_, withdrawn)| !withdrawn).count();
    let other_covered = reached.iter().filter(|k| b_labels.get(*k).is_some_and(|(_, w)| !w)).count();
    Ok(Matrix { rows, covered, total, other_covered, other_total, by_relation })
}

/// Whether a crosswalk titled `title` from `source` to `target` is stored.
pub async fn exists_titled(db: &Db, source: CatalogId, target: CatalogId, title: &str) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT id FROM crosswalks WHERE source_catalog_id = $1 AND target_catalog_id = $2 AND title = $3",
    )
    .bind(source.to_string())
    .bind(target.to_string())
    .bind(title)
    .fetch_optional(db.pool())
    .await?;
    Ok(found.is_some())
}
