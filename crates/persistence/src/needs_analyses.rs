//! Queries on needs analyses and their needs. An analysis is read and
//! written with its needs, in one transaction; lists are filtered by the
//! caller's [`AnalysisScope`] in the query.

use crate::entities::{company, need, needs_analysis};
use crate::{StoreError, versioned};
use chrono::NaiveDate;
use samverka_domain::needs::{AnalysisChanges, AnalysisStatus, NeedStatus, NewAnalysis, NewNeed};
use samverka_domain::page::{Page, PageRequest};
use samverka_domain::policy::AnalysisScope;
use sea_orm::ActiveValue::{NotSet, Set};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::BTreeMap;
use uuid::Uuid;

/// An analysis with its needs in list order.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub analysis: needs_analysis::Model,
    pub needs: Vec<need::Model>,
}

/// What an analysis list is filtered by, beside the caller's scope.
#[derive(Debug, Clone)]
pub struct AnalysisFilter {
    pub scope: AnalysisScope,
    pub company: Option<Uuid>,
    pub municipalities: Vec<String>,
    pub status: Option<String>,
    pub area: Option<String>,
    pub conducted_from: Option<NaiveDate>,
    pub conducted_to: Option<NaiveDate>,
}

/// The ids of the live companies a scope (and a municipality filter) allows.
fn companies_in(scope: &AnalysisScope, municipalities: &[String]) -> SelectStatement {
    let mut select = Query::select();
    select.column(company::Column::Id).from(company::Entity).and_where(company::Column::DeletedAt.is_null());
    match scope {
        AnalysisScope::All => {}
        AnalysisScope::Officer { own, shared } => {
            // Its own municipality's, and those of the rest of its shared set that share them.
            let others = shared.iter().filter(|c| *c != own).map(|c| c.as_str().to_owned());
            select.cond_where(
                Condition::any().add(company::Column::Municipality.eq(own.as_str())).add(
                    Condition::all()
                        .add(company::Column::Municipality.is_in(others))
                        .add(company::Column::ShareAnalyses.eq(true)),
                ),
            );
        }
        AnalysisScope::Company(id) => {
            select.and_where(company::Column::Id.eq(*id));
        }
    }
    if !municipalities.is_empty() {
        select.and_where(company::Column::Municipality.is_in(municipalities.iter().cloned()));
    }
    select.to_owned()
}

/// One keyset page, most recently conducted first.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &AnalysisFilter,
    page: &PageRequest<(NaiveDate, Uuid)>,
) -> Result<Page<Analysis>, StoreError> {
    use needs_analysis::{Column, Entity};
    let mut query = Entity::find()
        .filter(Column::CompanyId.in_subquery(companies_in(&filter.scope, &filter.municipalities)))
        .order_by_desc(Column::ConductedOn)
        .order_by_desc(Column::Id)
        .limit(page.limit + 1);
    if let Some((on, id)) = page.after {
        let key = Expr::tuple([Expr::value(on), Expr::value(id)]);
        query = query.filter(Expr::tuple([Expr::col(Column::ConductedOn), Expr::col(Column::Id)]).lt(key));
    }
    if let Some(company) = filter.company {
        query = query.filter(Column::CompanyId.eq(company));
    }
    if let Some(status) = &filter.status {
        query = query.filter(Column::Status.eq(status.as_str()));
    }
    if let Some(area) = &filter.area {
        let with_area = Query::select()
            .column(need::Column::AnalysisId)
            .from(need::Entity)
            .and_where(need::Column::Area.eq(area.as_str()))
            .to_owned();
        query = query.filter(Column::Id.in_subquery(with_area));
    }
    if let Some(from) = filter.conducted_from {
        query = query.filter(Column::ConductedOn.gte(from));
    }
    if let Some(to) = filter.conducted_to {
        query = query.filter(Column::ConductedOn.lte(to));
    }
    let rows = query.all(conn).await?;
    let page = Page::from_rows(rows, page.limit, |a| (a.conducted_on, a.id));
    let mut needs = needs_of(conn, &page.items.iter().map(|a| a.id).collect::<Vec<_>>()).await?;
    Ok(page.map(|analysis| {
        let needs = needs.remove(&analysis.id).unwrap_or_default();
        Analysis { analysis, needs }
    }))
}

/// The needs of these analyses, in list order, in one query.
async fn needs_of(conn: &impl ConnectionTrait, ids: &[Uuid]) -> Result<BTreeMap<Uuid, Vec<need::Model>>, StoreError> {
    let mut by_analysis: BTreeMap<Uuid, Vec<need::Model>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(by_analysis);
    }
    let needs = need::Entity::find()
        .filter(need::Column::AnalysisId.is_in(ids.iter().copied()))
        .order_by_asc(need::Column::AnalysisId)
        .order_by_asc(need::Column::Position)
        .all(conn)
        .await?;
    for need in needs {
        by_analysis.entry(need.analysis_id).or_default().push(need);
    }
    Ok(by_analysis)
}

