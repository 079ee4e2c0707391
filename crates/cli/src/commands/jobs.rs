use std::path::Path;
use std::sync::Arc;

use kakehashi_domain::clock::{Clock, ManualClock, SystemClock};
use kakehashi_server::platform::jobs::runner;
use kakehashi_server::platform::jobs::store;

use crate::failure::Failure;
use crate::{progress, time_arg};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Run every job due up to TIME, moving the clock forward from job to job
    Run {
        /// RFC 3339 time, `now`, or an offset such as +30d
        #[arg(long, value_name = "TIME")]
        until: String,
    },
    /// List the most recent jobs
    List {
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let settings = super::settings(config)?;
    match command {
        Command::Run { until } => run_until(settings, &until).await,
        Command::List { limit } => {
            let state = super::state(settings).await?;
            for job in store::list(state.db(), limit).await? {
                println!(
                    "{}  {:<16} {:<8} attempts={} due={}{}",
                    job.id,
                    job.kind,
                    job.state.as_str(),
                    job.attempts,
                    job.run_at,
                    job.last_error.map(|e| format!("  last error: {e}")).unwrap_or_default()
                );
            }
            Ok(())
        }
    }
}

async fn run_until(mut settings: kakehashi_server::platform::config::Settings, until: &str) -> Result<(), Failure> {
    let start = SystemClock.now();
    let until = time_arg::parse(until, start).map_err(|problem| Failure::unexpected(format!("--until {problem}")))?;
    settings.jobs.run_in_server = false;
    let clock = ManualClock::starting_at(start);
    let shared: Arc<dyn Clock> = Arc::new(clock.clone());
    let state = kakehashi_server::prepare(settings, shared, false).await?;
    let span = (until - start).whole_seconds().max(1) as u64;
    let bar = progress::bar(span, "running jobs");
    let summary = runner::run_until(&state, &clock, until, |at, ran| {
        bar.set_position(((at - start).whole_seconds().max(0) as u64).min(span));
        if let Err(e) = &ran.result {
            bar.println(format!("job {} failed: {e}", ran.kind));
        }
    })
    .await?;
    bar.finish_and_clear();
    println!("Ran {} jobs up to {until} ({} failed).", summary.succeeded + summary.failed, summary.failed);
    state.db().close().await;
    Ok(())
}
