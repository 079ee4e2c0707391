//! Entity ids. Each kind of id is its own type; all are UUIDv7 (time-ordered, so indexes stay
//! compact) rendered as lowercase hyphenated text.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An id that is not a well-formed UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid {kind} id: {value:?}")]
pub struct IdParseError {
    pub kind: &'static str,
    pub value: String,
}

macro_rules! entity_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// The kind of entity, as used in route templates and logs.
            pub const KIND: &'static str = $kind;

            /// A fresh id, ordered by creation time.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0.hyphenated())
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self).map_err(|_| IdParseError {
                    kind: $kind,
                    value: s.chars().take(64).collect(),
                })
            }
        }
    };
}

entity_id!(
    /// A person who signs in.
    UserId,
    "user"
);
entity_id!(
    /// A durable background job.
    JobId,
    "job"
);
entity_id!(
    /// A message in the mail outbox.
    MailId,
    "mail"
);

entity_id!(
    /// An organisation: a firm, an association, an assessor.
    OrgId,
    "org"
);
entity_id!(
    /// A person's membership of an organisation, with a role.
    MembershipId,
    "membership"
);
entity_id!(
    /// A relationship between two organisations (buyer-supplier, association-member, parent-subsidiary).
    RelationshipId,
    "relationship"
);
entity_id!(
    /// An invitation sent to someone outside the platform or to a colleague.
    InvitationId,
    "invitation"
);
entity_id!(
    /// A grant: one organisation lets another read some of its objects.
    GrantId,
    "grant"
);
entity_id!(
    /// An API token.
    TokenId,
    "token"
);

entity_id!(
    /// An imported catalog (a framework or guideline version).
    CatalogId,
    "catalog"
);
entity_id!(
    /// A crosswalk: the mappings from one catalog to another, imported from one file.
    CrosswalkId,
    "crosswalk"
);
entity_id!(
    /// A profile: a selection of controls from imported catalogs (e.g. an 800-53B baseline).
    ProfileId,
    "profile"
);
entity_id!(
    /// A questionnaire: the questions of a self-check, made from a profile or baseline tiers.
    QuestionnaireId,
    "questionnaire"
);
entity_id!(
    /// An organisation's self-check: its answers to one questionnaire.
    AssessmentId,
    "assessment"
);
entity_id!(
    /// A piece of evidence an organisation keeps: a file, a link, a statement or a certificate.
    EvidenceId,
    "evidence"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = UserId::new();
        let parsed: UserId = id.to_string().parse().expect("parses");
        assert_eq!(id, parsed);
    }

    #[test]
    fn malformed_ids_are_refused_with_their_kind() {
        let err = "not-a-uuid".parse::<JobId>().expect_err("refused");
        assert_eq!(err.kind, "job");
        assert!(err.to_string().contains("job"));
    }

    #[test]
    fn ids_are_ordered_by_creation() {
        let a = MailId::new();
        let b = MailId::new();
        assert!(a < b);
    }
}
