//! Demo networks: Växjö's industry network of its eight demo companies, and
//! a company network across the four partner municipalities.

use crate::demo_companies;
use chrono::NaiveDate;
use samverka_domain::networks::NewNetwork;
use samverka_persistence::{StoreError, networks};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

/// (name, purpose, host, member companies by demo index)
const NETWORKS: [(&str, &str, &str, &[usize]); 2] = [
    (
        "Industrinätverket Växjö",
        "Industriföretag i Växjö som träffas varannan månad om kompetensförsörjning, rekrytering och samarbete.",
        "0780",
        &[32, 33, 34, 35, 36, 37, 38, 39],
    ),
    (
        "#Attraktivindustri företagsnätverk",
        "Företag i Eksjö, Sävsjö, Aneby och Vetlanda som delar erfarenheter av kompetensutveckling.",
        "0686",
        &[0, 1, 8, 9, 16, 17, 24, 25],
    ),
];

pub fn network_id(n: usize) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_000a_0000_0000 + n as u128)
}

/// The member companies of demo network `n`.
pub fn members(n: usize) -> Vec<Uuid> {
    NETWORKS[n].3.iter().map(|k| demo_companies::company_id(*k)).collect()
}

/// Adds the demo networks and their members that are not there yet.
pub async fn load(txn: &DatabaseTransaction) -> Result<u64, StoreError> {
    let mut added = 0;
    for (n, (name, purpose, host, _)) in NETWORKS.iter().enumerate() {
        let id = network_id(n);
        if networks::get(txn, id).await?.is_some() {
            continue;
        }
        networks::create_with_id(txn, id, NewNetwork::parse(name, Some(purpose), host, &|_| true)?).await?;
        for (k, company) in members(n).into_iter().enumerate() {
            let joined = NaiveDate::from_ymd_opt(2026, 1 + k as u32, 15).unwrap_or_default();
            networks::add_member_on(txn, id, company, joined).await?;
        }
        added += 1;
    }
    Ok(added)
}
