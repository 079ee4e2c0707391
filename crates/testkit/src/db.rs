//! Fresh databases for tests.

use kakehashi_server::platform::db::Backend;
use sqlx::Connection;
use tempfile::TempDir;

/// The variable that points the suite at a PostgreSQL server.
pub const PG_VAR: &str = "KAKEHASHI_TEST_DATABASE_URL";

/// The backend this run is meant to test, from the environment.
pub fn expected_backend() -> Backend {
    match std::env::var(PG_VAR) {
        Ok(url) if !url.trim().is_empty() => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

/// An empty database that no other test uses.
#[derive(Debug)]
pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    /// Keeps the SQLite file's folder alive for the test's lifetime.
    _dir: Option<TempDir>,
}

impl TestDb {
    pub async fn fresh() -> anyhow::Result<TestDb> {
        match expected_backend() {
            Backend::Sqlite => {
                let dir = tempfile::tempdir()?;
                let url = format!("sqlite://{}", dir.path().join("kakehashi.sqlite").display());
                Ok(TestDb { url, backend: Backend::Sqlite, _dir: Some(dir) })
            }
            Backend::Postgres => {
                let admin_url = std::env::var(PG_VAR)?;
                let name = format!("kk_test_{}", uuid::Uuid::now_v7().simple());
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.map_err(|e| {
                    anyhow::anyhow!(
                        "cannot reach the test PostgreSQL at {PG_VAR} ({e}); run ./scripts/test, which starts one"
                    )
                })?;
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut admin).await?;
                admin.close().await?;
                let mut url = url::Url::parse(&admin_url)?;
                url.set_path(&format!("/{name}"));
                Ok(TestDb { url: url.to_string(), backend: Backend::Postgres, _dir: None })
            }
        }
    }

    /// The SQLite file, for tests that open it directly.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        self._dir.as_ref().map(|d| d.path().join("kakehashi.sqlite"))
    }
}
