//! The catalogs the demo starts with: our example guideline (in the binary), and NIST's
//! catalogs, baselines and crosswalks from the folder it is given (the repository ships them in
//! `content/catalogs`, see its PROVENANCE.md).

use std::path::Path;

use kakehashi_domain::ids::CatalogId;

use super::import::{self, CatalogImportError, Options, Upload};
use super::{crosswalks, profiles};
use crate::platform::state::AppState;

/// Our own example of the simple guideline form (docs/examples).
const EXAMPLE_GUIDELINE: &[u8] = include_bytes!("../../../../docs/examples/guideline.yaml");

const SP800_53: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.0.1_catalog.json";
const CSF: &str = "nist/csf-2.0/NIST_CSF_v2.0_catalog.xml";
const CSF_STATUS: &str = "derived/csf-2.0_core_from_cprt.csv";
const SP800_171: &str = "nist/sp800-171r3/NIST_SP800-171_rev3_catalog.xml";
const BASELINES: [&str; 4] = ["LOW", "MODERATE", "HIGH", "PRIVACY"];
const CSF_TO_53: &str = "derived/csf-2.0_to_sp800-53r5.2.0_olir186.csv";
const SP171_TO_53: &str = "derived/sp800-171r3_to_sp800-53r5.1.1_source_controls.csv";

/// Imports the demo's catalogs unless some catalog is already there, and says what it did.
pub async fn load(state: &AppState, nist_dir: Option<&Path>) -> anyhow::Result<Vec<String>> {
    if super::store::count_imported(state.db()).await? > 0 {
        return Ok(vec![]);
    }
    let mut said = Vec::new();
    let example = import::import(
        state,
        Upload { name: "docs/examples/guideline.yaml", bytes: EXAMPLE_GUIDELINE },
        Options::default(),
        None,
    )
    .await?;
    said.push(format!("{} ({} controls)", example.title, example.controls));
    if let Some(dir) = nist_dir {
        // The demo still starts if NIST's files are not as expected; it says what it skipped.
        match nist(state, dir).await {
            Ok(lines) => said.extend(lines),
            Err(e) => said.push(format!("NIST's files skipped: {e:#}")),
        }
    }
    Ok(said)
}

async fn nist(state: &AppState, dir: &Path) -> anyhow::Result<Vec<String>> {
    let read = |path: &str| std::fs::read(dir.join(path)).map_err(|e| anyhow::anyhow!("{path}: {e}"));
    let catalog = |path: &'static str, statuses: Option<&'static str>| {
        let (bytes, status_bytes) = (read(path), statuses.map(read).transpose());
        async move {
            let (bytes, status_bytes) = (bytes?, status_bytes?);
            let statuses = statuses.zip(status_bytes.as_deref()).map(|(name, bytes)| Upload { name, bytes });
            let options = Options { statuses, ..Options::default() };
            let imported = import::import(state, Upload { name: path, bytes: &bytes }, options, None).await;
            imported.map_err(|e: CatalogImportError| anyhow::anyhow!(e))
        }
    };
    let sp53 = catalog(SP800_53, None).await?;
    let csf = catalog(CSF, Some(CSF_STATUS)).await?;
    let sp171 = catalog(SP800_171, None).await?;
    let mut said: Vec<String> =
        [&sp53, &csf, &sp171].iter().map(|c| format!("{} {} ({} controls)", c.title, c.version, c.controls)).collect();
    for level in BASELINES {
        let path = format!("nist/sp800-53r5/NIST_SP-800-53_rev5.1.1_{level}-baseline_profile.json");
        let p = profiles::import(state, &path, &read(&path)?, &[], None).await?;
        said.push(format!("{} ({} controls)", p.title, p.controls));
    }
    for (path, source) in [(CSF_TO_53, csf.id), (SP171_TO_53, sp171.id)] {
        let x = crosswalk(state, path, &read(path)?, source, sp53.id).await?;
        said.push(x);
    }
    Ok(said)
}

async fn crosswalk(
    state: &AppState,
    path: &str,
    bytes: &[u8],
    source: CatalogId,
    target: CatalogId,
) -> anyhow::Result<String> {
    let imported = crosswalks::import(state, source, target, path, bytes, None, None)
        .await
        .map_err(|e| anyhow::anyhow!("{path}: {e:?}"))?;
    Ok(format!("{path}: {} mappings, {} unresolved", imported.mappings, imported.unresolved.len()))
}
