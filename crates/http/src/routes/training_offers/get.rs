use super::{OfferResponse, facts};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::account::Principal;
use samverka_domain::policy;
use samverka_persistence::training_offers::{self, Offer};
use uuid::Uuid;

/// Get one training offer: 404 when it does not exist or is not visible
/// (drafts and cancelled offers to anyone but admins, officers and its provider).
#[utoipa::path(
    tag = "training offers",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The offer's id")),
    responses(
        (status = 200, description = "The offer", body = OfferResponse),
        (status = 304, description = "Not modified since the ETag in `If-None-Match`"),
    )
)]
#[get("/training-offers/{id}")]
pub async fn get_training_offer(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let offer = visible(&state.db, &principal, *id).await?;
    representation::single(&req, &OfferResponse::from(offer))
}

/// The offer when the principal sees it; 404 otherwise.
pub(crate) async fn visible(
    conn: &impl samverka_persistence::ConnectionLike,
    principal: &Principal,
    id: Uuid,
) -> Result<Offer, ApiError> {
    let offer = training_offers::get(conn, id).await?.ok_or(ApiError::NotFound)?;
    if !policy::sees_offer(principal, &facts(&offer.offer)) {
        return Err(ApiError::NotFound);
    }
    Ok(offer)
}
