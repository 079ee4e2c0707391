//! Platform services every capability uses: configuration, database, the route registry and
//! its guard, errors, languages, uploaded files, jobs, the mail outbox, sessions, the audit log, telemetry and
//! shutdown. Capabilities live beside this folder and depend on it, never the other way round.

pub mod audit;
pub mod auth;
pub mod backup;
pub mod client;
pub mod config;
pub mod db;
pub mod error;
pub mod files;
pub mod i18n;
pub mod input;
pub mod jobs;
pub mod keys;
pub mod outbox;
pub mod role_table;
pub mod routes;
pub mod sessions;
pub mod settings;
pub mod shutdown;
pub mod state;
pub mod telemetry;
pub mod tenancy;
pub mod unit;
pub mod web;

/// Lower-case hex of `bytes` (sha2 0.11 digests do not format as hex themselves).
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
