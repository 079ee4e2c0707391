//! Exporting a stored catalog as OSCAL 1.2 JSON.

use kakehashi_domain::ids::CatalogId;
use time::format_description::well_known::Rfc3339;

use super::store;
use crate::platform::state::AppState;

/// The OSCAL document and a file name for it; `None` when there is no such catalog. OSCAL has
/// one language per document: texts are written in `lang` where an item has it (default, and
/// for a language the catalog does not have: its first language).
pub async fn oscal_json(
    state: &AppState,
    id: CatalogId,
    lang: Option<&str>,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let Some(catalog) = store::load(state.db(), id).await? else { return Ok(None) };
    // OSCAL uuids are version 4 or 5: keep the source's, or make one for a catalog that had none.
    let uuid = catalog
        .meta
        .oscal_uuid
        .clone()
        .filter(|u| uuid::Uuid::parse_str(u).is_ok_and(|u| matches!(u.get_version_num(), 4 | 5)))
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let last_modified = state.now().format(&Rfc3339).unwrap_or_default();
    // Only a language the catalog has (the tag also goes into the file name).
    let known = |l: &&str| catalog.meta.languages.iter().any(|k| k == l);
    let lang = lang
        .filter(known)
        .map(str::to_owned)
        .or_else(|| catalog.meta.languages.first().cloned())
        .unwrap_or_else(|| "en".into());
    let document = kakehashi_formats::oscal::write_catalog(&catalog, &uuid, &last_modified, &lang);
    let slug: String = catalog
        .meta
        .title
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .take(8)
        .collect::<Vec<_>>()
        .join("-");
    let slug = if slug.is_empty() { "catalog".to_owned() } else { slug };
    Ok(Some((document, format!("{slug}-{}-{lang}.oscal.json", catalog.meta.version))))
}
