use std::path::{Path, PathBuf};

use kakehashi_server::catalog::import::{self, CatalogImportError, Upload};
use kakehashi_server::catalog::store;

use crate::failure::Failure;
use crate::progress;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import an OSCAL catalog (JSON or XML, OSCAL 1.0 to 1.2); all of it or nothing
    Import {
        /// The catalog file
        file: PathBuf,
        /// A CSV with `id` and `status` (active/withdrawn) columns, for catalogs that do not mark withdrawn controls
        #[arg(long, value_name = "CSV")]
        status_from: Option<PathBuf>,
        /// Terms of use to show with the catalog
        #[arg(long)]
        licence_note: Option<String>,
    },
    /// List imported catalogs
    List,
    /// Write a catalog as OSCAL 1.2 JSON
    Export {
        /// The catalog's id (see `catalog list`)
        id: String,
        /// Where to write (default: standard output)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

fn read(path: &Path) -> Result<(String, Vec<u8>), Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::unexpected(format!("{}: {e}", path.display())))?;
    Ok((path.display().to_string(), bytes))
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let state = super::state(super::settings(config)?).await?;
    match command {
        Command::Import { file, status_from, licence_note } => {
            let bar = progress::bar(3, "importing");
            let (name, bytes) = read(&file)?;
            let statuses = status_from.as_deref().map(read).transpose()?;
            bar.set_position(1);
            let status_upload = statuses.as_ref().map(|(n, b)| Upload { name: n, bytes: b });
            let result =
                import::import(&state, Upload { name: &name, bytes: &bytes }, status_upload, licence_note, None).await;
            bar.finish_and_clear();
            let imported = result.map_err(|e| match e {
                CatalogImportError::Db(e) => Failure::from(e),
                other => Failure::bad_input(other.to_string()),
            })?;
            println!(
                "Imported {} {} ({}): {} controls, {} withdrawn.",
                imported.title, imported.version, imported.id, imported.controls, imported.withdrawn
            );
            if !imported.unmatched_statuses.is_empty() {
                println!("Status entries that matched no control: {}", imported.unmatched_statuses.join(", "));
            }
            Ok(())
        }
        Command::Export { id, out } => {
            let id = id.parse().map_err(|e| Failure::bad_input(format!("{e}")))?;
            let (document, _) = kakehashi_server::catalog::export::oscal_json(&state, id)
                .await?
                .ok_or_else(|| Failure::bad_input("no catalog has this id (see `kakehashi catalog list`)"))?;
            match out {
                Some(path) => std::fs::write(&path, document)
                    .map_err(|e| Failure::unexpected(format!("{}: {e}", path.display())))?,
                None => println!("{document}"),
            }
            Ok(())
        }
        Command::List => {
            for c in store::list(state.db()).await? {
                println!("{}  {:<70} {:<10} {:>5} controls", c.id, c.title, c.version, c.controls);
            }
            Ok(())
        }
    }
}
