//! Campaigns: a buyer (or an association, for its members) asks many suppliers at once for a
//! self-check — on a questionnaire or up to a baseline tier — by a due date. Each supplier's
//! request moves through the states of [`RequestStatus`]; what a person sees also depends on
//! the time ([`Standing`]: overdue, expired). Reminders go out before the due date and before an
//! accepted result expires ([`reminders`]); a result stays valid for a period ([`Validity`]); a
//! supplier that cannot meet the tier but cannot be replaced may be accepted with a time-boxed
//! [`exception::Exception`].

pub mod exception;
mod status;
mod validity;

pub use status::{Event, RequestStatus, Standing, TransitionError};
pub use validity::{ReminderPolicy, Validity, ValidityError, reminders};
