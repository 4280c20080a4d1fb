use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "participants")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub enrolment_id: Uuid,
    pub offer_id: Uuid,
    pub company_id: Uuid,
    pub position: i32,
    pub name: String,
    pub email: Option<String>,
    pub gender: String,
    pub hours_attended: Option<f64>,
    /// `-24`, `25-54` or `55-`, for reports; personal data.
    pub age_band: Option<String>,
    /// False once the enrolment is cancelled (frees the e-mail for a new enrolment).
    pub active: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
