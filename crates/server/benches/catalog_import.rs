//! Catalog import speed (issue target: SP 800-53r5, 1,189 controls, into SQLite under 0.1 s).
//!
//! `cargo bench -p kakehashi-server --bench catalog_import`. Each iteration imports into a fresh
//! SQLite file (created and migrated outside the timing), with synchronous=FULL as in production.
//! NIST's files are read from content/catalogs (or KAKEHASHI_CATALOGS_DIR).

use std::sync::Arc;

use kakehashi_domain::clock::{Clock, SystemClock};
use kakehashi_server::AppState;
use kakehashi_server::catalog::import::{self, Options, Upload};
use kakehashi_server::platform::config::Settings;
use kakehashi_testkit::nist;
use tempfile::TempDir;

fn main() {
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime")
}

async fn fresh() -> (TempDir, AppState) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("bench.sqlite").display());
    let settings =
        Settings::from_toml_str(&format!("[database]\nurl = \"{url}\"\n[log]\nfilter = \"error\"")).expect("settings");
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let state = kakehashi_server::prepare(settings, clock, false).await.expect("prepare");
    (dir, state)
}

#[divan::bench(sample_count = 20)]
fn parse_sp800_53_json(bencher: divan::Bencher) {
    let bytes = nist::file(nist::SP800_53);
    bencher.bench_local(|| {
        kakehashi_formats::oscal::read_catalog("800-53.json", divan::black_box(&bytes)).expect("reads")
    });
}

#[divan::bench(sample_count = 20)]
fn import_sp800_53_into_sqlite(bencher: divan::Bencher) {
    let rt = runtime();
    let bytes = nist::file(nist::SP800_53);
    bencher.with_inputs(|| rt.block_on(fresh())).bench_local_values(|(_dir, state)| {
        rt.block_on(import::import(&state, Upload { name: "800-53.json", bytes: &bytes }, Options::default(), None))
            .expect("imports")
    });
}

#[divan::bench(sample_count = 10)]
fn import_all_nist_catalogs_into_sqlite(bencher: divan::Bencher) {
    let rt = runtime();
    let (sp53, csf, status, sp171) =
        (nist::file(nist::SP800_53), nist::file(nist::CSF), nist::file(nist::CSF_STATUS), nist::file(nist::SP800_171));
    bencher.with_inputs(|| rt.block_on(fresh())).bench_local_values(|(_dir, state)| {
        rt.block_on(async {
            import::import(&state, Upload { name: "800-53.json", bytes: &sp53 }, Options::default(), None)
                .await
                .expect("800-53");
            import::import(
                &state,
                Upload { name: "csf.xml", bytes: &csf },
                Options { statuses: Some(Upload { name: "status.csv", bytes: &status }), ..Options::default() },
                None,
            )
            .await
            .expect("csf");
            import::import(&state, Upload { name: "171.xml", bytes: &sp171 }, Options::default(), None)
                .await
                .expect("171");
        })
    });
}

/// A fresh store with SP 800-53 (and CSF, for crosswalks) already imported, outside the timing.
async fn with_catalogs() -> (TempDir, AppState, kakehashi_domain::ids::CatalogId, kakehashi_domain::ids::CatalogId) {
    let (dir, state) = fresh().await;
    let sp53 = nist::file(nist::SP800_53);
    let csf = nist::file(nist::CSF);
    let a = import::import(&state, Upload { name: "800-53.json", bytes: &sp53 }, Options::default(), None).await;
    let b = import::import(&state, Upload { name: "csf.xml", bytes: &csf }, Options::default(), None).await;
    (dir, state, a.expect("800-53").id, b.expect("csf").id)
}

#[divan::bench(sample_count = 20)]
fn import_high_baseline_profile(bencher: divan::Bencher) {
    let rt = runtime();
    let bytes = nist::file(nist::HIGH_BASELINE);
    bencher.with_inputs(|| rt.block_on(with_catalogs())).bench_local_values(|(_dir, state, _, _)| {
        rt.block_on(kakehashi_server::catalog::profiles::import(&state, "high.json", &bytes, &[], None))
            .expect("imports")
    });
}

#[divan::bench(sample_count = 20)]
fn import_csf_to_800_53_crosswalk(bencher: divan::Bencher) {
    let rt = runtime();
    let bytes = nist::file("derived/csf-2.0_to_sp800-53r5.2.0_olir186.csv");
    bencher.with_inputs(|| rt.block_on(with_catalogs())).bench_local_values(|(_dir, state, sp53, csf)| {
        let import = kakehashi_server::catalog::crosswalks::import(&state, csf, sp53, "olir.csv", &bytes, None, None);
        rt.block_on(import).expect("imports")
    });
}
