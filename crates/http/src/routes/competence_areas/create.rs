use super::{CompetenceAreaResponse, CreateCompetenceAreaRequest};
use crate::auth::{Auth, allow};
use crate::context::language_of;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, post, web};
use samverka_domain::competence_area::NewArea;
use samverka_domain::policy;
use samverka_persistence::{begin, commit, competence_areas};

/// Add a competence area to the taxonomy (admin).
#[utoipa::path(
    tag = "reference data",
    security(("bearer" = []), ("oauth2" = [])),
    request_body = CreateCompetenceAreaRequest,
    responses(
        (status = 201, description = "Added", body = CompetenceAreaResponse,
            headers(("Location" = String, description = "Where the area lives"))),
        (status = 409, description = "An area with this slug exists", body = crate::error::Problem),
    )
)]
#[post("/competence-areas")]
pub async fn create_competence_area(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateCompetenceAreaRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_edit_reference_data(&principal))?;
    let area = NewArea::parse(&body.slug, &body.labels.sv, &body.labels.en, body.esco_uri.as_deref())?;
    let slug = area.slug.clone();
    let txn = begin(&state.db).await?;
    let created = competence_areas::create(&txn, area)
        .await
        .map_err(ApiError::on_duplicate("slug", format!("competence area {slug} exists")))?;
    let created = CompetenceAreaResponse::new(created, language_of(req.headers()));
    audit::record(&txn, &principal, "competenceArea", &created.slug, None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/competence-areas/{}", created.slug)))
}
