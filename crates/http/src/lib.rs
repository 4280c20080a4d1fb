//! Samverka's HTTP layer: actix-web handlers, the one error path to RFC 9457
//! problem documents, the request context (id, language, metrics, log line)
//! and the OpenAPI document generated from the handlers.

pub mod audit;
pub mod auth;
pub mod cache;
pub mod calendar;
pub mod client_address;
pub mod context;
pub mod dispatcher;
pub mod error;
pub mod events;
pub mod extract;
pub mod idempotency;
pub mod mailer;
pub mod metrics;
pub mod openapi;
pub mod openapi_examples;
mod openapi_polish;
pub mod ratelimit;
pub mod representation;
pub mod routes;
pub mod schema;
pub mod server;
pub mod state;

pub use error::ApiError;
pub use server::{ServerSettings, start};
pub use state::{AppState, BuildInfo};
