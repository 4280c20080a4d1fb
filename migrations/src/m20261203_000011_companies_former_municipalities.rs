//! The municipalities a company was in before its present one (each code
//! followed by a comma, oldest first), so that the change feed can tell a
//! reader bound to municipalities (an integration) which companies it may
//! hold: those in its municipalities now or before. Without it, every
//! listed company elsewhere in Sweden reached such a reader as a deletion.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Companies {
    Table,
    FormerMunicipalities,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Companies::Table)
                    .add_column(ColumnDef::new(Companies::FormerMunicipalities).text().not_null().default(""))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Companies::Table).drop_column(Companies::FormerMunicipalities).to_owned())
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
