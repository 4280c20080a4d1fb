//! A deterministic, realistic data set of any size for benchmarks
//! (`samverka seed-bench --companies N`): every one of Sweden's 290
//! municipalities, companies spread over them as unevenly as in life (a
//! Zipf law: Stockholm, Göteborg and Malmö hold the most, the smallest
//! municipalities a few hundred per million), real SNI 2007 manufacturing
//! codes, valid organisation numbers, skewed sizes; contacts (one or two per
//! company), needs analyses for a fifth of the companies (one to three needs
//! each), training offers (one per 200 companies) with sessions, areas and
//! enrolments that fill about two thirds of their seats.
//!
//! The same N gives the same rows (ids, names, numbers); only the
//! timestamps follow the clock. Rows go in as multi-row INSERTs, 10,000 and
//! more per transaction: a million companies load in a few minutes.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use samverka_domain::company::{CompanyInput, NewCompany, fold, luhn_check_digit};
use samverka_domain::contact::NewContact;
use samverka_domain::needs::{AnalysisStatus, NeedInput, NewAnalysis, Priority};
use samverka_domain::offers::{
    EnrolmentStatus, NewOffer, OfferInput, OfferStatus, ParticipantInput, Trusted, participants,
};
use samverka_persistence::entities::{
    collaboration, company, competence_area, contact, municipality, need, needs_analysis,
};
use samverka_persistence::{
    StoreError, changes, collaborations, companies, contacts, enrolments, needs_analyses, training_offers,
};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait, QuerySelect, Set,
    TransactionTrait,
};
use std::collections::BTreeSet;
use uuid::Uuid;

/// The three biggest municipalities, in order; then the other county seats
/// and big towns (codes ending 80–84) come before the rest.
const BIGGEST: [&str; 3] = ["0180", "1480", "1280"];

/// Real SNI 2007 codes in manufacturing (divisions 10–33) and a few beside it.
const SNI: [&str; 32] = [
    "10110", "10710", "16101", "16230", "17120", "18120", "20300", "22210", "22290", "23610", "23630", "24100",
    "24530", "25110", "25120", "25500", "25620", "25610", "25730", "25990", "26110", "27110", "27900", "28120",
    "28220", "28990", "29320", "31011", "32500", "33120", "43220", "71121",
];
/// What each SNI code's companies are called (same order as `SNI`).
const TRADES: [&str; 32] = [
    "Slakteri",
    "Bageri",
    "Sågverk",
    "Snickeri",
    "Pappersbruk",
    "Tryckeri",
    "Färgfabrik",
    "Gummi",
    "Plast",
    "Betong",
    "Kalk",
    "Stål",
    "Gjuteri",
    "Plåt",
    "Smide",
    "Press",
    "Mekaniska",
    "Värmebehandling",
    "Verktyg",
    "Metallvaror",
    "Elektronik",
    "Elmotor",
    "Elektriska",
    "Hydraulik",
    "Lyft",
    "Maskin",
    "Fordonsdelar",
    "Möbel",
    "Medicinteknik",
    "Industriservice",
    "VVS",
    "Konstruktion",
];
const FIRST: [&str; 30] = [
    "Berg", "Lind", "Ek", "Sjö", "Holm", "Strand", "Ås", "Dal", "Ljung", "Björk", "Gran", "Hag", "Norr", "Sunn",
    "Väst", "Öst", "Fors", "Mo", "Vik", "Lund", "Kvarn", "Tall", "Ros", "Alm", "Hed", "Kull", "Mark", "Sand", "Stor",
    "Å",
];
const SECOND: [&str; 20] = [
    "vik", "dal", "berga", "holm", "ström", "näs", "hult", "backa", "lund", "sjö", "by", "stad", "fors", "ryd", "torp",
    "åsen", "mark", "bo", "hem", "stena",
];
const SUFFIXES: [&str; 6] = ["AB", "AB", "i Småland AB", "& Söner AB", "Industri AB", "Handelsbolag"];
const GIVEN: [(&str, &str); 16] = [
    ("Anna", "woman"),
    ("Lars", "man"),
    ("Maria", "woman"),
    ("Johan", "man"),
    ("Karin", "woman"),
    ("Erik", "man"),
    ("Sara", "woman"),
    ("Omar", "man"),
    ("Eva", "woman"),
    ("Mikael", "man"),
    ("Lena", "woman"),
    ("Ali", "man"),
    ("Emma", "woman"),
    ("Per", "man"),
    ("Kim", "other"),
    ("Alex", "unspecified"),
];
const FAMILY: [&str; 16] = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Hassan",
    "Lindqvist",
    "Berglund",
];
const TITLES: [&str; 6] = ["VD", "Produktionschef", "HR-ansvarig", "Personalchef", "Platschef", "Ekonomichef"];
const PROVIDERS: [&str; 12] = [
    "Campus Eksjö",
    "Höglandets Utbildning AB",
    "Kompetenscentrum Sävsjö",
    "Aneby Lärcentrum",
    "Växjö Industriakademi",
    "Industriskolan Norr AB",
    "Yrkesakademin Syd",
    "Lernia Industri",
    "Teknikcollege Mälardalen",
    "Svetsutbildarna i Sverige AB",
    "Ledarskapshuset",
    "Arbetsmiljöakademin",
];
const COURSES: [&str; 12] = [
    "Ledarskap för produktionsledare",
    "Lean grundkurs",
    "Svetsning enligt EN ISO 9606",
    "Automation och robotik för operatörer",
    "Jämställd arbetsplats i praktiken",
    "Rekrytera rätt",
    "Kvalitetsarbete ISO 9001",
    "Arbetsmiljö och säkerhet",
    "Svenska på arbetsplatsen",
    "Hållbar produktion",
    "Truckkort A+B",
    "CNC-programmering",
];

