use super::{ActivityRequest, ActivityResponse, Checked, visible};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::activities::{ActivityChanges, People};
use samverka_domain::policy;
use samverka_persistence::{activities, begin, commit};
use uuid::Uuid;

/// Change an activity (admins; officers of the company's municipality).
/// A list sent (`officers`, `contactIds`, `topics`) replaces the whole
/// list. Honours `If-Match`.
#[utoipa::path(
    tag = "activities",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The activity's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = ActivityRequest,
    responses(
        (status = 200, description = "Changed", body = ActivityResponse),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/activities/{id}")]
pub async fn update_activity(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<ActivityRequest>,
) -> Result<HttpResponse, ApiError> {
    let txn = begin(&state.db).await?;
    let (current, company) = visible(&txn, &principal, *id).await?;
    allow(policy::can_write_activities(&principal, &company))?;
    let old = ActivityResponse::from(current.clone());
    let checked = Checked::of(&txn, &body, company.id, None).await?;
    let people = People { officers: checked.officers.clone(), contact_ids: checked.contacts.clone() };
    let today = chrono::Utc::now().date_naive();
    let changes = ActivityChanges::parse(&checked.input(&body), people, &|a| checked.known.contains(a), today)?;
    if body.is_empty() {
        return representation::written(&old, None).map(representation::no_store);
    }
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let new = activities::update(&txn, &current.activity, changes).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = ActivityResponse::from(new);
    audit::record(&txn, &principal, "activity", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None).map(representation::no_store)
}
