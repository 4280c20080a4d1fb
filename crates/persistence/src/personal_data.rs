//! Everything held about one person, found by e-mail address (GDPR art. 15),
//! and its erasure (art. 17): contacts go, enrolment participants and meeting
//! attendees are anonymised (seat counts, gender totals and hours stay, so
//! reports stay right), users are anonymised and disabled, and every audit
//! event that recorded them keeps only `{"erased": true}`.

use crate::entities::{audit_event, contact, participant, registration, user};
use crate::{StoreError, audit, contacts, refresh_tokens};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::Value;
use uuid::Uuid;

/// What an erased name reads as.
pub const ERASED: &str = "(erased)";

/// One attendee of a registration who is the person.
#[derive(Debug, Clone)]
pub struct Attendee {
    pub registration: registration::Model,
    pub name: String,
    pub email: String,
}

/// Every record that holds the person's data.
#[derive(Debug, Clone, Default)]
pub struct Holdings {
    pub contacts: Vec<contact::Model>,
    pub participants: Vec<participant::Model>,
    pub attendees: Vec<Attendee>,
    pub users: Vec<user::Model>,
    pub audit_events: Vec<audit_event::Model>,
}

impl Holdings {
    /// The ids of the records (for purging stored answers that name them).
    pub fn ids(&self) -> Vec<Uuid> {
        let mut ids: Vec<Uuid> = self.contacts.iter().map(|c| c.id).collect();
        ids.extend(self.participants.iter().map(|p| p.enrolment_id));
        ids.extend(self.attendees.iter().map(|a| a.registration.id));
        ids.extend(self.users.iter().map(|u| u.id));
        ids
    }
}

