//! Demo training offers: a dozen across areas and municipalities, starting
//! in the weeks after loading, with enrolments of demo companies — one offer
//! full, with a waiting list.

use crate::demo_companies;
use chrono::{Duration, Utc};
use samverka_domain::offers::{
    EnrolmentStatus, NewOffer, OfferInput, OfferStatus, ParticipantInput, Trusted, participants,
};
use samverka_persistence::{StoreError, enrolments, training_offers};
use sea_orm::{DatabaseTransaction, Set};
use uuid::Uuid;

/// Title, areas, provider, format, municipality, seats.
type DemoOffer = (&'static str, &'static [&'static str], &'static str, &'static str, Option<&'static str>, i32);

const OFFERS: [DemoOffer; 12] = [
    ("Ledarskap för produktionsledare", &["leadership"], "Campus Eksjö", "onSite", Some("0686"), 12),
    (
        "Jämställd arbetsplats i praktiken",
        &["gender-equality", "diversity-inclusion"],
        "Campus Eksjö",
        "hybrid",
        Some("0686"),
        20,
    ),
    (
        "Lean grundkurs",
        &["lean-production", "quality-management"],
        "Höglandets Utbildning AB",
        "onSite",
        Some("0685"),
        16,
    ),
    (
        "Automation och robotik för operatörer",
        &["automation-digitalisation"],
        "Höglandets Utbildning AB",
        "onSite",
        Some("0685"),
        8,
    ),
    ("Rekrytera rätt", &["recruitment", "skills-supply"], "Kompetenscentrum Sävsjö", "online", None, 30),
    (
        "Behålla och utveckla personal",
        &["staff-retention", "leadership"],
        "Kompetenscentrum Sävsjö",
        "onSite",
        Some("0684"),
        15,
    ),
    ("Arbetsmiljö och säkerhet", &["work-environment"], "Aneby Lärcentrum", "onSite", Some("0604"), 4),
    ("Svenska på arbetsplatsen", &["swedish-at-work"], "Aneby Lärcentrum", "hybrid", Some("0604"), 10),
    ("Hållbar produktion", &["sustainability"], "Växjö Industriakademi", "onSite", Some("0780"), 18),
    ("Kvalitetsarbete ISO 9001", &["quality-management"], "Växjö Industriakademi", "online", None, 25),
    ("Mångfald som styrka", &["diversity-inclusion", "recruitment"], "Campus Eksjö", "online", None, 40),
    (
        "Digitalisering för småföretag",
        &["automation-digitalisation", "skills-supply"],
        "Höglandets Utbildning AB",
        "hybrid",
        Some("0685"),
        12,
    ),
];

const NAMES: [(&str, &str); 8] = [
    ("Lina Ek", "woman"),
    ("Omar Said", "man"),
    ("Sofia Lind", "woman"),
    ("Per Holm", "man"),
    ("Alex Berg", "other"),
    ("Karin Sjö", "woman"),
    ("Jonas Ås", "man"),
    ("Maja Strand", "unspecified"),
];

fn offer_id(n: usize) -> Uuid {
    Uuid::from_u128(0x0194_0000_0000_7000_8000_0004_0000_0000 + n as u128)
}

/// Adds the demo offers (and their enrolments) that are not there yet.
pub async fn load(txn: &DatabaseTransaction) -> Result<u64, StoreError> {
    let mut added = 0;
    let now = Utc::now();
    for (n, (title, areas, provider, format, municipality, seats)) in OFFERS.iter().enumerate() {
        let id = offer_id(n);
        if training_offers::get(txn, id).await?.is_some() {
            continue;
        }
        // The first offer has been given already (with attendance); the rest are to come.
        let days = if n == 0 { -21 } else { 14 + 7 * n as i64 };
        let start = (now + Duration::days(days)).date_naive().and_hms_opt(9, 0, 0).unwrap_or_default().and_utc();
        let sessions: Vec<_> = (0..(1 + n % 3))
            .map(|k| {
                let starts_at = start + Duration::days(7 * k as i64);
                (starts_at, starts_at + Duration::hours(6))
            })
            .collect();
        let venue = (*format != "online").then(|| format!("{provider}, lokal {}", 1 + n % 4));
        let deadline = (start - Duration::days(3)).date_naive().to_string();
        let areas: Vec<String> = areas.iter().map(|a| (*a).to_owned()).collect();
        let content = OfferInput {
            title,
            description: None,
            areas: &areas,
            format,
            municipality: *municipality,
            venue: venue.as_deref(),
            sessions: &sessions,
            seats: i64::from(*seats),
            price_sek: if n % 4 == 0 { 0 } else { 1500 + 500 * (n as i64 % 5) },
            language: "sv",
            enrolment_deadline: Some(&deadline),
        };
        let status = if n == 11 { OfferStatus::Draft } else { OfferStatus::Published }.as_str();
        let offer = NewOffer::parse(None, Some(provider), Some(status), content, &Trusted)?;
        training_offers::create_with_id(txn, id, offer).await?;
        added += 1;
        if n == 11 {
            continue;
        }
        // Enrolments of a few demo companies; offer 6 (4 seats) ends up full with a waiting list.
        let groups: &[usize] = if n == 6 { &[2, 2, 3, 1] } else { &[1 + n % 3, 2] };
        for (k, size) in groups.iter().enumerate() {
            let company = demo_companies::company_id((n * 3 + k * 7) % 40);
            let enrolment_id = Uuid::from_u128(0x0194_0000_0000_7000_8000_0006_0000_0000 + (n * 10 + k) as u128);
            let confirmed = training_offers::take_seats(txn, id, *size as i32).await?;
            let people: Vec<ParticipantInput> = (0..*size)
                .map(|p| {
                    let (name, gender) = NAMES[(n + k * 3 + p) % NAMES.len()];
                    let age_band = ["-24", "25-54", "55-"].get((n + p) % 4).copied();
                    ParticipantInput { name, email: None, gender, age_band }
                })
                .collect();
            let people = participants(&people)?;
            let status = if confirmed { EnrolmentStatus::Confirmed } else { EnrolmentStatus::Waitlisted };
            let row = enrolments::new_row(enrolment_id, (id, company), None, status, people.len(), now);
            let mut rows = enrolments::participant_rows(enrolment_id, (id, company), people);
            // The offer given already has its attendance recorded.
            for (p, row) in rows.iter_mut().enumerate().filter(|_| n == 0) {
                row.hours_attended = Set(Some(6.0 - (p as f64) * 1.5));
            }
            enrolments::insert_rows(txn, row, rows).await?;
        }
    }
    Ok(added)
}
