//! Demo collaborations beside #Attraktivindustri (which migrations make):
//! a Kronoberg county network around Växjö, and an ended pilot of Eksjö and
//! Nässjö — so that lists, filters and a report show more than one.

use samverka_domain::collaborations::{CollaborationInput, NewCollaboration, References};
use samverka_persistence::{StoreError, collaborations};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

/// (id, name, funder, starts, ends, hourly rate, members)
type Demo = (u128, &'static str, &'static str, &'static str, Option<&'static str>, i64, &'static [&'static str]);

const COLLABORATIONS: [Demo; 2] = [
    (
        0x0194_0000_0000_7000_8000_000c_0000_0001,
        "Kompetensnätverk Kronoberg",
        "Region Kronoberg",
        "2026-01-01",
        None,
        320,
        &["0764", "0765", "0780", "0781"],
    ),
    (
        0x0194_0000_0000_7000_8000_000c_0000_0002,
        "Pilot Höglandet",
        "ESF",
        "2024-09-01",
        Some("2025-06-30"),
        300,
        &["0682", "0686"],
    ),
];

/// Adds the demo collaborations that are not there yet.
pub async fn load(txn: &DatabaseTransaction) -> Result<u64, StoreError> {
    let mut added = 0;
    for (id, name, funder, starts, ends, rate, members) in COLLABORATIONS {
        let id = Uuid::from_u128(id);
        if collaborations::get(txn, id).await?.is_some() {
            continue;
        }
        let members: Vec<String> = members.iter().map(|m| (*m).to_owned()).collect();
        let input = CollaborationInput {
            name,
            funder: Some(funder),
            reference: None,
            budget_sek: None,
            hourly_rate_sek: Some(rate),
            starts_on: starts,
            ends_on: ends,
            municipalities: &members,
            coordinators: &[],
        };
        let new = NewCollaboration::parse(input, &References { municipality: &|_| true, coordinator: &|_| false })?;
        collaborations::create_with_id(txn, id, new).await?;
        added += 1;
    }
    Ok(added)
}
