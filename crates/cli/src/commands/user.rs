use std::io::{BufRead, IsTerminal};
use std::path::Path;

use kakehashi_domain::identity::{DisplayName, EmailAddress, NewPassword};
use kakehashi_domain::locale::Locale;
use kakehashi_server::operator::admin_store;
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
    /// List every account
    List,
    /// Disable an account: its sessions end and its API tokens stop working (audited)
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Enable a disabled account again (audited)
    Enable {
        #[arg(long)]
        email: String,
    },
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    match command {
        Command::CreateOperator { email, name, password_stdin } => {
            create_operator(config, email, name, password_stdin).await
        }
        Command::List => {
            let state = super::state(super::settings(config)?).await?;
            for u in admin_store::users(state.db()).await? {
                let flags =
                    [(u.is_operator, "operator"), (u.has_two_factor, "2fa"), (u.disabled_at.is_some(), "DISABLED")]
                        .iter()
                        .filter(|(on, _)| *on)
                        .map(|(_, name)| *name)
                        .collect::<Vec<_>>()
                        .join(",");
                println!("{}  {:<40} orgs={} {flags}", u.id, u.email, u.organisations);
            }
            Ok(())
        }
        Command::Disable { email } => set_disabled(config, &email, true).await,
        Command::Enable { email } => set_disabled(config, &email, false).await,
    }
}

async fn set_disabled(config: Option<&Path>, email: &str, disabled: bool) -> Result<(), Failure> {
    let state = super::state(super::settings(config)?).await?;
    let user = admin_store::users(state.db())
        .await?
        .into_iter()
        .find(|u| u.email.eq_ignore_ascii_case(email.trim()))
        .ok_or_else(|| Failure::unexpected(format!("no account has the address {email}")))?;
    admin_store::set_disabled(state.db(), None, user.id, disabled, state.now()).await?;
    println!("{} is now {}.", user.email, if disabled { "disabled" } else { "enabled" });
    Ok(())
}

async fn create_operator(
    config: Option<&Path>,
    email: String,
    name: String,
    password_stdin: bool,
) -> Result<(), Failure> {
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
