use super::get::visible;
use super::{Content, MeetingResponse, UpdateMeetingRequest, check};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::offers::MeetingStatus;
use samverka_domain::{FieldError, FieldErrors, policy, text};
use samverka_persistence::entities::network_meeting::ActiveModel;
use samverka_persistence::{Set, begin, commit, network_meetings};
use uuid::Uuid;

/// Change a meeting: its content, its status (planned → held once started,
/// or → cancelled), its minutes (held meetings only). Honours `If-Match`.
#[utoipa::path(
    tag = "network meetings",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The meeting's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateMeetingRequest,
    responses(
        (status = 200, description = "Changed", body = MeetingResponse),
        (status = 409, description = "Not a step of the workflow, minutes before the meeting, fewer places than registered", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/network-meetings/{id}")]
pub async fn update_meeting(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<UpdateMeetingRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::authenticated(&principal))?;
    let txn = begin(&state.db).await?;
    network_meetings::lock(&txn, *id).await?;
    let current = visible(&txn, &principal, *id).await?;
    allow(policy::can_write_meeting(&principal, current.municipality.trim()))?;
    let old = MeetingResponse::from(current.clone());
    let from = MeetingStatus::parse("status", &current.status).map_err(|e| ApiError::internal(e.message))?;
    let mut errors = FieldErrors::default();
    let to = match body.status.as_deref() {
        None => from,
        Some(s) => errors.collect(MeetingStatus::parse("status", s)).unwrap_or(from),
    };
    std::mem::take(&mut errors).into_result()?;
    from.transition(to).map_err(|message| ApiError::conflict("status", "transition", message))?;
    let now = chrono::Utc::now();
    if from != to && to == MeetingStatus::Held && current.starts_at > now {
        return Err(ApiError::conflict("status", "notStarted", "a meeting is held once it has started"));
    }
    let minutes = match &body.minutes {
        Some(Some(_)) if to != MeetingStatus::Held => {
            return Err(ApiError::conflict(
                "minutes",
                "notHeld",
                "minutes are written after the meeting: set status held",
            ));
        }
        Some(Some(m)) => Some(errors.collect(text::multiline("minutes", m, 20_000))),
        Some(None) => Some(None),
        None => None,
    };
    let content = check(
        Content {
            title: body.title.clone().unwrap_or_else(|| current.title.clone()),
            theme: body.theme.clone().unwrap_or_else(|| current.theme.clone()),
            questions: body.questions.clone().unwrap_or_else(|| current.question_list()),
            format: body.format.clone().unwrap_or_else(|| current.format.clone()),
            venue: body.venue.clone().unwrap_or_else(|| current.venue.clone()),
            online_url: body.online_url.clone().unwrap_or_else(|| current.online_url.clone()),
            starts_at: body.starts_at.unwrap_or(current.starts_at),
            ends_at: body.ends_at.unwrap_or(current.ends_at),
            capacity: body.capacity.unwrap_or(current.capacity.map(i64::from)),
        },
        &mut errors,
    );
    errors.into_result()?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let c = content.ok_or_else(|| ApiError::internal("validated content missing"))?;
    if c.capacity.is_some_and(|n| n < i64::from(current.attendees_taken)) {
        return Err(ApiError::Conflict {
            detail: format!("{} attendees are registered: the capacity cannot be lower", current.attendees_taken),
            errors: vec![FieldError::new("capacity", "taken", format!("at least {}", current.attendees_taken))],
        });
    }
    let mut changes = ActiveModel {
        title: Set(c.title),
        theme: Set(c.theme),
        questions: Set(serde_json::to_string(&c.questions).map_err(ApiError::internal)?),
        format: Set(c.format),
        venue: Set(c.venue),
        online_url: Set(c.online_url),
        starts_at: Set(c.starts_at),
        ends_at: Set(c.ends_at),
        capacity: Set(c.capacity.map(|n| n as i32)),
        status: Set(to.as_str().to_owned()),
        ..Default::default()
    };
    if let Some(minutes) = minutes {
        changes.minutes = Set(minutes);
    }
    let new = network_meetings::update(&txn, current.id, changes, current.version)
        .await?
        .ok_or(ApiError::PreconditionFailed)?;
    let new = MeetingResponse::from(new);
    audit::record(&txn, &principal, "networkMeeting", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None)
}
