use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "collaboration_municipalities")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub collaboration_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub municipality: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
