//! Needs analyses of companies and the needs they list. A need refers to a
//! competence area by a foreign key: an area in use cannot be deleted.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261122_000002_create_competence_areas::CompetenceAreas;
use crate::m20261122_000004_create_companies::Companies;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NeedsAnalyses {
    Table,
    Id,
    CompanyId,
    Status,
    ConductedOn,
    ConductedBy,
    Summary,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Needs {
    Table,
    Id,
    AnalysisId,
    Position,
    Area,
    Description,
    Priority,
    EmployeesConcerned,
    WantedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NeedsAnalyses::Table)
                    .col(uuid(NeedsAnalyses::Id).primary_key())
                    .col(uuid(NeedsAnalyses::CompanyId))
                    .col(string_len(NeedsAnalyses::Status, 10))
                    .col(date(NeedsAnalyses::ConductedOn))
                    .col(uuid_null(NeedsAnalyses::ConductedBy))
                    .col(text_null(NeedsAnalyses::Summary))
                    .col(timestamp_with_time_zone(NeedsAnalyses::CreatedAt))
                    .col(timestamp_with_time_zone(NeedsAnalyses::UpdatedAt))
                    .col(integer(NeedsAnalyses::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_needs_analyses_company")
                            .from(NeedsAnalyses::Table, NeedsAnalyses::CompanyId)
                            .to(Companies::Table, Companies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_needs_analyses_conducted", vec![NeedsAnalyses::ConductedOn, NeedsAnalyses::Id]),
            ("idx_needs_analyses_company", vec![NeedsAnalyses::CompanyId, NeedsAnalyses::ConductedOn]),
            ("idx_needs_analyses_status", vec![NeedsAnalyses::Status, NeedsAnalyses::ConductedOn]),
        ] {
            let mut index = Index::create();
            index.name(name).table(NeedsAnalyses::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Needs::Table)
                    .col(uuid(Needs::Id).primary_key())
                    .col(uuid(Needs::AnalysisId))
                    .col(integer(Needs::Position))
                    .col(string_len(Needs::Area, 64))
                    .col(text_null(Needs::Description))
                    .col(string_len(Needs::Priority, 10))
                    .col(integer(Needs::EmployeesConcerned))
                    .col(date_null(Needs::WantedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_needs_analysis")
                            .from(Needs::Table, Needs::AnalysisId)
                            .to(NeedsAnalyses::Table, NeedsAnalyses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_needs_area")
                            .from(Needs::Table, Needs::Area)
                            .to(CompetenceAreas::Table, CompetenceAreas::Slug),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_needs_analysis", vec![Needs::AnalysisId, Needs::Position]),
            ("idx_needs_area", vec![Needs::Area, Needs::AnalysisId]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Needs::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Needs::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(NeedsAnalyses::Table).to_owned()).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
