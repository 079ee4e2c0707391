use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The kinds of link between two organisations. Each has two sides; `from` is the first named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationshipKind {
    /// from = buyer (発注元), to = supplier (取引先).
    BuyerSupplier,
    /// from = association (業界団体), to = member.
    AssociationMember,
    /// from = parent, to = group company (subsidiary).
    ParentSubsidiary,
}

/// Which end of a relationship an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    From,
    To,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RelationshipState {
    /// Asked by one side, waiting for the other to accept.
    Pending,
    Active,
    /// Declined before it began, or ended by either side.
    Ended,
}

impl RelationshipKind {
    pub const ALL: [RelationshipKind; 3] =
        [RelationshipKind::BuyerSupplier, RelationshipKind::AssociationMember, RelationshipKind::ParentSubsidiary];

    pub fn as_str(self) -> &'static str {
        match self {
            RelationshipKind::BuyerSupplier => "buyer-supplier",
            RelationshipKind::AssociationMember => "association-member",
            RelationshipKind::ParentSubsidiary => "parent-subsidiary",
        }
    }

    /// The UI string key naming what the organisation on `side` is, e.g. `rel-buyer`.
    pub fn side_label_key(self, side: Side) -> &'static str {
        match (self, side) {
            (RelationshipKind::BuyerSupplier, Side::From) => "rel-buyer",
            (RelationshipKind::BuyerSupplier, Side::To) => "rel-supplier",
            (RelationshipKind::AssociationMember, Side::From) => "rel-association",
            (RelationshipKind::AssociationMember, Side::To) => "rel-member",
            (RelationshipKind::ParentSubsidiary, Side::From) => "rel-parent",
            (RelationshipKind::ParentSubsidiary, Side::To) => "rel-subsidiary",
        }
    }
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::From => Side::To,
            Side::To => Side::From,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Side::From => "from",
            Side::To => "to",
        }
    }
}

impl RelationshipState {
    pub fn as_str(self) -> &'static str {
        match self {
            RelationshipState::Pending => "pending",
            RelationshipState::Active => "active",
            RelationshipState::Ended => "ended",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            RelationshipState::Pending => "rel-state-pending",
            RelationshipState::Active => "rel-state-active",
            RelationshipState::Ended => "rel-state-ended",
        }
    }
}

macro_rules! parse_by_as_str {
    ($t:ty, $all:expr, $what:literal) => {
        impl FromStr for $t {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $all.into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| format!(concat!("unknown ", $what, " {:?}"), s))
            }
        }
    };
}

parse_by_as_str!(RelationshipKind, RelationshipKind::ALL, "relationship kind");
parse_by_as_str!(Side, [Side::From, Side::To], "side");
parse_by_as_str!(
    RelationshipState,
    [RelationshipState::Pending, RelationshipState::Active, RelationshipState::Ended],
    "relationship state"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_name_both_sides() {
        for k in RelationshipKind::ALL {
            assert_eq!(k.as_str().parse::<RelationshipKind>(), Ok(k));
            assert_ne!(k.side_label_key(Side::From), k.side_label_key(Side::To));
        }
        assert_eq!(Side::From.other(), Side::To);
    }
}
