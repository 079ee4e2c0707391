use std::path::Path;

use kakehashi_server::platform::db::Db;

use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only show which migrations are applied; change nothing
    #[arg(long)]
    status: bool,
}

pub async fn run(config: Option<&Path>, args: Args) -> Result<(), Failure> {
    let settings = super::settings(config)?;
    let db = Db::connect(&settings.database).await?;
    if !args.status {
        db.migrate().await?;
    }
    let status = db.migration_status().await?;
    let pending = status.iter().filter(|(_, _, applied)| !applied).count();
    println!("Database: {} ({})", settings.database.url.redacted(), db.backend().name());
    for (version, description, applied) in status {
        println!("  {} {version} {description}", if applied { "applied" } else { "pending" });
    }
    println!("{pending} pending");
    db.close().await;
    Ok(())
}
