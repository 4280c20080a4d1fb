//! The participation report: figures per municipality for a period, from
//! aggregate queries (no personal data leaves the database).

use crate::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use samverka_domain::activities::ActivityKind;
use samverka_domain::needs::AnalysisStatus;
use samverka_domain::offers::{AGE_BAND_UNSPECIFIED, EnrolmentStatus};
use sea_orm::{ConnectionTrait, DbBackend, QueryResult, Statement, Value};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// The period and the municipalities of a report.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Empty: every municipality.
    pub municipalities: Vec<String>,
}

/// The figures of one municipality (or of all).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub companies_reached: i64,
    pub analyses: i64,
    pub needs_by_area: BTreeMap<String, i64>,
    pub enrolments: i64,
    /// Participants of confirmed enrolments, by gender.
    pub participants: BTreeMap<String, i64>,
    /// Hours attended, by gender.
    pub hours: BTreeMap<String, f64>,
    pub meetings_held: i64,
    pub meeting_attending_companies: i64,
    /// Visits made (activities of kind `visit`), and the companies visited.
    pub visits: i64,
    pub companies_visited: i64,
    /// Attendees registered for the meetings held, and those the host marked as attended.
    pub attendees_registered: i64,
    pub attendees_attended: i64,
}

/// SQL with `?` placeholders, numbered for PostgreSQL.
fn statement(backend: DbBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql = if backend == DbBackend::Postgres {
        let mut out = String::with_capacity(sql.len() + 16);
        let mut n = 0;
        for c in sql.chars() {
            if c == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(c);
            }
        }
        out
    } else {
        sql.to_owned()
    };
    Statement::from_sql_and_values(backend, sql, values)
}

/// `AND column >= ? AND column < ?` for a period of dates or of times, and the municipality list.
fn conditions(
    filter: &ReportFilter,
    date_column: &str,
    as_times: bool,
    municipality_column: &str,
) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut values: Vec<Value> = Vec::new();
    let start_of = |d: NaiveDate| -> DateTime<Utc> { d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() };
    if let Some(from) = filter.from {
        sql.push_str(&format!(" AND {date_column} >= ?"));
        values.push(if as_times { start_of(from).into() } else { from.into() });
    }
    if let Some(to) = filter.to {
        if as_times {
            sql.push_str(&format!(" AND {date_column} < ?"));
            values.push(start_of(to + chrono::Duration::days(1)).into());
        } else {
            sql.push_str(&format!(" AND {date_column} <= ?"));
            values.push(to.into());
        }
    }
    if !filter.municipalities.is_empty() {
        let marks = vec!["?"; filter.municipalities.len()].join(", ");
        sql.push_str(&format!(" AND {municipality_column} IN ({marks})"));
        values.extend(filter.municipalities.iter().map(|m| Value::from(m.clone())));
    }
    (sql, values)
}

async fn rows(conn: &impl ConnectionTrait, sql: String, values: Vec<Value>) -> Result<Vec<QueryResult>, StoreError> {
    Ok(conn.query_all_raw(statement(conn.get_database_backend(), &sql, values)).await?)
}

fn code(row: &QueryResult) -> Result<String, StoreError> {
    Ok(row.try_get_by_index::<String>(0)?.trim().to_owned())
}