/// Rows per INSERT for a table of `columns` columns (within SQLite's 32,766
/// and PostgreSQL's 65,535 bind parameters).
fn rows_per_insert(columns: usize) -> usize {
    (30_000 / columns).min(2_000)
}
/// Companies per transaction.
const BATCH: u64 = 20_000;
/// One company in this many has a needs analysis; one offer per this many companies.
const ANALYSED: u64 = 5;
const COMPANIES_PER_OFFER: u64 = 200;

/// How many rows of each kind a run added.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Seeded {
    pub collaborations: u64,
    pub companies: u64,
    pub contacts: u64,
    pub analyses: u64,
    pub needs: u64,
    pub offers: u64,
    pub enrolments: u64,
    pub participants: u64,
}

impl Seeded {
    pub fn rows(&self) -> u64 {
        self.collaborations
            + self.companies
            + self.contacts
            + self.analyses
            + self.needs
            + self.offers
            + self.enrolments
            + self.participants
    }
}

/// A cheap deterministic mix of `n` (splitmix64).
fn mix(n: u64) -> u64 {
    let mut x = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn id(kind: u128, n: u64) -> Uuid {
    Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0000 + (kind << 40) + u128::from(n))
}
const COMPANY: u128 = 0;
const CONTACT: u128 = 1;
const ANALYSIS: u128 = 2;
const OFFER: u128 = 4;
const ENROLMENT: u128 = 6;

/// The municipalities with a weight each: the k-th in size order holds a
/// share proportional to 1/k.
struct Spread {
    codes: Vec<String>,
    /// Cumulative weights, scaled to integers.
    cumulative: Vec<u64>,
}

impl Spread {
    fn new(mut codes: Vec<String>) -> Spread {
        let rank = |code: &str| match BIGGEST.iter().position(|b| *b == code) {
            Some(p) => p,
            None if matches!(&code[2..], "80" | "81" | "82" | "83" | "84") => 10,
            None => 100,
        };
        codes.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
        let mut total = 0;
        let cumulative = (0..codes.len())
            .map(|k| {
                total += 1_000_000_000 / (k as u64 + 1);
                total
            })
            .collect();
        Spread { codes, cumulative }
    }

