use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhooks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The API client that owns it; none: an admin's.
    pub owner_client_id: Option<Uuid>,
    pub url: String,
    /// JSON array of event names.
    pub events: String,
    pub active: bool,
    /// The signing secret, encrypted under the server key.
    pub secret_sealed: String,
    /// The last event considered for it.
    pub fanned_seq: i64,
    pub failing_since: Option<ChronoDateTimeUtc>,
    pub deactivated_reason: Option<String>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
