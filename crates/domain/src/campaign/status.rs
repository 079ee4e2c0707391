//! Where one supplier's request in a campaign stands, and what may move it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::message::{Explain, Message};

/// The stored state of one supplier's request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequestStatus {
    /// Sent; the supplier has not started.
    Requested,
    /// The supplier is answering (or renewing).
    InProgress,
    /// Answered and sent to the buyer; nobody has looked yet.
    Submitted,
    /// A reviewer has started deciding.
    UnderReview,
    /// Sent back: some answers must change.
    ChangesRequested,
    Accepted,
    /// Accepted although the required tier is not met, until an exception ends.
    AcceptedWithException,
    /// The buyer took the request back.
    Withdrawn,
}

/// What happens to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// The supplier starts answering (or a renewal opens a new round).
    Start,
    Submit,
    /// A reviewer opens it to decide.
    BeginReview,
    RequestChanges,
    Accept,
    AcceptWithException,
    Withdraw,
}

/// A move the request's state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a request that is {from} cannot take {event:?}")]
pub struct TransitionError {
    pub from: RequestStatus,
    pub event: Event,
}

impl Explain for TransitionError {
    fn message(&self) -> Message {
        // The state is not an argument: its code would be English on a Japanese page.
        Message::new("campaign-error-transition")
    }
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 8] = [
        RequestStatus::Requested,
        RequestStatus::InProgress,
        RequestStatus::Submitted,
        RequestStatus::UnderReview,
        RequestStatus::ChangesRequested,
        RequestStatus::Accepted,
        RequestStatus::AcceptedWithException,
        RequestStatus::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Requested => "requested",
            RequestStatus::InProgress => "in-progress",
            RequestStatus::Submitted => "submitted",
            RequestStatus::UnderReview => "under-review",
            RequestStatus::ChangesRequested => "changes-requested",
            RequestStatus::Accepted => "accepted",
            RequestStatus::AcceptedWithException => "accepted-with-exception",
            RequestStatus::Withdrawn => "withdrawn",
        }
    }

    /// The state after `event`, or why it cannot happen now.
    pub fn after(self, event: Event) -> Result<RequestStatus, TransitionError> {
        use Event as E;
        use RequestStatus as S;
        let next = match (self, event) {
            (S::Requested | S::ChangesRequested, E::Start) => S::InProgress,
            // A renewal: the accepted result stays until the new round is decided.
            (S::Accepted | S::AcceptedWithException, E::Start) => S::InProgress,
            (S::Requested | S::InProgress | S::ChangesRequested, E::Submit) => S::Submitted,
            (S::Submitted, E::BeginReview) => S::UnderReview,
            (S::Submitted | S::UnderReview, E::RequestChanges) => S::ChangesRequested,
            (S::Submitted | S::UnderReview, E::Accept) => S::Accepted,
            (S::Submitted | S::UnderReview, E::AcceptWithException) => S::AcceptedWithException,
            (s, E::Withdraw) if !s.is_decided() && s != S::Withdrawn => S::Withdrawn,
            (from, event) => return Err(TransitionError { from, event }),
        };
        Ok(next)
    }

    /// Whether the buyer has decided (the request ended, until a renewal).
    pub fn is_decided(self) -> bool {
        matches!(self, RequestStatus::Accepted | RequestStatus::AcceptedWithException)
    }

    /// Whether the supplier still owes an answer (so the due date matters).
    pub fn awaits_supplier(self) -> bool {
        matches!(self, RequestStatus::Requested | RequestStatus::InProgress | RequestStatus::ChangesRequested)
    }

    /// What a person sees at `now`: the state, unless the answer is late or the result has
    /// expired. `due` is when the supplier's answer is due; `valid_until` when an accepted
    /// result (or its exception) ends.
    pub fn standing(self, due: OffsetDateTime, valid_until: Option<OffsetDateTime>, now: OffsetDateTime) -> Standing {
        if self.awaits_supplier() && now >= due {
            return Standing::Overdue(self);
        }
        if self.is_decided() && valid_until.is_some_and(|until| now >= until) {
            return Standing::Expired;
        }
        Standing::Is(self)
    }
}

impl fmt::Display for RequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RequestStatus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| format!("unknown request state {s:?}"))
    }
}

