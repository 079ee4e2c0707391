use std::path::{Path, PathBuf};

use kakehashi_server::catalog::profile_store::{self, StoreError};
use kakehashi_server::catalog::profiles::{self, ProfileImportError};

use crate::failure::Failure;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import an OSCAL profile (JSON or XML), resolving its imports against imported catalogs
    Import {
        /// The profile file
        file: PathBuf,
        /// The catalog each import draws from, in order (see `catalog list`); by default found
        /// by the title the file gives
        #[arg(long = "catalog", value_name = "ID")]
        catalogs: Vec<String>,
    },
    /// List the imported profiles (reference data; those organisations built stay theirs)
    List,
    /// Write a profile as OSCAL 1.2 JSON
    Export {
        id: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let state = super::state(super::settings(config)?).await?;
    match command {
        Command::Import { file, catalogs } => {
            let catalogs = catalogs
                .iter()
                .map(|c| {
                    c.parse().map_err(|_| {
                        Failure::bad_input(format!("--catalog {c}: not a catalog id (see `kakehashi catalog list`)"))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let bytes = std::fs::read(&file).map_err(|e| Failure::unexpected(format!("{}: {e}", file.display())))?;
            let name = file.display().to_string();
            let imported = profiles::import(&state, &name, &bytes, &catalogs, None).await.map_err(|e| match e {
                ProfileImportError::Store { source: StoreError::Db(e), .. } => Failure::from(e),
                other => Failure::bad_input(other.to_string()),
            })?;
            println!(
                "Imported {:?} {} with {} controls ({}).",
                imported.title, imported.version, imported.controls, imported.id
            );
            if !imported.unresolved.is_empty() {
                println!(
                    "Not found in the catalog (kept, and listed on the profile's page): {}",
                    imported.unresolved.join(", ")
                );
            }
            if !imported.withdrawn.is_empty() {
                println!("Withdrawn in their catalog (kept as the file says): {}", imported.withdrawn.join(", "));
            }
            Ok(())
        }
        Command::List => {
            for p in profile_store::list(state.db(), None).await? {
                println!("{}  {} {}  {} controls, {} unresolved", p.id, p.title, p.version, p.controls, p.unresolved);
            }
            Ok(())
        }
        Command::Export { id, out } => {
            let id = id.parse().map_err(|_| Failure::bad_input("not a profile id (see `kakehashi profile list`)"))?;
            let (body, _) = profiles::export(&state, None, id)
                .await?
                .ok_or_else(|| Failure::bad_input("no profile has this id"))?;
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
