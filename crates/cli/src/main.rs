//! `kakehashi`: the one binary. Thin on purpose: it parses the command line, loads the
//! configuration and calls into `kakehashi-server`. Commands are `noun verb` where there is a
//! noun (`jobs run`, `audit verify`).

mod commands;
mod failure;
mod progress;
mod time_arg;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use commands::{
    audit, backup, catalog, config, crosswalk, demo, jobs, keys, migrate, org, profile, routes, self_check, serve, user,
};
use failure::Failure;

/// mimalloc rather than glibc's malloc: glibc keeps freed memory in the heap once its mmap
/// threshold has grown (Argon2's 19 MiB blocks, a parsed 50 MB catalog), so the server's
/// resident memory only rose with work done (245 MiB after the demo, 399 MiB after 20 sign-ins
/// and 5 catalog uploads); mimalloc gives freed pages back (BENCHMARKS.md, "Memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "Exit codes:
  0  success
  1  unexpected failure (see the message)
  2  wrong command-line usage
  3  configuration error (the message names the setting and the fix)
  4  the database could not be reached or migrated
  5  the audit log's chain is broken
  6  the listening address could not be used
  7  an imported file or a backup was refused (the message says which and where)";

#[derive(Debug, Parser)]
#[command(
    name = "kakehashi",
    version,
    about = "架け橋 Kakehashi: raise and prove supply-chain cybersecurity together",
    after_help = EXIT_CODES
)]
struct Cli {
    /// Configuration file (TOML). KAKEHASHI_* environment variables override what it says.
    #[arg(long, global = true, env = "KAKEHASHI_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web service (migrates the database first)
    Serve(serve::Args),
    /// Run the web service with demo data in a local SQLite file, and print how to sign in
    Demo(demo::Args),
    /// Apply pending database migrations, or show which are applied
    Migrate(migrate::Args),
    /// Background jobs: run those due up to a time, or list them
    #[command(subcommand)]
    Jobs(jobs::Command),
    /// People's accounts: create the first operator, list, disable, enable
    #[command(subcommand)]
    User(user::Command),
    /// Catalogs of controls: import OSCAL files, list them
    #[command(subcommand)]
    Catalog(catalog::Command),
    /// Profiles (baselines) selecting controls from catalogs: import OSCAL files, list, export
    #[command(subcommand)]
    Profile(profile::Command),
    /// Crosswalks between catalogs: import mappings, list, export
    #[command(subcommand)]
    Crosswalk(crosswalk::Command),
    /// Self-checks: list questionnaires, an organisation's self-checks, show one, export its answers
    #[command(subcommand)]
    SelfCheck(self_check::Command),
    /// Organisations: list them, appoint an admin when none is left
    #[command(subcommand)]
    Org(org::Command),
    /// The tamper-evident audit log: verify its hash chain
    #[command(subcommand)]
    Audit(audit::Command),
    /// Back up the database (SQLite, while the service runs) and the evidence files into a folder
    Backup(backup::BackupArgs),
    /// Restore a backup into the configured database (which must not exist yet) and files folder,
    /// after checking its audit chain and every file's SHA-256
    Restore(backup::RestoreArgs),
    /// The keys that seal secrets in the database: rotate them
    #[command(subcommand)]
    Keys(keys::Command),
    /// Configuration: check it and show the effective settings (secrets hidden)
    #[command(subcommand)]
    Config(config::Command),
    /// List every route with its method, required access and id kinds
    Routes(routes::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return Failure::unexpected(format!("cannot start the async runtime: {e}")).report(),
    };
    let config = cli.config.as_deref();
    let result = runtime.block_on(async {
        match cli.command {
            Command::Serve(args) => serve::run(config, args).await,
            Command::Demo(args) => demo::run(config, args).await,
            Command::Migrate(args) => migrate::run(config, args).await,
            Command::Jobs(command) => jobs::run(config, command).await,
            Command::User(command) => user::run(config, command).await,
            Command::Org(command) => org::run(config, command).await,
            Command::SelfCheck(command) => self_check::run(config, command).await,
            Command::Catalog(command) => catalog::run(config, command).await,
            Command::Profile(command) => profile::run(config, command).await,
            Command::Crosswalk(command) => crosswalk::run(config, command).await,
            Command::Audit(command) => audit::run(config, command).await,
            Command::Keys(command) => keys::run(config, command).await,
            Command::Backup(args) => backup::backup(config, args).await,
            Command::Restore(args) => backup::restore(config, args).await,
            Command::Config(command) => config::run(config, command),
            Command::Routes(args) => routes::run(args),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}
