//! Accounts: the values a person gives when an account is made, each parsed once at the edge.

mod corporate_number;
mod email;
mod name;
mod password;

pub use corporate_number::{CorporateNumber, CorporateNumberError, with_check_digit};
pub use email::{EmailAddress, EmailError};
pub use name::{DisplayName, DisplayNameError};
pub use password::{NewPassword, PasswordError};
