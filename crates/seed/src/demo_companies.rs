//! Demo companies: forty manufacturers across the five municipalities, with
//! valid organisation numbers, real SNI 2007 manufacturing codes, and contacts.
//! The companies and people are made up.

use samverka_domain::company::{CompanyInput, NewCompany, luhn_check_digit};
use samverka_domain::contact::NewContact;
use samverka_persistence::{StoreError, companies, contacts};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

/// (name, kommunkod, SNI 2007, employees, listed)
const COMPANIES: [(&str, &str, &str, i32, bool); 40] = [
    ("Eksjö Mekaniska Verkstad AB", "0686", "25620", 42, true),
    ("Höglandets Plåtslageri AB", "0686", "25110", 18, true),
    ("Ingatorp Trä & Snickeri AB", "0686", "16230", 26, true),
    ("Eksjö Gjuteri AB", "0686", "24530", 95, true),
    ("Hult Lyftteknik AB", "0686", "28220", 61, false),
    ("Mariannelund Automation AB", "0686", "28990", 14, true),
    ("Eksjö Elektronikmontage AB", "0686", "26110", 33, true),
    ("Bruzaholm Smide AB", "0686", "25990", 4, false),
    ("Sävsjö Möbelfabrik AB", "0684", "31011", 120, true),
    ("Vrigstad Plast AB", "0684", "22290", 55, true),
    ("Stockaryd Sågverk AB", "0684", "16100", 140, true),
    ("Rörvik Trähus AB", "0684", "16230", 210, true),
    ("Hjälmseryd Maskin AB", "0684", "28300", 23, false),
    ("Sävsjö Ytbehandling AB", "0684", "25610", 17, true),
    ("Hylletofta Betong AB", "0684", "23610", 38, true),
    ("Sävsjö Kabel & Kontakt AB", "0684", "27330", 9, true),
    ("Vetlanda Fordonskomponenter AB", "0685", "29320", 310, true),
    ("Ekenässjön Metall AB", "0685", "25620", 47, true),
    ("Myresjö Fönster AB", "0685", "16230", 180, true),
    ("Vetlanda Hydraulik AB", "0685", "28120", 64, true),
    ("Holsby Pressgjutning AB", "0685", "24530", 72, false),
    ("Landsbro Plastteknik AB", "0685", "22290", 29, true),
    ("Vetlanda Lackering AB", "0685", "25610", 12, true),
    ("Kvillsfors Verktyg AB", "0685", "25730", 21, true),
    ("Aneby Precision AB", "0604", "25620", 36, true),
    ("Frinnaryd Trävaror AB", "0604", "16100", 44, true),
    ("Aneby Industrifärg AB", "0604", "20300", 19, true),
    ("Sundsholm Stålkonstruktion AB", "0604", "25110", 52, true),
    ("Hullaryd Elmotor AB", "0604", "27110", 27, false),
    ("Aneby Förpackning AB", "0604", "17210", 31, true),
    ("Bredestad Svets AB", "0604", "25620", 7, true),
    ("Aneby Livsmedelsteknik AB", "0604", "10890", 15, true),
    ("Växjö Skogsmaskiner AB", "0780", "28300", 260, true),
    ("Kronoberg Glasbruk AB", "0780", "23130", 85, true),
    ("Braås Dumperteknik AB", "0780", "28920", 420, true),
    ("Rottne Industrielektronik AB", "0780", "26510", 58, true),
    ("Växjö Kompositer AB", "0780", "22290", 24, false),
    ("Ingelstad Snickerier AB", "0780", "31090", 16, true),
    ("Gemla Leksaksfabrik AB", "0780", "32400", 39, true),
    ("Lammhult Design AB", "0780", "31011", 110, true),
];

const FIRST_NAMES: [&str; 10] = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Sara", "Anders", "Elin", "Mikael"];
const LAST_NAMES: [&str; 10] =
    ["Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Andersson", "Pettersson", "Lund", "Holm", "Berg"];
const TITLES: [&str; 4] = ["VD", "Produktionschef", "HR-ansvarig", "Kvalitetschef"];

/// The fixed id of demo company `n`.
pub fn company_id(n: usize) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_0000_0000_0000 + n as u128)
}

fn contact_id(n: usize, k: usize) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_0001_0000_0000 + (n * 10 + k) as u128)
}

/// A valid organisation number: `5567xx-xxxC`, C the Luhn check digit.
fn org_number(n: usize) -> String {
    let nine = format!("55674{:04}", 1234 + n * 37);
    let digits: Vec<u32> = nine.bytes().map(|b| u32::from(b - b'0')).collect();
    format!("{}-{}{}", &nine[..6], &nine[6..], luhn_check_digit(&digits))
}

/// Adds the demo companies and contacts that are not there yet.
pub async fn load(txn: &DatabaseTransaction) -> Result<u64, StoreError> {
    let mut added = 0;
    for (n, (name, municipality, sni, employees, listed)) in COMPANIES.iter().enumerate() {
        let id = company_id(n);
        if companies::get(txn, id).await?.is_some() {
            continue;
        }
        let slug: String = name.to_lowercase().chars().filter(char::is_ascii_alphanumeric).take(20).collect();
        let website = format!("https://www.{slug}.example.com/");
        let company = NewCompany::parse(CompanyInput {
            org_number: &org_number(n),
            name,
            municipality,
            sni_code: sni,
            employees: i64::from(*employees),
            website: Some(&website),
            address: None,
            description: None,
            listed: *listed,
            // One company in each of two partner municipalities keeps its analyses to its own.
            share_analyses: n % 17 != 5,
        })?;
        companies::create_with_id(txn, id, company).await?;
        added += 1;
        for k in 0..(1 + n % 2) {
            let first = FIRST_NAMES[(n + k * 3) % FIRST_NAMES.len()];
            let last = LAST_NAMES[(n * 7 + k) % LAST_NAMES.len()];
            let name = format!("{first} {last}");
            let email = format!("{}.{}@{slug}.example.com", first.to_lowercase(), last.to_lowercase());
            let phone = format!("+46 380 {:03} {:02}", 100 + n * 3 + k, 10 + n);
            let title = TITLES[(n + k) % TITLES.len()];
            let contact = NewContact::parse(&name, Some(title), Some(&email), Some(&phone))?;
            contacts::create_with_id(txn, contact_id(n, k), id, contact).await?;
        }
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::company::OrgNumber;

    #[test]
    fn demo_org_numbers_are_valid_and_distinct() {
        let numbers: std::collections::BTreeSet<String> = (0..COMPANIES.len()).map(org_number).collect();
        assert_eq!(numbers.len(), COMPANIES.len());
        for number in &numbers {
            assert_eq!(OrgNumber::parse("orgNumber", number).map(|o| o.to_string()).as_ref(), Ok(number));
        }
        for (_, _, sni, _, _) in COMPANIES {
            assert!(samverka_domain::company::sni_code("sniCode", sni).is_ok(), "{sni}");
        }
    }
}
