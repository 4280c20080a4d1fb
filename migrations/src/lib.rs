//! Samverka's database migrations, in order. Each migration is one file
//! named `mYYYYMMDD_HHMMSS_what`; reference data that every installation
//! needs is inserted by the migration that creates its table.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_create_municipalities;
mod m20261122_000002_create_competence_areas;
mod m20261122_000003_create_accounts;
mod m20261122_000004_create_companies;
mod m20261122_000005_create_needs_analyses;
mod m20261122_000006_create_training_offers;
mod m20261122_000007_create_network_meetings;
mod m20261122_000008_index_audit_events;
mod m20261122_000009_companies_ever_listed;
mod m20261203_000010_company_search_index;
mod m20261203_000011_companies_former_municipalities;
mod m20261203_000012_codes_as_varchar;
mod m20261203_000013_seal_idempotency_answers;
mod m20261203_000014_create_login_throttle;
mod m20261204_000015_officer_work;
mod m20261204_000016_events;
mod m20261204_000017_mail_outbox;
mod m20261204_000018_user_language;
mod m20261205_000019_collaborations;

pub use m20261205_000019_collaborations::{ATTRAKTIVINDUSTRI, KOMMUNER, kommuner};

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_create_municipalities::Migration),
            Box::new(m20261122_000002_create_competence_areas::Migration),
            Box::new(m20261122_000003_create_accounts::Migration),
            Box::new(m20261122_000004_create_companies::Migration),
            Box::new(m20261122_000005_create_needs_analyses::Migration),
            Box::new(m20261122_000006_create_training_offers::Migration),
            Box::new(m20261122_000007_create_network_meetings::Migration),
            Box::new(m20261122_000008_index_audit_events::Migration),
            Box::new(m20261122_000009_companies_ever_listed::Migration),
            Box::new(m20261203_000010_company_search_index::Migration),
            Box::new(m20261203_000011_companies_former_municipalities::Migration),
            Box::new(m20261203_000012_codes_as_varchar::Migration),
            Box::new(m20261203_000013_seal_idempotency_answers::Migration),
            Box::new(m20261203_000014_create_login_throttle::Migration),
            Box::new(m20261204_000015_officer_work::Migration),
            Box::new(m20261204_000016_events::Migration),
            Box::new(m20261204_000017_mail_outbox::Migration),
            Box::new(m20261204_000018_user_language::Migration),
            Box::new(m20261205_000019_collaborations::Migration),
        ]
    }
}

/// The moment reference rows were created: fixed, so that every
/// installation holds byte-identical reference data.
pub(crate) fn reference_time() -> sea_orm::prelude::ChronoDateTimeUtc {
    // 2026-01-01T00:00:00Z
    sea_orm::prelude::ChronoDateTimeUtc::from_timestamp(1_767_225_600, 0).unwrap_or_default()
}
