//! The command line: help, exit codes, configuration errors, migrations, jobs and the audit log.

mod common;

use common::{Server, create_operator, kakehashi, run, signed_in_client};
use kakehashi_testkit::TestDb;

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_lists_every_command_with_a_description_and_the_exit_codes() {
    let out = run(std::process::Command::new(common::BIN).arg("--help").env_remove("KAKEHASHI_CONFIG"), "");
    assert!(out.status.success());
    let help = text(&out.stdout);
    for command in
        ["serve", "demo", "migrate", "jobs", "user", "catalog", "profile", "crosswalk", "audit", "config", "routes"]
    {
        let line = help.lines().find(|l| l.trim_start().starts_with(command)).unwrap_or_default();
        assert!(line.split_whitespace().count() > 2, "{command} has a one-line description: {line:?}");
    }
    assert!(help.contains("Exit codes:"));
}

#[test]
fn configuration_errors_name_the_setting_and_the_fix_and_nothing_starts() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(kakehashi("mysql://somewhere/db", dir.path()).arg("serve"), "");
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.contains("database.url") && err.contains("KAKEHASHI_DATABASE_URL") && err.contains("fix:"), "{err}");

    let config = dir.path().join("kakehashi.toml");
    std::fs::write(&config, "[server]\nbnid = \"127.0.0.1:1\"\n").expect("write");
    let out = run(
        kakehashi("sqlite://x.sqlite", dir.path()).args(["--config", config.to_str().unwrap_or_default(), "serve"]),
        "",
    );
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.contains("server.bnid") && err.contains("bind"), "{err}");
    assert!(!dir.path().join("x.sqlite").exists(), "refused before touching the database");

    let out = run(
        kakehashi("sqlite://x.sqlite", dir.path()).env("KAKEHASHI_MAIL_SMTP_USERNAME", "u").arg("config").arg("check"),
        "",
    );
    assert_eq!(out.status.code(), Some(3), "half-configured mail is refused: {}", text(&out.stderr));
}

#[test]
fn secrets_never_appear_in_config_check() {
    let dir = tempfile::tempdir().expect("dir");
    let out = run(
        kakehashi("postgres://app:hunter2@db.example:5432/kakehashi", dir.path())
            .env("KAKEHASHI_MAIL_SMTP_HOST", "smtp.example.jp")
            .env("KAKEHASHI_MAIL_SMTP_USERNAME", "mailer")
            .env("KAKEHASHI_MAIL_SMTP_PASSWORD", "s3cret-smtp")
            .args(["config", "check"]),
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.contains("smtp.example.jp"), "{shown}");
    assert!(!shown.contains("hunter2") && !shown.contains("s3cret-smtp"), "{shown}");
}

#[tokio::test]
async fn a_taken_port_is_a_clear_error() -> anyhow::Result<()> {
    let taken = std::net::TcpListener::bind("127.0.0.1:0")?;
    let port = taken.local_addr()?.port();
    let dir = tempfile::tempdir()?;
    let db = TestDb::fresh().await?;
    let out = run(kakehashi(&db.url, dir.path()).args(["serve", "--bind", &format!("127.0.0.1:{port}")]), "");
    assert_eq!(out.status.code(), Some(6));
    assert!(text(&out.stderr).contains("--bind"));
    Ok(())
}

#[tokio::test]
async fn an_unreachable_database_is_exit_code_4() -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let free = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let out = run(
        kakehashi(&format!("postgres://nobody@127.0.0.1:{free}/none"), dir.path()).args(["migrate", "--status"]),
        "",
    );
    assert_eq!(out.status.code(), Some(4), "{}", text(&out.stderr));
    Ok(())
}

#[tokio::test]
async fn migrate_applies_once_and_reports_status() -> anyhow::Result<()> {
    let db = TestDb::fresh().await?;
    let dir = tempfile::tempdir()?;
    let before = run(kakehashi(&db.url, dir.path()).args(["migrate", "--status"]), "");
    assert!(text(&before.stdout).contains("pending"), "{}", text(&before.stdout));
    let applied = run(kakehashi(&db.url, dir.path()).arg("migrate"), "");
    assert!(applied.status.success(), "{}", text(&applied.stderr));
    assert!(text(&applied.stdout).contains("0 pending"));
    let again = run(kakehashi(&db.url, dir.path()).arg("migrate"), "");
    assert!(text(&again.stdout).contains("0 pending"));
    Ok(())
}

