//! Mappings (crosswalks) between controls of two catalogs, with set semantics (NIST IR 8477):
//! how the requirements of the source relate to those of the target.

use crate::text::{MAX_ID, MAX_PROSE, MAX_TITLE, TextError, bounded, bounded_opt};
use serde::{Deserialize, Serialize};

/// The relation of a source to a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// The same requirements.
    Equal,
    /// The source asks for less than the target (meeting the target meets the source).
    Subset,
    /// The source asks for more than the target (meeting the source meets the target).
    Superset,
    /// Some requirements in common, some not (or unknown: NIST's crosswalks state no type).
    Intersects,
    /// Nothing in common.
    NoRelation,
}

impl Relation {
    pub const ALL: [Relation; 5] =
        [Relation::Equal, Relation::Subset, Relation::Superset, Relation::Intersects, Relation::NoRelation];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Equal => "equal",
            Relation::Subset => "subset",
            Relation::Superset => "superset",
            Relation::Intersects => "intersects",
            Relation::NoRelation => "no-relation",
        }
    }

    /// The same fact seen from the target: subset and superset swap; the others stay.
    pub fn reverse(self) -> Relation {
        match self {
            Relation::Subset => Relation::Superset,
            Relation::Superset => Relation::Subset,
            other => other,
        }
    }

    /// The OSCAL 1.2 mapping `relationship` value.
    pub fn oscal(self) -> &'static str {
        match self {
            Relation::Equal => "equal-to",
            Relation::Subset => "subset-of",
            Relation::Superset => "superset-of",
            Relation::Intersects => "intersects-with",
            Relation::NoRelation => "no-relationship",
        }
    }

    /// Reads our names, OSCAL's and the usual spellings in spreadsheets.
    pub fn parse(s: &str) -> Option<Relation> {
        let s = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        Some(match s.as_str() {
            "equal" | "equal-to" | "equivalent" | "equivalent-to" | "=" => Relation::Equal,
            "subset" | "subset-of" | "⊂" => Relation::Subset,
            "superset" | "superset-of" | "⊃" => Relation::Superset,
            "intersects" | "intersects-with" | "intersect" | "∩" => Relation::Intersects,
            "no-relation" | "no-relationship" | "none" | "not-related" => Relation::NoRelation,
            _ => return None,
        })
    }

    /// The UI string key naming this relation.
    pub fn label_key(self) -> &'static str {
        match self {
            Relation::Equal => "relation-equal",
            Relation::Subset => "relation-subset",
            Relation::Superset => "relation-superset",
            Relation::Intersects => "relation-intersects",
            Relation::NoRelation => "relation-no-relation",
        }
    }
}

impl std::str::FromStr for Relation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Relation::parse(s)
            .ok_or_else(|| format!("unknown relation {s:?}: use equal, subset, superset, intersects or no-relation"))
    }
}

/// One mapping as read from a file: one or more source controls (several means they jointly
/// cover the target) related to one target control, by reference (id or label, as written).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingRecord {
    pub sources: Vec<String>,
    pub target: String,
    pub relation: Relation,
    /// 0 (weak) to 10 (strong), when the author gave one.
    pub strength: Option<u8>,
    pub rationale: Option<String>,
    /// Where the line came from (file and line), for messages.
    pub origin: String,
}

/// A set of mappings from one catalog to another, as read from one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crosswalk {
    pub title: String,
    /// Who or what made the mappings, and from which source.
    pub provenance: String,
    pub records: Vec<MappingRecord>,
}

impl Crosswalk {
    /// Every text within its bound and free of control characters.
    pub fn check_text(&self) -> Result<(), TextError> {
        bounded(&self.title, MAX_TITLE, || "the crosswalk's title".into())?;
        bounded(&self.provenance, MAX_PROSE, || "the crosswalk's provenance".into())?;
        for r in &self.records {
            let at = || r.origin.chars().take(80).collect::<String>();
            bounded(&r.origin, MAX_TITLE, || "where a mapping comes from".into())?;
            bounded(&r.target, MAX_ID, || format!("{}: the target", at()))?;
            r.sources.iter().try_for_each(|s| bounded(s, MAX_ID, || format!("{}: a source", at())))?;
            bounded_opt(r.rationale.as_deref(), MAX_PROSE, || format!("{}: the rationale", at()))?;
        }
        Ok(())
    }
}

/// Reads a strength: an integer from 0 to 10, or nothing.
pub fn parse_strength(s: &str) -> Result<Option<u8>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<u8>() {
        Ok(n) if n <= 10 => Ok(Some(n)),
        _ => Err(format!("strength {s:?} is not a whole number from 0 to 10")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reverse_of_a_subset_is_a_superset() {
        assert_eq!(Relation::Subset.reverse(), Relation::Superset);
        assert_eq!(Relation::Superset.reverse(), Relation::Subset);
        for r in Relation::ALL {
            assert_eq!(r.reverse().reverse(), r);
        }
        assert_eq!(Relation::Equal.reverse(), Relation::Equal);
    }

    #[test]
    fn relations_read_in_every_usual_spelling() {
        for r in Relation::ALL {
            assert_eq!(Relation::parse(r.as_str()), Some(r));
            assert_eq!(Relation::parse(r.oscal()), Some(r));
        }
        assert_eq!(Relation::parse("Subset Of"), Some(Relation::Subset));
        assert_eq!(Relation::parse("maybe"), None);
    }

    #[test]
    fn strengths_are_zero_to_ten() {
        assert_eq!(parse_strength(""), Ok(None));
        assert_eq!(parse_strength("7"), Ok(Some(7)));
        assert!(parse_strength("11").is_err() && parse_strength("high").is_err());
    }
}
