//! Test support shared by the integration tests of every crate.
//!
//! - [`TestDb`]: a fresh, empty database: a temporary SQLite file, or, when
//!   `KAKEHASHI_TEST_DATABASE_URL` names a PostgreSQL server, a new database created on it.
//! - [`TestApp`]: the real server, started in this process on 127.0.0.1 port 0, with a
//!   manual clock that tests move instead of waiting.
//! - [`SmtpSink`]: a small SMTP server on 127.0.0.1 that keeps what it receives.
//! - [`html`]: reading what pages say (form tokens, text) without a browser; [`reader`]: a
//!   page as its reader meets it, for snapshots.

pub mod app;
pub mod db;
pub mod external;
pub mod fixtures;
pub mod html;
pub mod nist;
pub mod reader;
pub mod smtp;

pub use app::{TestApp, TestAppOptions};
pub use db::{TestDb, expected_backend};
pub use smtp::SmtpSink;
