use std::fmt;

/// A password someone has just chosen, checked against our rules. It never prints itself.
///
/// The rules follow NIST SP 800-63B: length matters, composition rules do not. We ask for at
/// least 12 characters (counted as characters, so Japanese passphrases work), at most 128, and
/// refuse a password that is the account's own e-mail address or one repeated character.
#[derive(Clone)]
pub struct NewPassword(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("the password is too short (12 characters at least)")]
    TooShort,
    #[error("the password is too long (128 characters at most)")]
    TooLong,
    #[error("the password is too easy to guess")]
    TooGuessable,
}

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(input: &str, email: &str) -> Result<Self, PasswordError> {
        let n = input.chars().count();
        if n < Self::MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if n > Self::MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        let mut chars = input.chars();
        let first = chars.next();
        let one_repeated = chars.all(|c| Some(c) == first);
        if one_repeated || input.eq_ignore_ascii_case(email) {
            return Err(PasswordError::TooGuessable);
        }
        Ok(Self(input.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword([redacted])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters() {
        assert!(NewPassword::parse("たのしいかけはしのあさ", "a@example.jp").is_err());
        assert!(NewPassword::parse("たのしいかけはしのあさです", "a@example.jp").is_ok());
    }

    #[test]
    fn refuses_guessable_passwords() {
        assert_eq!(NewPassword::parse("aaaaaaaaaaaaaaa", "x@example.jp").err(), Some(PasswordError::TooGuessable));
        assert_eq!(NewPassword::parse("Owner@Example.jp", "owner@example.jp").err(), Some(PasswordError::TooGuessable));
        assert_eq!(NewPassword::parse("short", "x@example.jp").err(), Some(PasswordError::TooShort));
    }

    #[test]
    fn debug_never_shows_the_password() {
        let p = NewPassword::parse("correct horse battery", "x@example.jp").expect("valid");
        assert!(!format!("{p:?}").contains("horse"));
    }
}
