//! A kill at any moment loses no acknowledged write: the server is killed (SIGKILL, no chance to
//! clean up) while eight clients are writing; after a restart on the same database every write
//! that was answered 201 is there, and the audit chain is intact.

mod common;

use std::sync::{Arc, Mutex};

use common::{Server, create_operator, kakehashi, signed_in_client};
use kakehashi_testkit::TestDb;

const WRITERS: usize = 8;
const KILL_AFTER: usize = 150;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killing_the_server_during_writes_loses_no_acknowledged_write() -> anyhow::Result<()> {
    let db = TestDb::fresh().await?;
    let dir = tempfile::tempdir()?;
    create_operator(&db.url, dir.path());
    let mut command = kakehashi(&db.url, dir.path());
    command.env("KAKEHASHI_JOBS_RUN_IN_SERVER", "false");
    let mut server = Server::start(command);
    let client = signed_in_client(&server).await;

    let acknowledged: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let (enough_tx, mut enough_rx) = tokio::sync::watch::channel(false);
    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let (client, url, acknowledged, enough_tx) =
            (client.clone(), server.url("/api/v1/operator/test-mail"), acknowledged.clone(), enough_tx.clone());
        writers.push(tokio::spawn(async move {
            for n in 0.. {
                let to = format!("w{w}-n{n}@example.jp");
                let Ok(response) = client.post(&url).json(&serde_json::json!({ "to": to })).send().await else { break };
                if response.status() != 201 {
                    break;
                }
                let Ok(body) = response.json::<serde_json::Value>().await else { break };
                let id = body["id"].as_str().unwrap_or_default().to_owned();
                let count = {
                    let mut acked = acknowledged.lock().expect("lock");
                    acked.push((id, to));
                    acked.len()
                };
                if count >= KILL_AFTER {
                    let _ = enough_tx.send(true);
                }
            }
        }));
    }
    enough_rx.wait_for(|enough| *enough).await?;
    server.child.kill()?; // SIGKILL while the writers are still sending
    server.child.wait()?;
    for w in writers {
        w.await?;
    }
    let acknowledged = acknowledged.lock().expect("lock").clone();
    assert!(acknowledged.len() >= KILL_AFTER);

    let restarted = Server::start(kakehashi(&db.url, dir.path()));
    let client = signed_in_client(&restarted).await;
    for (id, to) in &acknowledged {
        let r = client.get(restarted.url(&format!("/api/v1/operator/outbox/{id}"))).send().await?;
        assert_eq!(r.status(), 200, "acknowledged message {id} is missing after the crash");
        let message: serde_json::Value = r.json().await?;
        assert_eq!(message["to"], to.as_str());
    }
    let audit: serde_json::Value =
        client.get(restarted.url("/api/v1/operator/audit/verification")).send().await?.json().await?;
    assert_eq!(audit["intact"], true, "{audit}");
    assert!(audit["entries"].as_i64().unwrap_or_default() >= acknowledged.len() as i64);
    Ok(())
}
