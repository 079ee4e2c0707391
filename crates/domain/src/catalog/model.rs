//! The catalog model, checked on construction: unique keys, parents that exist, no cycles.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::text::{MAX_ID, MAX_PROSE, MAX_TITLE, TextError, bounded, bounded_opt};

/// Text in one language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// BCP 47 tag: `en`, `ja`, …
    pub lang: String,
    pub title: Option<String>,
    /// What the control requires, as plain text (parameters shown as `[placeholders]`).
    pub statement: Option<String>,
    /// Why, and how to read it (OSCAL's guidance).
    pub guidance: Option<String>,
    /// The cheapest way to start, for a firm with no specialist (our baseline writes one for
    /// every item; other guidelines may).
    #[serde(default)]
    pub first_step: Option<String>,
    /// What counts as evidence that it is done.
    #[serde(default)]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ControlKind {
    /// A grouping (a family, a function, a chapter): not itself assessable.
    Group,
    /// A requirement that can be assessed.
    Control,
}

impl ControlKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ControlKind::Group => "group",
            ControlKind::Control => "control",
        }
    }
}

impl std::str::FromStr for ControlKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "group" => Ok(ControlKind::Group),
            "control" => Ok(ControlKind::Control),
            _ => Err(format!("unknown control kind {s:?}")),
        }
    }
}

/// One node of a catalog's tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Control {
    /// Stable within the catalog (the OSCAL id).
    pub key: String,
    /// As people write it: `AC-2(3)`, `GV.PO-01`, `03.09.01`.
    pub label: String,
    pub kind: ControlKind,
    /// The key of the enclosing group or control, if any.
    pub parent: Option<String>,
    /// OSCAL `class` (family, category, subcategory, requirement, …), kept for display.
    pub class: Option<String>,
    pub withdrawn: bool,
    pub texts: Vec<Text>,
}

impl Control {
    /// The text in `lang`, or else the first one.
    pub fn text(&self, lang: &str) -> Option<&Text> {
        self.texts.iter().find(|t| t.lang == lang).or(self.texts.first())
    }
}

/// What describes a catalog as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogMeta {
    pub title: String,
    pub version: String,
    pub issuer: Option<String>,
    /// Terms of use, in the importer's words ("public domain (NIST)", "ids only: ISO text is copyrighted").
    pub licence_note: Option<String>,
    /// The OSCAL document's uuid, when it came from OSCAL.
    pub oscal_uuid: Option<String>,
    /// The OSCAL version the source declared.
    pub oscal_version: Option<String>,
    /// The languages its texts come in, primary first.
    pub languages: Vec<String>,
}

/// A whole catalog, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub meta: CatalogMeta,
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("the catalog has no title")]
    NoTitle,
    #[error("the id {0:?} is used twice")]
    DuplicateKey(String),
    #[error("{child:?} names a parent {parent:?} that does not exist")]
    UnknownParent { child: String, parent: String },
    #[error("{0:?} has an empty id")]
    EmptyKey(String),
    #[error(transparent)]
    Text(#[from] TextError),
}

impl CatalogMeta {
    /// Every field within its bound (a 45 MB title would be sent to every reader of a list).
    fn check_text(&self) -> Result<(), TextError> {
        bounded(&self.title, MAX_TITLE, || "the catalog's title".into())?;
        bounded(&self.version, MAX_ID, || "the catalog's version".into())?;
        bounded_opt(self.issuer.as_deref(), MAX_TITLE, || "the catalog's issuer".into())?;
        bounded_opt(self.licence_note.as_deref(), MAX_PROSE, || "the catalog's licence note".into())?;
        bounded_opt(self.oscal_uuid.as_deref(), MAX_ID, || "the catalog's uuid".into())?;
        bounded_opt(self.oscal_version.as_deref(), MAX_ID, || "the catalog's OSCAL version".into())?;
        self.languages.iter().try_for_each(|l| bounded(l, MAX_ID, || "a language".into()))
    }
}

