use std::path::Path;

use kakehashi_domain::identity::{CorporateNumber, EmailAddress};
use kakehashi_domain::ids::OrgId;
use kakehashi_server::operator::admin_store::{self, RecoveryError};

use crate::failure::Failure;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List organisations with their member and admin counts (0 admins needs recovery)
    List,
    /// Make an existing account an admin of an organisation whose admins left (audited)
    AppointAdmin {
        /// The organisation's id or 法人番号
        #[arg(long)]
        org: String,
        /// The account to make admin
        #[arg(long)]
        email: String,
        /// How the person was verified (kept in the audit log)
        #[arg(long)]
        reason: String,
    },
}

/// An organisation named by its id or its 法人番号, with its name.
pub async fn resolve(state: &kakehashi_server::AppState, org: &str) -> Result<(OrgId, String), Failure> {
    let id = match org.parse::<OrgId>() {
        Ok(id) => id,
        Err(_) => {
            let number = CorporateNumber::parse(org).map_err(|e| Failure::unexpected(format!("--org: {e}")))?;
            kakehashi_server::org::store::by_corporate_number(state.db(), &number)
                .await?
                .ok_or_else(|| Failure::unexpected("--org: no organisation has this corporate number"))?
                .0
        }
    };
    let all = admin_store::organisations(state.db()).await?;
    let found =
        all.into_iter().find(|o| o.id == id).ok_or_else(|| Failure::unexpected("--org: no such organisation"))?;
    Ok((id, found.name))
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let state = super::state(super::settings(config)?).await?;
    match command {
        Command::List => {
            for o in admin_store::organisations(state.db()).await? {
                println!(
                    "{}  {:<40} {:<13} members={} admins={}",
                    o.id,
                    o.name,
                    o.corporate_number.unwrap_or_default(),
                    o.members,
                    o.admins
                );
            }
            Ok(())
        }
        Command::AppointAdmin { org, email, reason } => {
            let (org, _) = resolve(&state, &org).await?;
            let email = EmailAddress::parse(&email).map_err(|e| Failure::unexpected(format!("--email: {e}")))?;
            match admin_store::appoint_admin(&state, None, org, &email, &reason).await {
                Ok(()) => {
                    println!("{email} is now an admin of {org}.");
                    Ok(())
                }
                Err(RecoveryError::Db(e)) => Err(e.into()),
                Err(e) => Err(Failure::unexpected(e.to_string())),
            }
        }
    }
}