/// The figures per municipality, and the totals over them.
pub async fn participation(
    conn: &impl ConnectionTrait,
    filter: &ReportFilter,
) -> Result<(BTreeMap<String, Figures>, Figures), StoreError> {
    let mut by: BTreeMap<String, Figures> = BTreeMap::new();
    let analysed = "a.status IN ('completed', 'archived')";

    let (cond, values) = conditions(filter, "a.conducted_on", false, "c.municipality");
    let sql = format!(
        "SELECT c.municipality, COUNT(DISTINCT a.company_id), COUNT(a.id) FROM needs_analyses a \
         JOIN companies c ON c.id = a.company_id WHERE {analysed}{cond} GROUP BY c.municipality"
    );
    for row in rows(conn, sql, values).await? {
        let f = by.entry(code(&row)?).or_default();
        f.companies_reached = row.try_get_by_index(1)?;
        f.analyses = row.try_get_by_index(2)?;
    }

    let (cond, values) = conditions(filter, "a.conducted_on", false, "c.municipality");
    let sql = format!(
        "SELECT c.municipality, n.area, COUNT(n.id) FROM needs n JOIN needs_analyses a ON a.id = n.analysis_id \
         JOIN companies c ON c.id = a.company_id WHERE {analysed}{cond} GROUP BY c.municipality, n.area"
    );
    for row in rows(conn, sql, values).await? {
        let area: String = row.try_get_by_index(1)?;
        by.entry(code(&row)?).or_default().needs_by_area.insert(area, row.try_get_by_index(2)?);
    }

    let (cond, values) = conditions(filter, "o.starts_at", true, "c.municipality");
    let sql = format!(
        "SELECT c.municipality, COUNT(e.id) FROM enrolments e JOIN companies c ON c.id = e.company_id \
         JOIN training_offers o ON o.id = e.offer_id WHERE e.status = 'confirmed'{cond} GROUP BY c.municipality"
    );
    for row in rows(conn, sql, values).await? {
        by.entry(code(&row)?).or_default().enrolments = row.try_get_by_index(1)?;
    }

    let (cond, values) = conditions(filter, "o.starts_at", true, "c.municipality");
    let sql = format!(
        "SELECT c.municipality, p.gender, COUNT(p.id), COALESCE(SUM(p.hours_attended), 0.0) FROM participants p \
         JOIN enrolments e ON e.id = p.enrolment_id JOIN companies c ON c.id = e.company_id \
         JOIN training_offers o ON o.id = e.offer_id WHERE e.status = 'confirmed'{cond} \
         GROUP BY c.municipality, p.gender"
    );
    for row in rows(conn, sql, values).await? {
        let gender: String = row.try_get_by_index(1)?;
        let f = by.entry(code(&row)?).or_default();
        f.participants.insert(gender.clone(), row.try_get_by_index(2)?);
        f.hours.insert(gender, row.try_get_by_index::<f64>(3)?);
    }

    let (cond, values) = conditions(filter, "m.starts_at", true, "m.municipality");
    let sql = format!(
        "SELECT m.municipality, COUNT(m.id) FROM network_meetings m WHERE m.status = 'held'{cond} GROUP BY m.municipality"
    );
    for row in rows(conn, sql, values).await? {
        by.entry(code(&row)?).or_default().meetings_held = row.try_get_by_index(1)?;
    }

    let (cond, values) = conditions(filter, "m.starts_at", true, "m.municipality");
    let sql = format!(
        "SELECT m.municipality, COUNT(DISTINCT r.company_id) FROM registrations r \
         JOIN network_meetings m ON m.id = r.meeting_id WHERE m.status = 'held'{cond} GROUP BY m.municipality"
    );
    for row in rows(conn, sql, values).await? {
        by.entry(code(&row)?).or_default().meeting_attending_companies = row.try_get_by_index(1)?;
    }

    let (cond, values) = conditions(filter, "v.occurred_on", false, "c.municipality");
    let sql = format!(
        "SELECT c.municipality, COUNT(v.id), COUNT(DISTINCT v.company_id) FROM activities v \
         JOIN companies c ON c.id = v.company_id WHERE v.kind = '{}'{cond} GROUP BY c.municipality",
        ActivityKind::Visit.as_str()
    );
    for row in rows(conn, sql, values).await? {
        let f = by.entry(code(&row)?).or_default();
        f.visits = row.try_get_by_index(1)?;
        f.companies_visited = row.try_get_by_index(2)?;
    }

    let (cond, values) = conditions(filter, "m.starts_at", true, "m.municipality");
    let sql = format!(
        "SELECT m.municipality, r.attendee_count, r.attended FROM registrations r \
         JOIN network_meetings m ON m.id = r.meeting_id WHERE m.status = 'held'{cond}"
    );
    for row in rows(conn, sql, values).await? {
        let f = by.entry(code(&row)?).or_default();
        f.attendees_registered += i64::from(row.try_get_by_index::<i32>(1)?);
        let marks: Option<String> = row.try_get_by_index(2)?;
        let marks: Vec<bool> = marks.and_then(|m| serde_json::from_str(&m).ok()).unwrap_or_default();
        f.attendees_attended += marks.iter().filter(|came| **came).count() as i64;
    }

    // Totals: sums, except companies attending meetings in several places, counted once.
    let mut total = Figures::default();
    for f in by.values() {
        total.visits += f.visits;
        total.companies_visited += f.companies_visited;
        total.attendees_registered += f.attendees_registered;
        total.attendees_attended += f.attendees_attended;
        total.companies_reached += f.companies_reached;
        total.analyses += f.analyses;
        total.enrolments += f.enrolments;
        total.meetings_held += f.meetings_held;
        add_all(&mut total.needs_by_area, &f.needs_by_area);
        add_all(&mut total.participants, &f.participants);
        add_all(&mut total.hours, &f.hours);
    }
    let (cond, values) = conditions(filter, "m.starts_at", true, "m.municipality");
    let sql = format!(
        "SELECT COUNT(DISTINCT r.company_id) FROM registrations r JOIN network_meetings m ON m.id = r.meeting_id \
         WHERE m.status = 'held'{cond}"
    );
    if let Some(row) = rows(conn, sql, values).await?.first() {
        total.meeting_attending_companies = row.try_get_by_index(0)?;
    }
    Ok((by, total))
}