impl Control {
    fn check_text(&self) -> Result<(), TextError> {
        let key: String = self.key.chars().take(40).collect();
        let of = |what: &str| format!("control {key:?}: {what}");
        bounded(&self.key, MAX_ID, || of("id"))?;
        bounded(&self.label, MAX_ID, || of("label"))?;
        bounded_opt(self.parent.as_deref(), MAX_ID, || of("parent"))?;
        bounded_opt(self.class.as_deref(), MAX_ID, || of("class"))?;
        for t in &self.texts {
            bounded(&t.lang, MAX_ID, || of("language"))?;
            bounded_opt(t.title.as_deref(), MAX_TITLE, || of("title"))?;
            for (what, prose) in [
                ("statement", &t.statement),
                ("guidance", &t.guidance),
                ("first step", &t.first_step),
                ("evidence", &t.evidence),
            ] {
                bounded_opt(prose.as_deref(), MAX_PROSE, || of(what))?;
            }
        }
        Ok(())
    }
}

impl Catalog {
    /// Checks that every text is within its bound and free of control characters, that keys
    /// are unique and non-empty and every parent exists (document order
    /// guarantees there is no cycle: a parent must come before its children).
    pub fn validate(&self) -> Result<(), ModelError> {
        if self.meta.title.trim().is_empty() {
            return Err(ModelError::NoTitle);
        }
        self.meta.check_text()?;
        let mut seen: HashSet<&str> = HashSet::with_capacity(self.controls.len());
        for c in &self.controls {
            c.check_text()?;
            if c.key.trim().is_empty() {
                return Err(ModelError::EmptyKey(c.label.clone()));
            }
            if let Some(parent) = &c.parent
                && !seen.contains(parent.as_str())
            {
                return Err(ModelError::UnknownParent { child: c.key.clone(), parent: parent.clone() });
            }
            if !seen.insert(&c.key) {
                return Err(ModelError::DuplicateKey(c.key.clone()));
            }
        }
        Ok(())
    }

    /// Controls that can be assessed (not groups), withdrawn ones included.
    pub fn assessable(&self) -> impl Iterator<Item = &Control> {
        self.controls.iter().filter(|c| c.kind == ControlKind::Control)
    }

    /// Marks controls withdrawn (or active) from an outside list of key or label → withdrawn,
    /// for sources that do not say (NIST's CSF 2.0 OSCAL 1.0.0 catalog). Returns the entries
    /// that matched no control.
    pub fn apply_status(&mut self, statuses: &[(String, bool)]) -> Vec<String> {
        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, c) in self.controls.iter().enumerate() {
            index.insert(c.key.clone(), i);
            index.entry(super::normalise_label(&c.label)).or_insert(i);
        }
        let mut unmatched = Vec::new();
        for (id, withdrawn) in statuses {
            match index.get(id.as_str()).or_else(|| index.get(&super::normalise_label(id))) {
                Some(&i) => self.controls[i].withdrawn = *withdrawn,
                None => unmatched.push(id.clone()),
            }
        }
        unmatched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn control(key: &str, parent: Option<&str>) -> Control {
        Control {
            key: key.into(),
            label: key.to_uppercase(),
            kind: ControlKind::Control,
            parent: parent.map(str::to_owned),
            class: None,
            withdrawn: false,
            texts: vec![],
        }
    }

    fn catalog(controls: Vec<Control>) -> Catalog {
        Catalog {
            meta: CatalogMeta {
                title: "T".into(),
                version: "1".into(),
                issuer: None,
                licence_note: None,
                oscal_uuid: None,
                oscal_version: None,
                languages: vec!["en".into()],
            },
            controls,
        }
    }

    #[test]
    fn duplicate_keys_and_unknown_parents_are_refused() {
        assert!(catalog(vec![control("a", None), control("a-1", Some("a"))]).validate().is_ok());
        assert_eq!(
            catalog(vec![control("a", None), control("a", None)]).validate(),
            Err(ModelError::DuplicateKey("a".into()))
        );
        assert!(matches!(catalog(vec![control("b", Some("a"))]).validate(), Err(ModelError::UnknownParent { .. })));
    }

    #[test]
    fn status_lists_match_keys_or_labels() {
        let mut c = catalog(vec![control("ac-2.3", None), control("gv.po-01", None)]);
        c.controls[0].label = "AC-2(3)".into();
        c.controls[1].label = "GV.PO-01".into();
        let unmatched = c.apply_status(&[("AC-02(03)".into(), true), ("GV.PO-01".into(), true), ("ZZ-1".into(), true)]);
        assert!(c.controls.iter().all(|c| c.withdrawn));
        assert_eq!(unmatched, vec!["ZZ-1".to_string()]);
    }
}
