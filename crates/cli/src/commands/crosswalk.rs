use std::path::{Path, PathBuf};

use kakehashi_server::catalog::crosswalk_store;
use kakehashi_server::catalog::crosswalks::{self, Format, ImportError};

use crate::failure::Failure;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import mappings between two catalogs (CSV, or an OSCAL 1.2 mapping collection)
    Import {
        /// The crosswalk file
        file: PathBuf,
        /// The catalog the mappings go from (see `catalog list`)
        #[arg(long)]
        source: String,
        /// The catalog they go to
        #[arg(long)]
        target: String,
        /// Who or what made the mappings, from which source
        #[arg(long)]
        provenance: Option<String>,
    },
    /// List imported crosswalks
    List,
    /// Write a crosswalk as an OSCAL mapping collection or as CSV
    Export {
        id: String,
        #[arg(long, value_parser = ["oscal", "csv"], default_value = "oscal")]
        format: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

fn catalog_id(s: &str, what: &str) -> Result<kakehashi_domain::ids::CatalogId, Failure> {
    s.parse().map_err(|_| Failure::bad_input(format!("--{what}: not a catalog id (see `kakehashi catalog list`)")))
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let state = super::state(super::settings(config)?).await?;
    match command {
        Command::Import { file, source, target, provenance } => {
            let (source, target) = (catalog_id(&source, "source")?, catalog_id(&target, "target")?);
            let bytes = std::fs::read(&file).map_err(|e| Failure::unexpected(format!("{}: {e}", file.display())))?;
            let name = file.display().to_string();
            let imported = crosswalks::import(&state, source, target, &name, &bytes, provenance.as_deref(), None)
                .await
                .map_err(|e| match e {
                    ImportError::Format(e) => Failure::bad_input(e.to_string()),
                    ImportError::Store(e) => Failure::bad_input(e.to_string()),
                })?;
            println!("Imported {} mappings ({}).", imported.mappings, imported.id);
            if !imported.unresolved.is_empty() {
                println!("Unresolved (kept, and listed on the crosswalk's page):");
                for u in &imported.unresolved {
                    println!("  {} {}", u.side, u.reference);
                }
            }
            Ok(())
        }
        Command::List => {
            for x in crosswalk_store::list(state.db()).await? {
                println!(
                    "{}  {} → {}  {} mappings, {} unresolved  [{}]",
                    x.id, x.source_title, x.target_title, x.mappings, x.unresolved, x.provenance
                );
            }
            Ok(())
        }
        Command::Export { id, format, out } => {
            let id =
                id.parse().map_err(|_| Failure::bad_input("not a crosswalk id (see `kakehashi crosswalk list`)"))?;
            let format = if format == "csv" { Format::Csv } else { Format::OscalJson };
            let (body, _) = crosswalks::export(&state, id, format)
                .await?
                .ok_or_else(|| Failure::bad_input("no crosswalk has this id"))?;
            match out {
                Some(path) => {
                    std::fs::write(&path, body).map_err(|e| Failure::unexpected(format!("{}: {e}", path.display())))?
                }
                None => print!("{body}"),
            }
            Ok(())
        }
    }
}
