//! Demo needs analyses: one for every other demo company, mostly completed,
//! their needs spread over every competence area.

use crate::entities::{need, needs_analysis};
use crate::{StoreError, demo_companies, needs_analyses};
use chrono::NaiveDate;
use sea_orm::{DatabaseTransaction, Set};
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

fn analysis_id(n: usize) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_0002_0000_0000 + n as u128)
}

/// Adds the demo analyses that are not there yet.
pub async fn load(txn: &DatabaseTransaction) -> Result<u64, StoreError> {
    let mut added = 0;
    let now = chrono::Utc::now();
    for n in (0..40).step_by(2) {
        let id = analysis_id(n);
        if needs_analyses::get(txn, id).await?.is_some() {
            continue;
        }
        let status = match n % 10 {
            4 => "draft",
            8 => "archived",
            _ => "completed",
        };
        let conducted_on = NaiveDate::from_ymd_opt(2026, 1 + (n % 10) as u32, 1 + (n % 27) as u32).unwrap_or_default();
        let needs: Vec<need::ActiveModel> = (0..(1 + n % 3))
            .map(|k| need::ActiveModel {
                id: Set(Uuid::from_u128(0x0194_0000_0000_7000_8000_0003_0000_0000 + (n * 10 + k) as u128)),
                analysis_id: Set(id),
                position: Set(k as i32),
                area: Set(AREAS[(n / 2 + k * 5) % AREAS.len()].to_owned()),
                description: Set(None),
                priority: Set(PRIORITIES[(n + k) % 3].to_owned()),
                employees_concerned: Set(2 + ((n * 7 + k * 3) % 15) as i32),
                wanted_by: Set(NaiveDate::from_ymd_opt(2026, 9 + (k as u32 % 3), 1)),
            })
            .collect();
        let analysis = needs_analysis::ActiveModel {
            id: Set(id),
            company_id: Set(demo_companies::company_id(n)),
            status: Set(status.to_owned()),
            conducted_on: Set(conducted_on),
            conducted_by: Set(None),
            summary: Set(Some("Behovsanalys vid företagsbesök.".to_owned())),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        };
        needs_analyses::insert(txn, analysis, needs).await?;
        added += 1;
    }
    Ok(added)
}
