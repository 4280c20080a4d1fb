use super::{AttendingCompany, MeetingResponse};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use icalendar::{Calendar, Component, EventLike, EventStatus};
use samverka_domain::account::Principal;
use samverka_domain::offers::MeetingStatus;
use samverka_domain::policy;
use samverka_persistence::entities::network_meeting::Model;
use samverka_persistence::network_meetings;
use uuid::Uuid;

/// Get one meeting — as JSON, or with `Accept: text/calendar` as an
/// iCalendar (RFC 5545) event for calendar programs. A held meeting lists
/// its attending companies.
#[utoipa::path(
    tag = "network meetings",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The meeting's id")),
    responses(
        (status = 200, description = "The meeting", content(
            (MeetingResponse = "application/json"),
            (String = "text/calendar"),
        )),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/network-meetings/{id}")]
pub async fn get_meeting(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let meeting = visible(&state.db, &principal, *id).await?;
    let wants_calendar = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.split(',').any(|r| r.trim().starts_with("text/calendar")));
    if wants_calendar {
        let body = calendar(&req, &meeting);
        let etag = representation::etag_of(body.as_bytes());
        return Ok(HttpResponse::Ok()
            .content_type("text/calendar; charset=utf-8")
            .insert_header((header::ETAG, etag))
            .insert_header((header::VARY, "Accept"))
            .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"meeting-{}.ics\"", meeting.id)))
            .body(body));
    }
    let held = meeting.status == MeetingStatus::Held.as_str();
    let mut body = MeetingResponse::from(meeting.clone());
    if held {
        let names = policy::attendee_names(&principal);
        let (named, others): (Vec<_>, Vec<_>) = network_meetings::attending_companies(&state.db, meeting.id)
            .await?
            .into_iter()
            .partition(|(id, _, listed)| names.names(*id, *listed));
        body.attending_companies = Some(named.into_iter().map(|(id, name, _)| AttendingCompany { id, name }).collect());
        body.other_attending_companies = Some(others.len() as u64);
    }
    representation::single(&req, &body).map(|mut r| {
        r.headers_mut().insert(header::VARY, header::HeaderValue::from_static("Accept, Accept-Language"));
        r
    })
}

/// The meeting when the principal sees it: cancelled ones only for admins and officers.
pub(super) async fn visible(
    conn: &impl samverka_persistence::ConnectionLike,
    principal: &Principal,
    id: Uuid,
) -> Result<Model, ApiError> {
    let meeting = network_meetings::get(conn, id).await?.ok_or(ApiError::NotFound)?;
    if meeting.status == MeetingStatus::Cancelled.as_str() && !policy::sees_every_meeting(principal) {
        return Err(ApiError::NotFound);
    }
    Ok(meeting)
}

/// One VEVENT in a VCALENDAR.
fn calendar(req: &HttpRequest, m: &Model) -> String {
    let host = req.connection_info().host().to_owned();
    let mut description = m.theme.clone().unwrap_or_default();
    for question in m.question_list() {
        description.push_str(&format!("\n– {question}"));
    }
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("{}@{host}", m.id))
        .timestamp(m.updated_at)
        .summary(&m.title)
        .starts(m.starts_at)
        .ends(m.ends_at)
        .sequence((m.version - 1).max(0) as u32)
        .status(if m.status == MeetingStatus::Cancelled.as_str() {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    if !description.trim().is_empty() {
        event.description(description.trim());
    }
    match (&m.venue, &m.online_url) {
        (Some(venue), _) => {
            event.location(venue);
        }
        (None, Some(url)) => {
            event.location(url);
        }
        _ => {}
    }
    if let Some(url) = &m.online_url {
        event.url(url);
    }
    Calendar::new().name("Samverka").push(event.done()).done().to_string()
}
