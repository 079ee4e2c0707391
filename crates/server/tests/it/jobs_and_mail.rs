//! Durable jobs and the mail outbox, with time moved by the test instead of waited for.

use kakehashi_domain::clock::Clock;
use kakehashi_testkit::{SmtpSink, TestApp, TestAppOptions};
use time::Duration;

const OPERATOR: (&str, &str) = ("ops@kakehashi.test", "a long operator passphrase");

async fn operator(app: &TestApp) -> anyhow::Result<reqwest::Client> {
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let client = app.client();
    app.sign_in(&client, OPERATOR.0, OPERATOR.1).await?;
    Ok(client)
}

async fn outbox(app: &TestApp, client: &reqwest::Client) -> anyhow::Result<serde_json::Value> {
    Ok(client.get(app.url("/api/v1/operator/outbox")).send().await?.json().await?)
}

async fn queue_test_mail(app: &TestApp, client: &reqwest::Client, to: &str) -> anyhow::Result<String> {
    let r: serde_json::Value = client
        .post(app.url("/api/v1/operator/test-mail"))
        .json(&serde_json::json!({ "to": to }))
        .send()
        .await?
        .json()
        .await?;
    Ok(r["id"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn without_smtp_messages_are_kept_for_the_operator() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let client = operator(&app).await?;
    let id = queue_test_mail(&app, &client, "supplier@example.jp").await?;
    assert_eq!(outbox(&app, &client).await?[0]["state"], "pending");
    app.run_jobs_until(app.clock.now()).await?;
    let message: serde_json::Value =
        client.get(app.url(&format!("/api/v1/operator/outbox/{id}"))).send().await?.json().await?;
    assert_eq!(message["state"], "held");
    assert!(message["body_text"].as_str().unwrap_or_default().contains("返信は不要です"));
    let page = client.get(app.url(&format!("/operator/outbox/{id}"))).send().await?.text().await?;
    assert!(page.contains("保管（未送信）"), "the operator can read it");
    Ok(())
}

#[tokio::test]
async fn a_refused_delivery_is_retried_with_growing_waits_until_it_succeeds() -> anyhow::Result<()> {
    let sink = SmtpSink::start().await?;
    let app = TestApp::spawn_with(TestAppOptions { smtp_port: Some(sink.port), ..Default::default() }).await?;
    let client = operator(&app).await?;
    let start = app.clock.now();
    sink.refuse(true);
    queue_test_mail(&app, &client, "supplier@example.jp").await?;

    // Attempts at +0, +30 s and +90 s fail (the waits double: 30 s, 60 s).
    let summary = app.run_jobs_until(start + Duration::seconds(100)).await?;
    assert_eq!((summary.succeeded, summary.failed), (0, 3));
    let jobs: serde_json::Value = client.get(app.url("/api/v1/operator/jobs")).send().await?.json().await?;
    let deliver =
        jobs.as_array().and_then(|j| j.iter().find(|j| j["kind"] == "mail.deliver")).cloned().unwrap_or_default();
    assert_eq!(deliver["state"], "pending");
    assert_eq!(deliver["attempts"], 3);
    assert_eq!(deliver["run_at"], "2026-04-01T00:03:30Z", "next try 120 s after the third");
    assert!(deliver["last_error"].as_str().unwrap_or_default().contains("451"));
    assert_eq!(outbox(&app, &client).await?[0]["state"], "pending");

    sink.refuse(false);
    let summary = app.run_jobs_until(start + Duration::minutes(10)).await?;
    assert_eq!(summary.succeeded, 1);
    assert_eq!(sink.messages().len(), 1);
    let sent = &outbox(&app, &client).await?[0];
    assert_eq!(sent["state"], "sent");
    assert_eq!(sent["attempts"], 4);
    assert_eq!(sent["sent_at"], "2026-04-01T00:03:30Z");
    Ok(())
}

#[tokio::test]
async fn a_delivery_that_keeps_failing_gives_up_and_says_so() -> anyhow::Result<()> {
    let sink = SmtpSink::start().await?;
    let app = TestApp::spawn_with(TestAppOptions { smtp_port: Some(sink.port), ..Default::default() }).await?;
    let client = operator(&app).await?;
    sink.refuse(true);
    queue_test_mail(&app, &client, "supplier@example.jp").await?;
    let summary = app.run_jobs_until(app.clock.now() + Duration::days(3)).await?;
    assert_eq!(summary.failed, 8, "eight attempts in all");
    assert_eq!(outbox(&app, &client).await?[0]["state"], "failed");
    let jobs: serde_json::Value = client.get(app.url("/api/v1/operator/jobs")).send().await?.json().await?;
    assert!(jobs.as_array().is_some_and(|j| j.iter().any(|j| j["kind"] == "mail.deliver" && j["state"] == "failed")));
    Ok(())
}

#[tokio::test]
async fn recurring_jobs_run_on_schedule_as_time_moves() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    kakehashi_server::platform::sessions::schedule_purge(&app.state).await?;
    kakehashi_server::platform::sessions::schedule_purge(&app.state).await?; // idempotent
    let summary = app.run_jobs_until(app.clock.now() + Duration::hours(5) + Duration::minutes(30)).await?;
    assert_eq!(summary.succeeded, 5, "once an hour");
    let pending: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE kind = 'sessions.purge' AND state = 'pending'")
            .fetch_one(app.state.db().pool())
            .await?;
    assert_eq!(pending, 1, "exactly one next run is scheduled");
    assert_eq!(app.clock.now(), kakehashi_testkit::app::START + Duration::hours(5) + Duration::minutes(30));

    // The daily sweep of files nobody refers to.
    let scheduled_at = app.clock.now();
    kakehashi_server::platform::files::schedule_sweep(&app.state).await?;
    kakehashi_server::platform::files::schedule_sweep(&app.state).await?; // idempotent
    let summary = app.run_jobs_until(scheduled_at + Duration::days(2) + Duration::minutes(1)).await?;
    assert_eq!(summary.succeeded, 48 + 2, "the hourly purge, and the sweep once a day");
    let next: Vec<i64> = sqlx::query_scalar("SELECT run_at FROM jobs WHERE kind = 'files.sweep' AND state = 'pending'")
        .fetch_all(app.state.db().pool())
        .await?;
    let expected = kakehashi_server::platform::db::to_ms(scheduled_at + Duration::days(3));
    assert_eq!(next, vec![expected], "one next run, a day after the last");
    Ok(())
}

#[tokio::test]
async fn a_job_left_running_by_a_dead_runner_is_taken_over_after_its_lease() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let client = operator(&app).await?;
    queue_test_mail(&app, &client, "supplier@example.jp").await?;
    // A runner claims the job and dies before finishing it.
    let claimed =
        kakehashi_server::platform::jobs::store::claim_next(app.state.db(), app.clock.now(), Duration::minutes(5))
            .await?;
    assert!(claimed.is_some());
    assert_eq!(app.run_jobs_until(app.clock.now() + Duration::minutes(4)).await?.succeeded, 0, "still leased");
    app.clock.advance_by(Duration::minutes(2));
    assert_eq!(app.run_jobs_until(app.clock.now()).await?.succeeded, 1, "taken over");
    assert_eq!(outbox(&app, &client).await?[0]["state"], "held");
    Ok(())
}
