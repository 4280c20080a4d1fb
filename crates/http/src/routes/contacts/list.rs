use super::{ContactResponse, company_for};
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse, PageParams};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::policy;
use samverka_persistence::contacts;
use uuid::Uuid;

/// List a company's contacts (personal data: `Cache-Control: no-store`).
#[utoipa::path(
    tag = "contacts",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The company's id"), PageParams),
    responses((status = 200, description = "One page of contacts", body = ListResponse<ContactResponse>))
)]
#[get("/companies/{id}/contacts")]
pub async fn list_contacts(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    ValidQuery(params): ValidQuery<PageParams>,
) -> Result<HttpResponse, ApiError> {
    let page = params.page_request()?;
    company_for(&state.db, &principal, *id, policy::can_read_contacts).await?;
    let page = contacts::list(&state.db, *id, &page).await?;
    representation::list(&req, page.map(ContactResponse::from)).map(representation::no_store)
}
