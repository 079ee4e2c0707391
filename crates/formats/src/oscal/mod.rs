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

/// The syntax an OSCAL file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Syntax {
    Json,
    Xml,
}

/// The checks every OSCAL reader makes first, in one place: the size, the text encoding (a
/// byte-order mark is dropped) and the syntax, told apart by the first character.
pub(crate) fn open<'a>(file: &str, bytes: &'a [u8]) -> Result<(Syntax, std::borrow::Cow<'a, str>), ImportError> {
    if bytes.len() > crate::MAX_IMPORT_BYTES {
        return Err(ImportError::whole(
            file,
            format!("the file is larger than {} MB", crate::MAX_IMPORT_BYTES / 1024 / 1024),
        ));
    }
    let text = crate::text::decode(file, bytes)?;
    let syntax = match text.trim_start().chars().next() {
        Some('{') => Syntax::Json,
        Some('<') => Syntax::Xml,
        _ => return Err(ImportError::whole(file, "neither JSON nor XML: an OSCAL file starts with { or <")),
    };
    Ok((syntax, text))
}

/// Reads an OSCAL catalog in JSON or XML.
pub fn read_catalog(file: &str, bytes: &[u8]) -> Result<Catalog, ImportError> {
    let (syntax, text) = open(file, bytes)?;
    let mut catalog = match syntax {
        Syntax::Json => json::read_catalog(file, &text)?,
        Syntax::Xml => xml::read_catalog(file, &text)?,
    };
    fold_security_requirements(&mut catalog.controls);
    catalog.validate().map_err(|e| ImportError::whole(file, e.to_string()))?;
    Ok(catalog)
}

/// The human label of a control: its `label` prop when that is an id (no spaces), or the id a
/// label ends with in brackets, else its `sort-id` prop, else the id itself (without NIST's
/// `SP_800_171_` style prefix).
fn choose_label(id: &str, label: Option<&str>, sort_id: Option<&str>) -> String {
    if let Some(l) = label.filter(|l| !l.trim().is_empty() && !l.contains(char::is_whitespace)) {
        return l.trim().to_owned();
    }
    // NIST's CPRT exports write "Organizational Context (GV.OC)": the id is in the brackets.
    if let Some(inner) = label.and_then(bracketed_id) {
        return inner.to_owned();
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

/// `GV.OC` of "Organizational Context (GV.OC)": a final bracketed word with no spaces.
fn bracketed_id(label: &str) -> Option<&str> {
    let inner = label.trim().strip_suffix(')')?.rsplit_once('(')?.1.trim();
    (!inner.is_empty() && !inner.contains(char::is_whitespace)).then_some(inner)
}

/// NIST's CPRT exports of SP 800-171r3 keep each requirement's words in a nested control of
/// class `security_requirement` (`SR-03.01.01`) and leave the requirement's own statement empty.
/// The nested control is not a requirement of its own: its statement becomes the parent's and it
/// is dropped, so that a requirement reads whole and is counted once.
fn fold_security_requirements(controls: &mut Vec<kakehashi_domain::catalog::Control>) {
    use std::collections::{HashMap, HashSet};
    const NESTED: &str = "security_requirement";
    // One pass to index, one to count, one to choose: a large file costs linear time.
    let at: HashMap<&str, usize> = controls.iter().enumerate().map(|(i, c)| (c.key.as_str(), i)).collect();
    let mut nested_children: HashMap<&str, usize> = HashMap::new();
    let mut has_children: HashSet<&str> = HashSet::new();
    for c in controls.iter() {
        if let Some(parent) = c.parent.as_deref() {
            has_children.insert(parent);
            if c.class.as_deref() == Some(NESTED) {
                *nested_children.entry(parent).or_default() += 1;
            }
        }
    }
    let moves: Vec<(usize, usize)> = controls
        .iter()
        .enumerate()
        .filter(|(_, c)| c.class.as_deref() == Some(NESTED) && !has_children.contains(c.key.as_str()))
        .filter_map(|(i, c)| {
            let parent_key = c.parent.as_deref()?;
            let parent = *at.get(parent_key)?;
            let only = nested_children.get(parent_key) == Some(&1);
            let empty = controls[parent].texts.iter().all(|t| t.statement.is_none());
            (only && empty).then_some((i, parent))
        })
        .collect();
    for &(child, parent) in &moves {
        let texts = std::mem::take(&mut controls[child].texts);
        for text in texts {
            if let Some(target) = controls[parent].texts.iter_mut().find(|t| t.lang == text.lang) {
                target.statement = text.statement;
            }
        }
    }
    let dropped: HashSet<usize> = moves.iter().map(|(child, _)| *child).collect();
    let mut index = 0;
    controls.retain(|_| {
        let keep = !dropped.contains(&index);
        index += 1;
        keep
    });
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
        assert_eq!(choose_label("GV.OC", Some("Organizational Context (GV.OC)"), Some("00001.00001")), "GV.OC");
        assert_eq!(choose_label("GV", Some("GOVERN (GV)"), Some("00001")), "GV");
        assert_eq!(choose_label("SP_800_171_03.09", None, None), "03.09");
    }
}
