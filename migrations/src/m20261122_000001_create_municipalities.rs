use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Municipalities {
    Table,
    Code,
    Name,
    County,
    Partner,
    CreatedAt,
    UpdatedAt,
    Version,
}

/// The partners of #Attraktivindustri, and Växjö whose company network the
/// seeds describe.
const SEED: [(&str, &str, &str, bool); 5] = [
    ("0604", "Aneby", "Jönköpings län", true),
    ("0684", "Sävsjö", "Jönköpings län", true),
    ("0685", "Vetlanda", "Jönköpings län", true),
    ("0686", "Eksjö", "Jönköpings län", true),
    ("0780", "Växjö", "Kronobergs län", false),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Municipalities::Table)
                    .col(char_len(Municipalities::Code, 4).primary_key())
                    .col(string_len(Municipalities::Name, 100))
                    .col(string_len(Municipalities::County, 100))
                    .col(boolean(Municipalities::Partner).default(false))
                    .col(timestamp_with_time_zone(Municipalities::CreatedAt))
                    .col(timestamp_with_time_zone(Municipalities::UpdatedAt))
                    .col(integer(Municipalities::Version).default(1))
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert();
        insert.into_table(Municipalities::Table).columns([
            Municipalities::Code,
            Municipalities::Name,
            Municipalities::County,
            Municipalities::Partner,
            Municipalities::CreatedAt,
            Municipalities::UpdatedAt,
        ]);
        for (code, name, county, partner) in SEED {
            insert.values_panic([
                code.into(),
                name.into(),
                county.into(),
                partner.into(),
                crate::reference_time().into(),
                crate::reference_time().into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Municipalities::Table).to_owned()).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
