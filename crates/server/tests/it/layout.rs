//! The house's arrows point down: the platform (`src/platform/`) names no capability and not the
//! router's assembly (`crate::app`). The few places that still reach up are listed here by file
//! and name, and the list may only shrink: a listed place that no longer reaches up fails too,
//! so the list stays true.

use std::path::{Path, PathBuf};

/// The capabilities and upper layers of the server crate, as modules of `crate`.
const ABOVE_THE_PLATFORM: [&str; 15] = [
    "app",
    "api",
    "account",
    "assess",
    "baseline",
    "catalog",
    "demo",
    "demo_self_check",
    "home",
    "operator",
    "org",
    "relations",
    "sharing",
    "shell",
    "tokens",
];

/// Known places that still reach up: (file under src/platform, module). None now; the list
/// stays so that a place that must reach up for a while is named here, not hidden.
const KNOWN: [(&str, &str); 0] = [];

fn platform_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/platform")
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .flatten()
        .flat_map(|e| {
            let path = e.path();
            if path.is_dir() {
                rust_files(&path)
            } else if path.extension().is_some_and(|x| x == "rs") {
                vec![path]
            } else {
                vec![]
            }
        })
        .collect()
}

/// The modules above the platform that a file names in code (comments aside).
fn reaches_up(text: &str) -> Vec<&'static str> {
    let code: String = text.lines().filter(|l| !l.trim_start().starts_with("//")).map(|l| format!("{l}\n")).collect();
    ABOVE_THE_PLATFORM
        .iter()
        .copied()
        .filter(|m| code.contains(&format!("crate::{m}::")) || code.contains(&format!("crate::{m};")))
        .collect()
}

#[test]
fn the_platform_names_no_capability_and_not_the_router() -> anyhow::Result<()> {
    let root = platform_dir();
    let files = rust_files(&root);
    assert!(files.len() > 30, "the platform's files were found ({})", files.len());
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&root)?.to_string_lossy().replace('\\', "/");
        for module in reaches_up(&std::fs::read_to_string(&file)?) {
            found.push((relative.clone(), module));
        }
    }
    for (file, module) in &found {
        assert!(
            KNOWN.iter().any(|(f, m)| f == file && m == module),
            "platform/{file} reaches up to crate::{module}: move what it needs into the platform"
        );
    }
    for (file, module) in KNOWN {
        assert!(
            found.iter().any(|(f, m)| f == file && *m == module),
            "platform/{file} no longer reaches crate::{module}: take it off the KNOWN list"
        );
    }
    Ok(())
}

fn src_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The files above the platform (relative to `src/`) whose code contains `needle`.
fn capability_files_containing(needle: &str) -> anyhow::Result<Vec<String>> {
    let root = src_dir();
    let mut found = Vec::new();
    for file in rust_files(&root) {
        let relative = file.strip_prefix(&root)?.to_string_lossy().replace('\\', "/");
        if relative.starts_with("platform/") {
            continue;
        }
        let text = std::fs::read_to_string(&file)?;
        if text.lines().filter(|l| !l.trim_start().starts_with("//")).any(|l| l.contains(needle)) {
            found.push(relative);
        }
    }
    found.sort();
    Ok(found)
}

/// Asserts that exactly `known` (and no other file) contains `needle`, so a known list only shrinks.
fn only_known(needle: &str, known: &[&str], rule: &str) -> anyhow::Result<()> {
    let found = capability_files_containing(needle)?;
    for file in &found {
        assert!(known.contains(&file.as_str()), "src/{file} uses `{needle}`: {rule}");
    }
    for file in known {
        assert!(found.iter().any(|f| f == file), "src/{file} no longer uses `{needle}`: take it off the list");
    }
    Ok(())
}

/// Writes that have no acting organisation, so no unit of work: reference data the service or
/// an operator loads, registration (the organisation does not exist yet), the operator's
/// account actions, and the demo's seeding. Every other write goes through `state.begin`.
const WRITES_WITHOUT_AN_ACTING_ORGANISATION: [&str; 8] = [
    "assess/store.rs",
    "catalog/crosswalk_store.rs",
    "catalog/profile_store.rs",
    "catalog/store.rs",
    "demo.rs",
    "operator/admin_store.rs",
    "operator/mod.rs",
    "relations/registration.rs",
];

#[test]
fn capabilities_write_through_a_unit_of_work() -> anyhow::Result<()> {
    let rule = "open a unit with state.begin(&acting, user, permission) instead";
    only_known(".write().await", &WRITES_WITHOUT_AN_ACTING_ORGANISATION, rule)
}

/// Above the platform, SQL is written only in stores (`*_store.rs`, `store.rs`): handlers,
/// pages, flows and the demo call them.
#[test]
fn sql_lives_in_stores_and_the_platform() -> anyhow::Result<()> {
    let found = capability_files_containing("sqlx::query")?;
    let outside: Vec<&str> = found.iter().map(String::as_str).filter(|f| !f.ends_with("store.rs")).collect();
    assert!(outside.is_empty(), "these files hold SQL: put the queries in the capability's store: {outside:?}");
    Ok(())
}
