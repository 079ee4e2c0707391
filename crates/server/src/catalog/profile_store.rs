//! The profile tables: a profile is stored resolved, one row per selected control, so that
//! reading a baseline never re-runs its selection.

use std::collections::BTreeMap;

use kakehashi_domain::catalog::{Profile, SourceControl};
use kakehashi_domain::ids::{CatalogId, OrgId, ProfileId, UserId};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

use crate::platform::audit::{self, AuditEvent};
use crate::platform::db::{Db, from_ms, parse_column, placeholders, to_ms};
use crate::platform::tenancy::{Own, owner_binding};

/// Rows per multi-row INSERT (see the catalog store for why a few dozen).
const BATCH: usize = 40;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProfileSummary {
    #[schema(value_type = String)]
    pub id: ProfileId,
    pub title: String,
    pub version: String,
    pub oscal_version: Option<String>,
    pub source_name: String,
    /// Selected controls, over all the catalogs it draws from.
    pub controls: i64,
    /// Ids the file named that matched no control.
    pub unresolved: i64,
    /// Selected controls that their catalog marks withdrawn (kept, and shown as such).
    pub withdrawn: i64,
    /// The organisation that built and published it, for profiles built in Kakehashi.
    pub built_by: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub imported_at: OffsetDateTime,
}

/// One selected control, with its catalog and its text in the asked language.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProfileControl {
    #[schema(value_type = String)]
    pub catalog_id: CatalogId,
    pub catalog_title: String,
    pub key: String,
    pub label: String,
    pub title: Option<String>,
    pub tier: Option<i64>,
    pub withdrawn: bool,
}

/// A selection resolved against one catalog, ready to store.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub catalog: CatalogId,
    pub keys: Vec<String>,
    /// The tier of some keys (profiles built from our tiered baseline).
    pub tiers: std::collections::HashMap<String, u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("a profile titled {title:?}, version {version:?}, is already imported (id {id})")]
    AlreadyImported { title: String, version: String, id: ProfileId },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// The assessable controls of a catalog, in document order, for selection.
pub async fn catalog_controls(
    db: &Db,
    catalog: CatalogId,
) -> Result<Vec<(String, String, Option<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT key, label, parent_key FROM catalog_controls WHERE catalog_id = $1 AND kind = 'control' ORDER BY position",
    )
    .bind(catalog.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((r.try_get("key")?, r.try_get("label")?, r.try_get("parent_key")?))).collect()
}

/// Borrows owned rows as the domain's view of a source.
pub fn as_source(rows: &[(String, String, Option<String>)]) -> Vec<SourceControl<'_>> {
    rows.iter().map(|(key, label, parent)| SourceControl { key, label, parent: parent.as_deref() }).collect()
}

/// A stored profile's controls grouped by catalog, in order: the source for a profile that
/// imports it, and the imports of its export.
pub async fn selection(db: &Db, id: ProfileId) -> Result<Vec<Resolved>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT catalog_id, control_key FROM profile_controls WHERE profile_id = $1 ORDER BY position")
            .bind(id.to_string())
            .fetch_all(db.pool())
            .await?;
    let mut out: Vec<Resolved> = Vec::new();
    for r in &rows {
        let catalog: CatalogId = parse_column(r, "catalog_id")?;
        let key: String = r.try_get("control_key")?;
        match out.iter_mut().find(|g| g.catalog == catalog) {
            Some(group) => group.keys.push(key),
            None => out.push(Resolved { catalog, keys: vec![key], tiers: Default::default() }),
        }
    }
    Ok(out)
}

/// Where a profile came from: the file imported, or a description of how it was built and the
/// organisation that published it.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub source_name: &'a str,
    pub built_by: Option<OrgId>,
}

