//! Statuses and how one mapping carries them from its sources to its target.
//!
//! The rules follow the set semantics of the relation (NIST IR 8477), read as "what the
//! source's requirements are to the target's":
//! - all sources implemented carries *implemented* over `equal`/`superset` (the sources ask at
//!   least what the target asks) and only *partly* over `subset`/`intersects`;
//! - some work done carries *partly* where the done part lies inside the target: over `equal`
//!   and `subset`, and over a declared group meant to cover the target (each member is a part);
//!   over `intersects`, only all sources implemented carry *partly* (the shared part is done);
//! - *not implemented* carries back over `equal`/`subset`: meeting the target would meet the
//!   source, so a source not met means the target is not met either.
//!
//! Nothing carries over `no-relation`, and a "don't know" answer carries nothing.

use serde::{Deserialize, Serialize};

use crate::catalog::Relation;

/// An answer about one control, or a status derived for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Implemented,
    Partly,
    NotImplemented,
    /// "Don't know": answered, but it says nothing.
    Unknown,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Implemented, Status::Partly, Status::NotImplemented, Status::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Implemented => "implemented",
            Status::Partly => "partly",
            Status::NotImplemented => "not-implemented",
            Status::Unknown => "unknown",
        }
    }

    /// Reads our names and the usual spellings in answer sheets (English and Japanese).
    pub fn parse(s: &str) -> Option<Status> {
        let t = s.trim().to_lowercase().replace(['_', ' '], "-");
        Some(match t.as_str() {
            "implemented" | "yes" | "done" | "実施している" | "実施" | "はい" | "○" | "4" => {
                Status::Implemented
            }
            "partly"
            | "partial"
            | "partially"
            | "partially-implemented"
            | "一部実施している"
            | "一部実施"
            | "△"
            | "2" => Status::Partly,
            "not-implemented" | "no" | "not" | "実施していない" | "未実施" | "いいえ" | "×" | "0" => {
                Status::NotImplemented
            }
            "unknown" | "don't-know" | "dont-know" | "わからない" | "不明" | "-1" => Status::Unknown,
            _ => return None,
        })
    }

    /// The UI string key naming this status.
    pub fn label_key(self) -> &'static str {
        match self {
            Status::Implemented => "status-implemented",
            Status::Partly => "status-partly",
            Status::NotImplemented => "status-not-implemented",
            Status::Unknown => "status-unknown",
        }
    }
}

impl std::str::FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::parse(s)
            .ok_or_else(|| format!("unknown status {s:?}: use implemented, partly, not-implemented or unknown"))
    }
}

/// What a rule needs of a mapping's sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Need {
    /// Every source implemented (a group is implemented only when all its members are).
    AllImplemented,
    /// One source with some work done (implemented or partly).
    AnyDone,
    /// One source not implemented.
    AnyNot,
}

/// One way a mapping can carry a status: the status it gives its target and what it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Rule {
    pub gives: Status,
    pub needs: Need,
}

/// The rules a mapping with `relation` follows; `group` says its sources were declared to
/// jointly cover the target. Each rule stands alone: a target may be shown both partly done
/// and not done by different sources, and inference keeps the best-ranked.
pub(super) fn rules(relation: Relation, group: bool) -> &'static [Rule] {
    use Need::*;
    use Relation::*;
    const IMPLEMENTED: Rule = Rule { gives: Status::Implemented, needs: AllImplemented };
    const PARTLY_ANY: Rule = Rule { gives: Status::Partly, needs: AnyDone };
    const PARTLY_ALL: Rule = Rule { gives: Status::Partly, needs: AllImplemented };
    const NOT: Rule = Rule { gives: Status::NotImplemented, needs: AnyNot };
    match (relation, group) {
        (Equal, _) => &[IMPLEMENTED, PARTLY_ANY, NOT],
        (Superset, true) => &[IMPLEMENTED, PARTLY_ANY],
        (Superset, false) => &[IMPLEMENTED],
        (Subset, _) => &[PARTLY_ANY, NOT],
        (Intersects, _) => &[PARTLY_ALL],
        (NoRelation, _) => &[],
    }
}

impl Need {
    /// Whether a source in `status` can meet this need.
    pub(super) fn met_by(self, status: Status) -> bool {
        match self {
            Need::AllImplemented => status == Status::Implemented,
            Need::AnyDone => matches!(status, Status::Implemented | Status::Partly),
            Need::AnyNot => status == Status::NotImplemented,
        }
    }
}

/// The best status a mapping carries from sources whose statuses are known (`None` where not):
/// the rules applied to plain answers, without paths.
#[cfg(test)]
pub(super) fn carry(relation: Relation, group: bool, sources: &[Option<Status>]) -> Option<Status> {
    rules(relation, group)
        .iter()
        .filter(|r| match r.needs {
            Need::AllImplemented => sources.iter().all(|s| s.is_some_and(|s| r.needs.met_by(s))),
            _ => sources.iter().flatten().any(|s| r.needs.met_by(*s)),
        })
        .map(|r| r.gives)
        .min_by_key(|s| Status::ALL.iter().position(|x| x == s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use Relation::*;
    use Status::*;

    fn one(relation: Relation, s: Status) -> Option<Status> {
        carry(relation, false, &[Some(s)])
    }

    #[test]
    fn implemented_carries_fully_only_where_the_source_asks_at_least_as_much() {
        assert_eq!(one(Equal, Implemented), Some(Implemented));
        assert_eq!(one(Superset, Implemented), Some(Implemented));
        assert_eq!(one(Subset, Implemented), Some(Partly));
        assert_eq!(one(Intersects, Implemented), Some(Partly));
        assert_eq!(one(NoRelation, Implemented), None);
    }

    #[test]
    fn partly_and_not_carry_only_where_they_are_sure_to_concern_the_target() {
        assert_eq!(one(Equal, Partly), Some(Partly));
        assert_eq!(one(Subset, Partly), Some(Partly));
        assert_eq!(one(Superset, Partly), None);
        assert_eq!(one(Intersects, Partly), None);
        assert_eq!(one(Equal, NotImplemented), Some(NotImplemented));
        assert_eq!(one(Subset, NotImplemented), Some(NotImplemented));
        assert_eq!(one(Superset, NotImplemented), None);
        assert_eq!(one(Equal, Unknown), None);
    }

    #[test]
    fn a_group_covers_its_target_only_when_every_member_is_implemented() {
        let both = [Some(Implemented), Some(Implemented)];
        let half = [Some(Implemented), Some(NotImplemented)];
        let none_known = [Some(Implemented), None];
        assert_eq!(carry(Superset, true, &both), Some(Implemented));
        assert_eq!(carry(Superset, true, &half), Some(Partly));
        assert_eq!(carry(Superset, true, &none_known), Some(Partly));
        assert_eq!(carry(Intersects, true, &half), None);
    }

    #[test]
    fn statuses_read_from_answer_sheets() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("一部実施している"), Some(Partly));
        assert_eq!(Status::parse("わからない"), Some(Unknown));
        assert_eq!(Status::parse("perhaps"), None);
    }
}
