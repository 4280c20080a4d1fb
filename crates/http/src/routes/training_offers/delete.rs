use super::get::visible;
use super::{OfferResponse, facts};
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, web};
use samverka_domain::policy;
use samverka_persistence::{begin, commit, enrolments, training_offers};
use uuid::Uuid;

/// Delete an offer that has no confirmed enrolment (cancel it otherwise).
/// Honours `If-Match`.
#[utoipa::path(
    tag = "training offers",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("id" = Uuid, Path, description = "The offer's id"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, description = "It has confirmed enrolments: cancel it instead", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/training-offers/{id}")]
pub async fn delete_training_offer(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::may_write_offers(&principal))?;
    let txn = begin(&state.db).await?;
    training_offers::lock(&txn, *id).await?;
    let current = visible(&txn, &principal, *id).await?;
    allow(policy::can_write_offer(&principal, &facts(&current.offer)))?;
    let old = OfferResponse::from(current.clone());
    representation::check_if_match(&req, &old)?;
    if enrolments::count_confirmed(&txn, current.offer.id).await? > 0 {
        return Err(ApiError::conflict("status", "enrolled", "the offer has confirmed enrolments: cancel it instead"));
    }
    enrolments::delete_for_offer(&txn, current.offer.id).await?;
    if !training_offers::delete(&txn, current.offer.id, current.offer.version).await? {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "trainingOffer", &old.id.to_string(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
