use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::ids::OrgId;

/// The kinds of object an organisation can share. Each capability adds its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectKind {
    /// The organisation's detailed profile: size, industry, incident contact, support provider.
    OrgProfile,
    /// One self-check, with its answers and the evidence attached to them, for review.
    SelfCheck,
}

impl ObjectKind {
    pub const ALL: [ObjectKind; 2] = [ObjectKind::OrgProfile, ObjectKind::SelfCheck];

    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::OrgProfile => "org-profile",
            ObjectKind::SelfCheck => "self-check",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            ObjectKind::OrgProfile => "object-org-profile",
            ObjectKind::SelfCheck => "object-self-check",
        }
    }
}

impl FromStr for ObjectKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ObjectKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| format!("unknown object kind {s:?}"))
    }
}

/// Who receives a grant. Communities (sharing groups) join with incident sharing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grantee {
    Org(OrgId),
}

/// Why something is shared, said by the owner in their own words (shown to both sides).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Purpose(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PurposeError {
    #[error("say why you share this")]
    Empty,
    #[error("the purpose is too long (500 characters at most)")]
    TooLong,
}

impl Purpose {
    pub fn parse(input: &str) -> Result<Self, PurposeError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(PurposeError::Empty);
        }
        if s.chars().count() > 500 {
            return Err(PurposeError::TooLong);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Purpose {
    type Error = PurposeError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Purpose> for String {
    fn from(value: Purpose) -> Self {
        value.0
    }
}

/// The part of a grant that decides whether it gives access right now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRule {
    pub kind: ObjectKind,
    /// One object, or every object of the kind when `None`.
    pub object_id: Option<String>,
    pub expires_at: Option<OffsetDateTime>,
    pub revoked_at: Option<OffsetDateTime>,
}

impl GrantRule {
    /// Live: not revoked, and not expired, at `now`. Expiry is exclusive: at the expiry instant
    /// access has ended.
    pub fn is_live(&self, now: OffsetDateTime) -> bool {
        self.revoked_at.is_none_or(|r| r > now) && self.expires_at.is_none_or(|e| e > now)
    }

    /// Whether this grant reaches `object_id` of `kind`.
    pub fn covers(&self, kind: ObjectKind, object_id: &str) -> bool {
        self.kind == kind && self.object_id.as_deref().is_none_or(|id| id == object_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn rule() -> GrantRule {
        GrantRule { kind: ObjectKind::OrgProfile, object_id: None, expires_at: None, revoked_at: None }
    }

    #[test]
    fn a_grant_ends_at_expiry_or_revocation() {
        let now = datetime!(2026-04-01 9:00 UTC);
        assert!(rule().is_live(now));
        let expiring = GrantRule { expires_at: Some(now), ..rule() };
        assert!(!expiring.is_live(now), "expiry is exclusive");
        assert!(expiring.is_live(now - time::Duration::SECOND));
        let revoked = GrantRule { revoked_at: Some(now - time::Duration::DAY), ..rule() };
        assert!(!revoked.is_live(now));
    }

    #[test]
    fn a_grant_reaches_its_object_or_its_whole_kind() {
        assert!(rule().covers(ObjectKind::OrgProfile, "anything"));
        let one = GrantRule { object_id: Some("a".into()), ..rule() };
        assert!(one.covers(ObjectKind::OrgProfile, "a") && !one.covers(ObjectKind::OrgProfile, "b"));
    }

    #[test]
    fn purposes_are_required_and_bounded() {
        assert_eq!(Purpose::parse("  "), Err(PurposeError::Empty));
        assert_eq!(Purpose::parse(&"あ".repeat(501)), Err(PurposeError::TooLong));
    }
}