/// How outcome figures are split in time: by the year or the month the
/// analyses were conducted, or not at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Whole,
    Year,
    Month,
}

/// One cell of the outcome figures: needs by status in one competence
/// area, municipality and period; the companies whose needs they are; the
/// confirmed enrolments that address them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutcomeCell {
    pub by_status: BTreeMap<String, i64>,
    pub companies: i64,
    pub enrolments: i64,
}

/// The key of an outcome cell: area, municipality, period (empty when whole).
pub type OutcomeKey = (String, String, String);

/// What became of the needs of completed (and archived) analyses of live
/// companies, per competence area, municipality and period.
pub async fn outcomes(
    conn: &impl ConnectionTrait,
    filter: &ReportFilter,
    area: Option<&str>,
    period: Period,
) -> Result<BTreeMap<OutcomeKey, OutcomeCell>, StoreError> {
    let period_sql = match period {
        Period::Whole => "''",
        Period::Year => "SUBSTR(CAST(a.conducted_on AS TEXT), 1, 4)",
        Period::Month => "SUBSTR(CAST(a.conducted_on AS TEXT), 1, 7)",
    };
    let group = if period == Period::Whole { String::new() } else { format!(", {period_sql}") };
    let (mut cond, mut values) = conditions(filter, "a.conducted_on", false, "c.municipality");
    if let Some(area) = area {
        cond.push_str(" AND n.area = ?");
        values.push(area.into());
    }
    let from = "FROM needs n JOIN needs_analyses a ON a.id = n.analysis_id JOIN companies c ON c.id = a.company_id";
    let analysed = format!(
        "a.status IN ('{}', '{}') AND c.deleted_at IS NULL",
        AnalysisStatus::Completed.as_str(),
        AnalysisStatus::Archived.as_str()
    );
    let key = |row: &QueryResult| -> Result<OutcomeKey, StoreError> {
        Ok((row.try_get_by_index(0)?, row.try_get_by_index::<String>(1)?.trim().to_owned(), row.try_get_by_index(2)?))
    };
    let mut cells: BTreeMap<OutcomeKey, OutcomeCell> = BTreeMap::new();
    let sql = format!(
        "SELECT n.area, c.municipality, {period_sql}, n.status, COUNT(n.id) {from} WHERE {analysed}{cond} \
         GROUP BY n.area, c.municipality{group}, n.status"
    );
    for row in rows(conn, sql, values.clone()).await? {
        let status: String = row.try_get_by_index(3)?;
        cells.entry(key(&row)?).or_default().by_status.insert(status, row.try_get_by_index(4)?);
    }
    let sql = format!(
        "SELECT n.area, c.municipality, {period_sql}, COUNT(DISTINCT a.company_id), COUNT(DISTINCT e.id) {from} \
         LEFT JOIN enrolment_needs en ON en.need_id = n.id \
         LEFT JOIN enrolments e ON e.id = en.enrolment_id AND e.status = '{}' \
         WHERE {analysed}{cond} GROUP BY n.area, c.municipality{group}",
        EnrolmentStatus::Confirmed.as_str()
    );
    for row in rows(conn, sql, values).await? {
        let cell = cells.entry(key(&row)?).or_default();
        cell.companies = row.try_get_by_index(3)?;
        cell.enrolments = row.try_get_by_index(4)?;
    }
    Ok(cells)
}