fn like(needle: &str) -> LikeExpr {
    let escaped = needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// The attendees of a registration whose e-mail is `email`.
fn matching_attendees(registration: &registration::Model, email: &str) -> Vec<Attendee> {
    let list: Vec<Value> = serde_json::from_str(&registration.attendees).unwrap_or_default();
    list.iter()
        .filter(|a| a["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(email)))
        .map(|a| Attendee {
            registration: registration.clone(),
            name: a["name"].as_str().unwrap_or_default().to_owned(),
            email: email.to_owned(),
        })
        .collect()
}

/// Every record holding `email` (lower-case), and the audit events of those
/// records or naming the address.
pub async fn find(conn: &impl ConnectionTrait, email: &str) -> Result<Holdings, StoreError> {
    let contacts = contact::Entity::find()
        .filter(contact::Column::Email.eq(email))
        .order_by_asc(contact::Column::Id)
        .all(conn)
        .await?;
    let participants = participant::Entity::find()
        .filter(participant::Column::Email.eq(email))
        .order_by_asc(participant::Column::Id)
        .all(conn)
        .await?;
    let registrations = registration::Entity::find()
        .filter(Expr::col(registration::Column::Attendees).like(like(email)))
        .order_by_asc(registration::Column::Id)
        .all(conn)
        .await?;
    let attendees = registrations.iter().flat_map(|r| matching_attendees(r, email)).collect();
    let users = user::Entity::find().filter(user::Column::Email.eq(email)).all(conn).await?;
    let mut holdings = Holdings { contacts, participants, attendees, users, audit_events: Vec::new() };
    let mut events = sea_orm::Condition::any().add(Expr::col(audit_event::Column::Changes).like(like(email)));
    for (entity, ids) in [
        ("contact", holdings.contacts.iter().map(|c| c.id).collect::<Vec<_>>()),
        ("enrolment", holdings.participants.iter().map(|p| p.enrolment_id).collect()),
        ("registration", holdings.attendees.iter().map(|a| a.registration.id).collect()),
        ("user", holdings.users.iter().map(|u| u.id).collect()),
    ] {
        if !ids.is_empty() {
            events = events.add(
                audit_event::Column::Entity
                    .eq(entity)
                    .and(audit_event::Column::EntityId.is_in(ids.iter().map(Uuid::to_string))),
            );
        }
    }
    holdings.audit_events =
        audit_event::Entity::find().filter(events).order_by_asc(audit_event::Column::Id).all(conn).await?;
    Ok(holdings)
}

/// Anonymises the participants of these enrolment rows and redacts the
/// audit events of their enrolments.
async fn anonymise_participants(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
    enrolments: &[Uuid],
) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    participant::Entity::update_many()
        .col_expr(participant::Column::Name, Expr::value(ERASED))
        .col_expr(participant::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(participant::Column::AgeBand, Expr::value(Option::<String>::None))
        .filter(participant::Column::Id.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    for enrolment in enrolments {
        audit::redact(conn, "enrolment", &enrolment.to_string()).await?;
    }
    Ok(())
}

/// Rewrites a registration's attendees, erasing those `erase` picks.
async fn anonymise_attendees(
    conn: &impl ConnectionTrait,
    registration: &registration::Model,
    erase: impl Fn(&Value) -> bool,
) -> Result<(), StoreError> {
    let list: Vec<Value> = serde_json::from_str(&registration.attendees).unwrap_or_default();
    let rewritten: Vec<Value> =
        list.into_iter().map(|a| if erase(&a) { serde_json::json!({ "name": ERASED }) } else { a }).collect();
    registration::Entity::update_many()
        .col_expr(registration::Column::Attendees, Expr::value(Value::Array(rewritten).to_string()))
        .filter(registration::Column::Id.eq(registration.id))
        .exec(conn)
        .await?;
    audit::redact(conn, "registration", &registration.id.to_string()).await
}

/// Erases everything `find` found for `email`, in the caller's transaction.
/// Users are anonymised and disabled (their ids stay, as authors of what they wrote).
pub async fn erase(conn: &impl ConnectionTrait, email: &str, holdings: &Holdings) -> Result<(), StoreError> {
    // Notifications waiting to go out to the person go too.
    crate::mail::forget(conn, email).await?;
    for c in &holdings.contacts {
        audit::redact(conn, "contact", &c.id.to_string()).await?;
        contacts::delete_any(conn, c.id).await?;
    }
    let ids: Vec<Uuid> = holdings.participants.iter().map(|p| p.id).collect();
    let enrolments: Vec<Uuid> = holdings.participants.iter().map(|p| p.enrolment_id).collect();
    anonymise_participants(conn, &ids, &enrolments).await?;
    for a in &holdings.attendees {
        // Re-read: one registration may name the person twice.
        if let Some(current) = registration::Entity::find_by_id(a.registration.id).one(conn).await? {
            anonymise_attendees(conn, &current, |v| v["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(email)))
                .await?;
        }
    }
    for u in &holdings.users {
        refresh_tokens::delete_subject(conn, u.id).await?;
        user::Entity::update_many()
            .col_expr(user::Column::Email, Expr::value(format!("erased-{}@erased.invalid", u.id)))
            .col_expr(user::Column::DisplayName, Expr::value(ERASED))
            .col_expr(user::Column::PasswordHash, Expr::value("!"))
            .col_expr(user::Column::Disabled, Expr::value(true))
            .col_expr(user::Column::Version, Expr::col(user::Column::Version).add(1))
            .col_expr(user::Column::UpdatedAt, Expr::value(chrono::Utc::now()))
            .filter(user::Column::Id.eq(u.id))
            .exec(conn)
            .await?;
        audit::redact(conn, "user", &u.id.to_string()).await?;
    }
    audit_event::Entity::update_many()
        .col_expr(audit_event::Column::Changes, Expr::value(r#"{"erased":true}"#))
        .filter(Expr::col(audit_event::Column::Changes).like(like(email)))
        .exec(conn)
        .await?;
    Ok(())
}

/// A deleted company's enrolments and registrations lose their personal
/// data: participants and attendees are anonymised (counts, gender and hours
/// stay). The ids of the enrolments and registrations touched.
pub async fn erase_company_people(conn: &impl ConnectionTrait, company: Uuid) -> Result<Vec<Uuid>, StoreError> {
    let participants = participant::Entity::find().filter(participant::Column::CompanyId.eq(company)).all(conn).await?;
    let ids: Vec<Uuid> = participants.iter().map(|p| p.id).collect();
    let mut enrolments: Vec<Uuid> = participants.iter().map(|p| p.enrolment_id).collect();
    enrolments.sort();
    enrolments.dedup();
    anonymise_participants(conn, &ids, &enrolments).await?;
    let registrations =
        registration::Entity::find().filter(registration::Column::CompanyId.eq(company)).all(conn).await?;
    for r in &registrations {
        anonymise_attendees(conn, r, |_| true).await?;
    }
    enrolments.extend(registrations.iter().map(|r| r.id));
    Ok(enrolments)
}
