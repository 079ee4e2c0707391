//! The audit log's hash chain detects any edit, deletion or reordering of its rows.

use kakehashi_server::platform::audit::{self, AuditEvent, Verification};
use kakehashi_testkit::TestApp;

/// A fresh app (whose start already wrote the built-in catalogs' entries) with `n` more.
async fn app_with_entries(n: usize) -> anyhow::Result<TestApp> {
    let app = TestApp::spawn().await?;
    for i in 0..n {
        let mut tx = app.state.db().write().await?;
        audit::append(&mut tx, AuditEvent::new("test.event").detail("n", i.to_string()), app.state.now()).await?;
        tx.commit().await?;
    }
    Ok(app)
}

async fn audit_rows(app: &TestApp) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(app.state.db().pool()).await?)
}

async fn verify(app: &TestApp) -> anyhow::Result<Verification> {
    Ok(audit::verify(app.state.db(), |_, _| {}).await?)
}

async fn exec(app: &TestApp, sql: &'static str) -> anyhow::Result<()> {
    sqlx::query(sql).execute(app.state.db().pool()).await?;
    Ok(())
}

#[tokio::test]
async fn an_untouched_chain_verifies() -> anyhow::Result<()> {
    let app = app_with_entries(5).await?;
    let at_start = audit_rows(&app).await? - 5;
    assert!(at_start > 0, "installing the built-in catalogs is audited");
    assert_eq!(verify(&app).await?, Verification::Intact { entries: at_start + 5 });
    Ok(())
}

#[tokio::test]
async fn editing_any_field_is_detected_at_that_entry() -> anyhow::Result<()> {
    for sql in [
        "UPDATE audit_log SET details = '{\"n\":\"99\"}' WHERE seq = 3",
        "UPDATE audit_log SET action = 'test.other' WHERE seq = 3",
        "UPDATE audit_log SET at = at + 1 WHERE seq = 3",
        "UPDATE audit_log SET actor_user_id = 'someone' WHERE seq = 3",
        "UPDATE audit_log SET actor_org_id = 'another-org' WHERE seq = 3",
        "UPDATE audit_log SET subject_org_id = 'another-org' WHERE seq = 3",
    ] {
        let app = app_with_entries(5).await?;
        exec(&app, sql).await?;
        assert!(matches!(verify(&app).await?, Verification::Broken { seq: 3, .. }), "{sql}");
    }
    Ok(())
}

#[tokio::test]
async fn a_recomputed_hash_still_breaks_the_next_link() -> anyhow::Result<()> {
    let app = app_with_entries(5).await?;
    exec(&app, "UPDATE audit_log SET hash = 'ffff' WHERE seq = 2").await?;
    assert!(matches!(verify(&app).await?, Verification::Broken { seq: 2, .. }));
    Ok(())
}

#[tokio::test]
async fn deleting_an_entry_in_the_middle_or_at_the_end_is_detected() -> anyhow::Result<()> {
    let app = app_with_entries(5).await?;
    exec(&app, "DELETE FROM audit_log WHERE seq = 2").await?;
    assert!(matches!(verify(&app).await?, Verification::Broken { seq: 2, .. }));

    let app = app_with_entries(5).await?;
    exec(&app, "DELETE FROM audit_log WHERE seq = 5").await?;
    let result = verify(&app).await?;
    assert!(matches!(result, Verification::Broken { seq: 5, .. }), "{result:?}");
    Ok(())
}

#[tokio::test]
async fn concurrent_appends_keep_one_unbroken_chain() -> anyhow::Result<()> {
    let app = app_with_entries(0).await?;
    let at_start = audit_rows(&app).await?;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let state = app.state.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = state.db().write().await?;
            audit::append(&mut tx, AuditEvent::new("test.concurrent").detail("i", i.to_string()), state.now()).await?;
            tx.commit().await?;
            anyhow::Ok(())
        }));
    }
    for t in tasks {
        t.await??;
    }
    assert_eq!(verify(&app).await?, Verification::Intact { entries: at_start + 40 });
    Ok(())
}

/// Entries a unit leaves for its commit (as every unit of work does) chain with entries
/// appended at once, across the units of a group; a unit that is dropped leaves no entry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entries_written_at_commit_chain_with_the_rest_and_vanish_with_a_dropped_unit() -> anyhow::Result<()> {
    let app = app_with_entries(0).await?;
    let at_start = audit_rows(&app).await?;
    let mut tasks = Vec::new();
    for i in 0..48_u32 {
        let state = app.state.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = state.db().write().await?;
            let event =
                |n: u32| AuditEvent::new("test.at_commit").detail("i", i.to_string()).detail("n", n.to_string());
            tx.audit_on_commit(event(1), state.now());
            if i % 3 == 0 {
                audit::append(&mut tx, AuditEvent::new("test.at_once").detail("i", i.to_string()), state.now()).await?;
            }
            tx.audit_on_commit(event(2), state.now());
            if i % 8 == 5 {
                return anyhow::Ok(0); // dropped: nothing of it may stay
            }
            tx.commit().await?;
            anyhow::Ok(if i % 3 == 0 { 3 } else { 2 })
        }));
    }
    let mut written = 0;
    for t in tasks {
        written += t.await??;
    }
    assert_eq!(audit_rows(&app).await?, at_start + written);
    assert_eq!(verify(&app).await?, Verification::Intact { entries: at_start + written });
    Ok(())
}
