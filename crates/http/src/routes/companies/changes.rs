use super::CompanyResponse;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::extract::ValidQuery;
use crate::representation;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use samverka_domain::page::{PageRequest, encode_cursor};
use samverka_domain::policy;
use samverka_persistence::companies;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Where to read the change feed from.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ChangesParams {
    /// A position the feed handed out (`since` or `nextCursor`); absent: from the beginning.
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub since: Option<String>,
    /// The same as `since` (the name every list uses).
    #[param(value_type = Option<crate::schema::Cursor>, inline)]
    pub cursor: Option<String>,
    /// Changes per page, 1–500 (default 20).
    #[param(minimum = 1, maximum = 500, example = 500)]
    pub limit: Option<u64>,
}

/// One change: the company as it is now, or its removal from what the caller sees.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanyChange {
    /// `upsert` (create or replace the company) or `delete` (remove it).
    #[schema(example = "upsert")]
    pub change: &'static str,
    pub id: Uuid,
    /// The company now (only in upserts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub company: Option<CompanyResponse>,
}

/// A page of the change feed.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CompanyChanges {
    pub items: Vec<CompanyChange>,
    /// The next page now; `null` when this page reaches the present.
    pub next_cursor: Option<String>,
    /// Where to resume later: pass it as `since` on the next poll (always set).
    pub since: String,
}

/// The change feed of the directory: every change since a position, oldest
/// first, each company once with its current state. Applying the pages in
/// order (upsert by id, delete by id) and then polling from `since` keeps a
/// mirror exactly equal to what the caller sees in `/companies`. A company
/// that leaves the caller's view (deleted, unlisted, moved out of its
/// municipalities) arrives as a `delete` carrying only its id; readers of
/// the public directory get deletions only of companies that were ever
/// listed, and readers bound to municipalities only of companies that are,
/// or were, in one of them.
#[utoipa::path(
    tag = "companies",
    security((), ("bearer" = []), ("oauth2" = [])),
    params(ChangesParams),
    responses((status = 200, description = "Changes after the position", body = CompanyChanges))
)]
#[get("/companies/changes")]
pub async fn company_changes(
    Auth(principal): Auth,
    state: web::Data<AppState>,
    ValidQuery(params): ValidQuery<ChangesParams>,
) -> Result<HttpResponse, ApiError> {
    let position = params.cursor.as_deref().or(params.since.as_deref());
    let field = if params.cursor.is_some() { "cursor" } else { "since" };
    let page: PageRequest<i64> = representation::page_request(params.limit, position).map_err(|e| match e {
        ApiError::BadRequest { detail, mut errors } => {
            errors.iter_mut().filter(|e| e.field == "cursor").for_each(|e| e.field = field.to_owned());
            ApiError::BadRequest { detail, errors }
        }
        other => other,
    })?;
    let after = page.after.unwrap_or(0);
    let scope = policy::company_scope(&principal);
    let (rows, head) = companies::changes_after(&state.db, &scope, after, page.limit + 1).await?;
    let has_more = rows.len() as u64 > page.limit;
    let rows: Vec<_> = rows.into_iter().take(page.limit as usize).collect();
    // A full page ends at its last row; a short one has read up to the head.
    let last = if has_more { rows.last().map(|r| r.change_seq).unwrap_or(after) } else { head.max(after) };
    let live: Vec<Uuid> = rows.iter().filter(|r| r.deleted_at.is_none()).map(|r| r.id).collect();
    let visible = companies::in_scope(&state.db, &scope, &live).await?;
    // Every row read is one the reader holds or may have held
    // (`companies::changes_after`): what it does not see now is a deletion.
    let items = rows
        .into_iter()
        .map(|row| {
            if row.deleted_at.is_none() && visible.contains(&row.id) {
                CompanyChange { change: "upsert", id: row.id, company: Some(CompanyResponse::from(row)) }
            } else {
                CompanyChange { change: "delete", id: row.id, company: None }
            }
        })
        .collect();
    let since = encode_cursor(&last);
    let body = CompanyChanges { items, next_cursor: has_more.then(|| since.clone()), since };
    Ok(HttpResponse::Ok().json(body))
}
