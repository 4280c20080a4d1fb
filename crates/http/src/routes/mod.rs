//! The routes, one folder of handlers per resource; `configure` registers
//! them all, so that the server and the OpenAPI document see the same set.

pub mod activities;
pub mod api_clients;
pub mod api_info;
pub mod audit_events;
pub mod auth;
pub mod collaborations;
pub mod companies;
pub mod competence_areas;
pub mod contacts;
pub mod enrolments;
pub mod events;
pub mod fallback;
pub mod health;
pub mod metrics;
pub mod municipalities;
pub mod needs_analyses;
pub mod network_meetings;
pub mod networks;
pub mod personal_data;
pub mod problems;
pub mod reports;
pub mod statistics;
pub mod tasks;
pub mod training_offers;
pub mod users;
pub mod webhooks;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/api/v1")
            .service(api_info::api_info)
            .configure(auth::configure)
            .configure(municipalities::configure)
            .configure(competence_areas::configure)
            .configure(companies::configure)
            .configure(contacts::configure)
            .configure(activities::configure)
            .configure(tasks::configure)
            .configure(needs_analyses::configure)
            .configure(statistics::configure)
            .configure(training_offers::configure)
            .configure(enrolments::configure)
            .configure(network_meetings::configure)
            .configure(networks::configure)
            .configure(collaborations::configure)
            .configure(audit_events::configure)
            .configure(reports::configure)
            .configure(users::configure)
            .configure(api_clients::configure)
            .configure(personal_data::configure)
            .configure(events::configure)
            .configure(webhooks::configure),
    )
    .service(health::live)
    .service(health::ready)
    .service(metrics::metrics)
    .service(problems::problem_page);
}

/// Records a 422 error on `field` when municipality `code` does not exist.
pub(crate) async fn require_municipality(
    txn: &samverka_persistence::DatabaseTransaction,
    field: &str,
    code: &samverka_domain::municipality::Kommunkod,
    errors: &mut samverka_domain::FieldErrors,
) -> Result<(), crate::error::ApiError> {
    if samverka_persistence::municipalities::get(txn, code).await?.is_none() {
        errors.push(samverka_domain::FieldError::new(field, "unknown", format!("there is no municipality {code}")));
    }
    Ok(())
}

/// The company a request acts for (enrolments, registrations): the one
/// named, or a company user's own. 401/403 by role; 422 when someone acting
/// for others names none.
pub(crate) fn acting_company_id(
    principal: &samverka_domain::account::Principal,
    named: Option<uuid::Uuid>,
) -> Result<uuid::Uuid, crate::error::ApiError> {
    crate::auth::allow(samverka_domain::policy::may_act_for_companies(principal))?;
    match (principal.own_company(), named) {
        (_, Some(id)) => Ok(id),
        (Some(own), None) => Ok(own),
        (None, None) => {
            let missing = samverka_domain::FieldError::new("companyId", "required", "name the company");
            Err(crate::error::ApiError::Validation(missing.into()))
        }
    }
}

/// The facts of the company a request acts for, when the principal may act
/// for it: a company it cannot see is an error on `companyId` exactly as for
/// one that does not exist; one it sees but may not act for is a 403.
pub(crate) async fn acting_company(
    conn: &impl samverka_persistence::ConnectionLike,
    principal: &samverka_domain::account::Principal,
    id: uuid::Uuid,
    errors: &mut samverka_domain::FieldErrors,
) -> Result<Option<samverka_domain::policy::CompanyFacts>, crate::error::ApiError> {
    use samverka_domain::policy;
    match samverka_persistence::companies::facts_of(conn, id).await? {
        Some(facts) if policy::sees_company(principal, &facts) => {
            crate::auth::allow(policy::can_act_for_company(principal, &facts))?;
            Ok(Some(facts))
        }
        _ => {
            errors.push(samverka_domain::FieldError::new("companyId", "unknown", format!("there is no company {id}")));
            Ok(None)
        }
    }
}
