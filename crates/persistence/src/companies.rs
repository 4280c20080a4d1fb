//! Queries on companies. Deleted companies stay as tombstones (for the
//! change feed) and are invisible everywhere else; what a principal may see
//! is part of every query ([`CompanyScope`]).

use crate::entities::company::{ActiveModel, Column, Entity, Model};
use crate::{StoreError, changes};
use chrono::{DateTime, Utc};
use samverka_domain::company::{CompanyChanges, NewCompany, fold, size_class};
use samverka_domain::page::{Page, PageRequest};
use samverka_domain::policy::{CompanyFacts, CompanyScope};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, IdenStatic, Order, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement,
};
use uuid::Uuid;

/// The change feed companies write to.
pub const FEED: &str = "companies";

/// What a company list is filtered by, beside the principal's scope.
#[derive(Debug, Clone)]
pub struct CompanyFilter {
    pub scope: CompanyScope,
    /// Any of these municipalities (empty: all).
    pub municipalities: Vec<String>,
    pub sni_prefix: Option<String>,
    pub size_class: Option<String>,
    /// A `LIKE` pattern on the folded name (see `domain::company::like_pattern`).
    pub name_pattern: Option<String>,
    /// A `LIKE` pattern on the orgNumber, when the search looks like digits.
    pub org_number_pattern: Option<String>,
    pub updated_since: Option<DateTime<Utc>>,
}

impl CompanyFilter {
    pub fn scoped(scope: CompanyScope) -> CompanyFilter {
        CompanyFilter {
            scope,
            municipalities: Vec::new(),
            sni_prefix: None,
            size_class: None,
            name_pattern: None,
            org_number_pattern: None,
            updated_since: None,
        }
    }
}

/// The orders a list can be sorted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanySort {
    Name { descending: bool },
    UpdatedAt { descending: bool },
}

/// The key of the last row of a page: the sort value and the id.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum CompanyKey {
    Name(String, Uuid),
    /// `updated_at` in nanoseconds since the epoch (SQLite keeps them; a
    /// cursor made before in microseconds is read as such).
    Updated(i64, Uuid),
}

/// The condition a scope puts on companies.
pub fn scope_condition(scope: &CompanyScope) -> Condition {
    match scope {
        CompanyScope::All => Condition::all(),
        CompanyScope::SharedOrListed(shared) => Condition::any()
            .add(Column::Listed.eq(true))
            .add(Column::Municipality.is_in(shared.iter().map(|c| c.as_str().to_owned()))),
        CompanyScope::ListedOr(id) => Condition::any().add(Column::Listed.eq(true)).add(Column::Id.eq(*id)),
        CompanyScope::Listed => Condition::all().add(Column::Listed.eq(true)),
        CompanyScope::ListedIn(codes) => Condition::all()
            .add(Column::Listed.eq(true))
            .add(Column::Municipality.is_in(codes.iter().map(|c| c.as_str().to_owned()))),
    }
}

/// The search as expressions no trigram index is on, which PostgreSQL's
/// planner does not take for rare: it then walks the sort order's index
/// and tests each row, the plan for a term with many hits. A substring is
/// `strpos(column, text) > 0` (estimated to hold for a third of the rows,
/// where a `LIKE '%…%'` is estimated to hold for almost none, which makes
/// the planner scan everything and sort); a prefix keeps its `LIKE`, on
/// `column || ''`.
fn unindexed_search(filter: &CompanyFilter) -> Condition {
    use sea_orm::sea_query::extension::postgres::PgExpr;
    search_any(filter, Entity, |column, pattern| match like_literal(pattern) {
        Some(text) if pattern.starts_with('%') => {
            Expr::cust_with_exprs("strpos($1, $2) > 0", [column, Expr::val(text)])
        }
        _ => Expr::expr(column).concat(Expr::val("")).like(LikeExpr::new(pattern).escape('\\')),
    })
}

