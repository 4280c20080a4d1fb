//! The `samverka` binary's library: configuration, telemetry and start-up,
//! shared by `main` and the end-to-end tests.

pub mod config;
pub mod demo_accounts;
pub mod startup;
pub mod telemetry;
