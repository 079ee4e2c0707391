//! Importing a catalog file: read it (OSCAL JSON or XML), apply an optional status list, store
//! it whole. Shared by the command line, the operator's upload page and the API.

use kakehashi_domain::ids::{CatalogId, UserId};
use sha2::{Digest, Sha256};

use super::store::{self, ImportError as StoreError};
use crate::app::AppState;
use crate::platform::hex;

/// A file to import.
#[derive(Debug)]
pub struct Upload<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
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
    #[error("{file}: a catalog titled {title:?}, version {version:?}, is already imported (id {id})")]
    AlreadyImported { file: String, title: String, version: String, id: CatalogId },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Reads, checks and stores; nothing is stored unless everything is right.
pub async fn import(
    state: &AppState,
    file: Upload<'_>,
    statuses: Option<Upload<'_>>,
    licence_note: Option<String>,
    actor: Option<UserId>,
) -> Result<Imported, CatalogImportError> {
    let mut catalog = kakehashi_formats::oscal::read_catalog(file.name, file.bytes)?;
    let unmatched_statuses = match statuses {
        Some(list) => catalog.apply_status(&kakehashi_formats::status::read(list.name, list.bytes)?),
        None => vec![],
    };
    catalog.meta.licence_note = licence_note.or_else(|| default_licence(&catalog.meta.issuer));
    let sha256 = hex(&Sha256::digest(file.bytes));
    let id = match store::import(state.db(), &catalog, file.name, &sha256, actor, state.now()).await {
        Ok(id) => id,
        Err(StoreError::AlreadyImported { title, version, id }) => {
            return Err(CatalogImportError::AlreadyImported { file: file.name.to_owned(), title, version, id });
        }
        Err(StoreError::Db(e)) => return Err(e.into()),
    };
    Ok(Imported {
        id,
        title: catalog.meta.title.clone(),
        version: catalog.meta.version.clone(),
        controls: catalog.assessable().count(),
        withdrawn: catalog.controls.iter().filter(|c| c.withdrawn).count(),
        unmatched_statuses,
    })
}

/// NIST's publications are works of the U.S. Government.
fn default_licence(issuer: &Option<String>) -> Option<String> {
    let nist = issuer.as_deref().is_some_and(|i| i.contains("NIST") || i.contains("National Institute of Standards"));
    nist.then(|| "Public domain in the U.S. (NIST); attribute NIST when redistributing.".to_owned())
}
