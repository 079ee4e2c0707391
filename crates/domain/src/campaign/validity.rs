//! How long an accepted result counts, and when reminders go out.

use time::{Date, Duration, Month, OffsetDateTime};

use crate::message::{Explain, Message};

/// How long an accepted self-check counts before it must be renewed, in whole months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    months: u8,
}

/// A validity period out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a validity period is 1 to {max} months, not {0}", max = Validity::MAX_MONTHS)]
pub struct ValidityError(pub i64);

impl Explain for ValidityError {
    fn message(&self) -> Message {
        Message::new("campaign-error-validity").with("max", Validity::MAX_MONTHS)
    }
}

impl Default for Validity {
    /// A year: the survey's self-declarations were never renewed; a yearly round is what
    /// buyers' supplier checks commonly use.
    fn default() -> Self {
        Validity { months: 12 }
    }
}

impl Validity {
    /// Three years at most: longer than that, a result says little about the firm today.
    pub const MAX_MONTHS: u8 = 36;

    pub fn months(months: i64) -> Result<Self, ValidityError> {
        u8::try_from(months)
            .ok()
            .filter(|m| (1..=Self::MAX_MONTHS).contains(m))
            .map(|months| Validity { months })
            .ok_or(ValidityError(months))
    }

    pub fn in_months(self) -> u8 {
        self.months
    }

    /// When a result accepted at `accepted` stops counting: the same day and time, that many
    /// months later (the month's last day when it is shorter: 31 January + 1 month = 28 or 29
    /// February).
    pub fn until(self, accepted: OffsetDateTime) -> OffsetDateTime {
        accepted.replace_date(add_months(accepted.date(), self.months))
    }
}

fn add_months(date: Date, months: u8) -> Date {
    let zero_based = i32::from(u8::from(date.month())) - 1 + i32::from(months);
    let year = date.year() + zero_based / 12;
    let month = Month::try_from(u8::try_from(zero_based % 12 + 1).unwrap_or(1)).unwrap_or(Month::January);
    let last_day = time::util::days_in_month(month, year);
    Date::from_calendar_date(year, month, date.day().min(last_day)).unwrap_or(date)
}

/// How many days before a due date, and before a result expires, people are reminded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderPolicy {
    pub before_due: Vec<u16>,
    pub before_expiry: Vec<u16>,
}

impl Default for ReminderPolicy {
    /// A week and a day before the answer is due; a month and a week before a result expires
    /// (a renewal takes longer to arrange than an answer).
    fn default() -> Self {
        ReminderPolicy { before_due: vec![7, 1], before_expiry: vec![30, 7] }
    }
}

/// The moments, still ahead of `now` and in order, that are `days_before` days before `at`.
pub fn reminders(at: OffsetDateTime, days_before: &[u16], now: OffsetDateTime) -> Vec<OffsetDateTime> {
    let mut out: Vec<OffsetDateTime> =
        days_before.iter().map(|d| at - Duration::days(i64::from(*d))).filter(|t| *t > now).collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_year_by_default_and_month_ends_are_kept_inside_the_month() {
        let v = Validity::default();
        assert_eq!(v.in_months(), 12);
        assert_eq!(v.until(datetime!(2026-12-03 10:00 +9)), datetime!(2027-12-03 10:00 +9));
        let one = Validity::months(1).expect("in range");
        assert_eq!(one.until(datetime!(2027-01-31 09:00 +9)), datetime!(2027-02-28 09:00 +9));
        assert_eq!(one.until(datetime!(2028-01-31 09:00 +9)), datetime!(2028-02-29 09:00 +9), "a leap year");
        assert_eq!(one.until(datetime!(2026-12-15 09:00 +9)), datetime!(2027-01-15 09:00 +9), "over the year's end");
        let most = Validity::months(36).expect("in range");
        assert_eq!(most.until(datetime!(2026-03-31 00:00 +9)), datetime!(2029-03-31 00:00 +9));
    }

    #[test]
    fn a_period_out_of_range_is_refused_with_its_limit() {
        for months in [0, -1, 37, 1_000] {
            assert_eq!(Validity::months(months), Err(ValidityError(months)));
        }
        assert_eq!(ValidityError(40).message().args, vec![("max", "36".to_owned())]);
    }

    #[test]
    fn reminders_are_the_ones_still_ahead_in_order() {
        let due = datetime!(2027-01-31 15:00 UTC);
        let now = datetime!(2027-01-26 00:00 UTC);
        assert_eq!(reminders(due, &[1, 7, 1], now), vec![datetime!(2027-01-30 15:00 UTC)]);
        assert_eq!(
            reminders(due, &ReminderPolicy::default().before_due, datetime!(2027-01-01 00:00 UTC)),
            vec![datetime!(2027-01-24 15:00 UTC), datetime!(2027-01-30 15:00 UTC)]
        );
        assert!(reminders(due, &[7, 1], datetime!(2027-02-01 00:00 UTC)).is_empty(), "none after the date");
    }
}
