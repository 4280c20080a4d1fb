use super::get::visible;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::routes::training_offers::OfferResponse;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use samverka_domain::needs::Priority;
use samverka_domain::offers::{self, Format, NeedToCover};
use samverka_persistence::training_offers;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The most offers a matching answers.
const MAX_MATCHES: usize = 50;

/// An offer that covers some of an analysis' needs.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MatchingOffer {
    pub offer: OfferResponse,
    /// Indexes into the analysis' `needs` that the offer covers.
    #[schema(example = json!([0, 2]))]
    pub covered_needs: Vec<usize>,
    /// Σ over covered needs of priority weight (high 3, medium 2, low 1) × employees concerned.
    #[schema(example = 42)]
    pub score: u64,
    /// 0: in the company's municipality; 1: in its county, or online; 2: elsewhere.
    #[schema(example = 0)]
    pub nearness: u8,
}

/// The matching offers, best first: the best 50, on one page.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MatchingOffers {
    pub items: Vec<MatchingOffer>,
    /// Always `null`: the list is one page (the shape of every list).
    #[schema(value_type = Option<String>)]
    pub next_cursor: Option<String>,
}

/// Published offers, not yet started and still open for enrolment, that
/// cover the analysis' needs — best first: by score (coverage weighted by
/// priority and employees), then nearness to the company, then start.
#[utoipa::path(
    tag = "needs analyses",
    security(("bearer" = []), ("oauth2" = [])),
    params(("id" = Uuid, Path, description = "The analysis' id")),
    responses((status = 200, description = "Matching offers, best first (at most 50)", body = MatchingOffers))
)]
#[get("/needs-analyses/{id}/matching-offers")]
pub async fn matching_offers(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (analysis, company) = visible(&state.db, &principal, *id).await?;
    let needs: Vec<NeedToCover<'_>> = analysis
        .needs
        .iter()
        .map(|n| NeedToCover {
            area: &n.area,
            weight: Priority::parse("priority", &n.priority).map(Priority::weight).unwrap_or(1),
            employees: n.employees_concerned.max(0) as u32,
        })
        .collect();
    let areas: Vec<String> = analysis.needs.iter().map(|n| n.area.clone()).collect();
    let offers = if areas.is_empty() {
        Vec::new()
    } else {
        training_offers::open_covering(&state.db, &areas, chrono::Utc::now()).await?
    };
    let mut items: Vec<MatchingOffer> = offers
        .into_iter()
        .filter_map(|offer| {
            let (covered_needs, score) = offers::coverage(&needs, &offer.areas);
            if covered_needs.is_empty() {
                return None;
            }
            let online = Format::parse("format", &offer.offer.format).is_ok_and(|f| f != Format::OnSite);
            let municipality = offer.offer.municipality.as_deref().map(str::trim);
            let nearness = offers::nearness(&company.municipality, municipality, online);
            Some(MatchingOffer { offer: OfferResponse::from(offer), covered_needs, score, nearness })
        })
        .collect();
    items.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.nearness.cmp(&b.nearness))
            .then(a.offer.sessions.first().map(|s| s.starts_at).cmp(&b.offer.sessions.first().map(|s| s.starts_at)))
            .then(a.offer.id.cmp(&b.offer.id))
    });
    items.truncate(MAX_MATCHES);
    Ok(HttpResponse::Ok().json(MatchingOffers { items, next_cursor: None }))
}
