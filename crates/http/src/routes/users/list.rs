use super::UserResponse;
use crate::auth::{Auth, allow};
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation::{self, ListResponse};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, get, web};
use samverka_domain::account::Role;
use samverka_domain::municipality::Kommunkod;
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::users::{self, UserFilter};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Filters and paging of the user list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    /// `admin`, `officer`, `company` or `provider`.
    #[param(value_type = Option<crate::schema::UserRole>, inline)]
    pub role: Option<String>,
    /// Officers of this municipality (kommunkod).
    #[param(value_type = Option<crate::schema::Kommunkod>, inline)]
    pub municipality: Option<String>,
    /// Users of this company.
    pub company_id: Option<Uuid>,
    /// Only disabled (`true`) or only active (`false`) users.
    pub disabled: Option<bool>,
    /// Page size, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 20)]
    pub limit: Option<u64>,
    /// The `nextCursor` of the previous page.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
}

/// List users in creation order (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = []), ("oauth2" = [])),
    params(UserListParams),
    responses((status = 200, description = "One page of users", body = ListResponse<UserResponse>))
)]
#[get("/users")]
pub async fn list_users(
    req: HttpRequest,
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<UserListParams>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_users(&principal))?;
    let page = representation::page_request(params.limit, params.cursor.as_deref())?;
    let mut errors = FieldErrors::default();
    let role = params.role.as_deref().and_then(|r| errors.collect(Role::parse_user_role("role", r)));
    let municipality = params.municipality.as_deref().and_then(|m| errors.collect(Kommunkod::parse("municipality", m)));
    if let Some(error) = errors.0.into_iter().next() {
        return Err(ApiError::bad_field(error));
    }
    let filter = UserFilter {
        role: role.map(|r| r.to_string()),
        municipality: municipality.map(|m| m.to_string()),
        company_id: params.company_id,
        disabled: params.disabled,
    };
    let page = users::list(&state.db, &filter, &page).await?;
    representation::list(&req, page.map(UserResponse::from)).map(representation::no_store)
}
