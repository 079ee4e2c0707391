//! Schemathesis (pinned in scripts/requirements-test.txt) generates requests from our OpenAPI
//! document and checks every answer: no server error or dropped connection, only documented
//! statuses and media types, bodies that match their schemas. It runs against the demo world,
//! with an API token, with a signed-in admin's session and with the operator's. Bounded by a number of examples
//! per operation and a fixed seed, not by time, so a run is repeatable.

use kakehashi_server::app::SESSION_COOKIE;
use kakehashi_testkit::external::python;
use kakehashi_testkit::{TestApp, TestAppOptions};

const ADMIN: (&str, &str) = ("admin@aoba-press.example", "demo-supplier-admin-2026");
const OPERATOR: (&str, &str) = ("operator@demo.kakehashi.example", "kakehashi-demo-operator");

/// Signs a demo account in; the session cookie's value.
async fn session_cookie(app: &TestApp, (email, password): (&str, &str)) -> anyhow::Result<String> {
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await?;
    anyhow::ensure!(r.status() == 201, "sign-in: {}", r.status());
    let prefix = format!("{SESSION_COOKIE}=");
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&prefix).and_then(|rest| rest.split(';').next()).map(str::to_owned))
        .ok_or_else(|| anyhow::anyhow!("no session cookie"))
}

/// Runs Schemathesis with `headers` on every request; its output when it finds anything.
async fn schemathesis(app: &TestApp, headers: Vec<String>, report: &str) -> anyhow::Result<()> {
    let reports =
        std::env::var("KAKEHASHI_TEST_ARTIFACTS").unwrap_or_else(|_| std::env::temp_dir().display().to_string());
    let mut args = vec![
        "run".to_owned(),
        app.url("/api/v1/openapi.json"),
        "--checks".into(),
        "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance".into(),
        "--max-examples".into(),
        "10".into(),
        "--seed".into(),
        "20261203".into(),
        // One worker: Python 3.11's parser is not safe to use from several threads at once.
        "--workers".into(),
        "1".into(),
        "--generation-database".into(),
        "none".into(),
        "--no-color".into(),
        // Signing out, changing the password or resetting it would end the run's own session.
        "--exclude-path-regex".into(),
        "^/api/v1/(session|account|password)".into(),
        "--report".into(),
        "junit".into(),
        "--report-junit-path".into(),
        format!("{reports}/schemathesis-{report}.xml"),
    ];
    for header in headers {
        args.push("--header".into());
        args.push(header);
    }
    // Schemathesis keeps a cache in its working folder: a temporary one, not the repository.
    let workdir = tempfile::tempdir()?;
    let out = tokio::process::Command::new(python()?.with_file_name("schemathesis"))
        .args(&args)
        .current_dir(workdir.path())
        .output()
        .await?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    anyhow::ensure!(
        out.status.success(),
        "Schemathesis ({report}) found problems:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    anyhow::ensure!(stdout.contains("passed"), "Schemathesis ran nothing:\n{stdout}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_requests_get_documented_answers_with_a_token_and_with_a_session() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(TestAppOptions { demo: true, ..TestAppOptions::default() }).await?;
    kakehashi_server::demo_self_check::submitted_self_check(&app.state).await?;
    let cookie = session_cookie(&app, ADMIN).await?;
    let client = reqwest::Client::new();
    let token: serde_json::Value = client
        .post(app.url("/api/v1/org/tokens"))
        .header("cookie", format!("{SESSION_COOKIE}={cookie}"))
        .header("origin", &app.base)
        .json(&serde_json::json!({"name": "schemathesis", "role": "admin", "days": 30}))
        .send()
        .await?
        .json()
        .await?;
    let secret = token["secret"].as_str().unwrap_or_default();
    schemathesis(&app, vec![format!("Authorization: Bearer {secret}")], "token").await?;
    let session = |cookie: &str| vec![format!("Cookie: {SESSION_COOKIE}={cookie}"), format!("Origin: {}", app.base)];
    schemathesis(&app, session(&cookie), "session").await?;
    // The operator's routes, last: the run may change the platform's settings.
    let operator = session_cookie(&app, OPERATOR).await?;
    schemathesis(&app, session(&operator), "operator").await
}
