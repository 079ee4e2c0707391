//! An exception: a reviewer accepts a supplier that does not meet the required tier (the
//! survey's suppliers that cannot be replaced), for a limited time, on a written basis — what is
//! missing, what stands in for it meanwhile, and a plan with dates to close the gaps.

use time::{Date, Duration};

use crate::assess::MAX_TEXT;
use crate::ids::UserId;
use crate::message::{Explain, Message};

/// The longest an exception may run before it is decided again.
pub const MAX_DAYS: i64 = 366;

/// One step of the improvement plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanStep {
    pub what: String,
    pub by: Date,
}

/// An exception as a reviewer writes it, before it is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionDraft {
    /// What is not met: the items or questions, in words or by id.
    pub gaps: Vec<String>,
    /// What reduces the risk until the gaps close.
    pub compensating: String,
    pub plan: Vec<PlanStep>,
    /// The last day the exception covers.
    pub until: Date,
}

/// A checked exception, with who approved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    draft: ExceptionDraft,
    approved_by: UserId,
}

/// What is wrong with an exception as written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExceptionError {
    #[error("name at least one gap")]
    NoGap,
    #[error("say what stands in for the missing measures")]
    NoCompensation,
    #[error("give at least one dated step to close the gaps")]
    NoPlan,
    #[error("step {0} of the plan has no text")]
    EmptyStep(usize),
    #[error("step {0} of the plan is due after the exception ends")]
    StepAfterEnd(usize),
    #[error("the exception must end after today and within {MAX_DAYS} days")]
    EndOutOfRange,
    #[error("a text is longer than {MAX_TEXT} characters")]
    TooLong,
}

impl Explain for ExceptionError {
    fn message(&self) -> Message {
        match self {
            ExceptionError::NoGap => Message::new("exception-error-no-gap"),
            ExceptionError::NoCompensation => Message::new("exception-error-no-compensation"),
            ExceptionError::NoPlan => Message::new("exception-error-no-plan"),
            ExceptionError::EmptyStep(n) => Message::new("exception-error-empty-step").with("step", n),
            ExceptionError::StepAfterEnd(n) => Message::new("exception-error-step-after-end").with("step", n),
            ExceptionError::EndOutOfRange => Message::new("exception-error-end").with("days", MAX_DAYS),
            ExceptionError::TooLong => Message::new("exception-error-too-long").with("max", MAX_TEXT),
        }
    }
}

impl Exception {
    /// Checks `draft` as of `today` (in Japan); `approved_by` is the reviewer who grants it.
    pub fn approve(draft: ExceptionDraft, today: Date, approved_by: UserId) -> Result<Exception, ExceptionError> {
        let texts = draft.gaps.iter().chain([&draft.compensating]).chain(draft.plan.iter().map(|s| &s.what));
        if texts.into_iter().any(|t| t.chars().count() > MAX_TEXT) {
            return Err(ExceptionError::TooLong);
        }
        if draft.gaps.iter().all(|g| g.trim().is_empty()) {
            return Err(ExceptionError::NoGap);
        }
        if draft.compensating.trim().is_empty() {
            return Err(ExceptionError::NoCompensation);
        }
        if draft.until <= today || draft.until > today + Duration::days(MAX_DAYS) {
            return Err(ExceptionError::EndOutOfRange);
        }
        if draft.plan.is_empty() {
            return Err(ExceptionError::NoPlan);
        }
        // Steps are counted from 1, as people count.
        for (n, step) in (1..).zip(&draft.plan) {
            if step.what.trim().is_empty() {
                return Err(ExceptionError::EmptyStep(n));
            }
            if step.by > draft.until {
                return Err(ExceptionError::StepAfterEnd(n));
            }
        }
        let gaps = draft.gaps.into_iter().map(|g| g.trim().to_owned()).filter(|g| !g.is_empty()).collect();
        Ok(Exception { draft: ExceptionDraft { gaps, ..draft }, approved_by })
    }

    pub fn gaps(&self) -> &[String] {
        &self.draft.gaps
    }

    pub fn compensating(&self) -> &str {
        &self.draft.compensating
    }

    pub fn plan(&self) -> &[PlanStep] {
        &self.draft.plan
    }

    pub fn until(&self) -> Date {
        self.draft.until
    }

    pub fn approved_by(&self) -> UserId {
        self.approved_by
    }

    /// The plan's steps not done by `today`, for reminders until the exception closes.
    pub fn steps_due_by(&self, today: Date) -> impl Iterator<Item = &PlanStep> {
        self.draft.plan.iter().filter(move |s| s.by <= today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 03);

    fn draft() -> ExceptionDraft {
        ExceptionDraft {
            gaps: vec!["B3-02 多要素認証".into(), " ".into()],
            compensating: "リモート接続は発注元のVPNだけに限り、接続記録を毎週確かめる".into(),
            plan: vec![
                PlanStep {
                    what: "管理者のアカウントに多要素認証を入れる".into(), by: date!(2027 - 02 - 28)
                },
                PlanStep { what: "全員のアカウントに広げる".into(), by: date!(2027 - 05 - 31) },
            ],
            until: date!(2027 - 06 - 30),
        }
    }

    fn approve(d: ExceptionDraft) -> Result<Exception, ExceptionError> {
        Exception::approve(d, TODAY, UserId::new())
    }

    #[test]
    fn a_complete_exception_is_approved_with_its_empty_gaps_dropped() {
        let e = approve(draft()).expect("complete");
        assert_eq!(e.gaps(), ["B3-02 多要素認証".to_owned()]);
        assert_eq!(e.until(), date!(2027 - 06 - 30));
        assert_eq!(e.steps_due_by(date!(2027 - 03 - 01)).count(), 1);
    }

    /// A change to a complete draft, and the error it must give.
    type Case = (fn(&mut ExceptionDraft), ExceptionError);

    #[test]
    fn each_missing_part_is_named() {
        let cases: [Case; 7] = [
            (|d| d.gaps = vec![" ".into()], ExceptionError::NoGap),
            (|d| d.compensating = "  ".into(), ExceptionError::NoCompensation),
            (|d| d.plan.clear(), ExceptionError::NoPlan),
            (|d| d.plan[1].what = String::new(), ExceptionError::EmptyStep(2)),
            (|d| d.plan[0].by = date!(2027 - 07 - 01), ExceptionError::StepAfterEnd(1)),
            (|d| d.until = TODAY, ExceptionError::EndOutOfRange),
            (|d| d.until = date!(2028 - 01 - 01), ExceptionError::EndOutOfRange),
        ];
        for (change, expected) in cases {
            let mut d = draft();
            change(&mut d);
            assert_eq!(approve(d), Err(expected));
        }
        let mut long = draft();
        long.compensating = "あ".repeat(MAX_TEXT + 1);
        assert_eq!(approve(long), Err(ExceptionError::TooLong));
        assert_eq!(ExceptionError::EmptyStep(2).message().args, vec![("step", "2".to_owned())]);
    }
}
