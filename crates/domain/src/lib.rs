//! Samverka's domain: the types that carry the rules, and the rules themselves.
//! No database, no HTTP: everything here is plain Rust, tested beside the code.

pub mod account;
pub mod activities;
pub mod api_client;
pub mod collaborations;
pub mod company;
pub mod competence_area;
pub mod contact;
pub mod events;
pub mod field_error;
pub mod language;
pub mod meetings;
pub mod municipality;
pub mod needs;
pub mod networks;
pub mod offers;
pub mod page;
pub mod policy;
pub mod text;
pub mod user;

pub use field_error::{FieldError, FieldErrors};
pub use language::Language;
