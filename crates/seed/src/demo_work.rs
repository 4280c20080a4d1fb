//! Demo of the officer's daily work: visits, calls and meetings with demo
//! companies, their topics across every competence area; and (once the demo
//! officer exists) follow-up tasks assigned to it.

use crate::demo_companies;
use chrono::{Duration, Utc};
use samverka_domain::activities::{ActivityInput, NewActivity, People, TaskStatus, TopicInput};
use samverka_persistence::tasks::{self, NewTask};
use samverka_persistence::{StoreError, activities};
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
const KINDS: [&str; 5] = ["visit", "visit", "call", "meeting", "visit"];
const KIND_WORDS: [&str; 5] = ["Besök", "Besök", "Samtal", "Möte", "Besök"];
const NOTES: [&str; 4] = [
    "Svårt att hitta personal med rätt kompetens.",
    "Vill utveckla arbetsledarna inför en generationsväxling.",
    "Intresserade av en gemensam utbildning med grannföretag.",
    "Planerar att investera i ny teknik nästa år.",
];

fn activity_id(n: usize) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_000b_0000_0000 + n as u128)
}

fn task_id(n: usize) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_000c_0000_0000 + n as u128)
}

/// Adds the demo activities that are not there yet: 30 over the last
/// months, with the 40 demo companies in turn, most of them visits.
pub async fn load(txn: &DatabaseTransaction) -> Result<u64, StoreError> {
    let mut added = 0;
    let today = Utc::now().date_naive();
    for n in 0..30 {
        let id = activity_id(n);
        if activities::get(txn, id).await?.is_some() {
            continue;
        }
        let occurred_on = (today - Duration::days(3 + 5 * n as i64)).to_string();
        let topics: Vec<TopicInput> = (0..(1 + n % 2))
            .map(|k| TopicInput { area: AREAS[(n + k * 7) % AREAS.len()], note: Some(NOTES[(n + k) % NOTES.len()]) })
            .collect();
        let summary = format!("{} med företaget: genomgång av kompetensbehov och möjligheter.", KIND_WORDS[n % 5]);
        let input = ActivityInput {
            kind: Some(KINDS[n % KINDS.len()]),
            occurred_on: Some(&occurred_on),
            summary: Some(&summary),
            topics: Some(&topics),
            shared: Some(n % 3 == 0),
        };
        let people = People { officers: Some(Ok(Vec::new())), contact_ids: Some(Ok(Vec::new())) };
        let activity = NewActivity::parse(&input, people, &|_| true, today)?;
        activities::create_with_id(txn, id, demo_companies::company_id((n * 7) % 40), None, activity).await?;
        added += 1;
    }
    Ok(added)
}

/// Adds the demo officer's follow-up tasks that are not there yet.
pub async fn tasks_for(txn: &DatabaseTransaction, officer: Uuid) -> Result<u64, StoreError> {
    let today = Utc::now().date_naive();
    let list: [(&str, usize, Option<i64>, TaskStatus); 5] = [
        ("Skicka utbildningsutbudet om ledarskap", 0, Some(4), TaskStatus::Open),
        ("Boka uppföljningsbesök", 7, Some(14), TaskStatus::Open),
        ("Ring om rekryteringsbehovet", 14, Some(-2), TaskStatus::Open),
        ("Bjud in till nätverksträffen", 21, None, TaskStatus::Open),
        ("Skicka protokollet från besöket", 28, Some(-10), TaskStatus::Done),
    ];
    let mut added = 0;
    for (n, (title, activity, due, status)) in list.into_iter().enumerate() {
        if tasks::get(txn, task_id(n)).await?.is_some() {
            continue;
        }
        let activity = activities::get(txn, activity_id(activity)).await?;
        let new = NewTask {
            title: title.to_owned(),
            company_id: activity.as_ref().map(|a| a.activity.company_id),
            activity_id: activity.map(|a| a.activity.id),
            assignee: officer,
            due_on: due.map(|d| today + Duration::days(d)),
            status,
        };
        tasks::create_with_id(txn, task_id(n), Some(officer), new).await?;
        added += 1;
    }
    Ok(added)
}
