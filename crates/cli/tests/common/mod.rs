//! Running the real `kakehashi` binary in tests.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};

/// The binary cargo built for these tests.
pub const BIN: &str = env!("CARGO_BIN_EXE_kakehashi");

pub const OPERATOR: (&str, &str) = ("ops@kakehashi.test", "a long operator passphrase");

/// A command with a clean environment for `db_url`, in a scratch working folder.
pub fn kakehashi(db_url: &str, dir: &std::path::Path) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir)
        .env_remove("KAKEHASHI_CONFIG")
        .env("KAKEHASHI_DATABASE_URL", db_url)
        .env("KAKEHASHI_LOG_FILTER", "info");
    c
}

/// Runs a command to completion, feeding `stdin`.
pub fn run(command: &mut Command, stdin: &str) -> Output {
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().expect("the binary starts");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("the binary finishes")
}

pub fn create_operator(db_url: &str, dir: &std::path::Path) {
    let mut c = kakehashi(db_url, dir);
    c.args(["user", "create-operator", "--email", OPERATOR.0, "--name", "運用 太郎", "--password-stdin"]);
    let out = run(&mut c, &format!("{}\n", OPERATOR.1));
    assert!(out.status.success(), "create-operator: {}", String::from_utf8_lossy(&out.stderr));
}

/// A `kakehashi serve` process on a free port.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    /// Starts `serve` on port 0 and waits for the line that says where it listens.
    pub fn start(mut command: Command) -> Server {
        command.stderr(Stdio::null());
        Self::start_with_stderr(command)
    }

    /// Like `start`, with standard error left as the caller set it.
    pub fn start_with_stderr(mut command: Command) -> Server {
        command.args(["serve", "--bind", "127.0.0.1:0"]).stdout(Stdio::piped());
        let mut child = command.spawn().expect("serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("serve prints its address");
        let base = line.trim().rsplit(' ').next().unwrap_or_default().to_owned();
        assert!(base.starts_with("http://127.0.0.1:"), "unexpected first line: {line:?}");
        Server { child, base }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends SIGTERM, as a service manager would.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
        assert!(sent.success());
        self.child.wait().expect("the server exits")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only our own child, by its PID.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn signed_in_client(server: &Server) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let r = client
        .post(server.url("/api/v1/session"))
        .json(&serde_json::json!({"email": OPERATOR.0, "password": OPERATOR.1}))
        .send()
        .await
        .expect("sign-in request");
    assert_eq!(r.status(), 201);
    client
}
