use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "needs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub analysis_id: Uuid,
    /// The need's place in its analysis' list, from 0.
    pub position: i32,
    pub area: String,
    pub description: Option<String>,
    pub priority: String,
    pub employees_concerned: i32,
    pub wanted_by: Option<Date>,
    /// `open`, `addressed`, `met` or `dropped`.
    pub status: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
