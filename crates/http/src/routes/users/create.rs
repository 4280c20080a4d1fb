use super::{CreateUserRequest, UserResponse};
use crate::auth::{Auth, allow, password};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::account::{Binding, Email, Role, check_new_password};
use samverka_domain::{FieldErrors, policy, text};
use samverka_persistence::entities::user::ActiveModel;
use samverka_persistence::{Set, StoreError, begin, commit, users};
use uuid::Uuid;

/// Create a user (admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = []), ("oauth2" = [])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, description = "Created", body = UserResponse,
            headers(("Location" = String, description = "Where the user lives"))),
        (status = 409, description = "A user with this e-mail exists", body = crate::error::Problem),
    )
)]
#[post("/users")]
pub async fn create_user(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidJson(body): ValidJson<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    allow(policy::can_manage_users(&principal))?;
    let mut errors = FieldErrors::default();
    let email = errors.collect(Email::parse("email", &body.email));
    let display_name = errors.collect(text::required("displayName", &body.display_name, 200));
    let role = errors.collect(Role::parse_user_role("role", &body.role));
    errors.collect(check_new_password("password", &body.password));
    let binding = role.and_then(|role| {
        match Binding::for_role(role, body.municipality.as_deref(), body.company_id, body.provider.as_deref()) {
            Ok(binding) => Some(binding),
            Err(bad) => {
                bad.0.into_iter().for_each(|e| errors.push(e));
                None
            }
        }
    });
    let txn = begin(&state.db).await?;
    super::update::check_municipality_exists(&txn, binding.as_ref(), &mut errors).await?;
    errors.into_result()?;
    let (Some(email), Some(display_name), Some(role), Some(binding)) = (email, display_name, role, binding) else {
        return Err(ApiError::internal("validated fields missing"));
    };
    let hash = password::hash(&state.hashing, body.password).await?;
    let now = chrono::Utc::now();
    let (municipality, company_id, provider) = binding.fields();
    let row = ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.as_str().to_owned()),
        display_name: Set(display_name),
        role: Set(role.to_string()),
        municipality: Set(municipality),
        company_id: Set(company_id),
        provider: Set(provider),
        password_hash: Set(hash),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    };
    let created = users::insert(&txn, row).await.map_err(duplicate_email(&email))?;
    let created = UserResponse::from(created);
    audit::record(&txn, &principal, "user", &created.id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/users/{}", created.id))).map(representation::no_store)
}

pub(super) fn duplicate_email(email: &Email) -> impl FnOnce(StoreError) -> ApiError {
    ApiError::on_duplicate("email", format!("a user with e-mail {} exists", email.as_str()))
}
