use super::{CompetenceAreaResponse, UpdateCompetenceAreaRequest};
use crate::auth::{Auth, allow};
use crate::context::language_of;
use crate::error::ApiError;
use crate::extract::{ValidJson, patch_str};
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, patch, web};
use samverka_domain::competence_area::{AreaChanges, AreaSlug};
use samverka_domain::policy;
use samverka_persistence::{begin, commit, competence_areas};

/// Change a competence area's labels or ESCO URI (admin). Honours `If-Match`.
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = []), ("oauth2" = [])),
    params(
        ("slug" = inline(crate::schema::AreaSlug), Path, description = "The area's slug", example = "gender-equality"),
        ("If-Match" = inline(Option<crate::schema::EntityTag>), Header, description = "The ETag the change is based on"),
        ("Accept-Language" = Option<String>, Header, description = "`sv` (default) or `en`"),
    ),
    request_body = UpdateCompetenceAreaRequest,
    responses(
        (status = 200, description = "Changed", body = CompetenceAreaResponse),
        (status = 412, description = "Changed by someone else since the ETag in `If-Match`", body = crate::error::Problem),
    )
)]
#[patch("/competence-areas/{slug}")]
pub async fn update_competence_area(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    slug: web::Path<String>,
    ValidJson(body): ValidJson<UpdateCompetenceAreaRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_edit_reference_data(&principal))?;
    let slug = AreaSlug::parse("slug", &slug).map_err(ApiError::bad_field)?;
    let labels = body.labels.as_ref();
    let changes = AreaChanges::parse(
        labels.and_then(|l| l.sv.as_deref()),
        labels.and_then(|l| l.en.as_deref()),
        patch_str(&body.esco_uri),
    )?;
    let language = language_of(req.headers());
    let txn = begin(&state.db).await?;
    let current = competence_areas::get(&txn, &slug).await?.ok_or(ApiError::NotFound)?;
    let old = CompetenceAreaResponse::new(current.clone(), language);
    representation::check_if_match(&req, &old)?;
    let new = competence_areas::update(&txn, &current, changes).await?.ok_or(ApiError::PreconditionFailed)?;
    let new = CompetenceAreaResponse::new(new, language);
    audit::record(&txn, &principal, "competenceArea", &new.slug, Some(&old), Some(&new)).await?;
    commit(txn).await?;
    representation::written(&new, None)
}
