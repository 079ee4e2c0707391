//! Runs the browser test (tests/browser/shell.mjs) in headless Chromium against the real server
//! with the demo world loaded. Needs what ./scripts/test installs: Debian's chromium and
//! playwright-core (KAKEHASHI_TEST_NODE_MODULES). Screenshots are kept under
//! test-artifacts/browser/<backend>/.

use std::path::PathBuf;
use std::process::Command;

use kakehashi_server::demo::ACCOUNTS;
use kakehashi_testkit::{TestApp, TestAppOptions};

fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[tokio::test]
async fn the_shell_works_in_a_real_browser_at_phone_and_desktop_sizes() -> anyhow::Result<()> {
    let modules = std::env::var("KAKEHASHI_TEST_NODE_MODULES").map_err(|_| {
        anyhow::anyhow!("KAKEHASHI_TEST_NODE_MODULES is not set: run ./scripts/test, which installs playwright-core")
    })?;
    let app = TestApp::spawn_with(TestAppOptions { demo: true, ..Default::default() }).await?;
    let artifacts = std::env::var("KAKEHASHI_TEST_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repository_root().join("test-artifacts"));
    let screenshots = artifacts.join("browser").join(app.state.db().backend().name());
    let operator = &ACCOUNTS[0];

    let script = repository_root().join("tests/browser/shell.mjs");
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .env("KAKEHASHI_BASE_URL", &app.base)
            .env("KAKEHASHI_SCREENSHOTS", &screenshots)
            .env("KAKEHASHI_TEST_NODE_MODULES", modules)
            .env("KAKEHASHI_OPERATOR", format!("{} {}", operator.email, operator.password))
            .output()
            .map(|out| (out, app))
    })
    .await??;
    let (out, _app) = output;
    assert!(
        out.status.success(),
        "browser test failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}
