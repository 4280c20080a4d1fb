use super::{AttendingCompany, MeetingResponse};
use crate::auth::Auth;
use crate::calendar;
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
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
    if calendar::wanted(&req) {
        let event = calendar::meeting(&meeting);
        return Ok(calendar::respond(vec![event], "Samverka", &format!("meeting-{}.ics", meeting.id)));
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
