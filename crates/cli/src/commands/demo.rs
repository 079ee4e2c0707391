use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use kakehashi_domain::clock::{Clock, SystemClock};
use kakehashi_server::demo;
use kakehashi_server::platform::config::DatabaseUrl;

use crate::failure::Failure;

/// Where the demo keeps its data unless told otherwise: never the configured database, so that
/// trying the demo cannot touch real data.
const DEMO_DATABASE: &str = "sqlite://data/demo.sqlite";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on; port 0 picks a free port (default: KAKEHASHI_SERVER_BIND when set,
    /// else 127.0.0.1:8080)
    #[arg(long, value_name = "ADDR")]
    bind: Option<SocketAddr>,
    /// Database for the demo (default: sqlite://data/demo.sqlite, created if missing)
    #[arg(long, value_name = "URL")]
    database_url: Option<String>,
}

/// NIST's files the demo imports: `KAKEHASHI_CATALOGS_DIR` when set, else the repository's
/// `content/catalogs` (where the binary was built, or below the working directory).
fn nist_catalogs() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("KAKEHASHI_CATALOGS_DIR").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content/catalogs")),
        Some("content/catalogs".into()),
    ];
    candidates.into_iter().flatten().find(|dir| dir.join("PROVENANCE.md").is_file())
}

pub async fn run(config: Option<&Path>, args: Args) -> Result<(), Failure> {
    let mut settings = super::settings(config)?;
    // The demo listens on 127.0.0.1:8080 unless `--bind` or KAKEHASHI_SERVER_BIND says
    // otherwise (not a config file's address), so that it never listens beyond this machine by
    // accident.
    settings.server.bind = match args.bind {
        Some(bind) => bind,
        None if std::env::var_os("KAKEHASHI_SERVER_BIND").is_some() => settings.server.bind,
        None => SocketAddr::from(([127, 0, 0, 1], 8080)),
    };
    let url = args.database_url.as_deref().unwrap_or(DEMO_DATABASE);
    settings.database.url = DatabaseUrl::parse(url).map_err(|problem| {
        Failure::from(kakehashi_server::platform::config::ConfigError {
            setting: "--database-url".into(),
            source_name: None,
            problem,
            fix: "use sqlite://PATH or postgres://USER:PASSWORD@HOST:PORT/DB".into(),
        })
    })?;
    let where_data = settings.database.url.redacted();
    let listener = super::bind(settings.server.bind).await?;
    // Links in the demo's mail (invitations, resets) point where the demo really listens,
    // unless a public address was configured.
    if config.is_none() && std::env::var_os("KAKEHASHI_SERVER_PUBLIC_URL").is_none() {
        let addr = listener.local_addr().map_err(|e| Failure::unexpected(format!("local address: {e}")))?;
        settings.server.public_url =
            format!("http://{addr}").parse().map_err(|e| Failure::unexpected(format!("public address: {e}")))?;
    }
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let state = kakehashi_server::prepare(settings, clock, true).await?;
    demo::load(&state).await?;
    let catalogs = kakehashi_server::demo::load_catalogs(&state, nist_catalogs().as_deref())
        .await
        .map_err(|e| Failure::unexpected(format!("demo catalogs: {e:#}")))?;
    for line in &catalogs {
        println!("Imported / 取り込み: {line}");
    }
    let published = kakehashi_server::demo::association_profile(&state)
        .await
        .map_err(|e| Failure::unexpected(format!("demo profile: {e:#}")))?;
    if let Some(p) = published {
        println!("Published by the demo association / 業界団体が公開: {p}");
    }
    let reviewed = kakehashi_server::demo_self_check::submitted_self_check(&state)
        .await
        .map_err(|e| Failure::unexpected(format!("demo self-check: {e:#}")))?;
    if let Some(r) = reviewed {
        println!("A self-check under review / 確認中の自己点検: {r}");
    }
    super::serve_until_signal(state, listener, |addr| {
        println!("Kakehashi demo is running at http://{addr}");
        println!("架け橋のデモを http://{addr} で動かしています。");
        println!();
        println!("Sign in with / サインイン:");
        for account in demo::ACCOUNTS {
            println!("  {:<40} {:<38} {}", account.role, account.email, account.password);
        }
        println!();
        println!("Data: {where_data} (delete it to start over). Mail is not sent; read it on the Operations page.");
        println!("Stop with Ctrl+C.");
        let _ = std::io::stdout().flush();
    })
    .await
}
