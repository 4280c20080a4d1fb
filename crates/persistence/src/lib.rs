//! Samverka's persistence: the connection, the migrations, sea-orm entities
//! and the queries each resource needs. Rows a principal may not see are
//! filtered here, in the query.

pub mod competence_areas;
pub mod db;
pub mod demo;
pub mod entities;
pub mod error;
pub mod municipalities;

pub use db::{DatabaseSettings, connect, migrate, ping};
pub use error::StoreError;
pub use sea_orm::DatabaseConnection;
