//! Demo network meetings: two held ones with minutes, three planned ones,
//! in several municipalities, with registrations of demo companies.

use crate::entities::{network_meeting, registration};
use crate::{StoreError, demo_companies, network_meetings};
use chrono::{Duration, Utc};
use sea_orm::{DatabaseTransaction, Set};
use uuid::Uuid;

/// (title, host, days from now, capacity, format)
const MEETINGS: [(&str, &str, i64, Option<i32>, &str); 5] = [
    ("Företagsnätverk: samarbete och kompetensförsörjning", "0780", -60, Some(40), "onSite"),
    ("#Attraktivindustri: uppstartsträff", "0686", -30, None, "hybrid"),
    ("Rekrytering över branschgränserna", "0685", 10, Some(30), "onSite"),
    ("Jämställdhet i industrin", "0684", 24, Some(25), "hybrid"),
    ("Digitalisering i småföretag", "0604", 38, None, "online"),
];

fn meeting_id(n: usize) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_0008_0000_0000 + n as u128)
}

/// Adds the demo meetings (and registrations) that are not there yet.
pub async fn load(txn: &DatabaseTransaction) -> Result<u64, StoreError> {
    let mut added = 0;
    let now = Utc::now();
    for (n, (title, host, days, capacity, format)) in MEETINGS.iter().enumerate() {
        let id = meeting_id(n);
        if network_meetings::get(txn, id).await?.is_some() {
            continue;
        }
        let start = (now + Duration::days(*days)).date_naive().and_hms_opt(8, 30, 0).unwrap_or_default().and_utc();
        let held = *days < 0;
        let companies: Vec<Uuid> = (0..4).map(|k| demo_companies::company_id((n * 5 + k * 9) % 40)).collect();
        let attendees: i32 = companies.iter().enumerate().map(|(k, _)| 1 + (k as i32 % 2)).sum();
        let questions = serde_json::json!([
            "Vilka kompetenser behöver ni de kommande två åren?",
            "Hur kan vi samarbeta över kommungränserna?"
        ]);
        network_meetings::insert(
            txn,
            network_meeting::ActiveModel {
                id: Set(id),
                title: Set((*title).to_owned()),
                theme: Set(Some("Samarbete, öppet sinne och kompetensförsörjning".to_owned())),
                questions: Set(questions.to_string()),
                municipality: Set((*host).to_owned()),
                format: Set((*format).to_owned()),
                venue: Set((*format != "online").then(|| "Kommunhuset, stora salen".to_owned())),
                online_url: Set((*format != "onSite").then(|| format!("https://meet.example.com/samverka-{n}"))),
                starts_at: Set(start),
                ends_at: Set(start + Duration::hours(2)),
                capacity: Set(*capacity),
                attendees_taken: Set(attendees),
                status: Set(if held { "held" } else { "planned" }.to_owned()),
                minutes: Set(held.then(|| "Företagen delade erfarenheter och bestämde en ny träff.".to_owned())),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
            },
        )
        .await?;
        for (k, company) in companies.iter().enumerate() {
            let people: Vec<_> = (0..(1 + k % 2))
                .map(|p| serde_json::json!({"name": format!("Deltagare {}", n * 10 + k * 2 + p)}))
                .collect();
            network_meetings::insert_registration(
                txn,
                registration::ActiveModel {
                    id: Set(Uuid::from_u128(0x0194_0000_0000_7000_8000_0009_0000_0000 + (n * 10 + k) as u128)),
                    meeting_id: Set(id),
                    company_id: Set(*company),
                    attendees: Set(serde_json::Value::Array(people).to_string()),
                    attendee_count: Set(1 + (k % 2) as i32),
                    created_by: Set(None),
                    created_at: Set(now),
                },
            )
            .await?;
        }
        added += 1;
    }
    Ok(added)
}
