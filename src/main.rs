use clap::Parser;
use samverka::config::{Cli, Command};
use samverka::startup::{Application, create_admin_command, migrate_only};
use samverka::telemetry;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Openapi => {
            println!("{}", samverka_http::openapi::document().to_pretty_json()?);
        }
        Command::CreateAdmin => {
            telemetry::init(cli.config.log_format);
            create_admin_command(&cli.config).await?;
        }
        Command::Migrate => {
            telemetry::init(cli.config.log_format);
            migrate_only(&cli.config).await?;
        }
        Command::Serve => {
            telemetry::init(cli.config.log_format);
            let app = Application::build(&cli.config).await?;
            app.run_until_stopped().await?;
            tracing::info!("stopped");
        }
    }
    Ok(())
}