#[tokio::test]
async fn serve_stops_gracefully_on_sigterm_and_jobs_run_later_from_the_command_line() -> anyhow::Result<()> {
    let db = TestDb::fresh().await?;
    let dir = tempfile::tempdir()?;
    create_operator(&db.url, dir.path());
    let mut command = kakehashi(&db.url, dir.path());
    command.env("KAKEHASHI_JOBS_RUN_IN_SERVER", "false");
    let mut server = Server::start(command);
    let client = signed_in_client(&server).await;
    let r = client
        .post(server.url("/api/v1/operator/test-mail"))
        .json(&serde_json::json!({"to": "a@example.jp"}))
        .send()
        .await?;
    assert_eq!(r.status(), 201);
    let status = server.terminate();
    assert!(status.success(), "SIGTERM is a clean stop: {status:?}");

    let out = run(kakehashi(&db.url, dir.path()).args(["jobs", "run", "--until", "+2h"]), "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Ran 1 jobs"), "{}", text(&out.stdout));
    let listed = run(kakehashi(&db.url, dir.path()).args(["jobs", "list"]), "");
    assert!(
        text(&listed.stdout).contains("mail.deliver") && text(&listed.stdout).contains("done"),
        "{}",
        text(&listed.stdout)
    );

    let bad = run(kakehashi(&db.url, dir.path()).args(["jobs", "run", "--until", "tomorrow"]), "");
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).contains("RFC 3339"));
    Ok(())
}

#[tokio::test]
async fn audit_verify_passes_then_names_the_broken_entry() -> anyhow::Result<()> {
    let db = TestDb::fresh().await?;
    let dir = tempfile::tempdir()?;
    create_operator(&db.url, dir.path());
    let ok = run(kakehashi(&db.url, dir.path()).args(["audit", "verify"]), "");
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    // The operator's creation, after the built-in catalogs installed at the first start.
    assert!(text(&ok.stdout).contains("intact: ") && text(&ok.stdout).contains(" entries"), "{}", text(&ok.stdout));

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await?;
    sqlx::query("UPDATE audit_log SET details = '{}' WHERE seq = 1").execute(&pool).await?;
    pool.close().await;
    let broken = run(kakehashi(&db.url, dir.path()).args(["audit", "verify"]), "");
    assert_eq!(broken.status.code(), Some(5));
    assert!(text(&broken.stderr).contains("entry 1"), "{}", text(&broken.stderr));
    Ok(())
}

#[tokio::test]
async fn keys_rotate_and_every_secret_is_sealed_with_the_new_one() -> anyhow::Result<()> {
    let db = TestDb::fresh().await?;
    let dir = tempfile::tempdir()?;
    create_operator(&db.url, dir.path());
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await?;
    // A secret kept in the clear (as before sealing began).
    sqlx::query("UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP'").execute(&pool).await?;
    let rotated = run(kakehashi(&db.url, dir.path()).args(["keys", "rotate"]), "");
    assert!(rotated.status.success(), "{}", text(&rotated.stderr));
    assert!(text(&rotated.stdout).contains("every two-factor secret (1) is sealed"), "{}", text(&rotated.stdout));
    let file = std::fs::read_to_string(dir.path().join("data/keys"))?;
    let ids: Vec<&str> = file.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split(' ').next()).collect();
    assert_eq!(ids.len(), 2, "the old key stays, to open older backups");
    let stored: String = sqlx::query_scalar("SELECT totp_secret FROM users").fetch_one(&pool).await?;
    assert!(stored.starts_with(&format!("sealed1.{}.", ids[0])), "{stored}");
    pool.close().await;
    Ok(())
}

