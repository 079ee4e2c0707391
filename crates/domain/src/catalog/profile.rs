//! Profiles: a selection (and, for our baseline, a tiering) of controls from one or more
//! catalogs, e.g. NIST's SP 800-53B LOW baseline.

use crate::text::{MAX_ID, MAX_PROSE, MAX_TITLE, TextError, bounded, bounded_opt};
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::label::normalise_label;

/// One import of a profile: which catalog (or profile) it draws from and what it takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileImport {
    /// As written in the file (`#uuid` of a back-matter resource, or a path).
    pub href: String,
    /// The title of the resource the href names, when the file says (NIST's baselines do).
    pub resource_title: Option<String>,
    /// Take every control of the source.
    pub include_all: bool,
    /// Take these (ids or labels).
    pub with_ids: Vec<String>,
    /// Take these and every control beneath them (OSCAL's `with-child-controls: yes`).
    pub with_children: Vec<String>,
    /// Leave these out.
    pub exclude_ids: Vec<String>,
}

/// A profile as read from a file, before its imports are resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub title: String,
    pub version: String,
    pub oscal_uuid: Option<String>,
    pub oscal_version: Option<String>,
    pub imports: Vec<ProfileImport>,
}

impl Profile {
    /// Every text within its bound and free of control characters.
    pub fn check_text(&self) -> Result<(), TextError> {
        bounded(&self.title, MAX_TITLE, || "the profile's title".into())?;
        bounded(&self.version, MAX_ID, || "the profile's version".into())?;
        bounded_opt(self.oscal_uuid.as_deref(), MAX_ID, || "the profile's uuid".into())?;
        bounded_opt(self.oscal_version.as_deref(), MAX_ID, || "the profile's OSCAL version".into())?;
        for i in &self.imports {
            bounded(&i.href, MAX_PROSE, || "an import's href".into())?;
            bounded_opt(i.resource_title.as_deref(), MAX_TITLE, || "an import's title".into())?;
            for id in i.with_ids.iter().chain(&i.with_children).chain(&i.exclude_ids) {
                bounded(id, MAX_ID, || "a selected control id".into())?;
            }
        }
        Ok(())
    }

    /// The import that names the profile itself: the one cycle a file alone can make (a stored
    /// profile is already resolved, so importing one cannot loop).
    pub fn imports_itself(&self) -> bool {
        self.imports.iter().any(|i| i.resource_title.as_deref() == Some(self.title.as_str()))
    }
}

/// A control of the source an import draws from, in document order.
#[derive(Debug, Clone, Copy)]
pub struct SourceControl<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub parent: Option<&'a str>,
}

/// What an import selects from its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// Keys of the selected controls, in the source's order.
    pub keys: Vec<String>,
    /// Ids the import named that match no control of the source.
    pub unresolved: Vec<String>,
}

impl ProfileImport {
    /// Resolves the import against its source's controls. Ids match by key or by any form of
    /// label (`ac-2.3` ≡ `AC-2(3)`); exclusions win over inclusions, as in OSCAL.
    pub fn select(&self, source: &[SourceControl]) -> Selection {
        let by_ref = references(source);
        let mut unresolved = Vec::new();
        let mut lookup = |reference: &String| {
            let found = by_ref.get(reference.as_str()).or_else(|| by_ref.get(normalise_label(reference).as_str()));
            if found.is_none() && !unresolved.contains(reference) {
                unresolved.push(reference.clone());
            }
            found.copied()
        };
        let mut chosen: HashSet<&str> = HashSet::new();
        if self.include_all {
            chosen.extend(source.iter().map(|c| c.key));
        }
        chosen.extend(self.with_ids.iter().filter_map(&mut lookup));
        let roots: Vec<&str> = self.with_children.iter().filter_map(&mut lookup).collect();
        chosen.extend(descendants(source, &roots));
        for key in self.exclude_ids.iter().filter_map(&mut lookup) {
            chosen.remove(key);
        }
        let keys = source.iter().filter(|c| chosen.contains(c.key)).map(|c| c.key.to_owned()).collect();
        Selection { keys, unresolved }
    }
}

/// Every way a control may be named: its key and the normal forms of its key and label.
fn references<'a>(source: &[SourceControl<'a>]) -> HashMap<String, &'a str> {
    let mut map = HashMap::with_capacity(source.len() * 3);
    for c in source {
        map.entry(normalise_label(c.label)).or_insert(c.key);
        map.entry(normalise_label(c.key)).or_insert(c.key);
    }
    for c in source {
        map.insert(c.key.to_owned(), c.key);
    }
    map
}

/// The roots and every control beneath them.
fn descendants<'a>(source: &[SourceControl<'a>], roots: &[&'a str]) -> HashSet<&'a str> {
    let mut found: HashSet<&str> = roots.iter().copied().collect();
    // Document order puts parents before children, so one pass suffices.
    for c in source {
        if c.parent.is_some_and(|p| found.contains(p)) {
            found.insert(c.key);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Vec<SourceControl<'static>> {
        vec![
            SourceControl { key: "ac-1", label: "AC-1", parent: None },
            SourceControl { key: "ac-2", label: "AC-2", parent: None },
            SourceControl { key: "ac-2.1", label: "AC-2(1)", parent: Some("ac-2") },
            SourceControl { key: "ac-2.1.a", label: "AC-2(1)(a)", parent: Some("ac-2.1") },
            SourceControl { key: "ac-3", label: "AC-3", parent: None },
        ]
    }

    fn import() -> ProfileImport {
        ProfileImport {
            href: "#x".into(),
            resource_title: None,
            include_all: false,
            with_ids: vec![],
            with_children: vec![],
            exclude_ids: vec![],
        }
    }

    #[test]
    fn ids_and_labels_select_in_source_order() {
        let i = ProfileImport { with_ids: vec!["AC-3".into(), "ac-02(01)".into(), "zz-9".into()], ..import() };
        let s = i.select(&source());
        assert_eq!(s.keys, vec!["ac-2.1", "ac-3"]);
        assert_eq!(s.unresolved, vec!["zz-9"]);
    }

    #[test]
    fn children_follow_when_asked_and_exclusions_win() {
        let i = ProfileImport { with_children: vec!["ac-2".into()], exclude_ids: vec!["ac-2.1.a".into()], ..import() };
        assert_eq!(i.select(&source()).keys, vec!["ac-2", "ac-2.1"]);
        let all = ProfileImport { include_all: true, exclude_ids: vec!["ac-1".into()], ..import() };
        assert_eq!(all.select(&source()).keys.len(), 4);
    }

    #[test]
    fn a_profile_naming_itself_is_a_cycle() {
        let mut p = Profile {
            title: "Mine".into(),
            version: "1".into(),
            oscal_uuid: None,
            oscal_version: None,
            imports: vec![ProfileImport { resource_title: Some("Other".into()), ..import() }],
        };
        assert!(!p.imports_itself());
        p.imports[0].resource_title = Some("Mine".into());
        assert!(p.imports_itself());
    }
}
