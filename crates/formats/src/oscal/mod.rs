//! NIST OSCAL (1.0 to 1.2): catalogs in JSON and XML.

mod json;
mod mapping;
mod profile;
mod profile_xml;
mod prose;
mod write;
mod xml;

pub use mapping::{MappingExport, read_mapping_collection, write_mapping_collection};
pub use profile::{ResolvedImport, read_profile, write_profile};
pub use write::{OSCAL_VERSION, write_catalog};

use kakehashi_domain::catalog::Catalog;

/// The namespace of our own part names (OSCAL requires one for names it does not define).
pub const KAKEHASHI_NS: &str = "https://kakehashi.example/ns/oscal";
/// Our part for the cheapest way to start.
pub const FIRST_STEP_PART: &str = "first-step";
/// Our part for what counts as evidence.
pub const EVIDENCE_PART: &str = "evidence";

use crate::error::ImportError;

/// The OSCAL versions we read. NIST publishes 1.0.0 to 1.2.x; the models we use did not change
/// incompatibly across them.
pub fn supported_version(v: &str) -> bool {
    let v = v.trim().trim_start_matches('v');
    let mut parts = v.split('.');
    matches!((parts.next(), parts.next()), (Some("1"), Some("0" | "1" | "2")))
}

/// Which OSCAL document a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Catalog,
    Profile,
    MappingCollection,
}

/// Reads an OSCAL catalog in JSON or XML (told apart by the first character).
pub fn read_catalog(file: &str, bytes: &[u8]) -> Result<Catalog, ImportError> {
    if bytes.len() > crate::MAX_IMPORT_BYTES {
        return Err(ImportError::whole(
            file,
            format!("the file is larger than {} MB", crate::MAX_IMPORT_BYTES / 1024 / 1024),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::whole(file, format!("not UTF-8 text ({e})")))?;
    let text = text.trim_start_matches('\u{feff}');
    let catalog = match text.trim_start().chars().next() {
        Some('{') => json::read_catalog(file, text)?,
        Some('<') => xml::read_catalog(file, text)?,
        _ => return Err(ImportError::whole(file, "neither JSON nor XML: an OSCAL file starts with { or <")),
    };
    catalog.validate().map_err(|e| ImportError::whole(file, e.to_string()))?;
    Ok(catalog)
}

/// The human label of a control: its `label` prop when that is an id (no spaces), else its
/// `sort-id` prop, else the id itself (without NIST's `SP_800_171_` style prefix).
fn choose_label(id: &str, label: Option<&str>, sort_id: Option<&str>) -> String {
    if let Some(l) = label.filter(|l| !l.trim().is_empty() && !l.contains(char::is_whitespace)) {
        return l.trim().to_owned();
    }
    if let Some(s) =
        sort_id.filter(|s| !s.trim().is_empty() && s.contains(|c: char| c.is_ascii_alphabetic() || c == '.'))
    {
        return s.trim().to_owned();
    }
    kakehashi_domain::catalog::id_to_label(id).unwrap_or_else(|| {
        let stripped =
            id.rsplit_once('_').map(|(_, rest)| rest).filter(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        stripped.unwrap_or(id).to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_one_zero_to_one_two_are_read() {
        for v in ["1.0.0", "1.1.2", "v1.1.3", "1.2.1"] {
            assert!(supported_version(v), "{v}");
        }
        for v in ["0.9", "2.0.0", "1.3.0", ""] {
            assert!(!supported_version(v), "{v}");
        }
    }

    #[test]
    fn labels_prefer_what_people_write() {
        assert_eq!(choose_label("ac-2.3", Some("AC-2(3)"), Some("ac-02.03")), "AC-2(3)");
        assert_eq!(
            choose_label(
                "SP_800_171_03.09.02",
                Some("Personnel Termination and Transfer (03.09.02)"),
                Some("03.09.02")
            ),
            "03.09.02"
        );
        assert_eq!(choose_label("ac-2.3", None, None), "AC-2(3)");
        assert_eq!(choose_label("SP_800_171_03.09", None, None), "03.09");
    }
}
