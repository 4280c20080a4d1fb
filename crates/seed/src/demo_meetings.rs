//! Demo network meetings: two held ones with minutes, attendance and
//! feedback, three planned ones, in several municipalities, with
//! registrations of demo companies; three of them are meetings of the demo
//! networks, with their members registered.

use crate::{demo_companies, demo_networks};
use chrono::{Duration, Utc};
use samverka_domain::meetings::{self, MeetingInput, NewMeeting};
use samverka_domain::networks::Feedback;
use samverka_domain::offers::MeetingStatus;
use samverka_persistence::{StoreError, network_meetings, networks};
use sea_orm::{ActiveModelTrait, DatabaseTransaction, Set};
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
        // Meetings 0 and 1 are of the Växjö and the partners' network, meeting 2 of the partners' too.
        let network = [Some(0), Some(1), Some(1), None, None][n];
        let companies: Vec<Uuid> = match network {
            Some(net) => demo_networks::members(net).into_iter().skip(n).take(4).collect(),
            None => (0..4).map(|k| demo_companies::company_id((n * 5 + k * 9) % 40)).collect(),
        };
        let questions = [
            "Vilka kompetenser behöver ni de kommande två åren?".to_owned(),
            "Hur kan vi samarbeta över kommungränserna?".to_owned(),
        ];
        let venue = (*format != "online").then_some("Kommunhuset, stora salen");
        let online_url = (*format != "onSite").then(|| format!("https://meet.example.com/samverka-{n}"));
        let content = MeetingInput {
            title,
            theme: Some("Samarbete, öppet sinne och kompetensförsörjning"),
            questions: &questions,
            format,
            venue,
            online_url: online_url.as_deref(),
            starts_at: start,
            ends_at: start + Duration::hours(2),
            capacity: capacity.map(i64::from),
            network: network.map(demo_networks::network_id),
        };
        let meeting = NewMeeting::parse(host, content, &|_| true)?;
        let mut registrations = Vec::new();
        for (k, company) in companies.iter().enumerate() {
            let names: Vec<String> = (0..(1 + k % 2)).map(|p| format!("Deltagare {}", n * 10 + k * 2 + p)).collect();
            let people: Vec<(&str, Option<&str>)> = names.iter().map(|name| (name.as_str(), None)).collect();
            let registration_id = Uuid::from_u128(0x0194_0000_0000_7000_8000_0009_0000_0000 + (n * 10 + k) as u128);
            let attendees = meetings::attendees(&people)?;
            let mut row = network_meetings::registration_row(registration_id, (id, *company), None, &attendees, now)?;
            if held {
                // Everyone came but the second attendee of the last company.
                let came: Vec<bool> = (0..attendees.len()).map(|p| !(k == 3 && p == 1)).collect();
                row.attended = Set(Some(serde_json::to_string(&came).unwrap_or_default()));
            }
            registrations.push(row);
        }
        // History as it happened: the places taken, the meeting held with minutes.
        let mut row = network_meetings::new_row(id, &meeting, now)?;
        row.attendees_taken = Set(registrations.iter().map(|r| *r.attendee_count.as_ref()).sum());
        if held {
            row.status = Set(MeetingStatus::Held.as_str().to_owned());
            row.minutes = Set(Some("Företagen delade erfarenheter och bestämde en ny träff.".to_owned()));
        }
        row.insert(txn).await?;
        for registration in registrations {
            registration.insert(txn).await?;
        }
        if held {
            // The first three companies tell how it was.
            for (k, company) in companies.iter().take(3).enumerate() {
                let comment =
                    ["Mycket givande, vi fick två nya kontakter.", "Bra och kort.", "Gärna mer tid för frågor."][k];
                let feedback = Feedback::parse([5, 4, 3][k], Some(comment), true, false)?;
                networks::give_feedback(txn, id, *company, feedback).await?;
            }
        }
        added += 1;
    }
    Ok(added)
}
