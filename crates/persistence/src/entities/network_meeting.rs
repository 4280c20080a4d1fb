use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "network_meetings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    pub theme: Option<String>,
    /// JSON array of strings.
    pub questions: String,
    pub municipality: String,
    pub format: String,
    pub venue: Option<String>,
    pub online_url: Option<String>,
    pub starts_at: ChronoDateTimeUtc,
    pub ends_at: ChronoDateTimeUtc,
    pub capacity: Option<i32>,
    /// Registered attendees; moved only by conditional updates.
    pub attendees_taken: i32,
    pub status: String,
    pub minutes: Option<String>,
    /// The network it is a meeting of.
    pub network_id: Option<Uuid>,
    pub created_at: ChronoDateTimeUtc,
    pub updated_at: ChronoDateTimeUtc,
    pub version: i32,
}

impl Model {
    pub fn question_list(&self) -> Vec<String> {
        serde_json::from_str(&self.questions).unwrap_or_default()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
