//! Where a self-check stands, and where an answer came from: the rules pages, the API and the
//! stores share, with the text each is stored as in one place.

use serde::Serialize;

/// Where a self-check stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AssessmentState {
    /// Being answered: any answer may change.
    Draft,
    /// Submitted for review: an answer changes only when a reviewer asked about or rejected it.
    Submitted,
}

impl AssessmentState {
    pub fn as_str(self) -> &'static str {
        match self {
            AssessmentState::Draft => "draft",
            AssessmentState::Submitted => "submitted",
        }
    }

    /// Whether any answer may change, or only those a reviewer sent back.
    pub fn answers_open(self) -> bool {
        self == AssessmentState::Draft
    }
}

impl std::str::FromStr for AssessmentState {
    type Err = UnknownState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "draft" => Ok(AssessmentState::Draft),
            "submitted" => Ok(AssessmentState::Submitted),
            other => Err(UnknownState(other.to_owned())),
        }
    }
}

/// Where an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnswerOrigin {
    /// Chosen by the supplier.
    Answered,
    /// Carried from another self-check (the same item, or another framework's through the
    /// stored mappings): shown, never counted until confirmed.
    Inferred,
    /// Carried, then confirmed by the supplier as it stood.
    Confirmed,
}

impl AnswerOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerOrigin::Answered => "answered",
            AnswerOrigin::Inferred => "inferred",
            AnswerOrigin::Confirmed => "confirmed",
        }
    }

    /// Whether the answer counts in scores, tiers and reviews.
    pub fn counts(self) -> bool {
        self != AnswerOrigin::Inferred
    }

    /// The origin of a saved answer: choosing again what was carried confirms it; anything
    /// else is the supplier's own answer.
    pub fn after_saving(before: Option<AnswerOrigin>, unchanged: bool) -> AnswerOrigin {
        match before {
            Some(AnswerOrigin::Inferred) if unchanged => AnswerOrigin::Confirmed,
            _ => AnswerOrigin::Answered,
        }
    }
}

impl std::str::FromStr for AnswerOrigin {
    type Err = UnknownState;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "answered" => Ok(AnswerOrigin::Answered),
            "inferred" => Ok(AnswerOrigin::Inferred),
            "confirmed" => Ok(AnswerOrigin::Confirmed),
            other => Err(UnknownState(other.to_owned())),
        }
    }
}

impl std::fmt::Display for AssessmentState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for AnswerOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stored state or origin this build does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown state {0:?}")]
pub struct UnknownState(pub String);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_origins_read_back_what_they_store() {
        for s in [AssessmentState::Draft, AssessmentState::Submitted] {
            assert_eq!(s.as_str().parse(), Ok(s));
        }
        for o in [AnswerOrigin::Answered, AnswerOrigin::Inferred, AnswerOrigin::Confirmed] {
            assert_eq!(o.as_str().parse(), Ok(o));
        }
        assert!("closed".parse::<AssessmentState>().is_err());
    }

    #[test]
    fn only_confirmed_or_own_answers_count() {
        assert!(!AnswerOrigin::Inferred.counts());
        assert!(AnswerOrigin::Confirmed.counts() && AnswerOrigin::Answered.counts());
    }

    #[test]
    fn choosing_a_carried_answer_again_confirms_it_and_changing_it_makes_it_ones_own() {
        assert_eq!(AnswerOrigin::after_saving(Some(AnswerOrigin::Inferred), true), AnswerOrigin::Confirmed);
        assert_eq!(AnswerOrigin::after_saving(Some(AnswerOrigin::Inferred), false), AnswerOrigin::Answered);
        assert_eq!(AnswerOrigin::after_saving(Some(AnswerOrigin::Confirmed), true), AnswerOrigin::Answered);
        assert_eq!(AnswerOrigin::after_saving(None, false), AnswerOrigin::Answered);
        assert!(AssessmentState::Draft.answers_open() && !AssessmentState::Submitted.answers_open());
    }
}