/// One analysis with its needs (of a live company).
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Analysis>, StoreError> {
    let Some(analysis) = needs_analysis::Entity::find_by_id(id).one(conn).await? else { return Ok(None) };
    let needs = needs_of(conn, &[id]).await?.remove(&id).unwrap_or_default();
    Ok(Some(Analysis { analysis, needs }))
}

/// The need rows of an analysis, in list order: a kept need keeps its id
/// and (unless it is given a new one) its status among `current`; a new
/// need is open unless given a status.
pub fn need_rows(analysis_id: Uuid, needs: Vec<NewNeed>, current: &[need::Model]) -> Vec<need::ActiveModel> {
    needs
        .into_iter()
        .enumerate()
        .map(|(position, need)| need::ActiveModel {
            id: Set(need.id.unwrap_or_else(Uuid::now_v7)),
            status: Set(match (need.status, current.iter().find(|c| Some(c.id) == need.id)) {
                (Some(status), _) => status.as_str().to_owned(),
                (None, Some(kept)) => kept.status.clone(),
                (None, None) => NeedStatus::Open.as_str().to_owned(),
            }),
            analysis_id: Set(analysis_id),
            position: Set(position as i32),
            area: Set(need.area.to_string()),
            description: Set(need.description),
            priority: Set(need.priority.as_str().to_owned()),
            employees_concerned: Set(need.employees_concerned),
            wanted_by: Set(need.wanted_by),
        })
        .collect()
}

/// The row of a new analysis of `company_id`, conducted by `conducted_by`.
pub fn new_row(
    id: Uuid,
    company_id: Uuid,
    conducted_by: Option<Uuid>,
    analysis: &NewAnalysis,
    now: chrono::DateTime<chrono::Utc>,
) -> needs_analysis::ActiveModel {
    needs_analysis::ActiveModel {
        id: Set(id),
        company_id: Set(company_id),
        status: Set(analysis.status.as_str().to_owned()),
        conducted_on: Set(analysis.conducted_on),
        conducted_by: Set(conducted_by),
        summary: Set(analysis.summary.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
}

/// Adds an analysis with its needs.
pub async fn create(
    conn: &impl ConnectionTrait,
    company_id: Uuid,
    conducted_by: Option<Uuid>,
    analysis: NewAnalysis,
) -> Result<Analysis, StoreError> {
    create_with_id(conn, Uuid::now_v7(), company_id, conducted_by, analysis).await
}

/// Adds an analysis with a given id (demo data) with its needs.
pub async fn create_with_id(
    conn: &impl ConnectionTrait,
    id: Uuid,
    company_id: Uuid,
    conducted_by: Option<Uuid>,
    analysis: NewAnalysis,
) -> Result<Analysis, StoreError> {
    new_row(id, company_id, conducted_by, &analysis, chrono::Utc::now()).insert(conn).await?;
    replace_needs(conn, id, need_rows(id, analysis.needs, &[])).await?;
    get(conn, id).await?.ok_or_else(|| StoreError::Other(sea_orm::DbErr::RecordNotFound("analysis".into())))
}

/// Writes `changes` (the needs list as a whole) when the analysis still
/// has the version of `current`.
pub async fn update(
    conn: &impl ConnectionTrait,
    current: &needs_analysis::Model,
    changes: AnalysisChanges,
) -> Result<Option<Analysis>, StoreError> {
    use needs_analysis::Column;
    let mut row = needs_analysis::ActiveModel {
        status: changes.status.map_or(NotSet, |s| Set(s.as_str().to_owned())),
        conducted_on: changes.conducted_on.map_or(NotSet, Set),
        summary: changes.summary.map_or(NotSet, Set),
        ..<needs_analysis::ActiveModel as Default>::default()
    };
    if changes.needs.is_some() && !row.is_changed() {
        // A change of the needs alone is a change of the analysis: bump its version.
        row.updated_at = Set(chrono::Utc::now());
    }
    let key = Column::Id.eq(current.id);
    if !versioned::update(conn, row, key, Column::Version, Column::UpdatedAt, current.version).await? {
        return Ok(None);
    }
    if let Some(needs) = changes.needs {
        let kept = needs_of(conn, &[current.id]).await?.remove(&current.id).unwrap_or_default();
        replace_needs(conn, current.id, need_rows(current.id, needs, &kept)).await?;
    }
    get(conn, current.id).await
}

async fn replace_needs(conn: &impl ConnectionTrait, id: Uuid, needs: Vec<need::ActiveModel>) -> Result<(), StoreError> {
    need::Entity::delete_many().filter(need::Column::AnalysisId.eq(id)).exec(conn).await?;
    if !needs.is_empty() {
        need::Entity::insert_many(needs).exec(conn).await?;
    }
    Ok(())
}

/// Deletes the analysis (and its needs) when it still has `expected_version`.
pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    use needs_analysis::{Column, Entity};
    need::Entity::delete_many().filter(need::Column::AnalysisId.eq(id)).exec(conn).await?;
    versioned::delete::<Entity>(conn, Column::Id.eq(id), Column::Version, expected_version).await
}

/// What the demand figures are filtered by.
#[derive(Debug, Clone, Default)]
pub struct DemandFilter {
    pub municipalities: Vec<String>,
    pub area: Option<String>,
    pub priority: Option<String>,
    pub conducted_from: Option<NaiveDate>,
    pub conducted_to: Option<NaiveDate>,
}

/// One company's open need in one area: its municipality, the most
/// employees any of its needs there concerns, and how many needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemandRow {
    pub area: String,
    pub municipality: String,
    pub company_id: Uuid,
    pub employees: i64,
    pub needs: i64,
}

