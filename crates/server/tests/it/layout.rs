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

/// Known places that still reach up (issue 13 moves them): (file under src/platform, module).
const KNOWN: [(&str, &str); 3] = [("error.rs", "shell"), ("auth/reset.rs", "shell"), ("auth/pages.rs", "shell")];

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
