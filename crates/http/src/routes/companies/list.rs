use super::CompanyResponse;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::account::Principal;
use samverka_domain::company;
use samverka_domain::{FieldError, policy};
use samverka_persistence::companies::{self, CompanyFilter, CompanySort};
use serde::Deserialize;
use utoipa::IntoParams;

/// The query parameters of the company list and the export: their shared
/// filters, written once, and what each adds.
macro_rules! company_params {
    ($(#[$doc:meta])* $name:ident { $($(#[$extra_meta:meta])* pub $extra:ident: $extra_type:ty,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Deserialize, IntoParams)]
        #[serde(deny_unknown_fields, rename_all = "camelCase")]
        #[into_params(parameter_in = Query)]
        pub struct $name {
            /// One or several kommunkoder, comma-separated.
            #[param(value_type = Option<crate::schema::KommunkodList>, inline, example = "0686,0604")]
            pub municipality: Option<String>,
            /// An SNI 2007 prefix: `25` is every company in division 25.
            #[param(value_type = Option<crate::schema::SniPrefix>, inline, example = "25")]
            pub sni: Option<String>,
            /// An SCB size class, e.g. `20-49`.
            #[param(value_type = Option<crate::schema::SizeClass>, inline, example = "20-49")]
            pub size_class: Option<String>,
            /// Case-insensitive search in the name (Swedish letters included) and the orgNumber; 1–100 characters.
            #[param(value_type = Option<crate::schema::Search>, inline, example = "mekaniska")]
            pub q: Option<String>,
            /// Only companies changed at or after this time (RFC 3339).
            #[param(value_type = Option<crate::schema::Timestamp>, inline, example = "2026-01-01T00:00:00Z")]
            pub updated_since: Option<String>,
            $($(#[$extra_meta])* pub $extra: $extra_type,)*
        }

        impl $name {
            /// The filter for `principal`: its scope and the parameters (400 naming a bad one).
            pub fn filter(&self, principal: &Principal) -> Result<CompanyFilter, ApiError> {
                filter(principal, &self.municipality, &self.sni, &self.size_class, &self.q, &self.updated_since)
            }
        }
    };
}

company_params!(
    /// The filters of the export.
    CompanyExportParams {}
);

company_params!(
    /// Filters, order and paging of the company list.
    CompanyListParams {
        /// `name` (default), `-name`, `updatedAt` or `-updatedAt` (newest first).
        #[param(value_type = Option<crate::schema::CompanySortOrder>, inline, example = "name")]
        pub sort: Option<String>,
        /// Page size, 1–500 (default 20).
        #[param(minimum = 1, maximum = 500, example = 20)]
        pub limit: Option<u64>,
        /// The `nextCursor` of the previous page.
        #[param(value_type = Option<crate::schema::Cursor>, inline)]
        pub cursor: Option<String>,
    }
);

fn filter(
    principal: &Principal,
    municipality: &Option<String>,
    sni: &Option<String>,
    size_class: &Option<String>,
    q: &Option<String>,
    updated_since: &Option<String>,
) -> Result<CompanyFilter, ApiError> {
    let mut filter = CompanyFilter::scoped(policy::company_scope(principal));
    filter.municipalities = crate::extract::municipality_list(municipality.as_deref())?;
    if let Some(sni) = sni {
        filter.sni_prefix = Some(company::sni_prefix("sni", sni).map_err(ApiError::bad_field)?);
    }
    if let Some(class) = size_class {
        filter.size_class = Some(company::parse_size_class("sizeClass", class).map_err(ApiError::bad_field)?.into());
    }
    if let Some(q) = q {
        let q = crate::extract::search_term(q)?;
        filter.name_pattern = Some(company::like_pattern(q));
        filter.org_number_pattern = org_number_pattern(q);
    }
    if let Some(since) = updated_since {
        let since = chrono::DateTime::parse_from_rfc3339(since).map_err(|_| {
            ApiError::bad_field(FieldError::new(
                "updatedSince",
                "format",
                "an RFC 3339 time, e.g. 2026-03-03T09:00:00Z",
            ))
        })?;
        filter.updated_since = Some(since.with_timezone(&chrono::Utc));
    }
    Ok(filter)
}

impl CompanyListParams {
    pub fn sort(&self) -> Result<CompanySort, ApiError> {
        match self.sort.as_deref().unwrap_or("name") {
            "name" => Ok(CompanySort::Name { descending: false }),
            "-name" => Ok(CompanySort::Name { descending: true }),
            "updatedAt" => Ok(CompanySort::UpdatedAt { descending: false }),
            "-updatedAt" => Ok(CompanySort::UpdatedAt { descending: true }),
            _ => Err(ApiError::bad_field(FieldError::new(
                "sort",
                "enum",
                "sort is name, -name, updatedAt or -updatedAt",
            ))),
        }
    }
}

/// A search of digits (and hyphens) also looks in orgNumbers: up to six
/// digits anywhere, more as the start of a number.
fn org_number_pattern(q: &str) -> Option<String> {
    if !q.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return None;
    }
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        0 => None,
        1..=6 => Some(format!("%{digits}%")),
        _ => Some(format!("{}-{}%", &digits[..6], &digits[6..digits.len().min(10)])),
    }
}

/// List the companies the caller sees: officers every partner municipality's
/// (and their own), company users the listed directory and their own company,
/// everyone else the listed directory (integrations within their municipalities).
#[utoipa::path(
    tag = "companies",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(CompanyListParams),
    responses((status = 200, description = "One page of companies", body = ListResponse<CompanyResponse>))
)]
#[get("/companies")]
pub async fn list_companies(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<CompanyListParams>,
) -> Result<HttpResponse, ApiError> {
    let filter = params.filter(&principal)?;
    let sort = params.sort()?;
    let page = representation::page_request(params.limit, params.cursor.as_deref())?;
    let read = || async {
        let page = companies::list(&state.db, &filter, sort, &page).await?;
        representation::stored_list(&req, page.map(CompanyResponse::from))
    };
    if params.q.is_some() {
        // Searches are a long tail: kept, they would only push the
        // directory's pages out of the cache. One per core at once.
        let _turn = state.searches.acquire().await.map_err(ApiError::internal)?;
        return representation::answer(&req, &read().await?);
    }
    representation::cached(&req, &state.caches, &principal, read).await
}

#[cfg(test)]
mod tests {
    use super::org_number_pattern;

    #[test]
    fn digit_searches_look_in_org_numbers() {
        assert_eq!(org_number_pattern("5560"), Some("%5560%".to_owned()));
        assert_eq!(org_number_pattern("5560360793"), Some("556036-0793%".to_owned()));
        assert_eq!(org_number_pattern("556036-07"), Some("556036-07%".to_owned()));
        assert_eq!(org_number_pattern("mek"), None);
    }
}
