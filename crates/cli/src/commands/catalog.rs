use std::path::{Path, PathBuf};

use kakehashi_server::catalog::import::{self, CatalogImportError, Options, SheetDetails, Upload};
use kakehashi_server::catalog::store;

use crate::failure::Failure;
use crate::progress;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import a catalog: OSCAL (JSON or XML, 1.0 to 1.2), or our guideline form (.yaml, .csv); all of it or nothing
    Import {
        /// The catalog file
        file: PathBuf,
        /// For a .csv guideline: its title
        #[arg(long)]
        title: Option<String>,
        /// For a .csv guideline: its version (edition or year)
        #[arg(long = "guideline-version", value_name = "VERSION")]
        guideline_version: Option<String>,
        /// For a .csv guideline: who issues it
        #[arg(long)]
        issuer: Option<String>,
        /// For a .csv guideline: the language of text columns without a suffix (default ja)
        #[arg(long)]
        language: Option<String>,
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
        /// The language of the texts (default: the catalog's first)
        #[arg(long)]
        language: Option<String>,
    },
}

fn read(path: &Path) -> Result<(String, Vec<u8>), Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::unexpected(format!("{}: {e}", path.display())))?;
    Ok((path.display().to_string(), bytes))
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let state = super::state(super::settings(config)?).await?;
    match command {
        Command::Import { file, status_from, licence_note, title, guideline_version, issuer, language } => {
            let bar = progress::bar(3, "importing");
            let (name, bytes) = read(&file)?;
            let statuses = status_from.as_deref().map(read).transpose()?;
            bar.set_position(1);
            let sheet = (title.is_some() || guideline_version.is_some()).then(|| SheetDetails {
                title: title.unwrap_or_default(),
                version: guideline_version.unwrap_or_default(),
                issuer,
                language,
            });
            let options =
                Options { statuses: statuses.as_ref().map(|(n, b)| Upload { name: n, bytes: b }), licence_note, sheet };
            let result = import::import(&state, Upload { name: &name, bytes: &bytes }, options, None).await;
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
        Command::Export { id, out, language } => {
            let id = id.parse().map_err(|e| Failure::bad_input(format!("{e}")))?;
            let (document, _) =
                kakehashi_server::catalog::export::oscal_json(&state, id, language.as_deref())
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
