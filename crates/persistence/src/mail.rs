//! The mail outbox: the mailer turns committed events into messages (in the
//! transaction that advances its position in the feed, so that each event
//! is turned into mail once, by one server), then sends them with retries.

use crate::entities::{enrolment, event, mail, participant, registration, user};
use crate::{StoreError, changes, events};
use chrono::{DateTime, Duration, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

const POSITION: &str = "mail";
pub const PENDING: &str = "pending";
pub const FAILED: &str = "failed";

/// A message to send.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub recipient: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// An iCalendar event and its METHOD (`REQUEST`, `CANCEL`).
    pub ics: Option<(String, &'static str)>,
}

/// The committed events the mailer has not turned into mail, at most
/// `limit`; the counter row is held until the caller commits, so that two
/// servers never take the same events.
pub async fn next_events(conn: &impl ConnectionTrait, limit: u64) -> Result<Vec<event::Model>, StoreError> {
    let at = changes::advance(conn, POSITION, 0).await?;
    Ok(events::list(conn, at, &[], None, limit).await?.0)
}

/// Queues the messages of the event at `seq` and moves the mailer's position past it.
pub async fn enqueue(conn: &impl ConnectionTrait, seq: i64, mails: Vec<NewMail>) -> Result<(), StoreError> {
    let now = Utc::now();
    let rows = mails.into_iter().map(|m| mail::ActiveModel {
        id: Set(Uuid::now_v7()),
        event_seq: Set(seq),
        recipient: Set(m.recipient),
        subject: Set(m.subject),
        text_body: Set(m.text),
        html_body: Set(m.html),
        ics_method: Set(m.ics.as_ref().map(|(_, method)| (*method).to_owned())),
        ics: Set(m.ics.map(|(ics, _)| ics)),
        status: Set(PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
    });
    mail::Entity::insert_many(rows).exec(conn).await?;
    let at = changes::current(conn, POSITION).await?;
    changes::advance(conn, POSITION, seq - at).await?;
    Ok(())
}

/// Claims up to `limit` due messages for `lease`.
pub async fn claim(conn: &impl ConnectionTrait, limit: u64, lease: Duration) -> Result<Vec<mail::Model>, StoreError> {
    use mail::{Column, Entity};
    let now = Utc::now();
    let due = Entity::find()
        .filter(Column::Status.eq(PENDING))
        .filter(Column::NextAttemptAt.lte(now))
        .filter(Condition::any().add(Column::ClaimedUntil.is_null()).add(Column::ClaimedUntil.lte(now)))
        .order_by_asc(Column::NextAttemptAt)
        .limit(limit)
        .all(conn)
        .await?;
    let mut claimed = Vec::new();
    for m in due {
        let result = Entity::update_many()
            .col_expr(Column::ClaimedUntil, Expr::value(now + lease))
            .filter(Column::Id.eq(m.id))
            .filter(Condition::any().add(Column::ClaimedUntil.is_null()).add(Column::ClaimedUntil.lte(now)))
            .exec(conn)
            .await?;
        if result.rows_affected == 1 {
            claimed.push(m);
        }
    }
    Ok(claimed)
}

/// A message went out: it is deleted (with the personal data it held).
pub async fn sent(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), StoreError> {
    mail::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

/// A message did not go out: retried at `retry_at`, or failed for good.
pub async fn not_sent(
    conn: &impl ConnectionTrait,
    m: &mail::Model,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<(), StoreError> {
    mail::ActiveModel {
        id: Set(m.id),
        status: Set(if retry_at.is_some() { PENDING } else { FAILED }.to_owned()),
        attempts: Set(m.attempts + 1),
        next_attempt_at: Set(retry_at.unwrap_or(m.next_attempt_at)),
        claimed_until: Set(None),
        last_error: Set(Some(error.chars().take(1000).collect())),
        ..<mail::ActiveModel as Default>::default()
    }
    .update(conn)
    .await?;
    Ok(())
}

/// Erasure of a person: their waiting messages go.
pub async fn forget(conn: &impl ConnectionTrait, email: &str) -> Result<u64, StoreError> {
    Ok(mail::Entity::delete_many().filter(mail::Column::Recipient.eq(email)).exec(conn).await?.rows_affected)
}

/// The e-mail addresses of a company's (enabled) users.
pub async fn company_users(conn: &impl ConnectionTrait, company: Uuid) -> Result<Vec<String>, StoreError> {
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Email)
        .filter(user::Column::CompanyId.eq(company))
        .filter(user::Column::Disabled.eq(false))
        .into_tuple()
        .all(conn)
        .await?)
}

/// The e-mail address of a user.
pub async fn user_email(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<String>, StoreError> {
    Ok(user::Entity::find_by_id(id).one(conn).await?.filter(|u| !u.disabled).map(|u| u.email))
}

/// An enrolment, and the e-mail addresses of its participants.
pub async fn enrolment_people(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<(enrolment::Model, Vec<String>)>, StoreError> {
    let Some(e) = enrolment::Entity::find_by_id(id).one(conn).await? else { return Ok(None) };
    let emails: Vec<Option<String>> = participant::Entity::find()
        .select_only()
        .column(participant::Column::Email)
        .filter(participant::Column::EnrolmentId.eq(id))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(Some((e, emails.into_iter().flatten().collect())))
}

/// The enrolments of an offer (with their companies) that were live until it was cancelled.
pub async fn enrolments_of_offer(conn: &impl ConnectionTrait, offer: Uuid) -> Result<Vec<Uuid>, StoreError> {
    Ok(enrolment::Entity::find()
        .select_only()
        .column(enrolment::Column::Id)
        .filter(enrolment::Column::OfferId.eq(offer))
        .into_tuple()
        .all(conn)
        .await?)
}

/// The registrations of a meeting: each company, and its attendees' e-mail addresses.
pub async fn meeting_people(
    conn: &impl ConnectionTrait,
    meeting: Uuid,
) -> Result<Vec<(Uuid, Vec<String>)>, StoreError> {
    let rows = registration::Entity::find().filter(registration::Column::MeetingId.eq(meeting)).all(conn).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let attendees: Vec<serde_json::Value> = serde_json::from_str(&r.attendees).unwrap_or_default();
            let emails = attendees.iter().filter_map(|a| a["email"].as_str().map(str::to_owned)).collect();
            (r.company_id, emails)
        })
        .collect())
}

/// One registration's company and attendees' e-mail addresses.
pub async fn registration_people(
    conn: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<(Uuid, Uuid, Vec<String>)>, StoreError> {
    let Some(r) = registration::Entity::find_by_id(id).one(conn).await? else { return Ok(None) };
    let attendees: Vec<serde_json::Value> = serde_json::from_str(&r.attendees).unwrap_or_default();
    let emails = attendees.iter().filter_map(|a| a["email"].as_str().map(str::to_owned)).collect();
    Ok(Some((r.meeting_id, r.company_id, emails)))
}

/// Whether the mailer has anything to do: events not yet turned into
/// mail, or messages due (a cheap read before taking the write lock).
pub async fn work_waiting(conn: &impl ConnectionTrait) -> Result<bool, StoreError> {
    use sea_orm::PaginatorTrait;
    if events::head(conn).await? > changes::current(conn, POSITION).await? {
        return Ok(true);
    }
    let due = mail::Entity::find()
        .filter(mail::Column::Status.eq(PENDING))
        .filter(mail::Column::NextAttemptAt.lte(Utc::now()))
        .count(conn)
        .await?;
    Ok(due > 0)
}