    fn pick(&self, r: u64) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1);
        let at = r % total;
        let k = self.cumulative.partition_point(|c| *c <= at);
        &self.codes[k.min(self.codes.len() - 1)]
    }
}

fn org_number(i: u64) -> String {
    // 55 (an aktiebolag), a third digit of at least 2, then six digits: unique for i < 8,000,000.
    let nine = format!("55{}{:06}", 2 + (i / 1_000_000) % 8, i % 1_000_000);
    let digits: Vec<u32> = nine.bytes().map(|b| u32::from(b - b'0')).collect();
    format!("{}-{}{}", &nine[..6], &nine[6..], luhn_check_digit(&digits))
}

fn company_name(i: u64) -> (String, usize) {
    let r = mix(i);
    let trade = (r % SNI.len() as u64) as usize;
    let first = FIRST[((r >> 8) % FIRST.len() as u64) as usize];
    let second = SECOND[((r >> 16) % SECOND.len() as u64) as usize];
    let suffix = SUFFIXES[((r >> 24) % SUFFIXES.len() as u64) as usize];
    (format!("{first}{second}s {} {suffix}", TRADES[trade]), trade)
}

/// Company `i` of the bench set, with change number `seq`.
fn company(i: u64, spread: &Spread, seq: i64, base: DateTime<Utc>) -> Result<company::ActiveModel, StoreError> {
    let r = mix(i);
    let (name, trade) = company_name(i);
    // Skewed: most companies are small, a few are large.
    let employees = match (r >> 32) % 100 {
        0..=59 => (r >> 40) % 10,
        60..=89 => 10 + (r >> 40) % 40,
        90..=98 => 50 + (r >> 40) % 200,
        _ => 250 + (r >> 40) % 2000,
    } as i64;
    let created = base + Duration::seconds((i % 31_536_000) as i64);
    let updated = created + Duration::seconds(((r >> 20) % 5_000_000) as i64);
    let listed = !(r >> 48).is_multiple_of(10);
    let slug: String = name.to_lowercase().chars().filter(char::is_ascii_alphanumeric).take(24).collect();
    let website = (!r.is_multiple_of(3)).then(|| format!("https://www.{slug}{i}.example.se/"));
    let address = format!("Industrigatan {}", 1 + r % 120);
    let company = NewCompany::parse(CompanyInput {
        org_number: &org_number(i),
        name: &name,
        municipality: spread.pick(r >> 4),
        sni_code: SNI[trade],
        employees,
        website: website.as_deref(),
        address: Some(&address),
        description: None,
        listed,
        share_analyses: !(r >> 40).is_multiple_of(20),
    })?;
    let mut row = companies::new_row(id(COMPANY, i), company, created);
    row.updated_at = Set(updated);
    row.change_seq = Set(seq);
    Ok(row)
}

fn person(n: u64) -> (String, &'static str) {
    let r = mix(n ^ 0x5EED);
    let (given, gender) = GIVEN[(r % GIVEN.len() as u64) as usize];
    (format!("{given} {}", FAMILY[((r >> 8) % FAMILY.len() as u64) as usize]), gender)
}

fn contacts_of(i: u64, at: DateTime<Utc>, next: &mut u64) -> Result<Vec<contact::ActiveModel>, StoreError> {
    let count = if mix(i).is_multiple_of(3) { 2 } else { 1 };
    (0..count)
        .map(|k| {
            let n = *next;
            *next += 1;
            let (name, _) = person(n);
            let email = format!("{}@foretag{i}.example.se", fold(&name).replace(' ', "."));
            let title = TITLES[((mix(n) >> 3) % TITLES.len() as u64 + k) as usize % TITLES.len()];
            let phone = format!("070-{:03} {:02} {:02}", n % 1000, (n / 1000) % 100, (n / 100_000) % 100);
            let contact = NewContact::parse(&name, Some(title), Some(&email), Some(&phone))?;
            Ok(contacts::new_row(id(CONTACT, n), id(COMPANY, i), contact, at))
        })
        .collect()
}

