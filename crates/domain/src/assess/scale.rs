//! The answer scale of a self-check: 実施している / 一部実施 / 実施していない / 該当しない
//! (implemented / partly / not / not applicable, the last only with a reason).

use serde::{Deserialize, Serialize};

/// The longest reason or note we keep (characters).
pub const MAX_TEXT: usize = 2_000;

/// One answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "value", rename_all = "kebab-case")]
pub enum Answer {
    Implemented,
    Partly,
    NotImplemented,
    /// Does not apply to this firm, and why (e.g. "no Wi-Fi in the office").
    NotApplicable {
        reason: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("{0:?} is not on the scale: implemented, partly, not-implemented or not-applicable")]
    OffScale(String),
    #[error("\"not applicable\" needs a reason")]
    NoReason,
    #[error("the text is longer than {MAX_TEXT} characters")]
    TooLong,
}

impl crate::message::Explain for AnswerError {
    fn message(&self) -> crate::message::Message {
        use crate::message::Message;
        match self {
            AnswerError::OffScale(_) => Message::new("answer-error-off-scale"),
            AnswerError::NoReason => Message::new("answer-error-no-reason"),
            AnswerError::TooLong => Message::new("text-error-too-long").with("max", MAX_TEXT),
        }
    }
}

impl Answer {
    /// Reads a value of the scale (our names, or the Japanese words) and, for "not
    /// applicable", its reason.
    pub fn parse(value: &str, reason: Option<&str>) -> Result<Answer, AnswerError> {
        let v = value.trim().to_lowercase().replace(['_', ' '], "-");
        Ok(match v.as_str() {
            "implemented" | "実施している" => Answer::Implemented,
            "partly" | "一部実施" | "一部実施している" => Answer::Partly,
            "not-implemented" | "実施していない" => Answer::NotImplemented,
            "not-applicable" | "該当しない" => {
                let reason = reason.map(str::trim).filter(|r| !r.is_empty()).ok_or(AnswerError::NoReason)?;
                if reason.chars().count() > MAX_TEXT {
                    return Err(AnswerError::TooLong);
                }
                Answer::NotApplicable { reason: reason.to_owned() }
            }
            _ => return Err(AnswerError::OffScale(value.to_owned())),
        })
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Answer::Implemented => "implemented",
            Answer::Partly => "partly",
            Answer::NotImplemented => "not-implemented",
            Answer::NotApplicable { .. } => "not-applicable",
        }
    }

    /// Points under the scoring rule (the same weights as IPA's self-check: 4 / 2 / 0); "not
    /// applicable" is left out of the count rather than scored.
    pub fn points(&self) -> Option<u32> {
        match self {
            Answer::Implemented => Some(4),
            Answer::Partly => Some(2),
            Answer::NotImplemented => Some(0),
            Answer::NotApplicable { .. } => None,
        }
    }

    /// The UI string key naming the value.
    pub fn label_key(&self) -> &'static str {
        match self {
            Answer::Implemented => "answer-implemented",
            Answer::Partly => "answer-partly",
            Answer::NotImplemented => "answer-not-implemented",
            Answer::NotApplicable { .. } => "answer-not-applicable",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_reads_in_both_languages_and_not_applicable_needs_a_reason() {
        assert_eq!(Answer::parse("実施している", None), Ok(Answer::Implemented));
        assert_eq!(Answer::parse("Partly", None), Ok(Answer::Partly));
        assert_eq!(Answer::parse("該当しない", Some(" ")), Err(AnswerError::NoReason));
        assert_eq!(
            Answer::parse("not-applicable", Some("無線LANはありません")),
            Ok(Answer::NotApplicable { reason: "無線LANはありません".into() })
        );
        assert!(matches!(Answer::parse("maybe", None), Err(AnswerError::OffScale(_))));
        assert_eq!(Answer::parse("not applicable", Some(&"x".repeat(MAX_TEXT + 1))), Err(AnswerError::TooLong));
    }
}
