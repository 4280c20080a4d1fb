//! Aggregated figures, anonymous in shape (no company names or ids).

mod demand;
mod outcomes;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(demand::demand).service(outcomes::outcomes);
}
