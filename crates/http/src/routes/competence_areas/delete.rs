use super::CompetenceAreaResponse;
use crate::auth::{Auth, allow};
use crate::context::language_of;
use crate::error::ApiError;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, delete, web};
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::policy;
use samverka_persistence::{StoreError, begin, commit, competence_areas};

/// Remove a competence area that no need or offer uses (admin). Honours `If-Match`.
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("slug" = inline(crate::schema::AreaSlug), Path, description = "The area's slug", example = "gender-equality"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the deletion is based on"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 409, description = "Needs or offers use the area", body = crate::error::Problem),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[delete("/competence-areas/{slug}")]
pub async fn delete_competence_area(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_edit_reference_data(&principal))?;
    let slug = AreaSlug::parse("slug", &slug).map_err(ApiError::bad_field)?;
    let txn = begin(&state.db).await?;
    let current = competence_areas::get(&txn, &slug).await?.ok_or(ApiError::NotFound)?;
    let version = current.version;
    let old = CompetenceAreaResponse::new(current, language_of(req.headers()));
    representation::check_if_match(&req, &old)?;
    let deleted = competence_areas::delete(&txn, &slug, version).await.map_err(|e| match e {
        StoreError::ForeignKey(_) => {
            ApiError::conflict("slug", "inUse", format!("competence area {slug} is used by needs or training offers"))
        }
        other => other.into(),
    })?;
    if !deleted {
        return Err(ApiError::PreconditionFailed);
    }
    audit::record(&txn, &principal, "competenceArea", slug.as_str(), Some(&old), None).await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
