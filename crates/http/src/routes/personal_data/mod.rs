//! Everything held about one person (admins): the answer to an access
//! request (GDPR art. 15) and erasure (art. 17), found by e-mail address.

use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation;
use crate::routes::audit_events::AuditEventResponse;
use crate::routes::contacts::ContactResponse;
use crate::routes::users::UserResponse;
use crate::state::AppState;
use actix_web::{HttpResponse, delete, get, web};
use samverka_domain::account::Email;
use samverka_domain::account::Role;
use samverka_domain::policy;
use samverka_persistence::audit::{self, Action};
use samverka_persistence::personal_data::{self, Holdings};
use samverka_persistence::{begin, commit, idempotency, users};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_personal_data).service(erase_personal_data);
}

/// Whose data.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PersonParams {
    /// The person's e-mail address (case does not matter).
    #[param(value_type = crate::schema::EmailAddress, inline, example = "karin.lund@example.se")]
    pub email: String,
}

/// A participant of an enrolment who is the person.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantRecord {
    pub enrolment_id: Uuid,
    pub offer_id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub email: Option<String>,
    /// `woman`, `man`, `other` or `unspecified`.
    #[schema(value_type = crate::schema::Gender)]
    pub gender: String,
    pub hours_attended: Option<f64>,
    #[schema(value_type = Option<crate::schema::AgeBand>)]
    pub age_band: Option<String>,
}

/// An attendee of a meeting registration who is the person.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttendeeRecord {
    pub registration_id: Uuid,
    pub meeting_id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub email: String,
}

/// Every record that holds one person's data.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonalData {
    #[schema(example = "karin.lund@example.se")]
    pub email: String,
    pub contacts: Vec<ContactResponse>,
    pub participants: Vec<ParticipantRecord>,
    pub attendees: Vec<AttendeeRecord>,
    pub users: Vec<UserResponse>,
    /// Audit events that recorded these records or name the address.
    pub audit_events: Vec<AuditEventResponse>,
}

/// What an erasure did.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Erasure {
    pub email: String,
    /// Contacts deleted.
    pub contacts: usize,
    /// Enrolment participants anonymised (gender and hours stay for reports).
    pub participants: usize,
    /// Meeting attendees anonymised (the counts stay).
    pub attendees: usize,
    /// User accounts anonymised and disabled.
    pub users: usize,
    /// Audit events redacted to `{"erased": true}`.
    pub audit_events: usize,
    /// Answers kept for `Idempotency-Key` that named the person, purged.
    pub stored_answers: u64,
}

fn email_of(params: &PersonParams) -> Result<String, ApiError> {
    Email::parse("email", &params.email).map(|e| e.as_str().to_owned()).map_err(ApiError::bad_field)
}

fn records(email: String, h: Holdings) -> PersonalData {
    PersonalData {
        email,
        contacts: h.contacts.into_iter().map(ContactResponse::from).collect(),
        participants: h
            .participants
            .into_iter()
            .map(|p| ParticipantRecord {
                enrolment_id: p.enrolment_id,
                offer_id: p.offer_id,
                company_id: p.company_id,
                name: p.name,
                email: p.email,
                gender: p.gender,
                hours_attended: p.hours_attended,
                age_band: p.age_band,
            })
            .collect(),
        attendees: h
            .attendees
            .into_iter()
            .map(|a| AttendeeRecord {
                registration_id: a.registration.id,
                meeting_id: a.registration.meeting_id,
                company_id: a.registration.company_id,
                name: a.name,
                email: a.email,
            })
            .collect(),
        users: h.users.into_iter().map(UserResponse::from).collect(),
        audit_events: h.audit_events.into_iter().map(AuditEventResponse::from).collect(),
    }
}

/// Every record that holds this person's data — contacts, enrolment
/// participants, meeting attendees, user accounts and the audit events that
/// recorded them — as one document (admins; `Cache-Control: no-store`).
#[utoipa::path(
    tag = "personal data",
    security(("bearer" = []), ("oauth2" = [])),
    params(PersonParams),
    responses((status = 200, description = "What is held about the person", body = PersonalData))
)]
#[get("/personal-data")]
pub async fn get_personal_data(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<PersonParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_personal_data(&principal))?;
    let email = email_of(&params)?;
    let holdings = personal_data::find(&state.db, &email).await?;
    Ok(representation::no_store(HttpResponse::Ok().json(records(email, holdings))))
}

/// Erase everything held about this person, in one transaction: contacts
/// deleted; participants and attendees anonymised (seat counts, gender
/// totals and hours stay right in reports); user accounts anonymised and
/// disabled; audit events redacted to `{"erased": true}`; stored
/// `Idempotency-Key` answers that named them purged. The last active admin
/// cannot be erased (409).
#[utoipa::path(
    tag = "personal data",
    security(("bearer" = []), ("oauth2" = [])),
    params(PersonParams),
    responses(
        (status = 200, description = "Erased: what was done", body = Erasure),
        (status = 409, description = "The person is the last active admin", body = crate::error::Problem),
    )
)]
#[delete("/personal-data")]
pub async fn erase_personal_data(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<PersonParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_personal_data(&principal))?;
    let email = email_of(&params)?;
    let txn = begin(&state.db).await?;
    let holdings = personal_data::find(&txn, &email).await?;
    if holdings.users.iter().any(|u| u.role == Role::Admin.as_str() && !u.disabled) {
        let admins = users::lock_active_admins(&txn).await?;
        if admins.iter().all(|id| holdings.users.iter().any(|u| u.id == *id)) {
            return Err(ApiError::conflict("email", "lastAdmin", "the last active admin cannot be erased"));
        }
    }
    personal_data::erase(&txn, &email, &holdings).await?;
    let mut tags = vec![state.seal.tag(&email)];
    tags.extend(holdings.ids().iter().map(|id| state.seal.tag(&id.to_string())));
    let stored_answers = idempotency::purge_tagged(&txn, &tags).await?;
    let erasure = Erasure {
        email: email.clone(),
        contacts: holdings.contacts.len(),
        participants: holdings.participants.len(),
        attendees: holdings.attendees.len(),
        users: holdings.users.len(),
        audit_events: holdings.audit_events.len(),
        stored_answers,
    };
    // The erasure itself is recorded, without the address.
    let summary = serde_json::json!({"erased": true, "contacts": erasure.contacts, "participants": erasure.participants,
        "attendees": erasure.attendees, "users": erasure.users});
    audit::record(&txn, &principal.actor(), Action::Delete, "personalData", &Uuid::now_v7().to_string(), summary)
        .await?;
    commit(txn).await?;
    Ok(representation::no_store(HttpResponse::Ok().json(erasure)))
}
