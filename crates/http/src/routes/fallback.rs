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
    /// The routes and their methods; `HEAD` goes wherever `GET` does.
    pub fn new(routes: Vec<(String, Vec<Method>)>) -> KnownRoutes {
        let with_head = |mut methods: Vec<Method>| {
            if methods.contains(&Method::GET) && !methods.contains(&Method::HEAD) {
                let at = methods.iter().position(|m| *m == Method::GET).map_or(0, |i| i + 1);
                methods.insert(at, Method::HEAD);
            }
            methods
        };
        KnownRoutes(Arc::new(
            routes.into_iter().map(|(path, methods)| (ResourceDef::new(path), with_head(methods))).collect(),
        ))
    }

    fn allowed(&self, path: &str) -> Option<Vec<Method>> {
        self.0.iter().find(|(def, _)| def.is_match(path)).map(|(_, methods)| methods.clone())
    }

    /// The methods of a route without parameters that is exactly `path`
    /// (`/companies/changes`, which `/companies/{id}` also matches).
    fn allowed_static(&self, path: &str) -> Option<Vec<Method>> {
        self.0
            .iter()
            .find(|(def, _)| def.pattern().is_some_and(|p| !p.contains('{') && p == path))
            .map(|(_, methods)| methods.clone())
    }
}

/// A path parameter that does not parse: 405 when the path is in fact a
/// route of its own without that method (`PATCH /companies/changes` reaches
/// `PATCH /companies/{id}`), 400 naming the parameter otherwise.
pub fn path_error(error: actix_web::error::PathError, req: &HttpRequest) -> actix_web::Error {
    let known = req.app_data::<web::Data<KnownRoutes>>();
    match known.and_then(|known| known.allowed_static(req.path())) {
        Some(allow) => ApiError::MethodNotAllowed { allow }.into(),
        None => ApiError::bad_request(error.to_string()).into(),
    }
}

pub async fn not_routed(req: HttpRequest, known: web::Data<KnownRoutes>) -> Result<HttpResponse, ApiError> {
    Err(match known.allowed(req.path()) {
        Some(allow) => ApiError::MethodNotAllowed { allow },
        None => ApiError::NotFound,
    })
}