/// Adds each count of `from` to the same key's in `into`.
fn add_all<V: Copy + Default + std::ops::AddAssign>(into: &mut BTreeMap<String, V>, from: &BTreeMap<String, V>) {
    for (key, n) in from {
        *into.entry(key.clone()).or_default() += *n;
    }
}

/// The figures of a collaboration's report for one municipality and company
/// size class (or, summed, for more of them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reach {
    /// Companies visited, analysed or enrolled in the period (each once).
    pub companies_reached: i64,
    pub companies_visited: i64,
    pub companies_analysed: i64,
    pub companies_enrolled: i64,
    pub visits: i64,
    /// Completed (or since archived) analyses conducted in the period.
    pub analyses: i64,
    /// Their needs, by competence area and status.
    pub needs: BTreeMap<String, BTreeMap<String, i64>>,
    /// Confirmed enrolments in trainings starting in the period.
    pub enrolments: i64,
    /// Their participants by gender, and by age band (`unspecified` when not given).
    pub participants: BTreeMap<String, i64>,
    pub participants_by_age: BTreeMap<String, i64>,
    /// Hours attended by those participants, by gender.
    pub hours: BTreeMap<String, f64>,
}

impl Reach {
    /// Adds `other`'s figures (of other companies) to these.
    pub fn absorb(&mut self, other: &Reach) {
        self.companies_reached += other.companies_reached;
        self.companies_visited += other.companies_visited;
        self.companies_analysed += other.companies_analysed;
        self.companies_enrolled += other.companies_enrolled;
        self.visits += other.visits;
        self.analyses += other.analyses;
        self.enrolments += other.enrolments;
        for (area, statuses) in &other.needs {
            add_all(self.needs.entry(area.clone()).or_default(), statuses);
        }
        add_all(&mut self.participants, &other.participants);
        add_all(&mut self.participants_by_age, &other.participants_by_age);
        add_all(&mut self.hours, &other.hours);
    }
}

/// (municipality, size class) of a report's rows.
pub type ReachKey = (String, String);

/// Per company of a query's rows: its key and how many rows it has.
async fn per_company(
    conn: &impl ConnectionTrait,
    sql: String,
    values: Vec<Value>,
) -> Result<Vec<(Uuid, ReachKey, i64)>, StoreError> {
    let mut out = Vec::new();
    for row in rows(conn, sql, values).await? {
        let company: Uuid = row.try_get_by_index(0)?;
        let municipality = row.try_get_by_index::<String>(1)?.trim().to_owned();
        out.push((company, (municipality, row.try_get_by_index(2)?), row.try_get_by_index(3)?));
    }
    Ok(out)
}