/// The search: its name pattern or its orgNumber pattern, the columns of
/// `table`, each tested by `test` (a `LIKE` unless said otherwise). The
/// orgNumber is tested as text: the expression PostgreSQL's trigram index
/// is on (`org_number::text`, migration 10).
fn search_any(
    filter: &CompanyFilter,
    table: impl sea_orm::sea_query::IntoIden + Clone,
    test: impl Fn(SimpleExpr, &str) -> SimpleExpr,
) -> Condition {
    let mut any = Condition::any();
    if let Some(name) = &filter.name_pattern {
        any = any.add(test(Expr::col((table.clone(), Column::NameFolded)), name));
    }
    if let Some(org) = &filter.org_number_pattern {
        any = any.add(test(Expr::col((table, Column::OrgNumber)).cast_as("text"), org));
    }
    any
}

/// `column LIKE pattern`, escaped with `\\`.
fn like(column: SimpleExpr, pattern: &str) -> SimpleExpr {
    column.like(LikeExpr::new(pattern).escape('\\'))
}

fn filter_condition(filter: &CompanyFilter) -> Condition {
    filter_condition_searching(filter, true)
}

/// The filter's condition; the search through the trigram indexes when
/// `indexed`, else as [`unindexed_search`].
fn filter_condition_searching(filter: &CompanyFilter, indexed: bool) -> Condition {
    let mut condition = Condition::all().add(Column::DeletedAt.is_null()).add(scope_condition(&filter.scope));
    if !filter.municipalities.is_empty() {
        condition = condition.add(Column::Municipality.is_in(filter.municipalities.iter().cloned()));
    }
    if let Some(prefix) = &filter.sni_prefix {
        condition = condition.add(Column::SniCode.like(format!("{prefix}%")));
    }
    if let Some(size_class) = &filter.size_class {
        condition = condition.add(Column::SizeClass.eq(size_class.as_str()));
    }
    match (&filter.name_pattern, &filter.org_number_pattern) {
        (None, None) => {}
        _ if !indexed => condition = condition.add(unindexed_search(filter)),
        _ => condition = condition.add(search_any(filter, Entity, like)),
    }
    if let Some(since) = filter.updated_since {
        condition = condition.add(Column::UpdatedAt.gte(since));
    }
    condition
}

fn nanos(at: DateTime<Utc>) -> i64 {
    at.timestamp_nanos_opt().unwrap_or_else(|| at.timestamp_micros().saturating_mul(1000))
}

/// The moment of a cursor's `updated_at`: nanoseconds, or microseconds in
/// cursors of earlier releases (below 10^17: before the year 5138 in µs).
fn cursor_time(at: i64) -> Option<DateTime<Utc>> {
    if at.abs() < 100_000_000_000_000_000 {
        DateTime::<Utc>::from_timestamp_micros(at)
    } else {
        Some(DateTime::<Utc>::from_timestamp_nanos(at))
    }
}

/// Below this many hits a search on SQLite is answered from the trigram
/// index (reading each hit's row, then sorting); with more, walking the sort
/// order's index finds a page sooner when the hits are spread out (not when
/// they lie together: a name prefix; see the notes of issue 10).
const SEARCH_INDEX_BELOW: usize = 5_000;

/// The text a `LIKE` pattern of ours looks for (`%…%` or `…%`, escaped
/// with `\\`), when it has no wildcard inside.
fn like_literal(pattern: &str) -> Option<String> {
    let inner = pattern.strip_prefix('%').unwrap_or(pattern);
    let mut literal = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => literal.push(chars.next()?),
            '%' if chars.peek().is_none() => {}
            '%' | '_' => return None,
            c => literal.push(c),
        }
    }
    Some(literal)
}

