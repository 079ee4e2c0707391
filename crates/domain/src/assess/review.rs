//! Review of a submitted self-check by the organisation that received it: per answer, the
//! reviewer accepts it, asks about it or rejects it, with a comment; the supplier replies in
//! the same thread and, when asked or rejected, may change the answer.
//!
//! A verdict is about one version of the answer. When the supplier changes the answer, the
//! verdict no longer applies ("changed since review") and the reviewer looks again.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::MAX_TEXT;

/// A reviewer's decision on one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Accepted,
    /// A question to the supplier; the answer may be changed.
    Asked,
    /// Not accepted as it stands; the answer may be changed.
    Rejected,
}

impl Verdict {
    pub const ALL: [Verdict; 3] = [Verdict::Accepted, Verdict::Asked, Verdict::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::Asked => "asked",
            Verdict::Rejected => "rejected",
        }
    }

    /// Whether the supplier may change the answer it is about, after submission.
    pub fn reopens(self) -> bool {
        !matches!(self, Verdict::Accepted)
    }

    /// Whether a comment must say why.
    pub fn needs_comment(self) -> bool {
        !matches!(self, Verdict::Accepted)
    }
}

impl FromStr for Verdict {
    type Err = ReviewError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| ReviewError::UnknownVerdict(s.to_owned()))
    }
}

/// Where one answer stands with one reviewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewState {
    /// Not looked at yet.
    Pending,
    /// Changed by the supplier since the reviewer's verdict.
    Changed,
    Accepted,
    Asked,
    Rejected,
}

impl ReviewState {
    /// The state given the last verdict (with the answer version it was about) and the answer's
    /// current version.
    pub fn of(verdict: Option<(Verdict, i64)>, answer_version: Option<i64>) -> ReviewState {
        match verdict {
            None => ReviewState::Pending,
            Some((_, about)) if Some(about) != answer_version => ReviewState::Changed,
            Some((Verdict::Accepted, _)) => ReviewState::Accepted,
            Some((Verdict::Asked, _)) => ReviewState::Asked,
            Some((Verdict::Rejected, _)) => ReviewState::Rejected,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Pending => "pending",
            ReviewState::Changed => "changed",
            ReviewState::Accepted => "accepted",
            ReviewState::Asked => "asked",
            ReviewState::Rejected => "rejected",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("{0:?} is not a verdict: accepted, asked or rejected")]
    UnknownVerdict(String),
    #[error("say why, in a comment")]
    CommentNeeded,
    #[error("the comment is empty")]
    EmptyComment,
    #[error("the comment is longer than {MAX_TEXT} characters")]
    TooLong,
}

impl crate::message::Explain for ReviewError {
    fn message(&self) -> crate::message::Message {
        use crate::message::Message;
        match self {
            ReviewError::UnknownVerdict(_) => Message::new("review-error-choose-verdict"),
            ReviewError::CommentNeeded => Message::new("review-error-comment-needed"),
            ReviewError::EmptyComment => Message::new("review-error-empty-comment"),
            ReviewError::TooLong => Message::new("text-error-too-long").with("max", MAX_TEXT),
        }
    }
}

/// A comment in a thread: trimmed, not empty (unless `optional`), at most [`MAX_TEXT`].
pub fn comment(input: &str, optional: bool) -> Result<Option<String>, ReviewError> {
    let s = input.trim();
    if s.is_empty() {
        return if optional { Ok(None) } else { Err(ReviewError::EmptyComment) };
    }
    if s.chars().count() > MAX_TEXT {
        return Err(ReviewError::TooLong);
    }
    Ok(Some(s.to_owned()))
}

/// A verdict with its comment, checked: asking or rejecting needs a reason.
pub fn decision(verdict: &str, text: &str) -> Result<(Verdict, Option<String>), ReviewError> {
    let verdict: Verdict = verdict.trim().parse()?;
    let text = comment(text, true)?;
    if verdict.needs_comment() && text.is_none() {
        return Err(ReviewError::CommentNeeded);
    }
    Ok((verdict, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_holds_for_the_answer_version_it_was_about() {
        assert_eq!(ReviewState::of(None, Some(1)), ReviewState::Pending);
        assert_eq!(ReviewState::of(Some((Verdict::Accepted, 1)), Some(1)), ReviewState::Accepted);
        assert_eq!(ReviewState::of(Some((Verdict::Accepted, 1)), Some(2)), ReviewState::Changed);
        assert_eq!(ReviewState::of(Some((Verdict::Rejected, 3)), Some(3)), ReviewState::Rejected);
    }

    #[test]
    fn asking_or_rejecting_needs_a_reason_and_reopens_the_answer() {
        assert_eq!(decision("accepted", " "), Ok((Verdict::Accepted, None)));
        assert_eq!(decision("asked", ""), Err(ReviewError::CommentNeeded));
        assert_eq!(decision("rejected", " 証拠が古い "), Ok((Verdict::Rejected, Some("証拠が古い".into()))));
        assert!(matches!(decision("maybe", "x"), Err(ReviewError::UnknownVerdict(_))));
        assert!(Verdict::Asked.reopens() && Verdict::Rejected.reopens() && !Verdict::Accepted.reopens());
        assert_eq!(comment(&"a".repeat(MAX_TEXT + 1), false), Err(ReviewError::TooLong));
    }
}
