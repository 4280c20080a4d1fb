//! Activities with companies: visits, calls, meetings, e-mails and events,
//! with the officers and the company's contacts who took part and the
//! topics raised (challenges and opportunities, each tagged with a
//! competence area). They are officers' internal notes: admins and officers
//! of the company's municipality read and write them; officers of
//! collaborating municipalities read those marked `shared`; nobody else.

mod create;
mod delete;
mod get;
mod list;
mod update;

use crate::auth::allow;
use crate::error::ApiError;
use chrono::{DateTime, NaiveDate, Utc};
use samverka_domain::FieldErrors;
use samverka_domain::account::Principal;
use samverka_domain::activities::{self, ActivityInput, TopicInput};
use samverka_domain::competence_area::AreaSlug;
use samverka_domain::policy::{self, CompanyFacts};
use samverka_persistence::activities::Activity;
use samverka_persistence::{ConnectionLike, DatabaseTransaction, companies, competence_areas, contacts, users};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_activities)
        .service(list::list_company_activities)
        .service(create::create_activity)
        .service(get::get_activity)
        .service(update::update_activity)
        .service(delete::delete_activity);
}

/// A challenge or an opportunity raised, tagged with a competence area.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Topic {
    #[schema(example = "automation")]
    #[validate(length(max = 64))]
    #[schema(value_type = crate::schema::AreaSlug)]
    pub area: String,
    /// Up to 2,000 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "Vill automatisera svetsningen men saknar programmerare")]
    #[validate(length(max = 2000))]
    #[schema(value_type = Option<crate::schema::Text2000>)]
    pub note: Option<String>,
}

/// An activity with a company.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActivityResponse {
    pub id: Uuid,
    pub company_id: Uuid,
    #[schema(example = "visit", value_type = crate::schema::ActivityKind)]
    pub kind: String,
    #[schema(value_type = String, format = Date, example = "2026-11-30")]
    pub occurred_on: NaiveDate,
    /// The officers (user ids) who took part.
    pub officers: Vec<Uuid>,
    /// The company's contacts who took part.
    pub contact_ids: Vec<Uuid>,
    #[schema(example = "Besök hos VD och produktionschef; rundvandring i verkstaden.")]
    pub summary: String,
    pub topics: Vec<Topic>,
    /// Whether officers of collaborating municipalities read it too.
    #[schema(example = false)]
    pub shared: bool,
    /// The user who recorded it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(example = 1)]
    pub version: i32,
}

