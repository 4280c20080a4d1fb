use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum CompetenceAreas {
    Table,
    Slug,
    LabelSv,
    LabelEn,
    EscoUri,
    CreatedAt,
    UpdatedAt,
    Version,
}

/// The taxonomy of PRODUCT.md: the needs the project's analyses meet most.
const SEED: [(&str, &str, &str); 12] = [
    ("gender-equality", "Jämställdhet", "Gender equality"),
    ("recruitment", "Rekrytering", "Recruitment"),
    ("staff-retention", "Att behålla personal", "Staff retention"),
    ("leadership", "Ledarskap", "Leadership"),
    ("lean-production", "Lean och produktionsutveckling", "Lean and production development"),
    ("automation-digitalisation", "Automation och digitalisering", "Automation and digitalisation"),
    ("work-environment", "Arbetsmiljö", "Work environment"),
    ("swedish-at-work", "Svenska på arbetsplatsen", "Swedish at work"),
    ("sustainability", "Hållbarhet", "Sustainability"),
    ("skills-supply", "Kompetensförsörjning", "Skills supply"),
    ("quality-management", "Kvalitetsarbete", "Quality management"),
    ("diversity-inclusion", "Mångfald och inkludering", "Diversity and inclusion"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CompetenceAreas::Table)
                    .col(string_len(CompetenceAreas::Slug, 64).primary_key())
                    .col(string_len(CompetenceAreas::LabelSv, 200))
                    .col(string_len(CompetenceAreas::LabelEn, 200))
                    .col(string_len_null(CompetenceAreas::EscoUri, 300))
                    .col(timestamp_with_time_zone(CompetenceAreas::CreatedAt))
                    .col(timestamp_with_time_zone(CompetenceAreas::UpdatedAt))
                    .col(integer(CompetenceAreas::Version).default(1))
                    .to_owned(),
            )
            .await?;
        let mut insert = Query::insert();
        insert.into_table(CompetenceAreas::Table).columns([
            CompetenceAreas::Slug,
            CompetenceAreas::LabelSv,
            CompetenceAreas::LabelEn,
            CompetenceAreas::CreatedAt,
            CompetenceAreas::UpdatedAt,
        ]);
        for (slug, sv, en) in SEED {
            insert.values_panic([
                slug.into(),
                sv.into(),
                en.into(),
                crate::reference_time().into(),
                crate::reference_time().into(),
            ]);
        }
        manager.exec_stmt(insert).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CompetenceAreas::Table).to_owned()).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
