use super::{ActivityRequest, ActivityResponse, Checked, writable_company};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::activities::{NewActivity, People};
use samverka_persistence::{activities, begin, commit};
use uuid::Uuid;

/// Record an activity with a company: a visit, a call, a meeting, an
/// e-mail or an event (admins; officers of its municipality). The officers
/// default to the caller. Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The company's id"),
        ("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again"),
    ),
    request_body = ActivityRequest,
    responses((status = 201, description = "Recorded", body = ActivityResponse,
        headers(("Location" = String, description = "Where the activity lives"))))
)]
#[post("/companies/{id}/activities")]
pub async fn create_activity(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<ActivityRequest>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let company = writable_company(&txn, &principal, *id).await?;
    let checked = Checked::of(&txn, &body, company.id, principal.user_id()).await?;
    let people = People { officers: checked.officers.clone(), contact_ids: checked.contacts.clone() };
    let today = chrono::Utc::now().date_naive();
    let new = NewActivity::parse(&checked.input(&body), people, &|a| checked.known.contains(a), today)?;
    let created = ActivityResponse::from(activities::create(&txn, company.id, principal.user_id(), new).await?);
    audit::record(&txn, &principal, "activity", &created.id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    let location = format!("/api/v1/activities/{}", created.id);
    representation::written(&created, Some(location)).map(representation::no_store)
}
