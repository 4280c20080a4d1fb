//! Start-up: connect, migrate, seed, bind, serve.

use crate::config::Config;
use actix_web::dev::Server;
use samverka_http::{AppState, BuildInfo, ServerSettings};
use samverka_persistence::{DatabaseConnection, connect, demo, migrate};
use std::net::TcpListener;
use std::time::Duration;

pub struct Application {
    port: u16,
    server: Server,
    db: DatabaseConnection,
}

impl Application {
    /// Connects to the database, applies migrations, loads demo data when
    /// asked, and binds the listener (port 0 picks a free port).
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        let db = connect(&config.database()).await?;
        migrate(&db).await?;
        if config.demo_data {
            let report = demo::load(&db).await?;
            tracing::info!(?report, "demo data loaded");
        }
        let listener = TcpListener::bind(&config.bind)?;
        let port = listener.local_addr()?.port();
        let state = AppState { db: db.clone(), build: BuildInfo { version: env!("CARGO_PKG_VERSION").to_owned() } };
        let settings = ServerSettings {
            workers: config.workers,
            shutdown_timeout: Duration::from_secs(config.shutdown_timeout_secs),
        };
        let server = samverka_http::start(listener, state, &settings)?;
        tracing::info!(address = %format!("{}", config.bind), port, "serving; docs at /swagger-ui/");
        Ok(Application { port, server, db })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGTERM/SIGINT (graceful) or until the handle stops it.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// `samverka migrate`.
pub async fn migrate_only(config: &Config) -> anyhow::Result<()> {
    let db = connect(&config.database()).await?;
    migrate(&db).await?;
    tracing::info!("migrations applied");
    Ok(())
}