#[tokio::test]
async fn backup_and_restore_from_the_command_line() -> anyhow::Result<()> {
    let db = TestDb::fresh().await?;
    let dir = tempfile::tempdir()?;
    create_operator(&db.url, dir.path());
    let made = run(kakehashi(&db.url, dir.path()).args(["backup", "--to", "saved"]), "");
    if db.url.starts_with("postgres") {
        assert_eq!(made.status.code(), Some(3));
        assert!(text(&made.stderr).contains("pg_dump"), "{}", text(&made.stderr));
        return Ok(());
    }
    assert!(made.status.success(), "{}", text(&made.stderr));
    assert!(text(&made.stdout).contains("chain intact"), "{}", text(&made.stdout));
    assert!(text(&made.stdout).contains("not in the backup"), "the key file is kept apart");
    let again = run(kakehashi(&db.url, dir.path()).args(["backup", "--to", "saved"]), "");
    assert_eq!(again.status.code(), Some(2), "never over an earlier backup");

    let elsewhere = tempfile::tempdir()?;
    let target = format!("sqlite://{}", elsewhere.path().join("restored.sqlite").display());
    let saved = dir.path().join("saved").display().to_string();
    let restored = run(kakehashi(&target, elsewhere.path()).args(["restore", "--from", &saved]), "");
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    let verified = run(kakehashi(&target, elsewhere.path()).args(["audit", "verify"]), "");
    assert!(verified.status.success(), "{}", text(&verified.stderr));
    let twice = run(kakehashi(&target, elsewhere.path()).args(["restore", "--from", &saved]), "");
    assert_eq!(twice.status.code(), Some(2), "never over a database that exists");
    Ok(())
}