/// How a search is answered, chosen by its measured selectivity: the
/// trigram index is asked for up to `SEARCH_INDEX_BELOW` hits first.
enum SearchPlan {
    /// No search, or one the index cannot narrow (under three characters).
    Plain,
    /// Few hits: only the rows with these change numbers are read (and
    /// sorted); the `LIKE` conditions stay and decide.
    Hits(SimpleExpr),
    /// Many hits: walk the sort order's index and test each row, which finds
    /// a page within a few thousand rows.
    Walk,
}

/// The plan of a search, by its measured selectivity.
///
/// - SQLite: the FTS5 trigram table of migration 10 is asked for up to
///   `SEARCH_INDEX_BELOW` hits; fewer are read by change number, more mean
///   the walk (SQLite's own plan for the query).
/// - PostgreSQL: its `pg_trgm` GIN indexes find few hits fast, but its
///   planner takes every `LIKE '%…%'` for rare and would fetch and sort
///   every hit of a common word. So the walk is tried on a budget first:
///   when the first `WALK_BUDGET` rows of the sort order (from the cursor)
///   hold a page of hits, the walk is the plan; else the GIN index is.
async fn search_plan(
    conn: &impl ConnectionTrait,
    filter: &CompanyFilter,
    walk: (Column, Order, Option<&SimpleExpr>),
    page: u64,
) -> Result<SearchPlan, StoreError> {
    if filter.name_pattern.is_none() && filter.org_number_pattern.is_none() {
        return Ok(SearchPlan::Plain);
    }
    if conn.get_database_backend() != DbBackend::Sqlite {
        if !trigram_searchable(filter) || walk_finds_a_page(conn, filter, walk, page).await? {
            return Ok(SearchPlan::Walk);
        }
        return Ok(SearchPlan::Plain);
    }
    let Some(rows) = sqlite_hits(conn, filter).await? else { return Ok(SearchPlan::Plain) };
    if rows.len() >= SEARCH_INDEX_BELOW {
        return Ok(SearchPlan::Plain);
    }
    Ok(SearchPlan::Hits(Column::ChangeSeq.is_in(rows)))
}

/// How many rows of the sort order a search may walk before the trigram
/// index is the better plan (PostgreSQL).
const WALK_BUDGET: u64 = 4_000;

/// Whether the first `WALK_BUDGET` live rows of the sort order after the
/// cursor hold `page` hits of the search: read from the (sort, id) index.
async fn walk_finds_a_page(
    conn: &impl ConnectionTrait,
    filter: &CompanyFilter,
    (column, order, keyset): (Column, Order, Option<&SimpleExpr>),
    page: u64,
) -> Result<bool, StoreError> {
    use sea_orm::QueryTrait;
    use sea_orm::sea_query::{Alias, Query};
    let mut sample = Entity::find()
        .select_only()
        .columns([Column::NameFolded, Column::OrgNumber])
        .filter(Column::DeletedAt.is_null())
        .order_by(column, order.clone())
        .order_by(Column::Id, order)
        .limit(WALK_BUDGET);
    if let Some(keyset) = keyset {
        sample = sample.filter(keyset.clone());
    }
    let any = search_any(filter, Alias::new("walk"), like);
    let hits = Query::select()
        .expr(Expr::val(1))
        .from_subquery(sample.into_query(), Alias::new("walk"))
        .cond_where(any)
        .limit(page)
        .to_owned();
    Ok(conn.query_all(&hits).await?.len() as u64 >= page)
}

/// Whether every pattern of the search has three characters or more: a
/// shorter one has no trigram, and PostgreSQL's GIN index would return
/// every row to be checked. (Such a term is common or absent; the walk
/// finds a common one soon.)
fn trigram_searchable(filter: &CompanyFilter) -> bool {
    [&filter.name_pattern, &filter.org_number_pattern]
        .into_iter()
        .flatten()
        .all(|pattern| like_literal(pattern).is_some_and(|text| text.chars().count() >= 3))
}

