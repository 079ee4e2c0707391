//! Installing the built-in catalogs (`content/catalogs/`): each is stored once under its
//! built-in name; a new version is stored beside the old and takes the name over. The
//! baseline's mappings to a framework are stored when that framework's catalog is present, so
//! importing CSF 2.0 later links the baseline to it at once.

use kakehashi_content::catalogs::{BASELINE, BuiltIn, REFERENCE_LISTS};
use kakehashi_domain::catalog::Catalog;
use kakehashi_domain::ids::CatalogId;
use std::sync::OnceLock;

use kakehashi_formats::baseline::{Baseline, FrameworkMappings, TargetCatalog, read_baseline};
use sha2::{Digest, Sha256};

use crate::catalog::crosswalk_store;
use crate::catalog::store::{self, Announce, ImportError};
use crate::platform::hex;
use crate::platform::state::AppState;

/// What an installation did, for the log and the command line.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Installed {
    pub catalogs: Vec<String>,
    pub crosswalks: Vec<String>,
    /// Frameworks whose catalog is not imported yet.
    pub waiting_for: Vec<String>,
}

/// The built-in files, read once per process (they are part of the binary).
struct Contents {
    lists: Vec<(BuiltIn, Catalog)>,
    baseline: Baseline,
}

fn contents() -> anyhow::Result<&'static Contents> {
    static CONTENTS: OnceLock<Result<Contents, String>> = OnceLock::new();
    let read = || -> Result<Contents, kakehashi_formats::ImportError> {
        let lists = REFERENCE_LISTS
            .iter()
            .map(|l| Ok((*l, kakehashi_formats::guideline::read_yaml(l.path, l.bytes)?)))
            .collect::<Result<_, kakehashi_formats::ImportError>>()?;
        Ok(Contents { lists, baseline: read_baseline(BASELINE.path, BASELINE.bytes)? })
    };
    CONTENTS.get_or_init(|| read().map_err(|e| e.to_string())).as_ref().map_err(|e| anyhow::anyhow!("{e}"))
}

/// Installs what is missing; does nothing when everything is there.
pub async fn install(state: &AppState) -> anyhow::Result<Installed> {
    let contents = contents()?;
    let mut done = Installed::default();
    for (list, catalog) in &contents.lists {
        ensure_catalog(state, *list, catalog, &mut done).await?;
    }
    let baseline_id = ensure_catalog(state, BASELINE, &contents.baseline.catalog, &mut done).await?;
    for framework in &contents.baseline.frameworks {
        link(state, baseline_id, framework, &mut done).await?;
    }
    Ok(done)
}

/// The id of the installed catalog, storing it first if this version is not there.
async fn ensure_catalog(
    state: &AppState,
    file: BuiltIn,
    catalog: &Catalog,
    done: &mut Installed,
) -> anyhow::Result<CatalogId> {
    if let Some((id, version)) = built_in(state, file.name).await?
        && version == catalog.meta.version
    {
        return Ok(id);
    }
    let sha256 = hex(&Sha256::digest(file.bytes));
    let id = match store::import(state.db(), catalog, (file.path, &sha256), (None, Announce::No), state.now()).await {
        Ok(id) => id,
        // Stored by an earlier start that stopped before naming it.
        Err(ImportError::AlreadyImported { id, .. }) => id,
        Err(ImportError::Db(e)) => return Err(e.into()),
    };
    store::name_built_in(state.db(), file.name, id).await?;
    done.catalogs.push(format!("{} {}", catalog.meta.title, catalog.meta.version));
    Ok(id)
}

/// The catalog installed under `name`, with its version.
pub async fn built_in(state: &AppState, name: &str) -> Result<Option<(CatalogId, String)>, sqlx::Error> {
    store::built_in(state.db(), name).await
}

/// Stores the baseline's mappings to one framework, once, if its catalog is there.
async fn link(
    state: &AppState,
    baseline: CatalogId,
    framework: &FrameworkMappings,
    done: &mut Installed,
) -> anyhow::Result<()> {
    let Some(target) = target_catalog(state, &framework.target).await? else {
        done.waiting_for.push(framework.key.clone());
        return Ok(());
    };
    if crosswalk_store::exists_titled(state.db(), baseline, target, &framework.crosswalk.title).await? {
        return Ok(());
    }
    let now = state.now();
    let (_, unresolved) =
        crosswalk_store::import(state.db(), baseline, target, &framework.crosswalk, BASELINE.path, None, now).await?;
    if !unresolved.is_empty() {
        tracing::warn!(framework = %framework.key, ?unresolved, "baseline mappings that match no control");
    }
    done.crosswalks.push(framework.crosswalk.title.clone());
    Ok(())
}

/// A built-in list by name, or an imported catalog by title (spacing aside; the newest import
/// when several versions are there).
async fn target_catalog(state: &AppState, target: &TargetCatalog) -> Result<Option<CatalogId>, sqlx::Error> {
    match target {
        TargetCatalog::BuiltIn(name) => Ok(built_in(state, name).await?.map(|(id, _)| id)),
        TargetCatalog::Title(title) => {
            let wanted = squash(title);
            let mut matching: Vec<_> =
                store::list(state.db()).await?.into_iter().filter(|c| squash(&c.title) == wanted).collect();
            matching.sort_by_key(|c| c.imported_at);
            Ok(matching.last().map(|c| c.id))
        }
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
