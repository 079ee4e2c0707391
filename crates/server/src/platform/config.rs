//! Typed, layered configuration: built-in defaults, then an optional TOML file, then
//! `KAKEHASHI_*` environment variables (`KAKEHASHI_DATABASE_URL` sets `database.url`).
//!
//! Every problem is reported as a [`ConfigError`] that names the setting, where its value came
//! from and how to fix it; the server refuses to start with any of them.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use ipnet::IpNet;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use url::Url;

/// The sections of the configuration, which are also the first word after `KAKEHASHI_`.
const SECTIONS: [&str; 7] = ["server", "database", "files", "keys", "mail", "jobs", "log"];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub files: FileSettings,
    pub keys: KeySettings,
    pub mail: MailSettings,
    pub jobs: JobSettings,
    pub log: LogSettings,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address and port to listen on.
    pub bind: SocketAddr,
    /// The address people use to reach the service; used in links sent by mail.
    pub public_url: Url,
    /// Largest request body accepted by any route, in bytes (routes have smaller limits of their
    /// own: 2 MiB for forms and JSON, 50 MiB for file uploads).
    pub max_body_bytes: usize,
    /// Reverse proxies in front of the service (addresses or networks, e.g. `["10.0.0.5/32"]`).
    /// Only a request coming from one of them has its client's address read from
    /// `X-Forwarded-For`; from anywhere else that header is ignored, since anyone can send it.
    pub trusted_proxies: Vec<IpNet>,
    /// After many failed sign-ins from one address, each further attempt from it waits this much
    /// longer (per failure past the free ones, at most 3 s), right passwords included; no
    /// address is ever locked out. 0 turns the slowing off.
    pub sign_in_slowdown_ms: u64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://PATH` (the default, one file) or `postgres://USER:PASSWORD@HOST:PORT/DB`.
    pub url: DatabaseUrl,
    pub max_connections: u32,
    /// SQLite only: `full` survives power loss; `normal` survives a crash of the process only.
    pub sqlite_synchronous: SqliteSynchronous,
}

/// Where uploaded evidence is kept, and how large one file may be.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    /// A folder on a disk that is backed up with the database.
    pub dir: PathBuf,
    /// The largest evidence file accepted, in bytes (at most 50 MiB, the upload routes' limit).
    pub max_file_bytes: usize,
    /// How many bytes of files one organisation may keep (each content counted once).
    pub quota_bytes_per_org: u64,
}

