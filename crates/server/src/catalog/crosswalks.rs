//! Importing and exporting crosswalks, shared by the command line, the operator's page and the API.

use kakehashi_domain::ids::{CatalogId, CrosswalkId, UserId};
use serde::Serialize;
use time::format_description::well_known::Rfc3339;

use super::crosswalk_store::{self as store, CrosswalkError, Unresolved};
use crate::platform::state::AppState;

/// The file formats a crosswalk can come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    OscalJson,
}

impl Format {
    /// From the file name, or from the first character of the content.
    pub fn guess(name: &str, bytes: &[u8]) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".csv") {
            return Format::Csv;
        }
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if lower.ends_with(".json") || first == Some(&b'{') { Format::OscalJson } else { Format::Csv }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CrosswalkImported {
    pub id: String,
    pub mappings: usize,
    /// References that matched no control; kept and listed, not a reason to refuse the file.
    pub unresolved: Vec<Unresolved>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Format(#[from] kakehashi_formats::ImportError),
    #[error(transparent)]
    Store(#[from] CrosswalkError),
}

pub async fn import(
    state: &AppState,
    source: CatalogId,
    target: CatalogId,
    name: &str,
    bytes: &[u8],
    provenance: Option<&str>,
    actor: Option<UserId>,
) -> Result<CrosswalkImported, ImportError> {
    let mut crosswalk = match Format::guess(name, bytes) {
        Format::Csv => kakehashi_formats::crosswalk_csv::read(name, bytes, provenance)?,
        Format::OscalJson => kakehashi_formats::oscal::read_mapping_collection(name, bytes)?,
    };
    if let Some(p) = provenance {
        crosswalk.provenance = p.to_owned();
    }
    let (id, unresolved) = store::import(state.db(), source, target, &crosswalk, name, actor, state.now()).await?;
    Ok(CrosswalkImported { id, mappings: crosswalk.records.len(), unresolved })
}

/// A crosswalk as an OSCAL 1.2 mapping collection, or as our CSV; `None` if there is none.
pub async fn export(
    state: &AppState,
    id: CrosswalkId,
    format: Format,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let key = id.to_string();
    let Some(summary) = store::get(state.db(), &key).await? else { return Ok(None) };
    let records = store::records(state.db(), &key).await?;
    Ok(Some(match format {
        Format::Csv => (kakehashi_formats::crosswalk_csv::write(&records), format!("crosswalk-{key}.csv")),
        Format::OscalJson => {
            let last_modified = state.now().format(&Rfc3339).unwrap_or_default();
            let export = kakehashi_formats::oscal::MappingExport {
                title: &summary.title,
                provenance: &summary.provenance,
                last_modified: &last_modified,
                source_href: format!("urn:kakehashi:catalog:{}", summary.source_catalog),
                target_href: format!("urn:kakehashi:catalog:{}", summary.target_catalog),
            };
            let json = kakehashi_formats::oscal::write_mapping_collection(&export, &records, || {
                uuid::Uuid::new_v4().to_string()
            });
            (json, format!("crosswalk-{key}.oscal.json"))
        }
    }))
}
