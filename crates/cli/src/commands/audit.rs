use std::path::Path;

use kakehashi_server::platform::audit::{self, Verification};
use kakehashi_server::platform::db::Db;

use crate::failure::Failure;
use crate::progress;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Walk the hash chain from the first entry and say where it breaks, if it does
    Verify,
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let Command::Verify = command;
    let settings = super::settings(config)?;
    let db = Db::connect(&settings.database).await?;
    db.migrate().await?;
    let bar = progress::bar(0, "verifying");
    let result = audit::verify(&db, |checked, total| {
        bar.set_length(total as u64);
        bar.set_position(checked as u64);
    })
    .await?;
    bar.finish_and_clear();
    db.close().await;
    match result {
        Verification::Intact { entries } => {
            println!("The audit log is intact: {entries} entries, every hash links to the one before.");
            Ok(())
        }
        Verification::Broken { seq, reason } => {
            Err(Failure::audit_broken(format!("the audit log is broken at entry {seq}: {reason}")))
        }
    }
}