/// A request as a person sees it at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Is(RequestStatus),
    /// The due date has passed while the supplier still owed the answer (in this state).
    Overdue(RequestStatus),
    /// The accepted result (or its exception) has run out: a renewal is due.
    Expired,
}

impl Standing {
    /// The message key of its name (`campaign-state-…`).
    pub fn label_key(self) -> &'static str {
        match self {
            Standing::Overdue(_) => "campaign-state-overdue",
            Standing::Expired => "campaign-state-expired",
            Standing::Is(s) => match s {
                RequestStatus::Requested => "campaign-state-requested",
                RequestStatus::InProgress => "campaign-state-in-progress",
                RequestStatus::Submitted => "campaign-state-submitted",
                RequestStatus::UnderReview => "campaign-state-under-review",
                RequestStatus::ChangesRequested => "campaign-state-changes-requested",
                RequestStatus::Accepted => "campaign-state-accepted",
                RequestStatus::AcceptedWithException => "campaign-state-accepted-with-exception",
                RequestStatus::Withdrawn => "campaign-state-withdrawn",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    use Event as E;
    use RequestStatus as S;

    #[test]
    fn a_request_goes_from_asked_to_accepted_and_round_again_at_renewal() {
        let path = [E::Start, E::Submit, E::BeginReview, E::RequestChanges, E::Start, E::Submit, E::Accept, E::Start];
        let mut s = S::Requested;
        let mut seen = vec![s];
        for e in path {
            s = s.after(e).expect("allowed");
            seen.push(s);
        }
        assert_eq!(
            seen,
            vec![
                S::Requested,
                S::InProgress,
                S::Submitted,
                S::UnderReview,
                S::ChangesRequested,
                S::InProgress,
                S::Submitted,
                S::Accepted,
                S::InProgress
            ]
        );
    }

    #[test]
    fn moves_out_of_turn_are_refused_and_name_the_state() {
        assert_eq!(S::Requested.after(E::Accept), Err(TransitionError { from: S::Requested, event: E::Accept }));
        assert!(S::Submitted.after(E::Submit).is_err(), "submitted twice");
        assert!(S::Accepted.after(E::Withdraw).is_err(), "a decided request is renewed, not withdrawn");
        assert!(S::Withdrawn.after(E::Start).is_err());
        assert!(S::Withdrawn.after(E::Withdraw).is_err());
        let m = S::Accepted.after(E::Submit).expect_err("refused").message();
        assert_eq!(m.key, "campaign-error-transition");
    }

    #[test]
    fn every_state_reads_back_from_its_name() {
        for s in S::ALL {
            assert_eq!(s.as_str().parse::<S>(), Ok(s));
        }
        assert!("accepted-maybe".parse::<S>().is_err());
    }

    #[test]
    fn lateness_and_expiry_come_from_the_time() {
        let due = datetime!(2027-01-31 15:00 UTC);
        let until = Some(datetime!(2028-01-31 15:00 UTC));
        let before = datetime!(2027-01-20 00:00 UTC);
        let after_due = datetime!(2027-02-01 00:00 UTC);
        let after_expiry = datetime!(2028-02-01 00:00 UTC);
        assert_eq!(S::InProgress.standing(due, None, before), Standing::Is(S::InProgress));
        assert_eq!(S::InProgress.standing(due, None, after_due), Standing::Overdue(S::InProgress));
        assert_eq!(S::ChangesRequested.standing(due, None, after_due), Standing::Overdue(S::ChangesRequested));
        assert_eq!(
            S::Submitted.standing(due, None, after_due),
            Standing::Is(S::Submitted),
            "sent in time or not, it waits"
        );
        assert_eq!(S::Accepted.standing(due, until, after_due), Standing::Is(S::Accepted));
        assert_eq!(S::Accepted.standing(due, until, after_expiry), Standing::Expired);
        assert_eq!(S::AcceptedWithException.standing(due, until, after_expiry), Standing::Expired);
    }

    #[test]
    fn every_standing_has_a_name() {
        let keys: std::collections::BTreeSet<_> = S::ALL
            .into_iter()
            .map(Standing::Is)
            .chain([Standing::Overdue(S::Requested), Standing::Expired])
            .map(Standing::label_key)
            .collect();
        assert_eq!(keys.len(), S::ALL.len() + 2);
    }
}
