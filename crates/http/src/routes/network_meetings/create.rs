use super::{CreateMeetingRequest, MeetingResponse};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::meetings::{MeetingInput, NewMeeting};
use samverka_domain::offers::MeetingStatus;
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::{begin, commit, municipalities, network_meetings};

/// Arrange a network meeting (officers of the host municipality, admins).
/// Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "network meetings",
    security(("bearer" = []), ("oauth2" = [])),
    params(("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again")),
    request_body = CreateMeetingRequest,
    responses((status = 201, description = "Arranged", body = MeetingResponse,
        headers(("Location" = String, description = "Where the meeting lives"))))
)]
#[post("/network-meetings")]
pub async fn create_meeting(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateMeetingRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_write_meeting(&principal, body.municipality.trim()))?;
    let txn = begin(&state.db).await?;
    let known = municipalities::known(&txn, std::slice::from_ref(&body.municipality)).await?;
    let content = MeetingInput {
        title: &body.title,
        theme: body.theme.as_deref(),
        questions: &body.questions,
        format: &body.format,
        venue: body.venue.as_deref(),
        online_url: body.online_url.as_deref(),
        starts_at: body.starts_at,
        ends_at: body.ends_at,
        capacity: body.capacity,
        network: body.network_id,
    };
    let mut errors = FieldErrors::default();
    super::require_network(&txn, body.network_id, &mut errors).await?;
    let meeting = errors.absorb(NewMeeting::parse(&body.municipality, content, &|code| known.contains(code)));
    let meeting = errors.finish(|| meeting)?;
    let created = MeetingResponse::from(network_meetings::create(&txn, meeting).await?);
    let id = created.id;
    audit::record(&txn, &principal, "networkMeeting", &id.to_string(), None, Some(&created)).await?;
    crate::events::meeting(&txn, None, MeetingStatus::Planned, &created).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/network-meetings/{id}")))
}
