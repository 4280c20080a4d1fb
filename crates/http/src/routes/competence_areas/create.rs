use super::{CompetenceAreaResponse, CreateCompetenceAreaRequest};
use crate::auth::{Auth, allow};
use crate::context::language_of;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpRequest, HttpResponse, post, web};
use samverka_domain::competence_area::{AreaSlug, esco_skill_uri};
use samverka_domain::{FieldErrors, policy, text};
use samverka_persistence::entities::competence_area::ActiveModel;
use samverka_persistence::{Set, begin, commit, competence_areas};

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
    let mut errors = FieldErrors::default();
    let slug = errors.collect(AreaSlug::parse("slug", &body.slug));
    let sv = errors.collect(text::required("labels.sv", &body.labels.sv, 200));
    let en = errors.collect(text::required("labels.en", &body.labels.en, 200));
    let esco = body.esco_uri.as_deref().map(|uri| errors.collect(esco_skill_uri("escoUri", uri)));
    errors.into_result()?;
    let (Some(slug), Some(sv), Some(en)) = (slug, sv, en) else {
        return Err(ApiError::internal("validated fields missing"));
    };
    let now = chrono::Utc::now();
    let row = ActiveModel {
        slug: Set(slug.to_string()),
        label_sv: Set(sv),
        label_en: Set(en),
        esco_uri: Set(esco.flatten()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    let txn = begin(&state.db).await?;
    let created = competence_areas::insert(&txn, row)
        .await
        .map_err(ApiError::on_duplicate("slug", format!("competence area {slug} exists")))?;
    let created = CompetenceAreaResponse::new(created, language_of(req.headers()));
    audit::record(&txn, &principal, "competenceArea", &created.slug, None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/competence-areas/{}", created.slug)))
}