/// On SQLite, the change numbers of up to `SEARCH_INDEX_BELOW` rows the
/// FTS5 trigram index finds; `None` when it cannot (under three characters).
async fn sqlite_hits(conn: &impl ConnectionTrait, filter: &CompanyFilter) -> Result<Option<Vec<i64>>, StoreError> {
    let mut phrases = Vec::new();
    for (column, pattern) in [("name_folded", &filter.name_pattern), ("org_number", &filter.org_number_pattern)] {
        let Some(pattern) = pattern else { continue };
        match like_literal(pattern) {
            Some(text) if text.chars().count() >= 3 => {
                phrases.push(format!("{column} : \"{}\"", text.replace('"', "\"\"")))
            }
            _ => return Ok(None),
        }
    }
    if phrases.is_empty() {
        return Ok(None);
    }
    let hits = Statement::from_sql_and_values(
        DbBackend::Sqlite,
        "SELECT rowid FROM companies_search WHERE companies_search MATCH ? LIMIT ?",
        [phrases.join(" OR ").into(), (SEARCH_INDEX_BELOW as i64).into()],
    );
    let rows = conn.query_all_raw(hits).await?;
    let seqs = rows.iter().map(|row| row.try_get_by_index::<i64>(0)).collect::<Result<Vec<_>, _>>()?;
    Ok(Some(seqs))
}

/// One keyset page of the companies the filter selects.
pub async fn list(
    conn: &impl ConnectionTrait,
    filter: &CompanyFilter,
    sort: CompanySort,
    page: &PageRequest<CompanyKey>,
) -> Result<Page<Model>, StoreError> {
    let (sort_column, descending) = match sort {
        CompanySort::Name { descending } => (Column::NameFolded, descending),
        CompanySort::UpdatedAt { descending } => (Column::UpdatedAt, descending),
    };
    let order = if descending { Order::Desc } else { Order::Asc };
    let keyset = keyset_condition(sort, sort_column, descending, page.after.as_ref())?;
    let plan = search_plan(conn, filter, (sort_column, order.clone(), keyset.as_ref()), page.limit + 1).await?;
    let (search, indexed) = match plan {
        SearchPlan::Plain => (None, true),
        SearchPlan::Hits(hits) => (Some(hits), true),
        SearchPlan::Walk => (None, false),
    };
    if search.is_none() && indexed && filter.municipalities.len() > 1 {
        // Each municipality's first page through its (municipality, sort)
        // index, then the best of them: a few hundred index entries read,
        // however many companies the municipalities hold.
        let rows = merged_pages(conn, filter, keyset, (sort_column, order), page.limit + 1).await?;
        return Ok(page_of(rows, sort, page.limit));
    }
    let mut query = Entity::find().filter(filter_condition_searching(filter, indexed)).limit(page.limit + 1);
    if let Some(keyset) = keyset {
        query = query.filter(keyset);
    }
    // `+column` is SQLite's way of keeping an index out of a plan.
    let searched = search.is_some() && conn.get_database_backend() == DbBackend::Sqlite;
    if let Some(search) = search {
        query = query.filter(search);
    }
    query = if searched {
        // `+column`: not an index's order, so that SQLite reads the hits
        // through the search index and sorts them, rather than walking the
        // sort order's index and looking up every row it passes. (A name
        // search's hits lie together in name order, wherever that is.)
        let unindexed = |column: Column| Expr::cust(format!("+\"companies\".\"{}\"", column.as_str()));
        query.order_by(unindexed(sort_column), order.clone()).order_by(unindexed(Column::Id), order)
    } else {
        query.order_by(sort_column, order.clone()).order_by(Column::Id, order)
    };
    let rows = query.all(conn).await?;
    Ok(page_of(rows, sort, page.limit))
}

fn page_of(rows: Vec<Model>, sort: CompanySort, limit: u64) -> Page<Model> {
    Page::from_rows(rows, limit, |m| match sort {
        CompanySort::Name { .. } => CompanyKey::Name(m.name_folded.clone(), m.id),
        CompanySort::UpdatedAt { .. } => CompanyKey::Updated(nanos(m.updated_at), m.id),
    })
}

