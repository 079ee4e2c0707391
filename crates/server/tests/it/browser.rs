//! Runs the browser tests (tests/browser/*.mjs) in headless Chromium against the real server
//! with the demo world loaded. Needs what ./scripts/test installs: Debian's chromium and
//! playwright-core (KAKEHASHI_TEST_NODE_MODULES). Screenshots are kept under
//! test-artifacts/browser/<backend>/<script>/.

use std::path::PathBuf;
use std::process::Command;

use kakehashi_domain::clock::Clock;
use kakehashi_server::demo::{ACCOUNTS, OPERATOR};
use kakehashi_testkit::{TestApp, TestAppOptions};

fn repository_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn account(email: &str) -> serde_json::Value {
    let a = ACCOUNTS.iter().find(|a| a.email == email).copied().unwrap_or(OPERATOR);
    serde_json::json!({"email": a.email, "password": a.password})
}

async fn run_script(name: &str) -> anyhow::Result<()> {
    let modules = std::env::var("KAKEHASHI_TEST_NODE_MODULES").map_err(|_| {
        anyhow::anyhow!("KAKEHASHI_TEST_NODE_MODULES is not set: run ./scripts/test, which installs playwright-core")
    })?;
    let app = TestApp::spawn_with(TestAppOptions { demo: true, ..Default::default() }).await?;
    // As `kakehashi demo` does: 東和電子's self-check, submitted to さくら精機 and asked about.
    kakehashi_server::demo_self_check::submitted_self_check(&app.state).await?;
    let artifacts = std::env::var("KAKEHASHI_TEST_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repository_root().join("test-artifacts"));
    let screenshots = artifacts.join("browser").join(app.state.db().backend().name()).join(name);
    let accounts = serde_json::json!({
        "operator": account(OPERATOR.email),
        "buyer": account("admin@sakura-seiki.example"),
        "two_orgs": account("tanaka@hikari-soft.example"),
        "supplier": account("admin@aoba-press.example"),
        "reviewer": account("review@sakura-seiki.example"),
        "member": account("staff@sakura-seiki.example"),
        "viewer": account("viewer@sakura-seiki.example"),
        "towa": account("admin2@supplier.demo.kakehashi.example"),
    });
    let script = repository_root().join(format!("tests/browser/{name}.mjs"));
    let clock = app.clock.now().unix_timestamp();
    let operator = format!("{} {}", OPERATOR.email, OPERATOR.password);
    let (out, _app) = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .env("KAKEHASHI_BASE_URL", &app.base)
            .env("KAKEHASHI_SCREENSHOTS", &screenshots)
            .env("KAKEHASHI_TEST_NODE_MODULES", modules)
            .env("KAKEHASHI_OPERATOR", operator)
            .env("KAKEHASHI_ACCOUNTS", accounts.to_string())
            .env("KAKEHASHI_CLOCK_UNIX", clock.to_string())
            .output()
            .map(|out| (out, app))
    })
    .await??;
    // What a script measured (steps, counts) is printed for BENCHMARKS.md.
    print!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        out.status.success(),
        "browser test {name} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

#[tokio::test]
async fn the_shell_works_in_a_real_browser_at_phone_and_desktop_sizes() -> anyhow::Result<()> {
    run_script("shell").await
}

#[tokio::test]
async fn organisations_invite_register_secure_and_switch_in_a_real_browser() -> anyhow::Result<()> {
    run_script("identity").await
}

#[tokio::test]
async fn the_supplier_answers_asks_for_review_and_fixes_a_sent_back_answer_on_a_phone() -> anyhow::Result<()> {
    run_script("supplier").await
}

#[tokio::test]
async fn the_reviewer_decides_and_sees_a_changed_answer_flagged_on_a_desktop() -> anyhow::Result<()> {
    run_script("reviewer").await
}

#[tokio::test]
async fn the_buyer_admin_invites_ends_a_relationship_and_reads_the_audit_log_on_a_phone() -> anyhow::Result<()> {
    run_script("buyer_admin").await
}

#[tokio::test]
async fn the_operator_imports_a_guideline_from_the_tools() -> anyhow::Result<()> {
    run_script("operator").await
}