fn analysis_of(
    i: u64,
    areas: &[String],
    at: DateTime<Utc>,
) -> Option<Result<(needs_analysis::ActiveModel, Vec<need::ActiveModel>), StoreError>> {
    let r = mix(i ^ 0xA1A1);
    if !r.is_multiple_of(ANALYSED) || areas.is_empty() {
        return None;
    }
    let on = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default() + Duration::days(((r >> 8) % 690) as i64);
    let status = match (r >> 20) % 10 {
        0..=1 => AnalysisStatus::Draft,
        2..=8 => AnalysisStatus::Completed,
        _ => AnalysisStatus::Archived,
    };
    let wanted_by: Vec<String> = (0..3).map(|k| (on + Duration::days(90 + 30 * k)).to_string()).collect();
    let needs: Vec<NeedInput> = (0..1 + (r >> 30) % 3)
        .map(|k| NeedInput {
            id: None,
            status: None,
            area: &areas[((r >> (34 + 4 * k)) % areas.len() as u64) as usize],
            description: None,
            priority: Priority::ALL[((r >> (44 + k)) % 3) as usize].as_str(),
            employees_concerned: 1 + ((r >> 50) % 25) as i64,
            wanted_by: Some(&wanted_by[k as usize]),
        })
        .collect();
    // Archived analyses are history: made completed, stored as archived.
    let made = if status == AnalysisStatus::Draft { status } else { AnalysisStatus::Completed };
    let summary = Some("Behovsanalys gjord vid företagsbesök.");
    let analysis = match NewAnalysis::parse(Some(made.as_str()), &on.to_string(), summary, &needs, &|_| true) {
        Ok(analysis) => analysis,
        Err(errors) => return Some(Err(errors.into())),
    };
    let mut row = needs_analyses::new_row(id(ANALYSIS, i), id(COMPANY, i), None, &analysis, at);
    row.status = Set(status.as_str().to_owned());
    Some(Ok((row, needs_analyses::need_rows(id(ANALYSIS, i), analysis.needs, &[]))))
}

/// Inserts `rows` in multi-row statements.
async fn insert_all<A>(conn: &impl ConnectionTrait, rows: Vec<A>, columns: usize) -> Result<(), StoreError>
where
    A: ActiveModelTrait + Send,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(rows_per_insert(columns)).collect();
        <A::Entity as EntityTrait>::insert_many(chunk).exec_without_returning(conn).await?;
    }
    Ok(())
}

/// What in the database is not bench data (user accounts, companies made
/// otherwise), described; `None` when there is nothing of the kind.
pub async fn foreign_data(db: &DatabaseConnection) -> Result<Option<String>, StoreError> {
    use sea_orm::sea_query::ExprTrait;
    use sea_orm::{ColumnTrait, QueryFilter};
    let users = samverka_persistence::entities::user::Entity::find().count(db).await?;
    let (low, high) = (id(COMPANY, 0), id(COMPANY, (1 << 40) - 1));
    let companies =
        company::Entity::find().filter(company::Column::Id.lt(low).or(company::Column::Id.gt(high))).count(db).await?;
    Ok(match (users, companies) {
        (0, 0) => None,
        (users, companies) => Some(format!("{users} user accounts and {companies} companies not made by seed-bench")),
    })
}

