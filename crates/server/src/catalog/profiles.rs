//! Importing and exporting profiles, shared by the command line, the operator's page and the
//! API. A profile's imports resolve against what is already stored — a catalog, or a profile
//! (whose resolved selection is then the source) — because the hrefs in NIST's files point to
//! paths that do not exist here.

use std::collections::HashSet;

use kakehashi_domain::catalog::{ProfileImport, Selection};
use kakehashi_domain::ids::{CatalogId, ProfileId, UserId};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use super::profile_store::{self as store, ProfileSummary, Resolved, StoreError};
use crate::platform::db::Db;
use crate::platform::state::AppState;
use crate::platform::tenancy::Own;

/// What an import made.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProfileImported {
    #[schema(value_type = String)]
    pub id: ProfileId,
    pub title: String,
    pub version: String,
    pub controls: usize,
    /// Ids the file named that matched no control; kept and listed, not a reason to refuse.
    pub unresolved: Vec<String>,
    /// Selected controls their catalog marks withdrawn: kept as the file says, and listed.
    pub withdrawn: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileImportError {
    #[error(transparent)]
    Format(#[from] kakehashi_formats::ImportError),
    #[error(
        "{file}: import {number} draws from {name:?}, which is no imported catalog or profile; import it first, or name the catalog"
    )]
    UnknownSource { file: String, number: usize, name: String },
    #[error(
        "{file}: import {number} draws from {name:?}, and {count} imported catalogs or profiles have that title; name the catalog"
    )]
    AmbiguousSource { file: String, number: usize, name: String, count: usize },
    #[error("{file}: the profile has {imports} imports but {given} catalogs were named; name one per import, in order")]
    CatalogCount { file: String, imports: usize, given: usize },
    #[error("no catalog has the id {0}")]
    UnknownCatalog(CatalogId),
    #[error("{file}: {source}")]
    Store { file: String, source: StoreError },
}

impl From<sqlx::Error> for ProfileImportError {
    fn from(e: sqlx::Error) -> Self {
        ProfileImportError::Store { file: String::new(), source: StoreError::Db(e) }
    }
}

/// What one import of a profile draws from.
#[derive(Debug, Clone, Copy)]
enum Source {
    Catalog(CatalogId),
    Profile(ProfileId),
}

/// Reads, resolves and stores; nothing is stored unless every import resolves. `catalogs`, when
/// not empty, names the catalog of each import in order, overriding the file's titles.
pub async fn import(
    state: &AppState,
    name: &str,
    bytes: &[u8],
    catalogs: &[CatalogId],
    actor: Option<UserId>,
) -> Result<ProfileImported, ProfileImportError> {
    let profile = kakehashi_formats::oscal::read_profile(name, bytes)?;
    if !catalogs.is_empty() && catalogs.len() != profile.imports.len() {
        let (imports, given) = (profile.imports.len(), catalogs.len());
        return Err(ProfileImportError::CatalogCount { file: name.to_owned(), imports, given });
    }
    let db = state.db();
    let mut resolved: Vec<Resolved> = Vec::new();
    let mut unresolved: Vec<String> = Vec::new();
    for (i, imp) in profile.imports.iter().enumerate() {
        let source = source_of(db, name, i + 1, imp, catalogs.get(i).copied()).await?;
        let (groups, missing) = select(db, imp, source).await?;
        resolved.extend(groups);
        unresolved.extend(missing.into_iter().filter(|m| !unresolved.contains(m)).collect::<Vec<_>>());
    }
    let origin = store::Origin { source_name: name, built_by: None };
    let id = store::insert(db, &profile, &resolved, &unresolved, origin, actor, state.now())
        .await
        .map_err(|source| ProfileImportError::Store { file: name.to_owned(), source })?;
    let controls =
        resolved.iter().flat_map(|g| g.keys.iter().map(move |k| (g.catalog, k))).collect::<HashSet<_>>().len();
    let withdrawn = store::controls(db, id, "en")
        .await
        .map_err(|e| ProfileImportError::Store { file: name.to_owned(), source: StoreError::Db(e) })?;
    let withdrawn = withdrawn.into_iter().filter(|c| c.withdrawn).map(|c| c.label).collect();
    Ok(ProfileImported { id, title: profile.title, version: profile.version, controls, unresolved, withdrawn })
}

async fn source_of(
    db: &Db,
    file: &str,
    number: usize,
    imp: &ProfileImport,
    named: Option<CatalogId>,
) -> Result<Source, ProfileImportError> {
    if let Some(catalog) = named {
        super::store::get(db, catalog).await?.ok_or(ProfileImportError::UnknownCatalog(catalog))?;
        return Ok(Source::Catalog(catalog));
    }
    let name = imp.resource_title.clone().unwrap_or_else(|| imp.href.clone());
    let mut found: Vec<Source> = store::catalogs_titled(db, &name).await?.into_iter().map(Source::Catalog).collect();
    if found.is_empty() {
        found = store::find_by_title(db, &name).await?.into_iter().map(Source::Profile).collect();
    }
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(ProfileImportError::UnknownSource { file: file.to_owned(), number, name }),
        many => Err(ProfileImportError::AmbiguousSource { file: file.to_owned(), number, name, count: many.len() }),
    }
}

/// The import's selection, per catalog; an id is unresolved when no catalog of the source has it.
async fn select(db: &Db, imp: &ProfileImport, source: Source) -> Result<(Vec<Resolved>, Vec<String>), sqlx::Error> {
    let groups: Vec<(CatalogId, Option<HashSet<String>>)> = match source {
        Source::Catalog(c) => vec![(c, None)],
        Source::Profile(p) => store::selection(db, p)
            .await?
            .into_iter()
            .map(|g| (g.catalog, Some(g.keys.into_iter().collect())))
            .collect(),
    };
    let mut resolved = Vec::new();
    let mut missing_everywhere: Option<Vec<String>> = None;
    for (catalog, only) in groups {
        let mut rows = store::catalog_controls(db, catalog).await?;
        if let Some(only) = &only {
            rows.retain(|(key, _, _)| only.contains(key));
        }
        let Selection { keys, unresolved } = imp.select(&store::as_source(&rows));
        missing_everywhere = Some(match missing_everywhere {
            None => unresolved,
            Some(before) => before.into_iter().filter(|m| unresolved.contains(m)).collect(),
        });
        resolved.push(Resolved { catalog, keys, tiers: Default::default() });
    }
    Ok((resolved, missing_everywhere.unwrap_or_default()))
}

/// A profile as OSCAL 1.2 JSON (one import per catalog, named by the catalog's title so that
/// it resolves again on import), with a file name; `None` if there is none.
pub async fn export(
    state: &AppState,
    viewer: Option<&Own<ProfileSummary>>,
    id: ProfileId,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let db = state.db();
    let Some(summary) = store::get(db, viewer, id).await? else { return Ok(None) };
    let groups = store::selection(db, id).await?;
    let titles = store::catalog_titles(db).await?;
    let imports: Vec<kakehashi_formats::oscal::ResolvedImport> = groups
        .iter()
        .map(|g| kakehashi_formats::oscal::ResolvedImport {
            catalog_title: titles.get(&g.catalog).map(String::as_str).unwrap_or_default(),
            keys: g.keys.iter().map(String::as_str).collect(),
        })
        .collect();
    let last_modified = state.now().format(&Rfc3339).unwrap_or_default();
    let json =
        kakehashi_formats::oscal::write_profile(&summary.title, &summary.version, &last_modified, &imports, || {
            uuid::Uuid::new_v4().to_string()
        });
    Ok(Some((json, format!("profile-{id}.oscal.json"))))
}
