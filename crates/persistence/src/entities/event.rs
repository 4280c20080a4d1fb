use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    /// The position in the feed: commit order.
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub id: Uuid,
    #[sea_orm(column_name = "type")]
    pub kind: String,
    pub occurred_at: ChronoDateTimeUtc,
    /// JSON: the resource as every reader of the event may read it.
    pub data: String,
    /// `admins`, `public` or `company`.
    pub audience: String,
    /// For `company`: its municipality and whether it is listed.
    pub municipality: Option<String>,
    pub listed: Option<bool>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
