//! Recording events in the transaction of the write that makes them (the
//! outbox): `emit` is called by handlers after the write, before commit.

use crate::error::ApiError;
use samverka_domain::events::{Audience, EventType};
use samverka_persistence::DatabaseTransaction;
use serde::Serialize;

/// Records `kind` with `data` (a representation without personal data) for `audience`.
pub async fn emit<T: Serialize>(
    txn: &DatabaseTransaction,
    kind: EventType,
    data: &T,
    audience: Audience,
) -> Result<(), ApiError> {
    let data = serde_json::to_value(data).map_err(ApiError::internal)?;
    samverka_persistence::events::record(txn, kind, &data, &audience).await?;
    Ok(())
}

/// The audience of an event about a company in `municipality`: as its directory entry is read.
pub fn company(municipality: &str, listed: bool) -> Audience {
    Audience::Company { municipality: municipality.to_owned(), listed }
}

/// An enrolment as an event carries it: counts, never names.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolmentEvent {
    pub id: uuid::Uuid,
    pub offer_id: uuid::Uuid,
    pub status: String,
    pub participants: usize,
}

/// What a deletion or cancellation carries: the id.
#[derive(Debug, Serialize)]
pub struct Gone {
    pub id: uuid::Uuid,
}

/// An enrolment's move (`kind`), as the event carries it: loaded by id.
pub async fn enrolment(txn: &DatabaseTransaction, kind: EventType, id: uuid::Uuid) -> Result<(), ApiError> {
    let Some(e) = samverka_persistence::enrolments::get(txn, id).await? else { return Ok(()) };
    let data = EnrolmentEvent {
        id,
        offer_id: e.enrolment.offer_id,
        status: e.enrolment.status.clone(),
        participants: e.participants.len(),
    };
    emit(txn, kind, &data, Audience::Public).await
}

/// An offer's write, from status `from` (none: new) to `to`: published,
/// changed while published, or cancelled; drafts make no event.
pub async fn offer<T: Serialize>(
    txn: &DatabaseTransaction,
    from: Option<samverka_domain::offers::OfferStatus>,
    to: samverka_domain::offers::OfferStatus,
    data: &T,
) -> Result<(), ApiError> {
    use samverka_domain::offers::OfferStatus::{Cancelled, Published};
    let kind = match (from, to) {
        (Some(Published), Published) => EventType::OfferChanged,
        (_, Published) => EventType::OfferPublished,
        (Some(Published), Cancelled) => EventType::OfferCancelled,
        _ => return Ok(()),
    };
    emit(txn, kind, data, Audience::Public).await
}

/// A meeting's write, from status `from` (none: new) to `to`.
pub async fn meeting<T: Serialize>(
    txn: &DatabaseTransaction,
    from: Option<samverka_domain::offers::MeetingStatus>,
    to: samverka_domain::offers::MeetingStatus,
    data: &T,
) -> Result<(), ApiError> {
    use samverka_domain::offers::MeetingStatus::{Cancelled, Held};
    let kind = match (from, to) {
        (None, _) => EventType::MeetingPlanned,
        (Some(from), Held) if from != Held => EventType::MeetingHeld,
        (Some(from), Cancelled) if from != Cancelled => EventType::MeetingCancelled,
        _ => EventType::MeetingChanged,
    };
    emit(txn, kind, data, Audience::Public).await
}
