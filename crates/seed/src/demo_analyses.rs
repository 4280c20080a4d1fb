//! Demo needs analyses: one for every other demo company, mostly completed,
//! their needs spread over every competence area and every status.

use crate::demo_companies;
use samverka_domain::needs::{AnalysisChanges, AnalysisStatus, NeedInput, NewAnalysis};
use samverka_persistence::{StoreError, needs_analyses};
use sea_orm::DatabaseTransaction;
use uuid::Uuid;

const AREAS: [&str; 12] = [
    "gender-equality",
    "recruitment",
    "staff-retention",
    "leadership",
    "lean-production",
    "automation-digitalisation",
    "work-environment",
    "swedish-at-work",
    "sustainability",
    "skills-supply",
    "quality-management",
    "diversity-inclusion",
];
const PRIORITIES: [&str; 3] = ["high", "medium", "low"];
/// What became of the needs of completed analyses, in turn: most are open.
const NEED_STATUSES: [&str; 6] = ["open", "open", "met", "addressed", "dropped", "open"];

fn analysis_id(n: usize) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_0002_0000_0000 + n as u128)
}

/// Adds the demo analyses that are not there yet.
pub async fn load(txn: &DatabaseTransaction) -> Result<u64, StoreError> {
    let mut added = 0;
    for n in (0..40).step_by(2) {
        let id = analysis_id(n);
        if needs_analyses::get(txn, id).await?.is_some() {
            continue;
        }
        let status = if n % 10 == 4 { AnalysisStatus::Draft } else { AnalysisStatus::Completed }.as_str();
        let conducted_on = format!("2026-{:02}-{:02}", 1 + n % 10, 1 + n % 27);
        let wanted_by: Vec<String> = (0..3).map(|k| format!("2026-{:02}-01", 9 + k)).collect();
        let needs: Vec<NeedInput> = (0..(1 + n % 3))
            .map(|k| NeedInput {
                id: None,
                status: (status == "completed").then_some(NEED_STATUSES[(n / 2 + k) % NEED_STATUSES.len()]),
                area: AREAS[(n / 2 + k * 5) % AREAS.len()],
                description: None,
                priority: PRIORITIES[(n + k) % 3],
                employees_concerned: 2 + ((n * 7 + k * 3) % 15) as i64,
                wanted_by: Some(&wanted_by[k % 3]),
            })
            .collect();
        let summary = Some("Behovsanalys vid företagsbesök.");
        let analysis = NewAnalysis::parse(Some(status), &conducted_on, summary, &needs, &|_| true)?;
        let created = needs_analyses::create_with_id(txn, id, demo_companies::company_id(n), None, analysis).await?;
        if n % 10 == 8 {
            let archiving = (AnalysisStatus::Completed, AnalysisStatus::Archived);
            let changes = AnalysisChanges::parse(
                archiving,
                None,
                None,
                None,
                (&created.needs.iter().map(|n| n.id).collect::<Vec<_>>(), &|_| true),
            )?;
            needs_analyses::update(txn, &created.analysis, changes).await?;
        }
        added += 1;
    }
    Ok(added)
}