#[test]
fn routes_are_listed_from_the_registry() {
    let out =
        run(std::process::Command::new(common::BIN).args(["routes", "--json"]).env_remove("KAKEHASHI_CONFIG"), "");
    assert!(out.status.success());
    let routes: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let outbox = routes
        .as_array()
        .and_then(|r| r.iter().find(|r| r["path"] == "/api/v1/operator/outbox/{mail_id}"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(outbox["access"], "operator");
    assert_eq!(outbox["id_kinds"][0], "mail");
}

#[tokio::test]
async fn each_request_has_a_span_named_by_its_route_template() -> anyhow::Result<()> {
    let db = TestDb::fresh().await?;
    let dir = tempfile::tempdir()?;
    let log = dir.path().join("server.log");
    let mut command = kakehashi(&db.url, dir.path());
    command
        .env("KAKEHASHI_LOG_FORMAT", "json")
        .env("KAKEHASHI_LOG_FILTER", "info,tower_http=debug")
        .stderr(std::fs::File::create(&log)?);
    let mut server = Server::start_with_stderr(command);
    let id = "01a2146f-cd57-75ed-950f-5ccc57b85244";
    let r = reqwest::get(server.url(&format!("/api/v1/operator/outbox/{id}"))).await?;
    assert_eq!(r.status(), 401);
    assert!(server.terminate().success());

    let lines = std::fs::read_to_string(&log)?;
    let spans: Vec<serde_json::Value> = lines
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|l| l.get("span").cloned())
        .filter(|s| s["name"] == "request")
        .collect();
    let span =
        spans.iter().find(|s| s["http.route"] == "/api/v1/operator/outbox/{mail_id}").expect("a span for the route");
    assert_eq!(span["otel.name"], "GET /api/v1/operator/outbox/{mail_id}");
    assert!(
        !lines.contains(&format!("\"otel.name\":\"GET /api/v1/operator/outbox/{id}")),
        "ids stay out of span names"
    );
    Ok(())
}

#[tokio::test]
async fn an_organisation_left_without_an_admin_is_recovered_from_the_command_line() -> anyhow::Result<()> {
    let app = kakehashi_testkit::TestApp::spawn().await?;
    let (org, _) = app.create_org("回復テスト株式会社", Some("600000000001"), "admin@recovery.example").await?;
    app.add_person(org, "member@recovery.example", kakehashi_domain::tenancy::Role::Member).await?;
    let dir = tempfile::tempdir()?;
    let url = app.db.url.clone();

    let out = run(kakehashi(&url, dir.path()).args(["user", "disable", "--email", "admin@recovery.example"]), "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = run(kakehashi(&url, dir.path()).args(["org", "list"]), "");
    let line = text(&listed.stdout).lines().find(|l| l.contains("回復テスト株式会社")).unwrap_or_default().to_owned();
    assert!(line.contains("admins=0"), "the disabled admin does not count: {line}");

    let number =
        kakehashi_domain::identity::with_check_digit("600000000001").map(|n| n.to_string()).unwrap_or_default();
    let no_reason = run(
        kakehashi(&url, dir.path()).args([
            "org",
            "appoint-admin",
            "--org",
            &number,
            "--email",
            "member@recovery.example",
            "--reason",
            " ",
        ]),
        "",
    );
    assert_eq!(no_reason.status.code(), Some(1));
    let out = run(
        kakehashi(&url, dir.path()).args([
            "org",
            "appoint-admin",
            "--org",
            &number,
            "--email",
            "member@recovery.example",
            "--reason",
            "本人確認済み（電話）",
        ]),
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = run(kakehashi(&url, dir.path()).args(["org", "list"]), "");
    assert!(text(&listed.stdout).lines().any(|l| l.contains("回復テスト株式会社") && l.contains("admins=1")));
    let console = kakehashi_server::platform::tenancy::Acting::console(org, "回復テスト株式会社".into());
    let entries = kakehashi_server::platform::audit::recent_for_org(app.state.db(), &console.own(), None, 10).await?;
    assert!(
        entries.iter().any(|e| e.action == "operator.recovery_appoint_admin" && e.details.contains("command line"))
    );
    Ok(())
}

#[tokio::test]
async fn catalogs_profiles_and_crosswalks_import_and_export_from_the_command_line() -> anyhow::Result<()> {
    use kakehashi_testkit::nist;
    let db = TestDb::fresh().await?;
    let dir = tempfile::tempdir()?;
    let data = nist::catalogs_dir();
    let cli = |args: &[&str]| run(kakehashi(&db.url, dir.path()).args(args), "");

    let out = cli(&["catalog", "import", &data.join(nist::SP800_53).display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let listed = text(&cli(&["catalog", "list"]).stdout);
    let sp53 = listed.split_whitespace().next().unwrap_or_default().to_owned();

    let low = data.join(nist::LOW_BASELINE).display().to_string();
    let out = cli(&["profile", "import", &low]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("with 149 controls"), "{}", text(&out.stdout));
    let again = cli(&["profile", "import", &low]);
    assert_eq!(again.status.code(), Some(7), "the same title and version twice is bad input");
    assert!(text(&again.stderr).contains("already imported"), "{}", text(&again.stderr));
    let wrong = cli(&["profile", "import", &low, "--catalog", "nope"]);
    assert_eq!(wrong.status.code(), Some(7));

    let listed = text(&cli(&["profile", "list"]).stdout);
    assert!(listed.contains("LOW IMPACT BASELINE") && listed.contains("149 controls"), "{listed}");
    let profile = listed.split_whitespace().next().unwrap_or_default().to_owned();
    let exported = dir.path().join("low.json");
    let out = cli(&["profile", "export", &profile, "--out", &exported.display().to_string()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let written = kakehashi_formats::oscal::read_profile("low.json", &std::fs::read(&exported)?)?;
    assert_eq!(written.imports[0].with_ids.len(), 149);

    let mappings = dir.path().join("mine.csv");
    std::fs::write(&mappings, "source,target,relation\nAC-2,AC-3,intersects\n")?;
    let out = cli(&[
        "crosswalk",
        "import",
        &mappings.display().to_string(),
        "--source",
        &sp53,
        "--target",
        &sp53,
        "--provenance",
        "test",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&cli(&["crosswalk", "list"]).stdout).contains("1 mappings, 0 unresolved"));

    // The commands docs/guideline-form.md shows.
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples");
    let csv = examples.join("guideline.csv").display().to_string();
    let out = cli(&["catalog", "import", &csv]);
    assert_eq!(out.status.code(), Some(7), "a CSV without its title is bad input");
    let out = cli(&[
        "catalog",
        "import",
        &csv,
        "--title",
        "取引先向け基本対策（記入例）",
        "--guideline-version",
        "2026",
        "--issuer",
        "架け橋工業会（架空）",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("4 controls, 1 withdrawn"), "{}", text(&out.stdout));
    let out = cli(&["catalog", "import", &examples.join("guideline.yaml").display().to_string()]);
    assert_eq!(out.status.code(), Some(7), "the same title and version as the CSV");
    assert!(text(&out.stderr).contains("already imported"), "{}", text(&out.stderr));
    Ok(())
}

#[tokio::test]
async fn a_self_check_is_reported_and_exported_from_the_command_line() -> anyhow::Result<()> {
    let app = kakehashi_testkit::TestApp::spawn().await?;
    app.create_org("報告テスト株式会社", Some("600000000002"), "it@report.example").await?;
    let it = app.client_for("it@report.example").await?;
    let list: Vec<serde_json::Value> = it.get(app.url("/api/v1/questionnaires")).send().await?.json().await?;
    let tier1 = list.iter().find(|q| q["baseline_tier"] == 1).cloned().unwrap_or_default();
    let started: serde_json::Value = it
        .post(app.url("/api/v1/assessments"))
        .json(&serde_json::json!({"questionnaire_id": tier1["id"]}))
        .send()
        .await?
        .json()
        .await?;
    let id = started["id"].as_str().unwrap_or_default().to_owned();
    let mut answers: Vec<serde_json::Value> =
        (0..7).map(|p| serde_json::json!({"position": p, "value": "implemented"})).collect();
    answers[3] = serde_json::json!({"position": 3, "value": "partly", "note": "二台だけ, \"未\"導入"});
    it.put(app.url(&format!("/api/v1/assessments/{id}/answers")))
        .json(&serde_json::json!({"answers": answers}))
        .send()
        .await?;
    let dir = tempfile::tempdir()?;
    let url = app.db.url.clone();
    let number =
        kakehashi_domain::identity::with_check_digit("600000000002").map(|n| n.to_string()).unwrap_or_default();

    let listed = run(kakehashi(&url, dir.path()).args(["self-check", "list", "--org", &number]), "");
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    assert!(text(&listed.stdout).contains(id.as_str()) && text(&listed.stdout).contains("answered=7/7 tier=-"));
    let shown =
        run(kakehashi(&url, dir.path()).args(["self-check", "show", &id, "--org", &number, "--lang", "en"]), "");
    let shown = text(&shown.stdout);
    assert!(shown.contains("overall: 92%") && shown.contains("next steps:"), "{shown}");
    let csv = run(kakehashi(&url, dir.path()).args(["self-check", "export", &id, "--org", &number]), "");
    let csv = text(&csv.stdout);
    assert!(csv.starts_with('\u{feff}'));
    assert_eq!(csv.lines().count(), 8, "a header and seven questions");
    assert!(csv.contains("partly,,\"二台だけ, \"\"未\"\"導入\",answered,1"), "{csv}");

    let other = run(kakehashi(&url, dir.path()).args(["self-check", "show", &id, "--org", "no-such-org"]), "");
    assert_eq!(other.status.code(), Some(1));
    Ok(())
}

/// `kakehashi demo` listens where KAKEHASHI_SERVER_BIND says (its own default gives way, as the
/// documented order promises), imports NIST's files shipped in the repository, and lists the
/// demo's accounts with 東和電子's among them.
#[test]
fn the_demo_honours_the_bind_setting_and_imports_nist_from_the_repository() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().expect("a scratch folder");
    let mut child = std::process::Command::new(common::BIN)
        .current_dir(dir.path())
        .env_remove("KAKEHASHI_CONFIG")
        .env_remove("KAKEHASHI_CATALOGS_DIR")
        .env("KAKEHASHI_SERVER_BIND", "127.0.0.1:0")
        .env("KAKEHASHI_LOG_FILTER", "warn")
        .args(["demo", "--database-url", "sqlite://demo.sqlite"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the demo starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut printed = Vec::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        let done = line.contains("admin2@supplier.demo.kakehashi.example");
        printed.push(line);
        if done {
            break;
        }
    }
    // Only our own child, by its PID.
    let _ = child.kill();
    let _ = child.wait();
    let all = printed.join("\n");
    let running = printed.iter().find(|l| l.starts_with("Kakehashi demo is running at")).expect("the address");
    let port = running.rsplit(':').next().unwrap_or_default();
    assert!(port != "8080" && port.parse::<u16>().is_ok_and(|p| p > 0), "{running}");
    assert!(all.contains("NIST Cybersecurity Framework 2.0") && all.contains("746 mappings"), "{all}");
}
