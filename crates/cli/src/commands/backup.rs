use std::path::{Path, PathBuf};

use kakehashi_server::platform::backup::{self, BackupError, Report};
use kakehashi_server::platform::db::Db;

use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// A new (or empty) folder to write the backup into
    #[arg(long)]
    to: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// A folder written by `kakehashi backup`
    #[arg(long)]
    from: PathBuf,
}

fn failed(e: BackupError) -> Failure {
    let message = e.to_string();
    match e {
        BackupError::Db(e) => e.into(),
        BackupError::Postgres => Failure::configuration(message),
        BackupError::NotEmpty(_) | BackupError::TargetExists(_) => Failure::usage(message),
        BackupError::AuditBroken { .. } => Failure::audit_broken(message),
        BackupError::NoBackup(_) | BackupError::FileBroken { .. } => Failure::bad_input(message),
        BackupError::Io { .. } | BackupError::Sql(_) => Failure::unexpected(message),
    }
}

fn say(done: &str, folder: &Path, report: Report) {
    println!(
        "{done} {}: {} audit entries (chain intact), {} files ({} bytes), each checked by its SHA-256.",
        folder.display(),
        report.audit_entries,
        report.files,
        report.bytes
    );
}

/// A consistent snapshot of the database (SQLite, while the service runs) and its evidence files.
pub async fn backup(config: Option<&Path>, args: BackupArgs) -> Result<(), Failure> {
    let settings = super::settings(config)?;
    let db = Db::connect(&settings.database).await?;
    let report = backup::backup(&db, &settings.files.dir, &args.to).await;
    db.close().await;
    say("Backed up to", &args.to, report.map_err(failed)?);
    println!("The key file ({}) is not in the backup: keep a copy of it apart.", settings.keys.file.display());
    Ok(())
}

/// Restores a backup into the configured database (which must not exist yet) and files folder.
pub async fn restore(config: Option<&Path>, args: RestoreArgs) -> Result<(), Failure> {
    let settings = super::settings(config)?;
    say("Restored from", &args.from, backup::restore(&args.from, &settings).await.map_err(failed)?);
    println!("Put the key file of that installation at {} before starting the service.", settings.keys.file.display());
    Ok(())
}
