use std::path::Path;

use crate::failure::Failure;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Check the configuration and print the effective settings, secrets hidden
    Check,
}

pub fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let Command::Check = command;
    let settings = super::settings(config)?;
    println!("The configuration is valid.\n{settings:#?}");
    Ok(())
}
