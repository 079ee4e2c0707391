//! A minimal SMTP receiver on 127.0.0.1 for delivery tests: it speaks just enough of RFC 5321
//! (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for a real client (lettre) to hand it
//! messages, and keeps each message's raw text. It can be told to refuse mail, to test retries.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<String>>>,
    refusing: Arc<Mutex<bool>>,
}

impl SmtpSink {
    pub async fn start() -> anyhow::Result<SmtpSink> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let sink = SmtpSink { port: listener.local_addr()?.port(), received: Arc::default(), refusing: Arc::default() };
        let accepting = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let session = accepting.clone();
                tokio::spawn(async move {
                    let _ = session.converse(stream).await;
                });
            }
        });
        Ok(sink)
    }

    /// Raw messages received so far (headers and body, dot-unstuffed).
    pub fn messages(&self) -> Vec<String> {
        self.received.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// While refusing, every message is answered with a temporary failure (451).
    pub fn refuse(&self, refusing: bool) {
        if let Ok(mut r) = self.refusing.lock() {
            *r = refusing;
        }
    }

    fn is_refusing(&self) -> bool {
        self.refusing.lock().map(|r| *r).unwrap_or(false)
    }

    async fn converse(&self, stream: TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 sink.test ESMTP\r\n").await?;
        while let Some(line) = lines.next_line().await? {
            let verb = line.get(..4).unwrap_or(&line).to_ascii_uppercase();
            let reply: &[u8] = match verb.as_str() {
                "EHLO" => b"250-sink.test\r\n250 8BITMIME\r\n",
                "HELO" | "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 OK\r\n",
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await?;
                    return Ok(());
                }
                "DATA" => {
                    write.write_all(b"354 go ahead\r\n").await?;
                    let mut message = String::new();
                    while let Some(data) = lines.next_line().await? {
                        if data == "." {
                            break;
                        }
                        message.push_str(data.strip_prefix('.').unwrap_or(&data));
                        message.push('\n');
                    }
                    if self.is_refusing() {
                        b"451 try again later\r\n"
                    } else {
                        if let Ok(mut m) = self.received.lock() {
                            m.push(message);
                        }
                        b"250 queued\r\n"
                    }
                }
                _ => b"502 not implemented\r\n",
            };
            write.write_all(reply).await?;
        }
        Ok(())
    }
}
