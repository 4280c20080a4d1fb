use super::{Content, CreateMeetingRequest, MeetingResponse, check};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::municipality::Kommunkod;
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::entities::network_meeting::ActiveModel;
use samverka_persistence::{Set, begin, commit, network_meetings};
use uuid::Uuid;

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
    let mut errors = FieldErrors::default();
    let municipality = errors.collect(Kommunkod::parse("municipality", &body.municipality));
    let content = check(
        Content {
            title: body.title,
            theme: body.theme,
            questions: body.questions,
            format: body.format,
            venue: body.venue,
            online_url: body.online_url,
            starts_at: body.starts_at,
            ends_at: body.ends_at,
            capacity: body.capacity,
        },
        &mut errors,
    );
    let txn = begin(&state.db).await?;
    if let Some(code) = &municipality {
        crate::routes::require_municipality(&txn, "municipality", code, &mut errors).await?;
    }
    errors.into_result()?;
    let (Some(municipality), Some(c)) = (municipality, content) else {
        return Err(ApiError::internal("validated fields missing"));
    };
    let id = Uuid::now_v7();
    let now = chrono::Utc::now();
    let row = ActiveModel {
        id: Set(id),
        title: Set(c.title),
        theme: Set(c.theme),
        questions: Set(serde_json::to_string(&c.questions).map_err(ApiError::internal)?),
        municipality: Set(municipality.to_string()),
        format: Set(c.format),
        venue: Set(c.venue),
        online_url: Set(c.online_url),
        starts_at: Set(c.starts_at),
        ends_at: Set(c.ends_at),
        capacity: Set(c.capacity.map(|n| n as i32)),
        attendees_taken: Set(0),
        status: Set("planned".to_owned()),
        minutes: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    let created = MeetingResponse::from(network_meetings::insert(&txn, row).await?);
    audit::record(&txn, &principal, "networkMeeting", &id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/network-meetings/{id}")))
}
