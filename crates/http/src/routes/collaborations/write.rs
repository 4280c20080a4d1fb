use super::{CollaborationResponse, CreateCollaborationRequest, UpdateCollaborationRequest};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::{ValidJson, patch_str};
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, post, web};
use samverka_domain::collaborations::{CollaborationInput, CollaborationPatch, NewCollaboration, References};
use samverka_domain::policy;
use samverka_persistence::{DatabaseTransaction, begin, collaborations, commit, municipalities, users};
use uuid::Uuid;

/// The input checked whole, its references against the database in two queries.
async fn checked(txn: &DatabaseTransaction, input: CollaborationInput<'_>) -> Result<NewCollaboration, ApiError> {
    let known = municipalities::known(txn, input.municipalities).await?;
    let workers = users::workers(txn, input.coordinators).await?;
    let refs = References { municipality: &|code| known.contains(code), coordinator: &|id| workers.contains(id) };
    Ok(NewCollaboration::parse(input, &refs)?)
}

/// Create a collaboration (admins). Its members share their companies with
/// each other from its first day. Honours `Idempotency-Key`.
#[utoipa::path(
    tag = "collaborations",
    security(("bearer" = []), ("oauth2" = [])),
    params(("Idempotency-Key" = inline(Option<crate::schema::IdempotencyKey>), Header, description = "Retry safely: the same key and body within 24 h answers the first result again")),
    request_body = CreateCollaborationRequest,
    responses((status = 201, description = "Created", body = CollaborationResponse,
        headers(("Location" = String, description = "Where the collaboration lives"))))
)]
#[post("/collaborations")]
pub async fn create_collaboration(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateCollaborationRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_write_collaborations(&principal))?;
    let input = CollaborationInput {
        name: &body.name,
        funder: body.funder.as_deref(),
        reference: body.reference.as_deref(),
        budget_sek: body.budget_sek,
        hourly_rate_sek: body.hourly_rate_sek,
        starts_on: &body.starts_on,
        ends_on: body.ends_on.as_deref(),
        municipalities: &body.municipalities,
        coordinators: &body.coordinators,
    };
    let txn = begin(&state.db).await?;
    let new = checked(&txn, input).await?;
    let created = CollaborationResponse::from(collaborations::create(&txn, new).await?);
    let id = created.id;
    audit::record(&txn, &principal, "collaboration", &id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/collaborations/{id}")))
}

/// Change a collaboration (admins): its name, funder, period, members or
/// coordinators. Ending it (`endsOn`) ends the sharing among its members
/// after that day. Honours `If-Match`.
#[utoipa::path(
    tag = "collaborations",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The collaboration's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
    ),
    request_body = UpdateCollaborationRequest,
    responses(
        (status = 200, description = "Changed", body = CollaborationResponse),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/collaborations/{id}")]
pub async fn update_collaboration(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidJson(body): ValidJson<UpdateCollaborationRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_write_collaborations(&principal))?;
    let txn = begin(&state.db).await?;
    let old = CollaborationResponse::from(collaborations::get(&txn, *id).await?.ok_or(ApiError::NotFound)?);
    let patch = CollaborationPatch {
        name: body.name.as_deref(),
        funder: patch_str(&body.funder),
        reference: patch_str(&body.reference),
        budget_sek: body.budget_sek,
        hourly_rate_sek: body.hourly_rate_sek,
        starts_on: body.starts_on.as_deref(),
        ends_on: patch_str(&body.ends_on),
        municipalities: body.municipalities.as_deref(),
        coordinators: body.coordinators.as_deref(),
    };
    let new = checked(&txn, patch.over(old.as_input())).await?;
    // Preconditions after validation: a bad body is 4xx whatever If-Match says (RFC 9110 §13.2.1).
    representation::check_if_match(&req, &old)?;
    let new = collaborations::update(&txn, old.id, old.version, new).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = CollaborationResponse::from(new);
    audit::record(&txn, &principal, "collaboration", &new.id.to_string(), Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None)
}
