//! Backup and restore: a snapshot of a running SQLite installation with its evidence files,
//! restored elsewhere with the audit chain and every file's SHA-256 checked; a damaged backup
//! changes nothing. On PostgreSQL the command says how to use PostgreSQL's own tools.

use std::path::Path;
use std::sync::Arc;

use kakehashi_domain::clock::{Clock, ManualClock};
use kakehashi_server::platform::audit::{self, Verification};
use kakehashi_server::platform::backup::{self, BackupError, DATABASE_FILE, FILES_DIR};
use kakehashi_server::platform::config::Settings;
use kakehashi_server::platform::db::Backend;
use kakehashi_testkit::TestApp;
use sha2::{Digest, Sha256};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";

fn settings_at(dir: &Path) -> anyhow::Result<Settings> {
    Ok(Settings::from_toml_str(&format!(
        "[database]\nurl = \"sqlite://{}\"\n[files]\ndir = {:?}\n[keys]\nfile = {:?}\n[jobs]\nrun_in_server = false\n",
        dir.join("restored.sqlite").display(),
        dir.join("files").display().to_string(),
        dir.join("keys").display().to_string()
    ))?)
}

fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries.flatten().flat_map(|e| if e.path().is_dir() { files_under(&e.path()) } else { vec![e.path()] }).collect()
}

#[tokio::test]
async fn a_backup_restores_elsewhere_with_its_chain_and_files_checked_and_a_damaged_one_changes_nothing()
-> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let taken = tempfile::tempdir()?;
    let to = taken.path().join("backup");
    if app.state.db().backend() == Backend::Postgres {
        let refused = backup::backup(app.state.db(), app.files.path(), &to).await;
        let said = refused.map(|_| ()).map_err(|e| e.to_string());
        assert!(said.as_ref().is_err_and(|e| e.contains("pg_dump") && e.contains("pg_restore")), "{said:?}");
        return Ok(());
    }
    app.create_org("控え株式会社", None, "it@backup.example").await?;
    let it = app.client_for("it@backup.example").await?;
    for (name, body) in [("a.pdf", PDF.to_vec()), ("b.txt", "手順書\n".as_bytes().to_vec())] {
        let r = it.post(app.url(&format!("/api/v1/evidence/files?name={name}"))).body(body).send().await?;
        assert_eq!(r.status(), 201);
    }

    let report = backup::backup(app.state.db(), app.files.path(), &to).await?;
    assert_eq!(report.files, 2);
    assert!(report.audit_entries > 3, "{report:?}");
    assert!(to.join("backup.json").is_file());
    assert!(matches!(backup::backup(app.state.db(), app.files.path(), &to).await, Err(BackupError::NotEmpty(_))));

    // Restored into another place: the same chain, the same files, and a service that starts on it.
    let elsewhere = tempfile::tempdir()?;
    let settings = settings_at(elsewhere.path())?;
    assert_eq!(backup::restore(&to, &settings).await?, report);
    let clock: Arc<dyn Clock> = Arc::new(ManualClock::starting_at(app.clock.now()));
    let restored = kakehashi_server::prepare(settings.clone(), clock, false).await?;
    match audit::verify(restored.db(), |_, _| {}).await? {
        Verification::Intact { entries } => assert!(entries >= report.audit_entries),
        broken => panic!("{broken:?}"),
    }
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT sha256 FROM evidence_files").fetch_all(restored.db().pool()).await?;
    let on_disk = files_under(&settings.files.dir);
    assert_eq!(on_disk.len(), 2);
    for path in on_disk {
        let digest = kakehashi_server::platform::hex(&Sha256::digest(std::fs::read(&path)?));
        assert!(rows.contains(&digest), "{} is a file the database lists, with its content", path.display());
    }
    restored.db().close().await;
    assert!(matches!(backup::restore(&to, &settings).await, Err(BackupError::TargetExists(_))));

    // A changed file, or a changed audit entry: refused, and nothing is written.
    let file = files_under(&to.join(FILES_DIR)).into_iter().next().expect("a file in the backup");
    let original = std::fs::read(&file)?;
    std::fs::write(&file, b"%PDF-1.7\nswapped")?;
    let target = tempfile::tempdir()?;
    let refused = backup::restore(&to, &settings_at(target.path())?).await;
    assert!(matches!(refused, Err(BackupError::FileBroken { .. })), "{refused:?}");
    assert!(std::fs::read_dir(target.path())?.next().is_none(), "nothing restored");
    std::fs::write(&file, original)?;

    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&format!("sqlite://{}", to.join(DATABASE_FILE).display())).await?;
    sqlx::query("UPDATE audit_log SET details = '{}' WHERE seq = 2").execute(&pool).await?;
    pool.close().await;
    let refused = backup::restore(&to, &settings_at(target.path())?).await;
    assert!(matches!(refused, Err(BackupError::AuditBroken { seq: 2, .. })), "{refused:?}");
    assert!(!target.path().join("restored.sqlite").exists());
    Ok(())
}
