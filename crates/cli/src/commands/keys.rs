use std::path::Path;

use kakehashi_server::platform::auth::two_factor;
use kakehashi_server::platform::keys;

use crate::failure::Failure;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Add a new key to keys.file (it seals from now on) and seal every secret again with it;
    /// older keys stay in the file so that backups made before still open
    Rotate,
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let Command::Rotate = command;
    let settings = super::settings(config)?;
    let file = settings.keys.file.clone();
    // Made first if missing, so the new key is added to a file that exists.
    keys::KeyStore::load_or_create(&file)?;
    let id = keys::add_key(&file)?;
    // Starting the service's state seals every secret with the first key; this makes sure.
    let state = super::state(settings).await?;
    two_factor::seal_secrets(&state).await?;
    let sealed = two_factor::people_with_two_factor(state.db()).await?;
    state.db().close().await;
    println!("Key {id} now seals; every two-factor secret ({sealed}) is sealed with it.");
    println!("Keep {} private and back it up apart from the database.", file.display());
    Ok(())
}
