use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "companies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_number: String,
    pub name: String,
    /// `name` folded to lower case (Unicode), for search and sorting.
    pub name_folded: String,
    pub municipality: String,
    pub sni_code: String,
    pub employees: i32,
    pub size_class: String,
    pub website: Option<String>,
    pub address: Option<String>,
    pub description: Option<String>,
    pub listed: bool,
    /// Whether it has ever been listed (kept by `companies::insert` and `update`).
    pub ever_listed: bool,
    /// Whether officers beyond its own municipality read its needs analyses.
    pub share_analyses: bool,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    pub version: i32,
    /// Set when deleted: the row stays as a tombstone for the change feed.
    pub deleted_at: Option<ChronoDateTimeUtc>,
    /// The position of the row's last change in the change feed.
    pub change_seq: i64,
    /// The municipalities it was in before (each code followed by a comma).
    pub former_municipalities: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
