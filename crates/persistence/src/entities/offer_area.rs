use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offer_areas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub offer_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub area: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
