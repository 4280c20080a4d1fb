//! What happened with one company, newest first: its activities, needs
//! analyses, enrolments and registrations, merged into one keyset-paged
//! list. Each kind is read with its own keyset query (so a page costs at
//! most four indexed queries of `limit + 1` rows) as far as the caller's
//! [`TimelineView`] allows.

use crate::StoreError;
use crate::entities::{activity, enrolment, needs_analysis, network_meeting, registration, training_offer};
use chrono::{DateTime, NaiveDate, Utc};
use samverka_domain::page::{Page, PageRequest};
use samverka_domain::policy::TimelineView;
use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait};
use uuid::Uuid;

/// What kind of entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Activity,
    Analysis,
    Enrolment,
    Registration,
}

/// One entry: what it is, when, and a line about it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntryKind,
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// The activity's summary, the analysis's, the offer's or the meeting's title.
    pub summary: String,
    /// The activity's kind, or the analysis's, enrolment's or meeting's status.
    pub status: String,
    /// The offer or meeting it concerns.
    pub subject_id: Option<Uuid>,
}

/// The keyset position of a timeline page: the time and the id of the last entry.
pub type Key = (DateTime<Utc>, Uuid);

fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// Rows of a date column before `after` in the timeline's order (a date is
/// at its midnight, UTC).
fn date_before(date: impl ColumnTrait, id: impl ColumnTrait, (at, last): Key) -> SimpleExpr {
    let day = at.date_naive();
    if midnight(day) == at {
        Expr::tuple([date.into_expr(), id.into_expr()]).lt(Expr::tuple([Expr::value(day), Expr::value(last)]))
    } else {
        date.lte(day)
    }
}

fn time_before(time: impl ColumnTrait, id: impl ColumnTrait, (at, last): Key) -> SimpleExpr {
    Expr::tuple([time.into_expr(), id.into_expr()]).lt(Expr::tuple([Expr::value(at), Expr::value(last)]))
}

fn line(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.chars().count() > 120 {
        format!("{}…", first.chars().take(119).collect::<String>())
    } else {
        first.to_owned()
    }
}

/// One page of the timeline of `company_id`, as `view` allows.
pub async fn page(
    conn: &impl ConnectionTrait,
    company_id: Uuid,
    view: &TimelineView,
    page: &PageRequest<Key>,
) -> Result<Page<Entry>, StoreError> {
    let n = page.limit + 1;
    let mut entries = Vec::new();
    if let Some(shared_only) = view.activities {
        use activity::{Column, Entity};
        let mut query = Entity::find()
            .filter(Column::CompanyId.eq(company_id))
            .order_by_desc(Column::OccurredOn)
            .order_by_desc(Column::Id)
            .limit(n);
        if shared_only {
            query = query.filter(Column::Shared.eq(true));
        }
        if let Some(after) = page.after {
            query = query.filter(date_before(Column::OccurredOn, Column::Id, after));
        }
        entries.extend(query.all(conn).await?.into_iter().map(|a| Entry {
            kind: EntryKind::Activity,
            id: a.id,
            at: midnight(a.occurred_on),
            summary: line(&a.summary),
            status: a.kind,
            subject_id: None,
        }));
    }
    if view.analyses {
        use needs_analysis::{Column, Entity};
        let mut query = Entity::find()
            .filter(Column::CompanyId.eq(company_id))
            .order_by_desc(Column::ConductedOn)
            .order_by_desc(Column::Id)
            .limit(n);
        if let Some(after) = page.after {
            query = query.filter(date_before(Column::ConductedOn, Column::Id, after));
        }
        entries.extend(query.all(conn).await?.into_iter().map(|a| Entry {
            kind: EntryKind::Analysis,
            id: a.id,
            at: midnight(a.conducted_on),
            summary: a.summary.as_deref().map(line).unwrap_or_default(),
            status: a.status,
            subject_id: None,
        }));
    }
    if view.enrolments {
        use enrolment::{Column, Entity};
        let mut query = Entity::find()
            .select_only()
            .columns([Column::Id, Column::CreatedAt, Column::Status, Column::OfferId])
            .column(training_offer::Column::Title)
            .filter(Column::CompanyId.eq(company_id))
            .order_by_desc(Column::CreatedAt)
            .order_by_desc(Column::Id)
            .limit(n);
        if let Some(after) = page.after {
            query = query.filter(time_before(Column::CreatedAt, Column::Id, after));
        }
        QueryTrait::query(&mut query).inner_join(
            training_offer::Entity,
            Expr::col((training_offer::Entity, training_offer::Column::Id)).equals((Entity, Column::OfferId)),
        );
        let rows: Vec<(Uuid, DateTime<Utc>, String, Uuid, String)> = query.into_tuple().all(conn).await?;
        entries.extend(rows.into_iter().map(|(id, at, status, offer, title)| Entry {
            kind: EntryKind::Enrolment,
            id,
            at,
            summary: title,
            status,
            subject_id: Some(offer),
        }));
    }
    if let Some(hosts) = &view.registrations {
        use registration::{Column, Entity};
        let mut query = Entity::find()
            .select_only()
            .columns([Column::Id, Column::CreatedAt, Column::MeetingId])
            .columns([network_meeting::Column::Status, network_meeting::Column::Title])
            .filter(Column::CompanyId.eq(company_id))
            .order_by_desc(Column::CreatedAt)
            .order_by_desc(Column::Id)
            .limit(n);
        if let Some(hosts) = hosts {
            let codes = hosts.iter().map(|c| c.as_str().to_owned());
            query = query.filter(network_meeting::Column::Municipality.is_in(codes));
        }
        if let Some(after) = page.after {
            query = query.filter(time_before(Column::CreatedAt, Column::Id, after));
        }
        QueryTrait::query(&mut query).inner_join(
            network_meeting::Entity,
            Expr::col((network_meeting::Entity, network_meeting::Column::Id)).equals((Entity, Column::MeetingId)),
        );
        let rows: Vec<(Uuid, DateTime<Utc>, Uuid, String, String)> = query.into_tuple().all(conn).await?;
        entries.extend(rows.into_iter().map(|(id, at, meeting, status, title)| Entry {
            kind: EntryKind::Registration,
            id,
            at,
            summary: title,
            status,
            subject_id: Some(meeting),
        }));
    }
    entries.sort_by_key(|e| std::cmp::Reverse((e.at, e.id)));
    entries.truncate(n as usize);
    Ok(Page::from_rows(entries, page.limit, |e| (e.at, e.id)))
}