/// Where the keys that seal secrets in the database live (see `platform::keys`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySettings {
    /// A file only the service's user may read (mode 0600), made with a new key on first
    /// start. Back it up apart from the database.
    pub file: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SqliteSynchronous {
    Full,
    Normal,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// The sender of every message, e.g. `Kakehashi <no-reply@example.jp>`.
    pub from: String,
    /// SMTP server; when empty, messages stay in the outbox for the operator to read.
    pub smtp_host: Option<String>,
    pub smtp_port: Option<u16>,
    pub smtp_tls: SmtpTls,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<SecretString>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// TLS from the first byte (port 465).
    Tls,
    /// Plain connection upgraded with STARTTLS (port 587).
    Starttls,
    /// No encryption: only for a relay on the same host or in tests.
    None,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobSettings {
    /// Whether `serve` runs background jobs itself (turn off when a separate worker runs them).
    pub run_in_server: bool,
    /// How often the server looks for due jobs, in milliseconds.
    pub poll_interval_ms: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// `text` for people, `json` for log collectors.
    pub format: LogFormat,
    /// A `tracing` filter such as `info` or `info,kakehashi_server=debug`.
    pub filter: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// The database URL. It may carry a password, so it never prints itself in full.
#[derive(Clone, Deserialize)]
#[serde(try_from = "String")]
pub struct DatabaseUrl {
    secret: SecretString,
    kind: DatabaseKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatabaseKind {
    Sqlite,
    Postgres,
}

impl DatabaseUrl {
    pub fn parse(s: &str) -> Result<Self, String> {
        let kind = if s.starts_with("sqlite:") {
            DatabaseKind::Sqlite
        } else if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Url::parse(s).map_err(|e| format!("not a valid PostgreSQL URL ({e})"))?;
            DatabaseKind::Postgres
        } else {
            return Err("must start with sqlite: or postgres://".into());
        };
        Ok(Self { secret: SecretString::from(s.to_owned()), kind })
    }

    pub fn kind(&self) -> DatabaseKind {
        self.kind
    }

    pub fn expose(&self) -> &str {
        self.secret.expose_secret()
    }

    /// For SQLite, the file path, if the URL names one (not `:memory:`).
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        let rest = self.expose().strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split('?').next().unwrap_or_default();
        (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
    }

    /// The URL with any password replaced, for logs and messages.
    pub fn redacted(&self) -> String {
        match Url::parse(self.expose()) {
            Ok(mut url) if url.password().is_some() => {
                let _ = url.set_password(Some("***"));
                url.to_string()
            }
            _ => self.expose().to_owned(),
        }
    }
}

impl TryFrom<String> for DatabaseUrl {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

/// A configuration problem: which setting, where its value came from, and the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("configuration setting `{setting}`{}: {problem}\n  fix: {fix}", .source_name.as_ref().map(|s| format!(" (from {s})")).unwrap_or_default())]
pub struct ConfigError {
    pub setting: String,
    pub source_name: Option<String>,
    pub problem: String,
    pub fix: String,
}

impl ConfigError {
    fn new(setting: &str, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self { setting: setting.to_owned(), source_name: None, problem: problem.into(), fix: fix.into() }
    }
}

/// The built-in defaults: a local SQLite file and the loopback address.
fn defaults() -> serde_json::Value {
    serde_json::json!({
        "server": {
            "bind": "127.0.0.1:8080", "public_url": "http://127.0.0.1:8080", "max_body_bytes": 67_108_864,
            "trusted_proxies": [], "sign_in_slowdown_ms": 250,
        },
        "database": { "url": "sqlite://data/kakehashi.sqlite", "max_connections": 8, "sqlite_synchronous": "full" },
        "keys": { "file": "data/keys" },
        "files": { "dir": "data/files", "max_file_bytes": 20_971_520, "quota_bytes_per_org": 1_073_741_824 },
        "mail": { "from": "Kakehashi <no-reply@kakehashi.invalid>", "smtp_tls": "starttls" },
        "jobs": { "run_in_server": true, "poll_interval_ms": 1000 },
        "log": { "format": "text", "filter": "info,sqlx=warn" },
    })
}

/// Maps `KAKEHASHI_SECTION_FIELD` to `section.field`; other `KAKEHASHI_` variables (such as
/// `KAKEHASHI_CONFIG` or the test suite's) are not settings and are left alone.
fn env_provider() -> Env {
    Env::prefixed("KAKEHASHI_").filter_map(|key| {
        let key = key.as_str().to_ascii_lowercase();
        let (section, field) = key.split_once('_')?;
        SECTIONS.contains(&section).then(|| format!("{section}.{field}").into())
    })
}

impl Settings {
    /// Defaults, then `file` (if given, it must exist), then the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(defaults()));
        if let Some(path) = file {
            if !path.is_file() {
                return Err(ConfigError::new(
                    "config file",
                    format!("{} does not exist or is not a file", path.display()),
                    "pass the path of an existing TOML file, or leave it out to use defaults",
                ));
            }
            figment = figment.merge(Toml::file(path));
        }
        Self::from_figment(figment.merge(env_provider()))
    }

    /// The defaults with the given TOML text on top, for tests.
    pub fn from_toml_str(toml: &str) -> Result<Settings, ConfigError> {
        Self::from_figment(Figment::from(Serialized::defaults(defaults())).merge(Toml::string(toml)))
    }

    fn from_figment(figment: Figment) -> Result<Settings, ConfigError> {
        let settings: Settings = figment.extract().map_err(|e| from_figment_error(&figment, e))?;
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if !matches!(self.server.public_url.scheme(), "http" | "https") {
            return Err(ConfigError::new(
                "server.public_url",
                format!("{} is not an http or https address", self.server.public_url),
                "set it to the address people type in their browser, e.g. https://kakehashi.example.jp",
            ));
        }
        if self.server.max_body_bytes < 1024 {
            return Err(ConfigError::new(
                "server.max_body_bytes",
                "is below 1024 bytes, too small for any form",
                "leave it out to use the default (64 MiB)",
            ));
        }
        if self.files.max_file_bytes == 0 || self.files.max_file_bytes > crate::platform::routes::UPLOAD_LIMIT {
            return Err(ConfigError::new(
                "files.max_file_bytes",
                format!(
                    "{} is not between 1 and {} bytes",
                    self.files.max_file_bytes,
                    crate::platform::routes::UPLOAD_LIMIT
                ),
                "leave it out to use the default (20 MiB)",
            ));
        }
        if self.database.max_connections == 0 {
            return Err(ConfigError::new("database.max_connections", "is 0", "set it to 1 or more (default 8)"));
        }
        if self.jobs.poll_interval_ms == 0 {
            return Err(ConfigError::new("jobs.poll_interval_ms", "is 0", "set it to 1 or more (default 1000)"));
        }
        self.mail.validate()
    }

    /// Session cookies are marked `Secure` when people reach the service over TLS.
    pub fn secure_cookies(&self) -> bool {
        self.server.public_url.scheme() == "https"
    }
}

impl MailSettings {
    fn validate(&self) -> Result<(), ConfigError> {
        if self.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::new(
                "mail.from",
                format!("{:?} is not a mail address", self.from),
                "use the form `Kakehashi <no-reply@example.jp>` or just `no-reply@example.jp`",
            ));
        }
        let has_host = self.smtp_host.as_deref().is_some_and(|h| !h.trim().is_empty());
        if !has_host && (self.smtp_username.is_some() || self.smtp_port.is_some()) {
            return Err(ConfigError::new(
                "mail.smtp_host",
                "is empty, but other SMTP settings are set",
                "set mail.smtp_host (KAKEHASHI_MAIL_SMTP_HOST) to your SMTP server, or remove the other mail.smtp_* settings",
            ));
        }
        if self.smtp_username.is_some() != self.smtp_password.is_some() {
            return Err(ConfigError::new(
                "mail.smtp_password",
                "SMTP user name and password must be given together",
                "set both mail.smtp_username and mail.smtp_password, or neither",
            ));
        }
        Ok(())
    }

    /// The SMTP host, when mail delivery is configured.
    pub fn smtp_host(&self) -> Option<&str> {
        self.smtp_host.as_deref().map(str::trim).filter(|h| !h.is_empty())
    }
}

