//! The demo world loaded by `kakehashi demo`. It grows with every capability; today it holds
//! the platform operator. Loading is idempotent: running the demo again reuses what is there.

use kakehashi_domain::identity::{DisplayName, EmailAddress, NewPassword};
use kakehashi_domain::locale::Locale;

use crate::app::AppState;
use crate::platform::auth::users::{self, CreateUserError, NewUser};

/// A demo account whose password is printed when the demo starts.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub role: &'static str,
    pub email: &'static str,
    pub password: &'static str,
}

/// Every demo account. The demo listens on loopback only unless told otherwise, and these
/// passwords are public by design.
pub const ACCOUNTS: [DemoAccount; 1] = [DemoAccount {
    role: "platform operator / 運用管理者",
    email: "operator@demo.kakehashi.example",
    password: "kakehashi-demo-operator",
}];

/// Creates whatever part of the demo world is missing.
pub async fn load(state: &AppState) -> anyhow::Result<()> {
    let operator = &ACCOUNTS[0];
    let email = EmailAddress::parse(operator.email)?;
    let new = NewUser {
        password: NewPassword::parse(operator.password, operator.email)?,
        display_name: DisplayName::parse("運用 太郎")?,
        email,
        is_operator: true,
        locale: Locale::Ja,
    };
    match users::create(state.db(), new, None, state.now()).await {
        Ok(_) | Err(CreateUserError::EmailTaken(_)) => Ok(()),
        Err(CreateUserError::Other(e)) => Err(e),
    }
}