/// Adds `count` companies (numbered from the companies already there), with
/// their contacts, analyses, offers and enrolments; `progress` hears of
/// every batch (companies done, of `count`).
pub async fn seed(db: &DatabaseConnection, count: u64, progress: impl Fn(u64, u64)) -> Result<Seeded, StoreError> {
    let mut seeded = Seeded { collaborations: collaborations(db).await?, ..Seeded::default() };
    let codes: Vec<String> =
        municipality::Entity::find().select_only().column(municipality::Column::Code).into_tuple().all(db).await?;
    let spread = Spread::new(codes);
    let areas: Vec<String> = competence_area::Entity::find()
        .select_only()
        .column(competence_area::Column::Slug)
        .into_tuple()
        .all(db)
        .await?;
    let start = company::Entity::find().count(db).await?;
    let first_contact = contact::Entity::find().count(db).await?;
    let base = DateTime::<Utc>::from_timestamp(1_735_689_600, 0).unwrap_or_default(); // 2025-01-01
    let now = Utc::now();
    let mut next_contact = first_contact;
    let mut done = 0;
    while done < count {
        let n = (count - done).min(BATCH);
        let txn = db.begin().await?;
        let first = reserve(&txn, n).await?;
        let range = start + done..start + done + n;
        let rows: Vec<_> = range
            .clone()
            .map(|i| company(i, &spread, first + (i - start - done) as i64, base))
            .collect::<Result<_, _>>()?;
        insert_all(&txn, rows, 19).await?;
        let mut contacts = Vec::new();
        for i in range.clone() {
            contacts.extend(contacts_of(i, now, &mut next_contact)?);
        }
        seeded.contacts += contacts.len() as u64;
        insert_all(&txn, contacts, 9).await?;
        let made: Vec<_> = range.clone().filter_map(|i| analysis_of(i, &areas, now)).collect::<Result<_, _>>()?;
        let (analyses, needs): (Vec<_>, Vec<_>) = made.into_iter().unzip();
        let needs: Vec<_> = needs.into_iter().flatten().collect();
        seeded.analyses += analyses.len() as u64;
        seeded.needs += needs.len() as u64;
        insert_all(&txn, analyses, 9).await?;
        insert_all(&txn, needs, 8).await?;
        txn.commit().await?;
        done += n;
        progress(done, count);
    }
    seeded.companies = done;
    offers(db, start, done, &spread, &areas, now, &mut seeded).await?;
    // Fresh statistics, so that the planner knows the tables are big now.
    if db.get_database_backend() == DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await?;
    } else {
        // The search index in one segment, as merging would leave it in time.
        db.execute_unprepared("INSERT INTO companies_search (companies_search) VALUES ('optimize')").await?;
        db.execute_unprepared("ANALYZE").await?;
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await?;
    }
    Ok(seeded)
}

/// How many collaborations seed-bench makes (besides #Attraktivindustri).
pub const COLLABORATIONS: u64 = 40;

/// Regional collaborations of 3–12 municipalities each, most within one
/// län (a county network, an ESF project of neighbours), running or
/// ended, the first of them with Eksjö and Jönköping; made once.
async fn collaborations(db: &DatabaseConnection) -> Result<u64, StoreError> {
    use samverka_domain::collaborations::{CollaborationInput, NewCollaboration, References};
    if collaboration::Entity::find().count(db).await? > 1 {
        return Ok(0);
    }
    let kommuner: Vec<(&str, &str)> = samverka_migration::kommuner().map(|(code, _, county)| (code, county)).collect();
    let counties: Vec<&str> = kommuner.iter().map(|(_, county)| *county).collect::<BTreeSet<_>>().into_iter().collect();
    let txn = db.begin().await?;
    for k in 0..COLLABORATIONS {
        let r = mix(k ^ 0xC011);
        let size = 3 + (r % 10) as usize;
        let county = if k == 0 { "Jönköpings län" } else { counties[(r >> 8) as usize % counties.len()] };
        // Neighbours by code from a point in the county: mostly one län, spilling into the next.
        let first = kommuner.iter().position(|(_, c)| *c == county).unwrap_or(0);
        let in_county = kommuner.iter().filter(|(_, c)| *c == county).count().max(1);
        let start = first + (r >> 16) as usize % in_county;
        let local = if k % 4 == 3 { size - 1 } else { size };
        let mut members: Vec<String> =
            (0..local).map(|i| kommuner[(start + i) % kommuner.len()].0.to_owned()).collect();
        // One in four reaches into the rest of Sweden.
        if k % 4 == 3 {
            members.push(kommuner[(r >> 24) as usize % kommuner.len()].0.to_owned());
        }
        if k == 0 {
            members = ["0686", "0680", "0682", "0687"].map(str::to_owned).to_vec();
        }
        members.sort();
        members.dedup();
        let starts = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default() + Duration::days((r >> 32) as i64 % 900);
        let ends = (!k.is_multiple_of(3)).then(|| starts + Duration::days(730 + (r >> 40) as i64 % 400));
        let (starts, ends) = (starts.to_string(), ends.map(|d| d.to_string()));
        let name = format!("Kompetenslyft {} {}", county.trim_end_matches(" län"), k + 1);
        let input = CollaborationInput {
            name: &name,
            funder: Some(if k.is_multiple_of(2) { "ESF" } else { "Region" }),
            reference: None,
            budget_sek: Some(1_000_000 + (r % 50) as i64 * 100_000),
            hourly_rate_sek: Some(250 + (r % 30) as i64 * 5),
            starts_on: &starts,
            ends_on: ends.as_deref(),
            municipalities: &members,
            coordinators: &[],
        };
        let refs = References { municipality: &|_| true, coordinator: &|_| false };
        collaborations::create(&txn, NewCollaboration::parse(input, &refs)?).await?;
    }
    txn.commit().await?;
    Ok(COLLABORATIONS)
}

