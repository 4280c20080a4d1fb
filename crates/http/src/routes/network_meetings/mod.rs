//! Network meetings: officers of the host municipality and admins arrange
//! them; companies register attendees; minutes come after. Everyone sees
//! planned and held meetings (never who attends); `Accept: text/calendar`
//! gives the meeting as an iCalendar event.

mod attendance;
mod create;
mod delete;
mod get;
mod list;
mod registrations;
mod update;

use chrono::{DateTime, Utc};
use samverka_persistence::entities::network_meeting::Model;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_meetings)
        .service(create::create_meeting)
        .service(get::get_meeting)
        .service(update::update_meeting)
        .service(delete::delete_meeting)
        .service(registrations::list_registrations)
        .service(registrations::create_registration)
        .service(registrations::delete_registration)
        .service(attendance::record_attendance)
        .service(attendance::give_feedback)
        .service(attendance::feedback_summary);
}

/// A company that attends (held meetings).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttendingCompany {
    pub id: Uuid,
    #[schema(example = "Eksjö Mekaniska Verkstad AB")]
    pub name: String,
}

/// A network meeting.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MeetingResponse {
    pub id: Uuid,
    #[schema(example = "Nätverksträff: kompetensförsörjning")]
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// Questions for the participants.
    pub questions: Vec<String>,
    /// The host municipality (kommunkod).
    #[schema(example = "0780")]
    pub municipality: String,
    /// `onSite`, `online` or `hybrid`.
    #[schema(value_type = crate::schema::Format)]
    pub format: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub online_url: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// The most attendees; absent: no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capacity: Option<i32>,
    /// Attendees registered so far.
    pub attendees_count: i32,
    /// Places left, when there is a capacity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub places_left: Option<i32>,
    /// `planned`, `held` or `cancelled`.
    #[schema(value_type = crate::schema::MeetingStatus)]
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<String>,
    /// The network it is a meeting of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_id: Option<Uuid>,
    /// For company users: whether their company is invited (a member of the meeting's network).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invited: Option<bool>,
    /// The companies that attended (held meetings, in `GET /network-meetings/{id}`):
    /// by name every one for admins and officers; for everyone else the
    /// companies listed in the public directory (and the caller's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attending_companies: Option<Vec<AttendingCompany>>,
    /// How many other companies attended, unnamed (held meetings).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = 2)]
    pub other_attending_companies: Option<u64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<Model> for MeetingResponse {
    fn from(m: Model) -> Self {
        let questions = m.question_list();
        MeetingResponse {
            id: m.id,
            title: m.title,
            theme: m.theme,
            questions,
            municipality: m.municipality.trim().to_owned(),
            format: m.format,
            venue: m.venue,
            online_url: m.online_url,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            capacity: m.capacity,
            attendees_count: m.attendees_taken,
            places_left: m.capacity.map(|c| c - m.attendees_taken),
            status: m.status,
            minutes: m.minutes,
            network_id: m.network_id,
            invited: None,
            attending_companies: None,
            other_attending_companies: None,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// A meeting to arrange.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreateMeetingRequest {
    #[validate(length(max = 200))]
    #[schema(value_type = crate::schema::Line200)]
    pub title: String,
    #[validate(length(max = 500))]
    #[schema(value_type = Option<crate::schema::Text500>)]
    pub theme: Option<String>,
    /// Up to 20 questions of up to 500 characters.
    #[serde(default)]
    #[schema(value_type = Vec<crate::schema::Text500>, max_items = 20)]
    pub questions: Vec<String>,
    /// The host municipality; an officer's own.
    #[schema(value_type = crate::schema::Kommunkod)]
    pub municipality: String,
    /// `onSite` (needs `venue`), `online` (needs `onlineUrl`) or `hybrid` (both).
    #[schema(value_type = crate::schema::Format)]
    pub format: String,
    #[validate(length(max = 300))]
    #[schema(value_type = Option<crate::schema::Line300>)]
    pub venue: Option<String>,
    #[validate(length(max = 300))]
    #[schema(value_type = Option<crate::schema::WebUrl>)]
    pub online_url: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    #[schema(minimum = 1)]
    #[schema(maximum = 100000)]
    pub capacity: Option<i64>,
    /// The network it is a meeting of: its members' company users find it
    /// with `invited=true`.
    pub network_id: Option<Uuid>,
}

/// Changes to a meeting (JSON Merge Patch). `status`: planned → held (once
/// started) or cancelled; `minutes` only on a held meeting.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UpdateMeetingRequest {
    #[validate(length(max = 200))]
    #[schema(value_type = Option<crate::schema::Line200>)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Text500>)]
    pub theme: Option<Option<String>>,
    #[schema(value_type = Option<Vec<crate::schema::Text500>>, max_items = 20)]
    pub questions: Option<Vec<String>>,
    #[schema(value_type = Option<crate::schema::Format>)]
    pub format: Option<String>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Line300>)]
    pub venue: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::WebUrl>)]
    pub online_url: Option<Option<String>>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<i64>, minimum = 1, maximum = 100000)]
    pub capacity: Option<Option<i64>>,
    #[schema(value_type = Option<crate::schema::MeetingStatus>)]
    pub status: Option<String>,
    /// Up to 20,000 characters.
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    #[schema(value_type = Option<crate::schema::Text20000>)]
    pub minutes: Option<Option<String>>,
    /// `null`: no longer a meeting of a network.
    #[serde(default, deserialize_with = "crate::extract::nullable")]
    pub network_id: Option<Option<Uuid>>,
}

impl UpdateMeetingRequest {
    /// The meeting's content with this change applied to `current`.
    fn merged_with<'a>(
        &'a self,
        current: &'a samverka_persistence::entities::network_meeting::Model,
        questions: &'a [String],
    ) -> samverka_domain::meetings::MeetingInput<'a> {
        use crate::extract::patch_str;
        samverka_domain::meetings::MeetingInput {
            title: self.title.as_deref().unwrap_or(&current.title),
            theme: patch_str(&self.theme).unwrap_or(current.theme.as_deref()),
            questions,
            format: self.format.as_deref().unwrap_or(&current.format),
            venue: patch_str(&self.venue).unwrap_or(current.venue.as_deref()),
            online_url: patch_str(&self.online_url).unwrap_or(current.online_url.as_deref()),
            starts_at: self.starts_at.unwrap_or(current.starts_at),
            ends_at: self.ends_at.unwrap_or(current.ends_at),
            capacity: self.capacity.unwrap_or(current.capacity.map(i64::from)),
            network: self.network_id.unwrap_or(current.network_id),
        }
    }
}

/// Records a 422 error on `networkId` when network `id` does not exist.
pub(crate) async fn require_network(
    conn: &impl samverka_persistence::ConnectionLike,
    id: Option<Uuid>,
    errors: &mut samverka_domain::FieldErrors,
) -> Result<(), crate::error::ApiError> {
    if let Some(id) = id
        && samverka_persistence::networks::get(conn, id).await?.is_none()
    {
        errors.push(samverka_domain::FieldError::new("networkId", "unknown", format!("there is no network {id}")));
    }
    Ok(())
}
