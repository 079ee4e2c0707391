use std::io::{BufRead, IsTerminal};
use std::path::Path;

use kakehashi_domain::identity::{DisplayName, EmailAddress, NewPassword};
use kakehashi_domain::locale::Locale;
use kakehashi_server::platform::auth::users::{self, CreateUserError, NewUser};

use crate::failure::Failure;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Create a platform operator (the first account of a new installation)
    CreateOperator {
        #[arg(long)]
        email: String,
        /// The name shown in the UI
        #[arg(long)]
        name: String,
        /// Read the password from standard input instead of asking for it
        #[arg(long)]
        password_stdin: bool,
    },
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let Command::CreateOperator { email, name, password_stdin } = command;
    let invalid = |what: &str, e: &dyn std::fmt::Display| Failure::unexpected(format!("{what}: {e}"));
    let email = EmailAddress::parse(&email).map_err(|e| invalid("--email", &e))?;
    let display_name = DisplayName::parse(&name).map_err(|e| invalid("--name", &e))?;
    let password = read_password(password_stdin)?;
    let password = NewPassword::parse(&password, email.as_str()).map_err(|e| invalid("password", &e))?;
    let settings = super::settings(config)?;
    let state = super::state(settings).await?;
    let new = NewUser { email: email.clone(), display_name, password, is_operator: true, locale: Locale::Ja };
    match users::create(state.db(), new, None, state.now()).await {
        Ok(id) => {
            println!("Created operator {email} ({id}).");
            Ok(())
        }
        Err(CreateUserError::EmailTaken(e)) => Err(Failure::unexpected(format!("an account with {e} already exists"))),
        Err(CreateUserError::Other(e)) => Err(e.into()),
    }
}

fn read_password(from_stdin: bool) -> Result<String, Failure> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::unexpected(format!("reading the password: {e}")))?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password (12 characters or more): ")
        .map_err(|e| Failure::unexpected(format!("reading the password: {e}")))?;
    let again = rpassword::prompt_password("Password again: ")
        .map_err(|e| Failure::unexpected(format!("reading the password: {e}")))?;
    if first != again {
        return Err(Failure::unexpected("the two passwords differ"));
    }
    Ok(first)
}
