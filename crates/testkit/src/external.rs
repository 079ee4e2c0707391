//! The external tools that check our formats, from the Python environment `./scripts/test`
//! provides (`KAKEHASHI_TEST_PYTHON`, pinned in scripts/requirements-test.txt).

use std::path::{Path, PathBuf};

/// The test environment's Python.
pub fn python() -> anyhow::Result<PathBuf> {
    std::env::var("KAKEHASHI_TEST_PYTHON").map(PathBuf::from).map_err(|_| {
        anyhow::anyhow!("KAKEHASHI_TEST_PYTHON is not set: run ./scripts/test, which provides the external tools")
    })
}

/// Runs compliance-trestle on an OSCAL file: `trestle import` validates it against the model,
/// `trestle validate -a` runs every validator. `name` is the model's name in the workspace.
pub fn trestle_validates(file: &Path, name: &str) -> anyhow::Result<()> {
    let trestle = python()?.with_file_name("trestle");
    let workspace = tempfile::tempdir()?;
    let run = |args: &[&str]| -> anyhow::Result<()> {
        let out = std::process::Command::new(&trestle).args(args).current_dir(workspace.path()).output()?;
        anyhow::ensure!(
            out.status.success(),
            "trestle {args:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        Ok(())
    };
    run(&["init"])?;
    run(&["import", "-f", &file.display().to_string(), "-o", name])?;
    run(&["validate", "-a"])
}
