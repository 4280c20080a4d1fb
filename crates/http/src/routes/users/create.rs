use super::{CreateUserRequest, UserResponse};
use crate::auth::{Auth, allow, password};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;
use crate::{audit, representation};
use actix_web::{HttpResponse, post, web};
use samverka_domain::account::{Binding, Email, Role};
use samverka_domain::user::{NewUser, UserInput};
use samverka_domain::{FieldErrors, policy};
use samverka_persistence::{StoreError, begin, commit, users};

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
    let user = errors.absorb(NewUser::parse(UserInput {
        email: &body.email,
        display_name: &body.display_name,
        role: &body.role,
        password: &body.password,
        municipality: body.municipality.as_deref(),
        company_id: body.company_id,
        provider: body.provider.as_deref(),
    }));
    // The binding is checked against the database even when another field is wrong.
    let binding = Role::parse_user_role("role", &body.role).ok().and_then(|role| {
        Binding::for_role(role, body.municipality.as_deref(), body.company_id, body.provider.as_deref()).ok()
    });
    let txn = begin(&state.db).await?;
    super::update::check_binding_exists(&txn, binding.as_ref(), &mut errors).await?;
    let user = errors.finish(|| user)?;
    let hash = password::hash(&state.hashing, body.password).await?;
    let email = user.email.clone();
    let created = users::create(&txn, user, hash).await.map_err(duplicate_email(&email))?;
    let created = UserResponse::from(created);
    audit::record(&txn, &principal, "user", &created.id.to_string(), None, Some(&created)).await?;
    commit(txn).await?;
    representation::written(&created, Some(format!("/api/v1/users/{}", created.id))).map(representation::no_store)
}

pub(super) fn duplicate_email(email: &Email) -> impl FnOnce(StoreError) -> ApiError {
    ApiError::on_duplicate("email", format!("a user with e-mail {} exists", email.as_str()))
}