/// After the cursor's key in the sort order: `(sort, id) > key` (or `<`).
fn keyset_condition(
    sort: CompanySort,
    sort_column: Column,
    descending: bool,
    after: Option<&CompanyKey>,
) -> Result<Option<SimpleExpr>, StoreError> {
    let Some(after) = after else { return Ok(None) };
    let key: SimpleExpr = match (sort, after) {
        (CompanySort::Name { .. }, CompanyKey::Name(name, id)) => {
            Expr::tuple([Expr::value(name.clone()), Expr::value(*id)])
        }
        (CompanySort::UpdatedAt { .. }, CompanyKey::Updated(at, id)) => {
            let at = cursor_time(*at).ok_or(StoreError::BadKey)?;
            Expr::tuple([Expr::value(at), Expr::value(*id)])
        }
        _ => return Err(StoreError::BadKey),
    };
    let columns = Expr::tuple([Expr::col((Entity, sort_column)), Expr::col((Entity, Column::Id))]);
    Ok(Some(if descending { columns.lt(key) } else { columns.gt(key) }))
}

/// The scope within one municipality: everything when the scope shares it,
/// else what the scope lets through of any municipality.
fn scope_in(scope: &CompanyScope, code: &str) -> CompanyScope {
    match scope {
        CompanyScope::SharedOrListed(shared) if shared.iter().any(|c| c.as_str() == code) => CompanyScope::All,
        CompanyScope::SharedOrListed(_) => CompanyScope::Listed,
        other => other.clone(),
    }
}

/// The page of `filter` (several municipalities) as one statement: per
/// municipality the sort keys and ids of its first `limit` rows, read from
/// the live rows' (municipality, sort, id) index alone when nothing else
/// filters; `UNION ALL` of them; the best `limit`; then their rows.
async fn merged_pages(
    conn: &impl ConnectionTrait,
    filter: &CompanyFilter,
    keyset: Option<SimpleExpr>,
    (column, order): (Column, Order),
    limit: u64,
) -> Result<Vec<Model>, StoreError> {
    use sea_orm::QueryTrait;
    use sea_orm::sea_query::{Alias, Asterisk, Query, UnionType};
    let part = |i: usize, code: &String| {
        let one = CompanyFilter {
            scope: scope_in(&filter.scope, code),
            municipalities: vec![code.clone()],
            ..filter.clone()
        };
        let mut query = Entity::find()
            .select_only()
            .column(column)
            .column(Column::Id)
            .filter(filter_condition(&one))
            .order_by(column, order.clone())
            .order_by(Column::Id, order.clone())
            .limit(limit);
        if let Some(keyset) = &keyset {
            query = query.filter(keyset.clone());
        }
        Query::select().column(Asterisk).from_subquery(query.into_query(), Alias::new(format!("p{i}"))).to_owned()
    };
    let mut parts = filter.municipalities.iter().enumerate().map(|(i, code)| part(i, code));
    let Some(mut union) = parts.next() else { return Ok(Vec::new()) };
    for other in parts {
        union.union(UnionType::All, other);
    }
    let best = Query::select()
        .column(Column::Id)
        .from_subquery(union, Alias::new("merged"))
        .order_by(column, order.clone())
        .order_by(Column::Id, order.clone())
        .limit(limit)
        .to_owned();
    let rows = Entity::find()
        .filter(Column::Id.in_subquery(best))
        .order_by(column, order.clone())
        .order_by(Column::Id, order)
        .all(conn)
        .await?;
    Ok(rows)
}

/// A live (not deleted) company, whoever may see it.
pub async fn get(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).filter(Column::DeletedAt.is_null()).one(conn).await?)
}

