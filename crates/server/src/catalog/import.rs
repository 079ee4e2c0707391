//! Importing a catalog file: read it (OSCAL JSON or XML, or our guideline form in YAML or CSV),
//! apply an optional status list, store it whole. Shared by the command line, the operator's upload page and the API.

use kakehashi_domain::catalog::Catalog;
use kakehashi_domain::ids::{CatalogId, UserId};
use kakehashi_formats::guideline::{self, GuidelineMeta};
use sha2::{Digest, Sha256};

use super::store::{self, Announce, ImportError as StoreError};
use crate::platform::hex;
use crate::platform::state::AppState;

/// A file to import.
#[derive(Debug)]
pub struct Upload<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What comes with a guideline sent as CSV, which has no place for it in the file.
#[derive(Debug, Clone, Default)]
pub struct SheetDetails {
    pub title: String,
    pub version: String,
    pub issuer: Option<String>,
    /// The language of text columns without a suffix (default `ja`).
    pub language: Option<String>,
}

/// What may come with a catalog file besides the file itself.
#[derive(Debug, Default)]
pub struct Options<'a> {
    /// A status list (CSV of `id`, `status`) for catalogs that do not mark withdrawn items.
    pub statuses: Option<Upload<'a>>,
    /// Terms of use to show with the catalog (overrides the file's own).
    pub licence_note: Option<String>,
    /// Title, version and issuer for a guideline in our CSV form.
    pub sheet: Option<SheetDetails>,
}

/// What an import made.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Imported {
    #[schema(value_type = String)]
    pub id: CatalogId,
    pub title: String,
    pub version: String,
    pub controls: usize,
    pub withdrawn: usize,
    /// Entries of the status list that matched no control.
    pub unmatched_statuses: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogImportError {
    #[error(transparent)]
    Format(#[from] kakehashi_formats::ImportError),
    #[error("{file}: a guideline sent as CSV needs a title and a version given with it")]
    SheetNeedsDetails { file: String },
    #[error("{file}: a catalog titled {title:?}, version {version:?}, is already imported (id {id})")]
    AlreadyImported { file: String, title: String, version: String, id: CatalogId },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Reads, checks and stores; nothing is stored unless everything is right.
pub async fn import(
    state: &AppState,
    file: Upload<'_>,
    options: Options<'_>,
    actor: Option<UserId>,
) -> Result<Imported, CatalogImportError> {
    let mut catalog = read(&file, options.sheet)?;
    let unmatched_statuses = match options.statuses {
        Some(list) => catalog.apply_status(&kakehashi_formats::status::read(list.name, list.bytes)?),
        None => vec![],
    };
    let from_file = catalog.meta.licence_note.take();
    catalog.meta.licence_note = options.licence_note.or(from_file).or_else(|| default_licence(&catalog.meta.issuer));
    let sha256 = hex(&Sha256::digest(file.bytes));
    let id = match store::import(state.db(), &catalog, (file.name, &sha256), (actor, Announce::ToBuilders), state.now())
        .await
    {
        Ok(id) => id,
        Err(StoreError::AlreadyImported { title, version, id }) => {
            return Err(CatalogImportError::AlreadyImported { file: file.name.to_owned(), title, version, id });
        }
        Err(StoreError::Db(e)) => return Err(e.into()),
    };
    // The job written with the catalog (`store::IMPORTED`) tells who builds on catalogs.
    state.wake_jobs();
    Ok(Imported {
        id,
        title: catalog.meta.title.clone(),
        version: catalog.meta.version.clone(),
        controls: catalog.assessable().count(),
        withdrawn: catalog.controls.iter().filter(|c| c.withdrawn).count(),
        unmatched_statuses,
    })
}

/// The file in whichever form its name says: our guideline form as YAML or CSV, else OSCAL
/// (JSON or XML, told apart by content).
fn read(file: &Upload<'_>, sheet: Option<SheetDetails>) -> Result<Catalog, CatalogImportError> {
    let lower = file.name.to_ascii_lowercase();
    if lower.ends_with(".yaml") || lower.ends_with(".yml") {
        return Ok(guideline::read_yaml(file.name, file.bytes)?);
    }
    if lower.ends_with(".csv") {
        let sheet = sheet
            .filter(|s| !s.title.trim().is_empty() && !s.version.trim().is_empty())
            .ok_or_else(|| CatalogImportError::SheetNeedsDetails { file: file.name.to_owned() })?;
        let language = sheet.language.clone().filter(|l| !l.trim().is_empty()).unwrap_or_else(|| "ja".into());
        let meta =
            GuidelineMeta { title: sheet.title, version: sheet.version, issuer: sheet.issuer, licence_note: None };
        return Ok(guideline::read_csv(file.name, file.bytes, meta, language.trim())?);
    }
    Ok(kakehashi_formats::oscal::read_catalog(file.name, file.bytes)?)
}

/// NIST's publications are works of the U.S. Government.
fn default_licence(issuer: &Option<String>) -> Option<String> {
    let nist = issuer.as_deref().is_some_and(|i| i.contains("NIST") || i.contains("National Institute of Standards"));
    nist.then(|| "Public domain in the U.S. (NIST); attribute NIST when redistributing.".to_owned())
}
