//! Demo data (`SAMVERKA_DEMO_DATA=true`): each resource adds its rows here.
//! Every set inserts rows with fixed ids and skips those already present, so
//! a second start adds nothing twice.

use samverka_persistence::StoreError;
use samverka_persistence::{DatabaseConnection, DatabaseTransaction, begin, commit};

/// How many rows each demo set added on this run.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DemoReport(pub Vec<(&'static str, u64)>);

type DemoSet = for<'a> fn(
    &'a DatabaseTransaction,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<u64, StoreError>> + Send + 'a>>;

/// The demo sets in dependency order; a resource adds one line here.
fn sets() -> Vec<(&'static str, DemoSet)> {
    vec![
        ("companies", |txn| Box::pin(crate::demo_companies::load(txn))),
        ("needs analyses", |txn| Box::pin(crate::demo_analyses::load(txn))),
        ("training offers", |txn| Box::pin(crate::demo_offers::load(txn))),
        ("collaborations", |txn| Box::pin(crate::demo_collaborations::load(txn))),
        ("networks", |txn| Box::pin(crate::demo_networks::load(txn))),
        ("network meetings", |txn| Box::pin(crate::demo_meetings::load(txn))),
        ("activities", |txn| Box::pin(crate::demo_work::load(txn))),
    ]
}

/// Loads every demo set in one transaction: all of it or nothing.
pub async fn load(db: &DatabaseConnection) -> Result<DemoReport, StoreError> {
    let txn = begin(db).await?;
    let mut report = DemoReport::default();
    for (name, set) in sets() {
        let added = set(&txn).await?;
        report.0.push((name, added));
    }
    commit(txn).await?;
    Ok(report)
}
