use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;

use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on (overrides server.bind); port 0 picks a free port
    #[arg(long, value_name = "ADDR")]
    bind: Option<SocketAddr>,
}

pub async fn run(config: Option<&Path>, args: Args) -> Result<(), Failure> {
    let mut settings = super::settings(config)?;
    if let Some(bind) = args.bind {
        settings.server.bind = bind;
    }
    let listener = super::bind(settings.server.bind).await?;
    let state = super::state(settings).await?;
    super::serve_until_signal(state, listener, |addr| {
        println!("Kakehashi is listening on http://{addr}");
        let _ = std::io::stdout().flush();
    })
    .await
}