/// One offer per `COMPANIES_PER_OFFER` new companies, with sessions and
/// areas; published ones get enrolments of companies of their municipality
/// (or any) for about two thirds of their seats.
#[allow(clippy::too_many_arguments)]
async fn offers(
    db: &DatabaseConnection,
    start: u64,
    companies: u64,
    spread: &Spread,
    areas: &[String],
    now: DateTime<Utc>,
    seeded: &mut Seeded,
) -> Result<(), StoreError> {
    let first = start / COMPANIES_PER_OFFER;
    let last = (start + companies).div_ceil(COMPANIES_PER_OFFER).max(first + 1);
    let mut offer_rows = Vec::new();
    let mut area_rows = Vec::new();
    let mut sessions = Vec::new();
    let mut enrolments = Vec::new();
    let mut participant_rows = Vec::new();
    for o in first..last {
        let r = mix(o ^ 0x0FFE);
        let title = COURSES[(r % COURSES.len() as u64) as usize];
        let provider = PROVIDERS[((r >> 8) % PROVIDERS.len() as u64) as usize];
        let format = ["onSite", "online", "hybrid"][((r >> 12) % 3) as usize];
        let seats = 8 + ((r >> 16) % 33) as i32;
        let published = !(r >> 24).is_multiple_of(10);
        let starts = now + Duration::days(((r >> 28) % 300) as i64 - 60);
        let offer_id = id(OFFER, o);
        let session_times: Vec<_> = (0..1 + (r >> 40) % 3)
            .map(|k| {
                let at = starts + Duration::days(7 * k as i64);
                (at, at + Duration::hours(6))
            })
            .collect();
        let offer_areas: Vec<String> = [(r >> 44), (r >> 50)]
            .iter()
            .map(|x| areas[(x % areas.len() as u64) as usize].clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let description = format!("{title} med {provider}.");
        let municipality = (format != "online").then(|| spread.pick(r >> 3));
        let venue = (format != "online").then(|| format!("{provider}, lokal {}", 1 + r % 4));
        let deadline = (starts - Duration::days(3)).date_naive().to_string();
        let content = OfferInput {
            title,
            description: Some(&description),
            areas: &offer_areas,
            format,
            municipality,
            venue: venue.as_deref(),
            sessions: &session_times,
            seats: i64::from(seats),
            price_sek: if r.is_multiple_of(4) { 0 } else { 1500 + 500 * ((r >> 5) % 5) as i64 },
            language: if r.is_multiple_of(9) { "en" } else { "sv" },
            enrolment_deadline: Some(&deadline),
        };
        let status = if published { OfferStatus::Published } else { OfferStatus::Draft };
        let offer = NewOffer::parse(None, Some(provider), Some(status.as_str()), content, &Trusted)?;
        sessions.extend(training_offers::session_rows(offer_id, &offer.content));
        area_rows.extend(training_offers::area_rows(offer_id, &offer.content));
        let mut taken = 0;
        if published {
            let mut e = 0;
            while taken < seats * 2 / 3 {
                let size = (1 + (mix(o * 64 + e) % 3) as i32).min(seats - taken);
                let company = (offer_id, id(COMPANY, start + mix(o * 64 + e + 1) % companies.max(1)));
                let enrolment_id = id(ENROLMENT, o * 64 + e);
                let names: Vec<(String, &str)> =
                    (0..size).map(|p| person(((o * 64 + e) * 4 + p as u64) ^ 0xBEEF)).collect();
                let people: Vec<ParticipantInput> = names
                    .iter()
                    .map(|(name, gender)| ParticipantInput { name, email: None, gender, age_band: None })
                    .collect();
                let people = participants(&people)?;
                let confirmed = EnrolmentStatus::Confirmed;
                enrolments.push(enrolments::new_row(enrolment_id, company, None, confirmed, people.len(), now));
                participant_rows.extend(enrolments::participant_rows(enrolment_id, company, people));
                taken += size;
                e += 1;
            }
        }
        let mut row = training_offers::new_row(offer_id, &offer, now);
        row.seats_taken = Set(taken);
        offer_rows.push(row);
    }
    seeded.offers = offer_rows.len() as u64;
    seeded.enrolments = enrolments.len() as u64;
    seeded.participants = participant_rows.len() as u64;
    let txn = db.begin().await?;
    insert_all(&txn, offer_rows, 18).await?;
    insert_all(&txn, area_rows, 2).await?;
    insert_all(&txn, sessions, 5).await?;
    insert_all(&txn, enrolments, 9).await?;
    insert_all(&txn, participant_rows, 10).await?;
    txn.commit().await?;
    Ok(())
}

/// Reserves `n` change numbers; the first of them.
async fn reserve(conn: &impl ConnectionTrait, n: u64) -> Result<i64, StoreError> {
    let last = changes::advance(conn, companies::FEED, n as i64).await?;
    Ok(last - n as i64 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use samverka_domain::company::OrgNumber;

    #[test]
    fn the_list_holds_all_290_municipalities_once() {
        let codes: BTreeSet<&str> = samverka_migration::kommuner().map(|(code, _, _)| code).collect();
        assert_eq!(codes.len(), 290);
        assert!(codes.contains("0686") && codes.contains("2584") && codes.contains("0114"));
    }

    #[test]
    fn org_numbers_are_valid_and_distinct() {
        let numbers: BTreeSet<String> = (0..20_000).map(org_number).collect();
        assert_eq!(numbers.len(), 20_000);
        for n in numbers.iter().take(500) {
            assert_eq!(OrgNumber::parse("orgNumber", n).map(|o| o.as_str().to_owned()), Ok(n.clone()));
        }
    }

    #[test]
    fn the_spread_is_skewed_towards_the_big_cities() {
        let codes: Vec<String> = samverka_migration::kommuner().map(|(code, _, _)| code.to_owned()).collect();
        let spread = Spread::new(codes);
        let mut counts = std::collections::BTreeMap::<&str, u64>::new();
        for i in 0..100_000 {
            *counts.entry(spread.pick(mix(i))).or_default() += 1;
        }
        assert_eq!(counts.len(), 290, "every municipality gets companies");
        let stockholm = counts["0180"];
        let smallest = counts.values().min().copied().unwrap_or(0);
        assert!(stockholm > 10_000, "Stockholm holds about a sixth: {stockholm}");
        assert!(smallest > 20 && smallest < 200, "the smallest holds a few: {smallest}");
    }
}
