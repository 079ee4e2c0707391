//! How a command fails: a message for the person and an exit code scripts can act on (the
//! codes are listed in `kakehashi --help`).

use std::process::ExitCode;

use kakehashi_server::StartError;
use kakehashi_server::platform::config::ConfigError;
use kakehashi_server::platform::db::{DbError, SqlError};

#[derive(Debug)]
pub struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    pub fn unexpected(message: impl Into<String>) -> Self {
        Self { code: 1, message: message.into() }
    }

    pub fn audit_broken(message: impl Into<String>) -> Self {
        Self { code: 5, message: message.into() }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self { code: 2, message: message.into() }
    }

    pub fn configuration(message: impl Into<String>) -> Self {
        Self { code: 3, message: message.into() }
    }

    pub fn bad_input(message: impl Into<String>) -> Self {
        Self { code: 7, message: message.into() }
    }

    pub fn cannot_bind(message: impl Into<String>) -> Self {
        Self { code: 6, message: message.into() }
    }

    pub fn report(self) -> ExitCode {
        eprintln!("error: {}", self.message);
        ExitCode::from(self.code)
    }
}

impl From<ConfigError> for Failure {
    fn from(e: ConfigError) -> Self {
        Self { code: 3, message: e.to_string() }
    }
}

impl From<DbError> for Failure {
    fn from(e: DbError) -> Self {
        Self { code: 4, message: e.to_string() }
    }
}

impl From<StartError> for Failure {
    fn from(e: StartError) -> Self {
        match e {
            StartError::Database(e) => e.into(),
            StartError::Mail(e) => Self { code: 3, message: format!("mail settings: {e:#}") },
            // The built-in catalogs are stored in the database: failing to store them is a
            // database failure (a broken built-in file cannot pass the test suite).
            StartError::Content(e) => Self { code: 4, message: format!("installing the built-in catalogs: {e:#}") },
            // The key file is configuration the operator keeps.
            StartError::Keys(e) => e.into(),
            StartError::Sealing(e) => Self { code: 4, message: format!("sealing two-factor secrets: {e:#}") },
        }
    }
}

impl From<kakehashi_server::platform::keys::KeyError> for Failure {
    fn from(e: kakehashi_server::platform::keys::KeyError) -> Self {
        Self { code: 3, message: format!("keys.file: {e}") }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Self::unexpected(format!("{e:#}"))
    }
}

impl From<SqlError> for Failure {
    fn from(e: SqlError) -> Self {
        Self { code: 4, message: format!("database: {e}") }
    }
}
