use crate::failure::Failure;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON instead of a table
    #[arg(long)]
    json: bool,
    /// Print the role table (who may use each route) in Markdown, as kept in docs/roles.md
    #[arg(long, conflicts_with = "json")]
    roles: bool,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let (_, infos) = kakehashi_server::app::routes().into_parts();
    if args.roles {
        print!("{}", kakehashi_server::platform::role_table::markdown(&infos));
        return Ok(());
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&infos).map_err(|e| Failure::unexpected(e.to_string()))?);
        return Ok(());
    }
    for r in infos {
        println!(
            "{:<7} {:<45} {:<10} {:<5} {}",
            r.method,
            r.path,
            format!("{:?}", r.access),
            format!("{:?}", r.surface),
            r.id_kinds.join(",")
        );
    }
    Ok(())
}
