//! The stored mappings as the domain's inference reads them: every resolved mapping of every
//! crosswalk, groups included. Mappings with an unresolved end are left out (they name nothing).

use std::collections::HashMap;

use kakehashi_domain::catalog::Relation;
use kakehashi_domain::inference::{Mapping, NodeRef};
use sqlx::Row;

use crate::platform::db::Db;

/// Every resolved mapping, in a stable order.
pub async fn mappings(db: &Db) -> Result<Vec<Mapping>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, source_catalog_id, target_catalog_id, target_key, relation, strength FROM mappings \
         WHERE target_key IS NOT NULL ORDER BY crosswalk_id, position",
    )
    .fetch_all(db.pool())
    .await?;
    let source_rows = sqlx::query("SELECT mapping_id, source_key FROM mapping_sources ORDER BY mapping_id, position")
        .fetch_all(db.pool())
        .await?;
    let mut sources: HashMap<String, Vec<Option<String>>> = HashMap::new();
    for r in &source_rows {
        sources.entry(r.try_get("mapping_id")?).or_default().push(r.try_get("source_key")?);
    }
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: String = r.try_get("id")?;
        let source_catalog: String = r.try_get("source_catalog_id")?;
        let Some(keys) = sources.get(&id) else { continue };
        let Some(keys) = keys.iter().cloned().collect::<Option<Vec<String>>>() else { continue };
        let relation: String = r.try_get("relation")?;
        let Some(relation) = Relation::parse(&relation) else { continue };
        let strength: Option<i64> = r.try_get("strength")?;
        out.push(Mapping {
            id,
            sources: keys.into_iter().map(|k| NodeRef::new(source_catalog.clone(), k)).collect(),
            target: NodeRef::new(r.try_get::<String, _>("target_catalog_id")?, r.try_get::<String, _>("target_key")?),
            relation,
            strength: strength.and_then(|s| u8::try_from(s).ok()),
        });
    }
    Ok(out)
}
