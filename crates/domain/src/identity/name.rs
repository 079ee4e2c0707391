use std::fmt;

use serde::{Deserialize, Serialize};

/// The name shown for a person: 1 to 100 characters, no control characters.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    #[error("the name is empty")]
    Empty,
    #[error("the name is too long (100 characters at most)")]
    TooLong,
    #[error("the name contains control characters")]
    ControlCharacters,
}

impl DisplayName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(input: &str) -> Result<Self, DisplayNameError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(DisplayNameError::Empty);
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(DisplayNameError::TooLong);
        }
        if s.chars().any(char::is_control) {
            return Err(DisplayNameError::ControlCharacters);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for DisplayName {
    type Err = DisplayNameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for DisplayName {
    type Error = DisplayNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DisplayName> for String {
    fn from(value: DisplayName) -> Self {
        value.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DisplayName({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_names_count_characters_not_bytes() {
        let name = "山".repeat(100);
        assert!(DisplayName::parse(&name).is_ok());
        assert_eq!(DisplayName::parse(&"山".repeat(101)), Err(DisplayNameError::TooLong));
    }

    #[test]
    fn refuses_empty_and_control_characters() {
        assert_eq!(DisplayName::parse("   "), Err(DisplayNameError::Empty));
        assert_eq!(DisplayName::parse("a\u{7}b"), Err(DisplayNameError::ControlCharacters));
    }
}
