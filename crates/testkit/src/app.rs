//! The real server, in this process, on 127.0.0.1 port 0, with a fresh database.

use std::net::SocketAddr;
use std::sync::Arc;

use kakehashi_domain::clock::{Clock, ManualClock};
use kakehashi_domain::identity::{DisplayName, EmailAddress, NewPassword};
use kakehashi_domain::ids::UserId;
use kakehashi_domain::locale::Locale;
use kakehashi_server::AppState;
use kakehashi_server::platform::auth::users::{self, NewUser};
use kakehashi_server::platform::config::Settings;
use kakehashi_server::platform::jobs::runner::{self, RunSummary};
use time::OffsetDateTime;
use time::macros::datetime;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::db::TestDb;

/// Where every test's clock starts, so that times in assertions are exact.
pub const START: OffsetDateTime = datetime!(2026-04-01 09:00 +09:00);

#[derive(Debug, Default, Clone)]
pub struct TestAppOptions {
    /// Deliver mail by SMTP to 127.0.0.1 on this port.
    pub smtp_port: Option<u16>,
    /// Load the demo world.
    pub demo: bool,
    /// The largest evidence file accepted, when not the default.
    pub max_file_bytes: Option<usize>,
    /// The bytes of files one organisation may keep, when not the default.
    pub file_quota_bytes: Option<u64>,
    /// Extra TOML settings, merged over the test defaults.
    pub extra_toml: String,
}

#[derive(Debug)]
pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub state: AppState,
    pub clock: ManualClock,
    pub db: TestDb,
    /// Where this server keeps uploaded files.
    pub files: tempfile::TempDir,
    /// Where its key file is (`keys.file`).
    pub secrets: tempfile::TempDir,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<std::io::Result<()>>>,
}

impl TestApp {
    pub async fn spawn() -> anyhow::Result<TestApp> {
        Self::spawn_with(TestAppOptions::default()).await
    }

    pub async fn spawn_with(options: TestAppOptions) -> anyhow::Result<TestApp> {
        let db = TestDb::fresh().await?;
        let files = tempfile::tempdir()?;
        let secrets = tempfile::tempdir()?;
        let mut toml = format!(
            "[database]\nurl = \"{}\"\nmax_connections = 4\n[keys]\nfile = {:?}\n[files]\ndir = {:?}\n[jobs]\nrun_in_server = false\n[log]\nfilter = \"warn\"\n",
            db.url,
            secrets.path().join("keys").display().to_string(),
            files.path().display().to_string()
        );
        if let Some(max) = options.max_file_bytes {
            toml = toml.replace("[jobs]", &format!("max_file_bytes = {max}\n[jobs]"));
        }
        if let Some(quota) = options.file_quota_bytes {
            toml = toml.replace("[jobs]", &format!("quota_bytes_per_org = {quota}\n[jobs]"));
        }
        if let Some(port) = options.smtp_port {
            toml.push_str(&format!(
                "[mail]\nfrom = \"Kakehashi <no-reply@kakehashi.test>\"\nsmtp_host = \"127.0.0.1\"\nsmtp_port = {port}\nsmtp_tls = \"none\"\n"
            ));
        }
        toml.push_str(&options.extra_toml);
        let settings = Settings::from_toml_str(&toml)?;
        let clock = ManualClock::starting_at(START);
        let shared: Arc<dyn Clock> = Arc::new(clock.clone());
        let state = kakehashi_server::prepare(settings, shared, options.demo).await?;
        if options.demo {
            kakehashi_server::demo::load(&state).await?;
        }
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(kakehashi_server::serve(state.clone(), listener, async {
            let _ = stopped.await;
        }));
        Ok(TestApp {
            addr,
            base: format!("http://{addr}"),
            state,
            clock,
            db,
            files,
            secrets,
            stop: Some(stop),
            server: Some(server),
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser-like client: keeps cookies, follows redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).build().unwrap_or_default()
    }

    /// A client that keeps cookies and shows redirects instead of following them.
    pub fn client_no_redirects(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_default()
    }

    /// Adds an account directly (the identity capability will add invitations).
    pub async fn create_user(&self, email: &str, password: &str, is_operator: bool) -> anyhow::Result<UserId> {
        let new = NewUser {
            email: EmailAddress::parse(email)?,
            display_name: DisplayName::parse("試験 花子")?,
            password: NewPassword::parse(password, email)?,
            is_operator,
            locale: Locale::Ja,
        };
        Ok(users::create(self.state.db(), new, None, self.clock.now()).await?)
    }

    /// Signs `client` in through the API.
    pub async fn sign_in(&self, client: &reqwest::Client, email: &str, password: &str) -> anyhow::Result<()> {
        let response = client
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await?;
        anyhow::ensure!(response.status() == 201, "sign-in failed: {}", response.status());
        Ok(())
    }

    /// Runs due jobs, moving the clock up to `until`.
    pub async fn run_jobs_until(&self, until: OffsetDateTime) -> anyhow::Result<RunSummary> {
        runner::run_until(&self.state, &self.clock, until, |_, _| {}).await
    }

    /// Stops the server the way a signal would, and waits for it.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await??;
        }
        Ok(())
    }
}