fn from_figment_error(figment: &Figment, error: figment::Error) -> ConfigError {
    let setting = if error.path.is_empty() { "(top level)".to_owned() } else { error.path.join(".") };
    let source_name = error
        .metadata
        .as_ref()
        .map(|m| m.source.as_ref().map(|s| format!("{} {}", m.name, s)).unwrap_or_else(|| m.name.to_string()));
    let fix = match &error.kind {
        figment::error::Kind::UnknownField(_, expected) => {
            format!("remove it or correct the spelling; known settings here: {}", expected.join(", "))
        }
        figment::error::Kind::MissingField(_) => format!("set `{setting}`"),
        _ => format!(
            "correct `{setting}`; the environment variable is KAKEHASHI_{}",
            setting.replacen('.', "_", 1).to_ascii_uppercase()
        ),
    };
    let _ = figment;
    ConfigError { setting, source_name, problem: error.kind.to_string(), fix }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_a_local_sqlite_file_on_loopback() {
        let s = Settings::from_toml_str("").expect("defaults are valid");
        assert_eq!(s.database.url.kind(), DatabaseKind::Sqlite);
        assert_eq!(s.database.url.sqlite_path(), Some(PathBuf::from("data/kakehashi.sqlite")));
        assert_eq!(s.server.bind.to_string(), "127.0.0.1:8080");
        assert!(s.mail.smtp_host().is_none());
        assert!(!s.secure_cookies());
    }

    #[test]
    fn passwords_in_database_urls_never_print() {
        let s = Settings::from_toml_str("[database]\nurl = \"postgres://app:hunter2@db:5432/k\"").expect("valid");
        let printed = format!("{s:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(s.database.url.redacted().contains("***"));
        let with_smtp = Settings::from_toml_str(
            "[mail]\nsmtp_host = \"mail\"\nsmtp_username = \"u\"\nsmtp_password = \"topsecret\"",
        )
        .expect("valid");
        assert!(!format!("{with_smtp:?}").contains("topsecret"));
    }

    #[test]
    fn unknown_settings_are_named_with_a_fix() {
        let err = Settings::from_toml_str("[server]\nbnid = \"127.0.0.1:1\"").expect_err("typo refused");
        assert_eq!(err.setting, "server.bnid");
        assert!(err.fix.contains("bind"), "{err}");
    }

    #[test]
    fn bad_values_name_the_setting_and_the_variable() {
        let err = Settings::from_toml_str("[database]\nurl = \"mysql://x\"").expect_err("refused");
        assert_eq!(err.setting, "database.url");
        assert!(err.to_string().contains("KAKEHASHI_DATABASE_URL"), "{err}");
        let err = Settings::from_toml_str("[server]\nbind = \"localhost\"").expect_err("refused");
        assert_eq!(err.setting, "server.bind");
    }

    #[test]
    fn half_configured_mail_is_refused() {
        let err = Settings::from_toml_str("[mail]\nsmtp_username = \"u\"\nsmtp_password = \"p\"").expect_err("refused");
        assert_eq!(err.setting, "mail.smtp_host");
        let err = Settings::from_toml_str("[mail]\nfrom = \"not an address\"").expect_err("refused");
        assert_eq!(err.setting, "mail.from");
    }

    #[test]
    fn a_missing_config_file_is_an_error() {
        let err = Settings::load(Some(Path::new("/nonexistent/kakehashi.toml"))).expect_err("refused");
        assert!(err.problem.contains("does not exist"));
    }

    #[test]
    fn sqlite_paths_are_read_from_urls() {
        let u = DatabaseUrl::parse("sqlite:///var/lib/k.sqlite?mode=rwc").expect("valid");
        assert_eq!(u.sqlite_path(), Some(PathBuf::from("/var/lib/k.sqlite")));
        assert_eq!(DatabaseUrl::parse("sqlite::memory:").expect("valid").sqlite_path(), None);
    }
}