/// A collaboration's figures for its member municipalities (`filter`),
/// per municipality and company size class: each company counts where it
/// is now. Aggregates only: no personal data leaves the database. The five
/// queries run at once (each on a connection of its own).
pub async fn reach(
    conn: &impl ConnectionTrait,
    filter: &ReportFilter,
) -> Result<BTreeMap<ReachKey, Reach>, StoreError> {
    let analysed =
        format!("a.status IN ('{}', '{}')", AnalysisStatus::Completed.as_str(), AnalysisStatus::Archived.as_str());
    let confirmed = format!("e.status = '{}'", EnrolmentStatus::Confirmed.as_str());
    let visit = format!("v.kind = '{}'", ActivityKind::Visit.as_str());
    let per = "c.municipality, c.size_class";

    let (cond, visit_values) = conditions(filter, "v.occurred_on", false, "c.municipality");
    let visits = format!(
        "SELECT v.company_id, {per}, COUNT(v.id) FROM activities v JOIN companies c ON c.id = v.company_id \
         WHERE {visit}{cond} GROUP BY v.company_id, {per}"
    );
    // Analyses and their needs in one pass, from the member municipalities'
    // companies outward (`CROSS JOIN` keeps that order on SQLite, which would
    // otherwise walk every analysis of the period in Sweden; PostgreSQL plans
    // it as the inner join it is): the work follows the collaboration's
    // size, not the country's.
    let (cond, analysis_values) = conditions(filter, "a.conducted_on", false, "c.municipality");
    let analyses = format!(
        "SELECT a.company_id, {per}, a.id, n.area, n.status FROM companies c CROSS JOIN needs_analyses a \
         LEFT JOIN needs n ON n.analysis_id = a.id WHERE a.company_id = c.id AND {analysed}{cond}"
    );
    // Enrolments from the trainings that started in the period.
    let (cond, enrolment_values) = conditions(filter, "o.starts_at", true, "c.municipality");
    let enrolled =
        "FROM enrolments e JOIN companies c ON c.id = e.company_id JOIN training_offers o ON o.id = e.offer_id";
    let enrolments = format!(
        "SELECT e.company_id, {per}, COUNT(e.id) {enrolled} WHERE {confirmed}{cond} GROUP BY e.company_id, {per}"
    );
    let participants = format!(
        "SELECT {per}, p.gender, COALESCE(p.age_band, '{AGE_BAND_UNSPECIFIED}'), COUNT(p.id), \
         COALESCE(SUM(p.hours_attended), 0.0) FROM participants p JOIN enrolments e ON e.id = p.enrolment_id \
         JOIN companies c ON c.id = e.company_id JOIN training_offers o ON o.id = e.offer_id \
         WHERE {confirmed}{cond} GROUP BY {per}, p.gender, p.age_band"
    );
    let (visited, analysis_rows, enrolled_companies, people) = tokio::try_join!(
        per_company(conn, visits, visit_values),
        rows(conn, analyses, analysis_values),
        per_company(conn, enrolments, enrolment_values.clone()),
        rows(conn, participants, enrolment_values),
    )?;
    let key = |row: &QueryResult| -> Result<ReachKey, StoreError> { Ok((code(row)?, row.try_get_by_index(1)?)) };
    // One row per need (or per analysis without needs): analyses per company, needs per area and status.
    let mut analysed: BTreeMap<(Uuid, ReachKey), BTreeSet<Uuid>> = BTreeMap::new();
    let mut needs: BTreeMap<ReachKey, BTreeMap<(String, String), i64>> = BTreeMap::new();
    for row in analysis_rows {
        let company: Uuid = row.try_get_by_index(0)?;
        let key = (row.try_get_by_index::<String>(1)?.trim().to_owned(), row.try_get_by_index(2)?);
        analysed.entry((company, key.clone())).or_default().insert(row.try_get_by_index(3)?);
        let need: (Option<String>, Option<String>) = (row.try_get_by_index(4)?, row.try_get_by_index(5)?);
        if let (Some(area), Some(status)) = need {
            *needs.entry(key).or_default().entry((area, status)).or_default() += 1;
        }
    }
    let analysed_companies: Vec<(Uuid, ReachKey, i64)> =
        analysed.into_iter().map(|((company, key), ids)| (company, key, ids.len() as i64)).collect();

    let mut by: BTreeMap<ReachKey, Reach> = BTreeMap::new();
    let mut reached: BTreeMap<ReachKey, BTreeSet<Uuid>> = BTreeMap::new();
    for (list, kind) in [(&visited, 0), (&analysed_companies, 1), (&enrolled_companies, 2)] {
        for (company, key, n) in list {
            reached.entry(key.clone()).or_default().insert(*company);
            let f = by.entry(key.clone()).or_default();
            match kind {
                0 => (f.visits += n, f.companies_visited += 1),
                1 => (f.analyses += n, f.companies_analysed += 1),
                _ => (f.enrolments += n, f.companies_enrolled += 1),
            };
        }
    }
    for (key, companies) in reached {
        by.entry(key).or_default().companies_reached = companies.len() as i64;
    }
    for (key, counts) in needs {
        let f = by.entry(key).or_default();
        for ((area, status), n) in counts {
            f.needs.entry(area).or_default().insert(status, n);
        }
    }
    for row in people {
        let (gender, age): (String, String) = (row.try_get_by_index(2)?, row.try_get_by_index(3)?);
        let (n, hours): (i64, f64) = (row.try_get_by_index(4)?, row.try_get_by_index(5)?);
        let f = by.entry(key(&row)?).or_default();
        *f.participants.entry(gender.clone()).or_default() += n;
        *f.participants_by_age.entry(age).or_default() += n;
        *f.hours.entry(gender).or_default() += hours;
    }
    Ok(by)
}
