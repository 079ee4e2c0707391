//! What a person is told, before it is put into their language: a message key of
//! `content/i18n` and its arguments. Errors that can reach a page say what went wrong as a
//! [`Message`] (their `Display` stays English, for logs and API clients); pages translate it.
//! Positions in arguments are counted from 1, as people count.

use std::fmt;

/// A message key with its arguments.
#[derive(Clone, PartialEq, Eq)]
pub struct Message {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl Message {
    pub fn new(key: &'static str) -> Self {
        Self { key, args: Vec::new() }
    }

    /// Adds an argument (`{ $name }` in the message).
    pub fn with(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// Adds a question's position, counted from 1 (`{ $question }`).
    pub fn question(self, position: i64) -> Self {
        self.with("question", position + 1)
    }
}

impl fmt::Debug for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:?}", self.key, self.args)
    }
}

/// An error that can tell a person what went wrong, in words a page translates.
pub trait Explain {
    fn message(&self) -> Message;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_counted_from_one() {
        let m = Message::new("answer-locked").question(0);
        assert_eq!(m.args, vec![("question", "1".to_owned())]);
    }
}