/// Stores a resolved profile, audited, in one transaction.
pub async fn insert(
    db: &Db,
    profile: &Profile,
    resolved: &[Resolved],
    unresolved: &[String],
    origin: Origin<'_>,
    actor: Option<UserId>,
    now: OffsetDateTime,
) -> Result<ProfileId, StoreError> {
    let Origin { source_name, built_by } = origin;
    if let Some(existing) = find(db, &profile.title, &profile.version).await? {
        let (title, version) = (profile.title.clone(), profile.version.clone());
        return Err(StoreError::AlreadyImported { title, version, id: existing });
    }
    let id = ProfileId::new();
    let mut tx = db.write().await?;
    sqlx::query(
        "INSERT INTO profiles (id, title, version, oscal_uuid, oscal_version, source_name, imported_at, imported_by, \
         built_by_org) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(&profile.title)
    .bind(&profile.version)
    .bind(&profile.oscal_uuid)
    .bind(&profile.oscal_version)
    .bind(source_name)
    .bind(to_ms(now))
    .bind(actor.map(|a| a.to_string()))
    .bind(built_by.map(|o| o.to_string()))
    .execute(&mut *tx)
    .await?;
    let controls = insert_controls(&mut tx, id, resolved).await?;
    insert_unresolved(&mut tx, id, unresolved).await?;
    let event = AuditEvent::new("profile.import")
        .actor(actor)
        .object("profile", id.to_string())
        .detail("title", profile.title.as_str())
        .detail("version", profile.version.as_str())
        .detail("controls", controls.to_string())
        .detail("unresolved", unresolved.len().to_string());
    audit::append(&mut tx, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// One row per (catalog, key); a control selected twice (two imports of one catalog) counts once.
async fn insert_controls(conn: &mut AnyConnection, id: ProfileId, resolved: &[Resolved]) -> Result<usize, sqlx::Error> {
    let mut seen = std::collections::HashSet::new();
    let rows: Vec<(CatalogId, &String, Option<i64>)> = resolved
        .iter()
        .flat_map(|g| g.keys.iter().map(move |k| (g.catalog, k, g.tiers.get(k).map(|t| i64::from(*t)))))
        .filter(|(c, k, _)| seen.insert((*c, (*k).clone())))
        .collect();
    for (chunk_no, chunk) in rows.chunks(BATCH).enumerate() {
        let sql = format!(
            "INSERT INTO profile_controls (profile_id, catalog_id, control_key, tier, position) VALUES {}",
            placeholders(chunk.len(), 5)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (i, (catalog, key, tier)) in chunk.iter().enumerate() {
            q = q
                .bind(id.to_string())
                .bind(catalog.to_string())
                .bind((*key).clone())
                .bind(*tier)
                .bind((chunk_no * BATCH + i) as i64);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(rows.len())
}

async fn insert_unresolved(conn: &mut AnyConnection, id: ProfileId, unresolved: &[String]) -> Result<(), sqlx::Error> {
    for chunk in unresolved.chunks(BATCH) {
        let sql =
            format!("INSERT INTO profile_unresolved (profile_id, reference) VALUES {}", placeholders(chunk.len(), 2));
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for reference in chunk {
            q = q.bind(id.to_string()).bind(reference.clone());
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

pub async fn find(db: &Db, title: &str, version: &str) -> Result<Option<ProfileId>, sqlx::Error> {
    let id: Option<String> = sqlx::query_scalar("SELECT id FROM profiles WHERE title = $1 AND version = $2")
        .bind(title)
        .bind(version)
        .fetch_optional(db.pool())
        .await?;
    Ok(id.and_then(|s| s.parse().ok()))
}

/// Stored profiles with this title, whatever their version.
pub async fn find_by_title(db: &Db, title: &str) -> Result<Vec<ProfileId>, sqlx::Error> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM profiles WHERE title = $1").bind(title).fetch_all(db.pool()).await?;
    Ok(ids.iter().filter_map(|s| s.parse().ok()).collect())
}

const SUMMARY: &str = "SELECT p.id, p.title, p.version, p.oscal_version, p.source_name, p.imported_at, \
     (SELECT COUNT(*) FROM profile_controls c WHERE c.profile_id = p.id) AS controls, \
     (SELECT COUNT(*) FROM profile_unresolved u WHERE u.profile_id = p.id) AS unresolved, \
     (SELECT COUNT(*) FROM profile_controls w JOIN catalog_controls wc ON wc.catalog_id = w.catalog_id \
      AND wc.key = w.control_key WHERE w.profile_id = p.id AND wc.withdrawn = 1) AS withdrawn, \
     (SELECT o.name FROM organisations o WHERE o.id = p.built_by_org) AS built_by FROM profiles p";

fn summary(r: &AnyRow) -> Result<ProfileSummary, sqlx::Error> {
    Ok(ProfileSummary {
        id: parse_column(r, "id")?,
        title: r.try_get("title")?,
        version: r.try_get("version")?,
        oscal_version: r.try_get("oscal_version")?,
        source_name: r.try_get("source_name")?,
        controls: r.try_get("controls")?,
        unresolved: r.try_get("unresolved")?,
        withdrawn: r.try_get("withdrawn")?,
        built_by: r.try_get("built_by")?,
        imported_at: from_ms(r.try_get("imported_at")?),
    })
}

/// Which profiles a caller sees: those imported by the operator (reference data), and those its
/// own organisation built from common items; others do not learn they exist. `$1` is the
/// viewing organisation, or NULL.
const VISIBLE: &str = "(p.built_by_org IS NULL OR p.built_by_org = $1)";

pub async fn list(db: &Db, viewer: Option<&Own<ProfileSummary>>) -> Result<Vec<ProfileSummary>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} WHERE {VISIBLE} ORDER BY p.title, p.version"));
    sqlx::query(sql).bind(owner_binding(viewer)).fetch_all(db.pool()).await?.iter().map(summary).collect()
}

pub async fn get(
    db: &Db,
    viewer: Option<&Own<ProfileSummary>>,
    id: ProfileId,
) -> Result<Option<ProfileSummary>, sqlx::Error> {
    let sql = sqlx::AssertSqlSafe(format!("{SUMMARY} WHERE {VISIBLE} AND p.id = $2"));
    let query = sqlx::query(sql).bind(owner_binding(viewer)).bind(id.to_string());
    query.fetch_optional(db.pool()).await?.as_ref().map(summary).transpose()
}

/// The selected controls with their titles in `lang` (English when the catalog lacks it).
pub async fn controls(db: &Db, id: ProfileId, lang: &str) -> Result<Vec<ProfileControl>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT pc.catalog_id, k.title AS catalog_title, pc.control_key, c.label, pc.tier, c.withdrawn, \
         COALESCE(t.title, e.title) AS title FROM profile_controls pc \
         JOIN catalogs k ON k.id = pc.catalog_id \
         JOIN catalog_controls c ON c.catalog_id = pc.catalog_id AND c.key = pc.control_key \
         LEFT JOIN catalog_texts t ON t.catalog_id = pc.catalog_id AND t.key = pc.control_key AND t.lang = $2 \
         LEFT JOIN catalog_texts e ON e.catalog_id = pc.catalog_id AND e.key = pc.control_key AND e.lang = 'en' \
         WHERE pc.profile_id = $1 ORDER BY pc.position",
    )
    .bind(id.to_string())
    .bind(lang)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ProfileControl {
                catalog_id: parse_column(r, "catalog_id")?,
                catalog_title: r.try_get("catalog_title")?,
                key: r.try_get("control_key")?,
                withdrawn: r.try_get::<i64, _>("withdrawn")? == 1,
                label: r.try_get("label")?,
                title: r.try_get("title")?,
                tier: r.try_get("tier")?,
            })
        })
        .collect()
}

/// The items a profile selects, in its order, without their texts: (catalog, key, tier), the
/// withdrawn left out (for making a questionnaire).
pub async fn selected_items(db: &Db, id: ProfileId) -> Result<Vec<(CatalogId, String, Option<i64>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT pc.catalog_id, pc.control_key, pc.tier FROM profile_controls pc \
         JOIN catalog_controls c ON c.catalog_id = pc.catalog_id AND c.key = pc.control_key \
         WHERE pc.profile_id = $1 AND c.withdrawn = 0 ORDER BY pc.position",
    )
    .bind(id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((parse_column(r, "catalog_id")?, r.try_get("control_key")?, r.try_get("tier")?))).collect()
}

