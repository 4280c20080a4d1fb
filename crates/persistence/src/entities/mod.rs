//! sea-orm entities, one module per table.

pub mod api_client;
pub mod audit_event;
pub mod company;
pub mod competence_area;
pub mod contact;
pub mod enrolment;
pub mod idempotency_key;
pub mod municipality;
pub mod need;
pub mod needs_analysis;
pub mod network_meeting;
pub mod offer_area;
pub mod offer_session;
pub mod participant;
pub mod refresh_token;
pub mod registration;
pub mod training_offer;
pub mod user;
