use samverka::config::{Cli, Command};
use samverka::startup::{Application, create_admin_command, migrate_only};
use samverka::telemetry;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::from_env_and_args();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Openapi => {
            println!("{}", samverka_http::openapi::document().to_pretty_json()?);
        }
        Command::CreateAdmin => {
            let _telemetry = telemetry::init(cli.config.log_format);
            create_admin_command(&cli.config).await?;
        }
        Command::SeedBench { companies, force } => {
            let _telemetry = telemetry::init(cli.config.log_format);
            let db = samverka_persistence::connect(&cli.config.database()).await?;
            samverka_persistence::migrate(&db).await?;
            if let Some(found) = samverka_seed::bench::foreign_data(&db).await?
                && !force
            {
                anyhow::bail!(
                    "the database holds {found}: seed-bench adds bench data only to its own (--force to add anyway)"
                );
            }
            let started = std::time::Instant::now();
            let progress = |done: u64, of: u64| {
                eprintln!("seed-bench: {done} of {of} companies ({:.0} s)", started.elapsed().as_secs_f64());
            };
            let s = samverka_seed::bench::seed(&db, companies, progress).await?;
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "seeded {} companies, {} contacts, {} analyses ({} needs), {} offers, {} enrolments ({} participants), \
                 {} collaborations in {seconds:.1} s ({:.0} rows/s)",
                s.companies,
                s.contacts,
                s.analyses,
                s.needs,
                s.offers,
                s.enrolments,
                s.participants,
                s.collaborations,
                s.rows() as f64 / seconds
            );
        }
        Command::Migrate => {
            let _telemetry = telemetry::init(cli.config.log_format);
            migrate_only(&cli.config).await?;
        }
        Command::Serve => {
            let _telemetry = telemetry::init(cli.config.log_format);
            let app = Application::build(&cli.config).await?;
            app.run_until_stopped().await?;
            tracing::info!("stopped");
        }
    }
    Ok(())
}