pub async fn unresolved(db: &Db, id: ProfileId) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT reference FROM profile_unresolved WHERE profile_id = $1 ORDER BY reference")
        .bind(id.to_string())
        .fetch_all(db.pool())
        .await
}

/// The profiles that select a control, for the control's page.
pub async fn containing(db: &Db, catalog: CatalogId, key: &str) -> Result<Vec<(ProfileId, String)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT p.id, p.title FROM profile_controls pc JOIN profiles p ON p.id = pc.profile_id \
         WHERE pc.catalog_id = $1 AND pc.control_key = $2 ORDER BY p.title",
    )
    .bind(catalog.to_string())
    .bind(key)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(|r| Ok((parse_column(r, "id")?, r.try_get("title")?))).collect()
}

/// Catalog titles by id, for naming a profile's imports on export.
pub async fn catalog_titles(db: &Db) -> Result<BTreeMap<CatalogId, String>, sqlx::Error> {
    let rows = sqlx::query("SELECT id, title FROM catalogs").fetch_all(db.pool()).await?;
    rows.iter().map(|r| Ok((parse_column(r, "id")?, r.try_get("title")?))).collect()
}

/// Catalogs with this title, whatever their version.
pub async fn catalogs_titled(db: &Db, title: &str) -> Result<Vec<CatalogId>, sqlx::Error> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM catalogs WHERE title = $1").bind(title).fetch_all(db.pool()).await?;
    Ok(ids.iter().filter_map(|s| s.parse().ok()).collect())
}
