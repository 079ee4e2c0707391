//! The two migration trees (SQLite and PostgreSQL) must build the same schema: the same tables,
//! the same columns in each, the same indexes. Runs in the PostgreSQL run of the suite, where
//! both databases are at hand; the SQLite run has no PostgreSQL to compare with.

use std::collections::{BTreeMap, BTreeSet};

use kakehashi_server::platform::config::{DatabaseSettings, DatabaseUrl, SqliteSynchronous};
use kakehashi_server::platform::db::{Backend, Db};
use kakehashi_testkit::{TestDb, expected_backend};

/// Table → its columns, and the index names.
type Schema = (BTreeMap<String, BTreeSet<String>>, BTreeSet<String>);

async fn migrated(url: &str) -> anyhow::Result<Db> {
    let settings = DatabaseSettings {
        url: DatabaseUrl::parse(url).map_err(anyhow::Error::msg)?,
        max_connections: 2,
        sqlite_synchronous: SqliteSynchronous::Full,
    };
    let db = Db::connect(&settings).await?;
    db.migrate().await?;
    Ok(db)
}

async fn sqlite_schema(db: &Db) -> anyhow::Result<Schema> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(db.pool())
    .await?;
    let mut columns = BTreeMap::new();
    for t in tables {
        let names: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info($1)").bind(&t).fetch_all(db.pool()).await?;
        columns.insert(t, names.into_iter().collect());
    }
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'",
    )
    .fetch_all(db.pool())
    .await?;
    Ok((columns, indexes.into_iter().collect()))
}

async fn postgres_schema(db: &Db) -> anyhow::Result<Schema> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.table_name::text, c.column_name::text FROM information_schema.columns c \
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> '_sqlx_migrations'",
    )
    .fetch_all(db.pool())
    .await?;
    let mut columns: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (table, column) in rows {
        columns.entry(table).or_default().insert(column);
    }
    // Indexes made by CREATE INDEX, not those PostgreSQL makes for keys and UNIQUE constraints
    // (SQLite's are the sqlite_autoindex_ ones left out above).
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT i.indexname::text FROM pg_indexes i WHERE i.schemaname = 'public' \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)",
    )
    .fetch_all(db.pool())
    .await?;
    Ok((columns, indexes.into_iter().collect()))
}

#[tokio::test]
async fn both_migration_trees_build_the_same_tables_columns_and_indexes() -> anyhow::Result<()> {
    if expected_backend() != Backend::Postgres {
        return Ok(()); // compared in the PostgreSQL run
    }
    let pg = TestDb::fresh().await?;
    let pg = migrated(&pg.url).await?;
    assert_eq!(pg.backend(), Backend::Postgres);
    let dir = tempfile::tempdir()?;
    let lite = migrated(&format!("sqlite://{}", dir.path().join("schema.sqlite").display())).await?;
    let (lite_columns, lite_indexes) = sqlite_schema(&lite).await?;
    let (pg_columns, pg_indexes) = postgres_schema(&pg).await?;
    assert_eq!(
        lite_columns.keys().collect::<Vec<_>>(),
        pg_columns.keys().collect::<Vec<_>>(),
        "the trees make different tables"
    );
    for (table, columns) in &lite_columns {
        assert_eq!(Some(columns), pg_columns.get(table), "table {table} has different columns");
    }
    assert_eq!(lite_indexes, pg_indexes, "the trees make different indexes");
    assert!(lite_columns.len() > 20, "only {} tables: the comparison read nothing", lite_columns.len());
    Ok(())
}
