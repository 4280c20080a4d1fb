//! The OAuth 2.0 token endpoint and the principal's own resource.

mod me;
mod token;

pub use token::{TokenRequest, TokenResponse};
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(token::issue_token).service(me::get_me).service(me::change_password);
}
