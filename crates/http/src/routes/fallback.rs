//! What answers when no route matches: 405 with `Allow` when the path is
//! known but the method is not, 404 otherwise. The known paths come from the
//! OpenAPI document, so they can never drift from the routes.

use crate::error::ApiError;
use actix_web::dev::ResourceDef;
use actix_web::http::Method;
use actix_web::{HttpRequest, HttpResponse, web};
use std::sync::Arc;

#[derive(Clone, Default)]
pub struct KnownRoutes(Arc<Vec<(ResourceDef, Vec<Method>)>>);

impl KnownRoutes {
    pub fn new(routes: Vec<(String, Vec<Method>)>) -> KnownRoutes {
        KnownRoutes(Arc::new(routes.into_iter().map(|(path, methods)| (ResourceDef::new(path), methods)).collect()))
    }

    fn allowed(&self, path: &str) -> Option<Vec<Method>> {
        self.0.iter().find(|(def, _)| def.is_match(path)).map(|(_, methods)| methods.clone())
    }
}

pub async fn not_routed(req: HttpRequest, known: web::Data<KnownRoutes>) -> Result<HttpResponse, ApiError> {
    Err(match known.allowed(req.path()) {
        Some(allow) => ApiError::MethodNotAllowed { allow },
        None => ApiError::NotFound,
    })
}
