use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "training_offers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    /// `title` folded to lower case, for search.
    pub title_folded: String,
    pub description: Option<String>,
    pub provider: String,
    pub format: String,
    pub municipality: Option<String>,
    pub venue: Option<String>,
    pub seats: i32,
    /// Participants of confirmed enrolments; moved only by conditional updates.
    pub seats_taken: i32,
    pub price_sek: i32,
    pub language: String,
    pub enrolment_deadline: Option<Date>,
    /// The start of the first session.
    pub starts_at: ChronoDateTimeUtc,
    pub status: String,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
