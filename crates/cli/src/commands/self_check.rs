//! `kakehashi self-check`: read-only reports on self-checks for the operator at the server's
//! command line (questionnaires, an organisation's self-checks, one self-check's score, tier and
//! next steps, and its answers as CSV). Answering and review happen in the UI and the API.

use std::io::Write;
use std::path::Path;

use kakehashi_domain::assess::Answer;
use kakehashi_domain::ids::AssessmentId;
use kakehashi_server::AppState;
use kakehashi_server::assess::assessment_store::{self as store, SelfCheck};
use kakehashi_server::assess::assessments::{self, AssessmentView};
use kakehashi_server::assess::store as questionnaires;
use kakehashi_server::platform::tenancy::Acting;

use crate::failure::Failure;

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the built-in questionnaires (one per tier of the baseline)
    Questionnaires,
    /// List an organisation's self-checks with their progress and tier
    List {
        /// The organisation's id or 法人番号
        #[arg(long)]
        org: String,
    },
    /// Show one self-check: score per theme and overall, tier, and what to do next
    Show {
        id: AssessmentId,
        /// The organisation's id or 法人番号
        #[arg(long)]
        org: String,
        /// ja or en
        #[arg(long, default_value = "ja")]
        lang: String,
    },
    /// Write one self-check's answers as CSV (UTF-8 with BOM, for Excel) to standard output
    Export {
        id: AssessmentId,
        /// The organisation's id or 法人番号
        #[arg(long)]
        org: String,
        /// ja or en
        #[arg(long, default_value = "ja")]
        lang: String,
    },
}

pub async fn run(config: Option<&Path>, command: Command) -> Result<(), Failure> {
    let state = super::state(super::settings(config)?).await?;
    match command {
        Command::Questionnaires => {
            for q in questionnaires::list(state.db(), None).await? {
                println!("{}  {:<60} questions={} screens={}", q.id, q.title, q.questions, q.screens);
            }
            Ok(())
        }
        Command::List { org } => {
            let acting = acting(&state, &org).await?;
            for a in store::list(state.db(), &acting.own::<SelfCheck>()).await? {
                let view = load(&state, &acting, a.id, "ja").await?;
                let tier = view.scoring.tier.map_or("-".to_owned(), |t| t.number().to_string());
                println!(
                    "{}  {:<60} {:<9} answered={}/{} tier={tier}",
                    a.id, a.title, a.state, a.answered, a.questions
                );
            }
            Ok(())
        }
        Command::Show { id, org, lang } => {
            let acting = acting(&state, &org).await?;
            print_summary(&load(&state, &acting, id, &lang).await?);
            Ok(())
        }
        Command::Export { id, org, lang } => {
            let acting = acting(&state, &org).await?;
            let view = load(&state, &acting, id, &lang).await?;
            let mut out = std::io::stdout().lock();
            write_csv(&mut out, &view).map_err(|e| Failure::unexpected(format!("cannot write: {e}")))
        }
    }
}

async fn acting(state: &AppState, org: &str) -> Result<Acting, Failure> {
    let (id, name) = super::org::resolve(state, org).await?;
    Ok(Acting::console(id, name))
}

async fn load(state: &AppState, acting: &Acting, id: AssessmentId, lang: &str) -> Result<AssessmentView, Failure> {
    assessments::view(state, &acting.own::<SelfCheck>(), id, lang, None)
        .await?
        .ok_or_else(|| Failure::unexpected(format!("{} has no self-check {id}", acting.org_name())))
}

fn percent(s: &kakehashi_domain::assess::Score) -> String {
    s.percent().map_or("-".to_owned(), |p| format!("{p}%"))
}

fn print_summary(view: &AssessmentView) {
    let a = &view.assessment;
    println!("{}  ({}, answered {}/{})", a.title, a.state, a.answered, a.questions);
    let tier = |t: Option<kakehashi_domain::baseline::Tier>| t.map_or("none".to_owned(), |t| t.number().to_string());
    println!(
        "tier reached: {}   (taking reasons as given: {})",
        tier(view.scoring.tier),
        tier(view.scoring.provisional_tier)
    );
    println!("overall: {}", percent(&view.scoring.overall));
    for (theme, s) in &view.scoring.by_theme {
        println!("  {:<40} {:>5}  {}/{}", theme, percent(s), s.answered, s.questions);
    }
    if !view.next_steps.is_empty() {
        println!("next steps:");
    }
    for p in &view.next_steps {
        if let Some(q) = view.questions.iter().find(|q| q.question.position == *p) {
            let title = q.question.title.as_deref().unwrap_or(&q.question.label);
            println!("  {}. {}  — {}", p + 1, title, q.question.first_step.as_deref().unwrap_or_default());
        }
    }
}

/// One row per question; fields quoted where they must be (RFC 4180).
fn write_csv(out: &mut impl Write, view: &AssessmentView) -> std::io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    writeln!(out, "position,key,theme,tier,question,answer,reason,note,origin,version,evidence,reviews")?;
    for q in &view.questions {
        let (answer, reason) = match q.answer.as_ref().map(|a| &a.answer) {
            None => (String::new(), String::new()),
            Some(Answer::NotApplicable { reason }) => ("not-applicable".to_owned(), reason.clone()),
            Some(a) => (a.as_str().to_owned(), String::new()),
        };
        let evidence: Vec<&str> = q.evidence.iter().map(|e| e.title.as_str()).collect();
        let reviews: Vec<String> =
            q.reviews.iter().map(|r| format!("{}: {}", r.reviewer_name, r.state.as_str())).collect();
        let fields = [
            (q.question.position + 1).to_string(),
            q.question.label.clone(),
            q.question.theme.clone(),
            q.question.tier.map(|t| t.to_string()).unwrap_or_default(),
            q.question.title.clone().unwrap_or_default(),
            answer,
            reason,
            q.answer.as_ref().and_then(|a| a.note.clone()).unwrap_or_default(),
            q.answer.as_ref().map(|a| a.origin.to_string()).unwrap_or_default(),
            q.answer.as_ref().map(|a| a.version.to_string()).unwrap_or_default(),
            evidence.join("; "),
            reviews.join("; "),
        ];
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}
