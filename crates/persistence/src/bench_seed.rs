//! A deterministic, realistic data set of any size for benchmarks
//! (`samverka seed-bench --companies N`): companies with valid organisation
//! numbers, manufacturing SNI codes and skewed sizes, spread over the
//! municipalities, written in multi-row inserts.

use crate::entities::company;
use crate::{StoreError, changes, companies};
use samverka_domain::company::{fold, luhn_check_digit, size_class};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, Set, TransactionTrait};
use uuid::Uuid;

const PLACES: [&str; 12] = [
    "Eksjö",
    "Sävsjö",
    "Aneby",
    "Vetlanda",
    "Växjö",
    "Höglands",
    "Småland",
    "Norra",
    "Södra",
    "Östra",
    "Västra",
    "Åsa",
];
const TRADES: [&str; 12] = [
    "Mekaniska",
    "Plåt",
    "Trä",
    "Gjuteri",
    "Plast",
    "Automation",
    "Svets",
    "Möbel",
    "Hydraulik",
    "Elektronik",
    "Verktyg",
    "Betong",
];
const SNI: [&str; 12] =
    ["25620", "25110", "16230", "24530", "22290", "28990", "25990", "31011", "28120", "26110", "25730", "23610"];
/// Rows per INSERT statement (within SQLite's and PostgreSQL's parameter limits).
const ROWS_PER_INSERT: usize = 1000;

/// A cheap deterministic mix of `n`.
fn mix(n: u64) -> u64 {
    let mut x = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Company `i` of the bench set, with change number `seq`.
fn company(i: u64, municipalities: &[String], seq: i64, now: chrono::DateTime<chrono::Utc>) -> company::ActiveModel {
    let r = mix(i);
    let nine = format!("557{:06}", i % 1_000_000);
    let digits: Vec<u32> = nine.bytes().map(|b| u32::from(b - b'0')).collect();
    let org = format!("{}-{}{}", &nine[..6], &nine[6..], luhn_check_digit(&digits));
    let trade = (r % 12) as usize;
    let name = format!("{} {} {} AB", PLACES[((r >> 8) % 12) as usize], TRADES[trade], i);
    // Skewed: most companies are small, a few are large.
    let employees = match r % 100 {
        0..=59 => (r >> 16) % 10,
        60..=89 => 10 + (r >> 16) % 40,
        90..=98 => 50 + (r >> 16) % 200,
        _ => 250 + (r >> 16) % 2000,
    } as i64;
    let municipality = &municipalities[((r >> 24) as usize) % municipalities.len()];
    company::ActiveModel {
        id: Set(Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0000 + u128::from(i))),
        org_number: Set(org),
        name_folded: Set(fold(&name)),
        name: Set(name),
        municipality: Set(municipality.clone()),
        sni_code: Set(SNI[trade].to_owned()),
        employees: Set(employees as i32),
        size_class: Set(size_class(employees).to_owned()),
        website: Set(None),
        address: Set(None),
        description: Set(None),
        listed: Set(!r.is_multiple_of(10)),
        ever_listed: Set(!r.is_multiple_of(10)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
        change_seq: Set(seq),
    }
}

/// Adds `count` companies (numbered from the companies already there).
pub async fn seed(db: &DatabaseConnection, count: u64) -> Result<u64, StoreError> {
    use sea_orm::{PaginatorTrait, QuerySelect};
    let municipalities: Vec<String> = crate::entities::municipality::Entity::find()
        .select_only()
        .column(crate::entities::municipality::Column::Code)
        .into_tuple()
        .all(db)
        .await?;
    let start = company::Entity::find().count(db).await?;
    let now = chrono::Utc::now();
    let mut done = 0;
    while done < count {
        let txn = db.begin().await?;
        for _ in 0..10 {
            let n = (count - done).min(ROWS_PER_INSERT as u64);
            if n == 0 {
                break;
            }
            let first = reserve(&txn, n).await?;
            let rows: Vec<_> =
                (0..n).map(|k| company(start + done + k, &municipalities, first + k as i64, now)).collect();
            company::Entity::insert_many(rows).exec(&txn).await?;
            done += n;
        }
        txn.commit().await?;
    }
    // Fresh statistics, so that the planner knows the table is big now.
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("ANALYZE companies").await?;
    } else {
        db.execute_unprepared("PRAGMA optimize").await?;
    }
    Ok(done)
}

/// Reserves `n` change numbers; the first of them.
async fn reserve(conn: &impl ConnectionTrait, n: u64) -> Result<i64, StoreError> {
    let last = changes::advance(conn, companies::FEED, n as i64).await?;
    Ok(last - n as i64 + 1)
}
