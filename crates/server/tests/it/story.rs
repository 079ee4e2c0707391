//! The story of a first installation, run the same way on SQLite and on PostgreSQL (the
//! backend comes from KAKEHASHI_TEST_DATABASE_URL; the first step proves which one it is).
//!
//! An operator is created, signs in through the form, sends a test message, the delivery job
//! hands it to a real SMTP receiver, the outbox shows it sent, the audit chain is intact, and the
//! server stops cleanly with everything still there after a restart on the same database.

use kakehashi_domain::clock::Clock;
use kakehashi_server::platform::audit::{self, Verification};
use kakehashi_server::platform::db::Backend;
use kakehashi_testkit::{SmtpSink, TestApp, TestAppOptions, expected_backend, html};
use time::Duration;

#[tokio::test]
async fn first_installation_story_on_the_configured_backend() -> anyhow::Result<()> {
    let sink = SmtpSink::start().await?;
    let app = TestApp::spawn_with(TestAppOptions { smtp_port: Some(sink.port), ..Default::default() }).await?;

    // 1. The run is on the backend it was asked to be on, and that database says so itself.
    let backend = app.state.db().backend();
    assert_eq!(backend, expected_backend());
    let version = app.state.db().server_version().await?;
    match backend {
        Backend::Sqlite => assert!(version.starts_with("SQLite 3."), "{version}"),
        Backend::Postgres => assert!(version.starts_with("PostgreSQL "), "{version}"),
    }

    // 2. Healthy.
    let health: serde_json::Value = reqwest::get(app.url("/healthz")).await?.json().await?;
    assert_eq!(health["status"], "ok");

    // 3. An operator signs in through the form (CSRF token and all).
    app.create_user("ops@kakehashi.test", "a long operator passphrase", true).await?;
    let browser = app.client();
    let login = browser.get(app.url("/login")).send().await?.text().await?;
    let token = html::csrf_token(&login).expect("the sign-in form carries a token");
    let home = browser
        .post(app.url("/login"))
        .form(&[
            ("csrf", token.as_str()),
            ("email", "ops@kakehashi.test"),
            ("password", "a long operator passphrase"),
            ("next", "/operator"),
        ])
        .send()
        .await?;
    assert_eq!(home.status(), 200);
    let operator_page = home.text().await?;
    assert!(operator_page.contains("data-testid=\"database\""), "landed on the operator page");

    // 4. A test message goes through the form, into the outbox, as held until the job runs.
    let token = html::csrf_token(&operator_page).expect("operator page has a form token");
    let sent = browser
        .post(app.url("/operator/test-mail"))
        .form(&[("csrf", token.as_str()), ("to", "supplier@example.jp")])
        .send()
        .await?;
    assert_eq!(sent.status(), 200);
    assert!(sent.text().await?.contains("テストメールを送信メール一覧に追加しました"));
    assert!(sink.messages().is_empty(), "nothing is sent before the job runs");

    // 5. The delivery job runs (time moves; nobody waits) and the SMTP receiver has it.
    let summary = app.run_jobs_until(app.clock.now() + Duration::minutes(1)).await?;
    assert_eq!((summary.succeeded, summary.failed), (1, 0));
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("To: supplier@example.jp"), "{}", messages[0]);

    let outbox: serde_json::Value = browser.get(app.url("/api/v1/operator/outbox")).send().await?.json().await?;
    assert_eq!(outbox[0]["state"], "sent");
    assert_eq!(outbox[0]["sent_at"], "2026-04-01T00:00:00Z");

    // 6. Every write is in the audit chain: operator created, signed in, test mail.
    // (Before them, the start installed the built-in catalogs and questionnaires, audited.)
    let actions: Vec<String> = audit::recent(app.state.db(), 100).await?.into_iter().map(|e| e.action).collect();
    assert_eq!(actions[..3], ["mail.test", "user.sign_in", "user.create_operator"]);
    let built_in = ["catalog.import", "crosswalk.import", "questionnaire.create"];
    assert!(actions[3..].iter().all(|a| built_in.contains(&a.as_str())), "{actions:?}");
    assert_eq!(audit::verify(app.state.db(), |_, _| {}).await?, Verification::Intact { entries: actions.len() as i64 });

    // 7. A clean stop, then a new server on the same database finds everything.
    let url = app.db.url.clone();
    let state = app.state.clone();
    drop(browser);
    state.db().close().await;
    let reopened = kakehashi_server::platform::db::Db::connect(
        &kakehashi_server::platform::config::Settings::from_toml_str(&format!("[database]\nurl = \"{url}\""))?.database,
    )
    .await?;
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE state = 'sent'").fetch_one(reopened.pool()).await?;
    assert_eq!(count, 1);
    Ok(())
}