/// Open needs (status `open`, of completed analyses of live companies), one row per area,
/// municipality and company.
pub async fn demand(conn: &impl ConnectionTrait, filter: &DemandFilter) -> Result<Vec<DemandRow>, StoreError> {
    let mut select = Query::select();
    select
        .column((need::Entity, need::Column::Area))
        .column((company::Entity, company::Column::Municipality))
        .column((company::Entity, company::Column::Id))
        .expr(Expr::col((need::Entity, need::Column::EmployeesConcerned)).max())
        .expr(Expr::col((need::Entity, need::Column::Id)).count())
        .from(need::Entity)
        .inner_join(
            needs_analysis::Entity,
            Expr::col((needs_analysis::Entity, needs_analysis::Column::Id))
                .equals((need::Entity, need::Column::AnalysisId)),
        )
        .inner_join(
            company::Entity,
            Expr::col((company::Entity, company::Column::Id))
                .equals((needs_analysis::Entity, needs_analysis::Column::CompanyId)),
        )
        .and_where(
            Expr::col((needs_analysis::Entity, needs_analysis::Column::Status)).eq(AnalysisStatus::Completed.as_str()),
        )
        .and_where(Expr::col((company::Entity, company::Column::DeletedAt)).is_null())
        .and_where(Expr::col((need::Entity, need::Column::Status)).eq(NeedStatus::Open.as_str()))
        .group_by_col((need::Entity, need::Column::Area))
        .group_by_col((company::Entity, company::Column::Municipality))
        .group_by_col((company::Entity, company::Column::Id));
    if !filter.municipalities.is_empty() {
        select.and_where(
            Expr::col((company::Entity, company::Column::Municipality)).is_in(filter.municipalities.iter().cloned()),
        );
    }
    if let Some(area) = &filter.area {
        select.and_where(Expr::col((need::Entity, need::Column::Area)).eq(area.as_str()));
    }
    if let Some(priority) = &filter.priority {
        select.and_where(Expr::col((need::Entity, need::Column::Priority)).eq(priority.as_str()));
    }
    if let Some(from) = filter.conducted_from {
        select.and_where(Expr::col((needs_analysis::Entity, needs_analysis::Column::ConductedOn)).gte(from));
    }
    if let Some(to) = filter.conducted_to {
        select.and_where(Expr::col((needs_analysis::Entity, needs_analysis::Column::ConductedOn)).lte(to));
    }
    let backend = conn.get_database_backend();
    let rows = conn.query_all_raw(backend.build(&select)).await?;
    rows.into_iter()
        .map(|row| {
            Ok(DemandRow {
                area: row.try_get_by_index(0)?,
                municipality: row.try_get_by_index::<String>(1)?.trim().to_owned(),
                company_id: row.try_get_by_index(2)?,
                employees: i64::from(row.try_get_by_index::<i32>(3)?),
                needs: row.try_get_by_index(4)?,
            })
        })
        .collect::<Result<_, sea_orm::DbErr>>()
        .map_err(StoreError::from)
}

/// Which of `ids` are needs of analyses of `company_id`, in one query.
pub async fn needs_of_company(
    conn: &impl ConnectionTrait,
    company_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let analyses = Query::select()
        .column(needs_analysis::Column::Id)
        .from(needs_analysis::Entity)
        .and_where(needs_analysis::Column::CompanyId.eq(company_id))
        .to_owned();
    Ok(need::Entity::find()
        .select_only()
        .column(need::Column::Id)
        .filter(need::Column::Id.is_in(ids.iter().copied()))
        .filter(need::Column::AnalysisId.in_subquery(analyses))
        .into_tuple()
        .all(conn)
        .await?)
}