impl From<Activity> for ActivityResponse {
    fn from(a: Activity) -> Self {
        let m = a.activity;
        ActivityResponse {
            id: m.id,
            company_id: m.company_id,
            kind: m.kind,
            occurred_on: m.occurred_on,
            officers: a.officers,
            contact_ids: a.contact_ids,
            summary: m.summary,
            topics: a.topics.into_iter().map(|t| Topic { area: t.area, note: t.note }).collect(),
            shared: m.shared,
            created_by: m.created_by,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

/// An activity to record (JSON Merge Patch of the same fields to change one:
/// a list sent replaces the whole list).
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ActivityRequest {
    /// Required on create.
    #[schema(example = "visit")]
    #[validate(length(max = 10))]
    #[schema(value_type = Option<crate::schema::ActivityKind>)]
    pub kind: Option<String>,
    /// Required on create: when it happened (at most a year ahead).
    #[schema(example = "2026-11-30")]
    #[validate(length(max = 10))]
    #[schema(value_type = Option<crate::schema::CalendarDate>)]
    pub occurred_on: Option<String>,
    /// Officers and admins (user ids) who took part; default: the caller.
    #[schema(max_items = 20)]
    pub officers: Option<Vec<Uuid>>,
    /// Contacts of this company who took part.
    #[schema(max_items = 20)]
    pub contact_ids: Option<Vec<Uuid>>,
    /// Required on create; up to 4,000 characters.
    #[schema(example = "Besök hos VD och produktionschef; rundvandring i verkstaden.")]
    #[validate(length(max = 4000))]
    #[schema(value_type = Option<crate::schema::Text4000>)]
    pub summary: Option<String>,
    /// At most 30.
    #[validate(nested)]
    #[schema(max_items = 30)]
    pub topics: Option<Vec<Topic>>,
    /// Default `false`: only officers of the company's municipality read it.
    pub shared: Option<bool>,
}

impl ActivityRequest {
    fn is_empty(&self) -> bool {
        self.kind.is_none()
            && self.occurred_on.is_none()
            && self.officers.is_none()
            && self.contact_ids.is_none()
            && self.summary.is_none()
            && self.topics.is_none()
            && self.shared.is_none()
    }
}

/// The request's fields, checked against what they refer to (the areas,
/// the company's contacts, the officers), in three queries: what the
/// domain's parsers take.
struct Checked<'a> {
    topics: Vec<TopicInput<'a>>,
    known: Vec<AreaSlug>,
    officers: Option<Result<Vec<Uuid>, FieldErrors>>,
    contacts: Option<Result<Vec<Uuid>, FieldErrors>>,
}

impl<'a> Checked<'a> {
    async fn of(
        txn: &DatabaseTransaction,
        body: &'a ActivityRequest,
        company_id: Uuid,
        default_officer: Option<Uuid>,
    ) -> Result<Checked<'a>, ApiError> {
        let topics: Vec<TopicInput<'a>> =
            body.topics.iter().flatten().map(|t| TopicInput { area: &t.area, note: t.note.as_deref() }).collect();
        let slugs: Vec<&str> = topics.iter().map(|t| t.area).collect();
        let known = competence_areas::known(txn, &slugs).await?;
        let officers = body.officers.clone().or_else(|| default_officer.map(|me| vec![me]));
        let officers = match officers {
            Some(ids) => {
                let workers = users::workers(txn, &ids).await?;
                Some(activities::references(
                    ("officers", activities::MAX_PEOPLE),
                    &ids,
                    &|id| workers.contains(id),
                    "an officer or admin",
                ))
            }
            None => None,
        };
        let contacts = match &body.contact_ids {
            Some(ids) => {
                let of_company = contacts::ids_of_company(txn, company_id).await?;
                Some(activities::references(
                    ("contactIds", activities::MAX_PEOPLE),
                    ids,
                    &|id| of_company.contains(id),
                    "a contact of this company",
                ))
            }
            None => None,
        };
        Ok(Checked { topics, known, officers, contacts })
    }

    fn input(&self, body: &'a ActivityRequest) -> ActivityInput<'_> {
        ActivityInput {
            kind: body.kind.as_deref(),
            occurred_on: body.occurred_on.as_deref(),
            summary: body.summary.as_deref(),
            topics: body.topics.as_ref().map(|_| self.topics.as_slice()),
            shared: body.shared,
        }
    }
}

/// The company an activity is (to be) recorded with: 404 when the
/// principal does not see it; 403 when it may not write its activities.
async fn writable_company(
    conn: &impl ConnectionLike,
    principal: &Principal,
    company_id: Uuid,
) -> Result<CompanyFacts, ApiError> {
    allow(policy::activity_scope(principal).map(|_| ()))?;
    let company = companies::get(conn, company_id).await?.ok_or(ApiError::NotFound)?;
    let facts = companies::facts(&company);
    if !policy::sees_company(principal, &facts) {
        return Err(ApiError::NotFound);
    }
    allow(policy::can_write_activities(principal, &facts))?;
    Ok(facts)
}

/// An activity the principal reads, with its company: 401/403 by role,
/// 404 when it does not exist or is not the principal's to read.
async fn visible(
    conn: &impl ConnectionLike,
    principal: &Principal,
    id: Uuid,
) -> Result<(Activity, CompanyFacts), ApiError> {
    allow(policy::activity_scope(principal).map(|_| ()))?;
    let activity = samverka_persistence::activities::get(conn, id).await?.ok_or(ApiError::NotFound)?;
    let company = companies::get(conn, activity.activity.company_id).await?.ok_or(ApiError::NotFound)?;
    let facts = companies::facts(&company);
    if !policy::sees_activity(principal, &facts, activity.activity.shared) {
        return Err(ApiError::NotFound);
    }
    Ok((activity, facts))
}