/// A company, live or deleted (its row stays as a tombstone).
pub async fn get_any(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>, StoreError> {
    Ok(Entity::find_by_id(id).one(conn).await?)
}

/// The facts the rules need.
pub fn facts(company: &Model) -> CompanyFacts {
    CompanyFacts {
        id: company.id,
        municipality: company.municipality.clone(),
        listed: company.listed,
        shares_analyses: company.share_analyses,
    }
}

/// The facts of a live company, by id.
pub async fn facts_of(conn: &impl ConnectionTrait, id: Uuid) -> Result<Option<CompanyFacts>, StoreError> {
    Ok(get(conn, id).await?.as_ref().map(facts))
}

/// The row of a new company (not yet at the head of the change feed).
pub fn new_row(id: Uuid, company: NewCompany, now: DateTime<Utc>) -> ActiveModel {
    ActiveModel {
        id: Set(id),
        org_number: Set(company.org_number.to_string()),
        name_folded: Set(fold(&company.name)),
        size_class: Set(company.size_class().to_owned()),
        name: Set(company.name),
        municipality: Set(company.municipality.to_string()),
        sni_code: Set(company.sni_code),
        employees: Set(company.employees as i32),
        website: Set(company.website),
        address: Set(company.address),
        description: Set(company.description),
        listed: Set(company.listed),
        ever_listed: Set(company.listed),
        share_analyses: Set(company.share_analyses),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        deleted_at: Set(None),
        change_seq: Set(0),
        former_municipalities: Set(String::new()),
    }
}

/// Adds a company at the head of the change feed.
pub async fn create(conn: &impl ConnectionTrait, company: NewCompany) -> Result<Model, StoreError> {
    create_with_id(conn, Uuid::now_v7(), company).await
}

/// Adds a company with a given id (demo data) at the head of the change feed.
pub async fn create_with_id(conn: &impl ConnectionTrait, id: Uuid, company: NewCompany) -> Result<Model, StoreError> {
    let mut row = new_row(id, company, Utc::now());
    row.change_seq = Set(changes::next(conn, FEED).await?);
    Ok(row.insert(conn).await?)
}

/// Writes what `changes` changes when the row is live and still has the
/// version of `current`, and moves it to the head of the change feed. A
/// field given with the value it has is no change.
pub async fn update(
    conn: &impl ConnectionTrait,
    current: &Model,
    changes: CompanyChanges,
) -> Result<Option<Model>, StoreError> {
    let mut row = <ActiveModel as Default>::default();
    if let Some(org) = changes.org_number.filter(|o| o.as_str() != current.org_number) {
        row.org_number = Set(org.to_string());
    }
    if let Some(name) = changes.name {
        row.name_folded = Set(fold(&name));
        row.name = Set(name);
    }
    if let Some(code) = changes.municipality.filter(|c| c.as_str() != current.municipality) {
        row.municipality = Set(code.to_string());
        row.former_municipalities = Set(moved_from(current));
    }
    if let Some(sni) = changes.sni_code {
        row.sni_code = Set(sni);
    }
    if let Some(employees) = changes.employees {
        row.employees = Set(employees as i32);
        row.size_class = Set(size_class(employees).to_owned());
    }
    if let Some(website) = changes.website {
        row.website = Set(website);
    }
    if let Some(address) = changes.address {
        row.address = Set(address);
    }
    if let Some(description) = changes.description {
        row.description = Set(description);
    }
    if let Some(listed) = changes.listed {
        row.listed = Set(listed);
        if listed {
            row.ever_listed = Set(true);
        }
    }
    if let Some(share) = changes.share_analyses.filter(|s| *s != current.share_analyses) {
        row.share_analyses = Set(share);
    }
    if row.is_changed() {
        row.change_seq = Set(changes::next(conn, FEED).await?);
    }
    let key = Column::Id.eq(current.id).and(Column::DeletedAt.is_null());
    if !crate::versioned::update(conn, row, key, Column::Version, Column::UpdatedAt, current.version).await? {
        return Ok(None);
    }
    get(conn, current.id).await
}

/// Deletes the company when it still has `expected_version`: the row stays
/// as a tombstone at the head of the change feed.
pub async fn delete(conn: &impl ConnectionTrait, id: Uuid, expected_version: i32) -> Result<bool, StoreError> {
    let now = Utc::now();
    let changes = ActiveModel {
        deleted_at: Set(Some(now)),
        change_seq: Set(changes::next(conn, FEED).await?),
        ..Default::default()
    };
    let key = Column::Id.eq(id).and(Column::DeletedAt.is_null());
    crate::versioned::update(conn, changes, key, Column::Version, Column::UpdatedAt, expected_version).await
}

/// The rows of the change feed that concern a reader with `scope`: those it
/// sees, or may have seen before (then their change is a deletion for it).
/// Admins and officers: every row. Readers of the public directory: rows
/// that were ever listed (and a company user's own). Readers bound to
/// municipalities: rows ever listed that are, or were, in one of them.
fn feed_condition(scope: &CompanyScope) -> Condition {
    match scope {
        CompanyScope::All | CompanyScope::SharedOrListed(_) => Condition::all(),
        CompanyScope::ListedOr(own) => Condition::any().add(Column::EverListed.eq(true)).add(Column::Id.eq(*own)),
        CompanyScope::Listed => Condition::all().add(Column::EverListed.eq(true)),
        CompanyScope::ListedIn(codes) => {
            let mut places =
                Condition::any().add(Column::Municipality.is_in(codes.iter().map(|c| c.as_str().to_owned())));
            for code in codes {
                places = places.add(Column::FormerMunicipalities.like(format!("%{},%", code.as_str())));
            }
            Condition::all().add(Column::EverListed.eq(true)).add(places)
        }
    }
}

/// `former_municipalities` after the company leaves its present municipality.
fn moved_from(current: &Model) -> String {
    let code = format!("{},", current.municipality);
    if current.former_municipalities.contains(&code) {
        current.former_municipalities.clone()
    } else {
        format!("{}{code}", current.former_municipalities)
    }
}

/// Up to `limit` changes after `after` (a change number) that concern a
/// reader with `scope` (see [`feed_condition`]), oldest first, tombstones
/// included; and the feed's position when they were read, up to which every
/// change has been considered.
pub async fn changes_after(
    conn: &impl ConnectionTrait,
    scope: &CompanyScope,
    after: i64,
    limit: u64,
) -> Result<(Vec<Model>, i64), StoreError> {
    let head = changes::current(conn, FEED).await?;
    let rows = Entity::find()
        .filter(Column::ChangeSeq.gt(after))
        .filter(Column::ChangeSeq.lte(head))
        .filter(feed_condition(scope))
        .order_by_asc(Column::ChangeSeq)
        .limit(limit)
        .all(conn)
        .await?;
    Ok((rows, head))
}

/// Whether `company` is one the scope sees (for the change feed: a row that
/// left the scope is a deletion for that reader).
pub async fn in_scope(
    conn: &impl ConnectionTrait,
    scope: &CompanyScope,
    ids: &[Uuid],
) -> Result<Vec<Uuid>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(scope_condition(scope))
        .into_tuple()
        .all(conn)
        .await?)
}

/// The ids of every company (deleted ones too) in these municipalities.
pub fn ids_in(codes: &[samverka_domain::municipality::Kommunkod]) -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(Column::Id)
        .from(Entity)
        .and_where(Column::Municipality.is_in(codes.iter().map(|c| c.as_str().to_owned())))
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::like_literal;

    #[test]
    fn like_patterns_give_back_their_text() {
        assert_eq!(like_literal("%mekaniska%").as_deref(), Some("mekaniska"));
        assert_eq!(like_literal("556036-07%").as_deref(), Some("556036-07"));
        assert_eq!(like_literal(r"%100\%%").as_deref(), Some("100%"));
        assert_eq!(like_literal(r"%a\_b\\%").as_deref(), Some(r"a_b\"));
        assert_eq!(like_literal("%a%b%"), None);
    }
}
