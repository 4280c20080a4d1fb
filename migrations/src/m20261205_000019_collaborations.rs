//! Collaborations across Sweden: every kommun with its län (SCB's list);
//! collaborations (projects, county networks) with their member
//! municipalities and coordinators, the unit of sharing and of reporting;
//! #Attraktivindustri as the first of them, with the municipalities that
//! were partners, and an open end; whether a company shares its needs
//! analyses beyond its own municipality; the age band of participants.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::prelude::Uuid;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// SCB's kommunkoder: code, name and county (län), tab-separated, one per line.
pub const KOMMUNER: &str = include_str!("kommuner.tsv");

/// The id of #Attraktivindustri, the collaboration that `partner: true` means.
pub const ATTRAKTIVINDUSTRI: &str = "a7717a57-1d05-4e1a-9c3b-000000000604";

/// Indexes of companies by municipality: the live ones in each sort order,
/// covering (an officer's list of several municipalities reads each one's
/// first page from them alone; they replace the same indexes without
/// `deleted_at`), and all of them with their size class (a collaboration's
/// report starts from its members' companies).
const LIVE_INDEXES: [(&str, &str, &str); 3] = [
    ("idx_companies_live_municipality_name", "municipality, name_folded, id, deleted_at", " WHERE deleted_at IS NULL"),
    (
        "idx_companies_live_municipality_updated",
        "municipality, updated_at, id, deleted_at",
        " WHERE deleted_at IS NULL",
    ),
    ("idx_companies_municipality_class", "municipality, size_class, id", ""),
];
/// The indexes the covering ones replace.
const REPLACED: [(&str, &str); 2] = [
    ("idx_companies_municipality_name", "municipality, name_folded, id"),
    ("idx_companies_municipality_updated", "municipality, updated_at, id"),
];

#[derive(DeriveIden)]
enum Municipalities {
    Table,
    Code,
    Name,
    County,
    Partner,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Collaborations {
    Table,
    Id,
    Name,
    Funder,
    Reference,
    BudgetSek,
    HourlyRateSek,
    StartsOn,
    EndsOn,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum CollaborationMunicipalities {
    Table,
    CollaborationId,
    Municipality,
}

#[derive(DeriveIden)]
enum CollaborationCoordinators {
    Table,
    CollaborationId,
    UserId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    ShareAnalyses,
}

#[derive(DeriveIden)]
enum Participants {
    Table,
    AgeBand,
}

/// The rows of `KOMMUNER`: (code, name, county).
pub fn kommuner() -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
    KOMMUNER.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).filter_map(|l| {
        let mut fields = l.split('\t');
        Some((fields.next()?, fields.next()?, fields.next()?))
    })
}

async fn all_municipalities(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut insert = Query::insert();
    insert
        .into_table(Municipalities::Table)
        .columns([
            Municipalities::Code,
            Municipalities::Name,
            Municipalities::County,
            Municipalities::Partner,
            Municipalities::CreatedAt,
            Municipalities::UpdatedAt,
        ])
        // Rows a database holds already stay as they are.
        .on_conflict(OnConflict::column(Municipalities::Code).do_nothing().to_owned());
    for (code, name, county) in kommuner() {
        insert.values_panic([
            code.into(),
            name.into(),
            county.into(),
            false.into(),
            crate::reference_time().into(),
            crate::reference_time().into(),
        ]);
    }
    manager.exec_stmt(insert).await
}

async fn tables(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .create_table(
            Table::create()
                .table(Collaborations::Table)
                .col(uuid(Collaborations::Id).primary_key())
                .col(string_len(Collaborations::Name, 200))
                .col(string_len_null(Collaborations::Funder, 200))
                .col(string_len_null(Collaborations::Reference, 100))
                .col(big_integer_null(Collaborations::BudgetSek))
                .col(integer_null(Collaborations::HourlyRateSek))
                .col(date(Collaborations::StartsOn))
                .col(date_null(Collaborations::EndsOn))
                .col(timestamp_with_time_zone(Collaborations::CreatedAt))
                .col(timestamp_with_time_zone(Collaborations::UpdatedAt))
                .col(integer(Collaborations::Version).default(1))
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(CollaborationMunicipalities::Table)
                .col(uuid(CollaborationMunicipalities::CollaborationId))
                .col(string_len(CollaborationMunicipalities::Municipality, 4))
                .primary_key(
                    Index::create()
                        .col(CollaborationMunicipalities::CollaborationId)
                        .col(CollaborationMunicipalities::Municipality),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_collaboration_municipalities_collaboration")
                        .from(CollaborationMunicipalities::Table, CollaborationMunicipalities::CollaborationId)
                        .to(Collaborations::Table, Collaborations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_collaboration_municipalities_municipality")
                        .from(CollaborationMunicipalities::Table, CollaborationMunicipalities::Municipality)
                        .to(Municipalities::Table, Municipalities::Code),
                )
                .to_owned(),
        )
        .await?;
    // An officer's shared set starts from its own municipality's memberships.
    manager
        .create_index(
            Index::create()
                .name("idx_collaboration_municipalities_municipality")
                .table(CollaborationMunicipalities::Table)
                .col(CollaborationMunicipalities::Municipality)
                .col(CollaborationMunicipalities::CollaborationId)
                .to_owned(),
        )
        .await?;
    manager
        .create_table(
            Table::create()
                .table(CollaborationCoordinators::Table)
                .col(uuid(CollaborationCoordinators::CollaborationId))
                .col(uuid(CollaborationCoordinators::UserId))
                .primary_key(
                    Index::create()
                        .col(CollaborationCoordinators::CollaborationId)
                        .col(CollaborationCoordinators::UserId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_collaboration_coordinators_collaboration")
                        .from(CollaborationCoordinators::Table, CollaborationCoordinators::CollaborationId)
                        .to(Collaborations::Table, Collaborations::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_collaboration_coordinators_user")
                        .from(CollaborationCoordinators::Table, CollaborationCoordinators::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
    manager
        .create_index(
            Index::create()
                .name("idx_collaboration_coordinators_user")
                .table(CollaborationCoordinators::Table)
                .col(CollaborationCoordinators::UserId)
                .to_owned(),
        )
        .await
}

/// #Attraktivindustri (ESF, from September 2019, about 5 MSEK) with the
/// municipalities that are partners now, and no end: sharing goes on as it
/// was until an admin ends it.
async fn attraktivindustri(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let id = Uuid::parse_str(ATTRAKTIVINDUSTRI).map_err(|e| DbErr::Custom(e.to_string()))?;
    let started = sea_orm_migration::sea_orm::prelude::ChronoDate::from_ymd_opt(2019, 9, 1)
        .ok_or_else(|| DbErr::Custom("no such date".to_owned()))?;
    let insert = Query::insert()
        .into_table(Collaborations::Table)
        .columns([
            Collaborations::Id,
            Collaborations::Name,
            Collaborations::Funder,
            Collaborations::BudgetSek,
            Collaborations::StartsOn,
            Collaborations::CreatedAt,
            Collaborations::UpdatedAt,
        ])
        .values_panic([
            id.into(),
            "#Attraktivindustri".into(),
            "ESF".into(),
            5_000_000i64.into(),
            started.into(),
            crate::reference_time().into(),
            crate::reference_time().into(),
        ])
        .to_owned();
    manager.exec_stmt(insert).await?;
    let partners = Query::select()
        .expr(Expr::val(id))
        .column(Municipalities::Code)
        .from(Municipalities::Table)
        .and_where(Expr::col(Municipalities::Partner).eq(true))
        .to_owned();
    let members = Query::insert()
        .into_table(CollaborationMunicipalities::Table)
        .columns([CollaborationMunicipalities::CollaborationId, CollaborationMunicipalities::Municipality])
        .select_from(partners)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .to_owned();
    manager.exec_stmt(members).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        all_municipalities(manager).await?;
        tables(manager).await?;
        attraktivindustri(manager).await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Companies::Table)
                    .add_column(ColumnDef::new(Companies::ShareAnalyses).boolean().not_null().default(true))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Participants::Table)
                    .add_column(ColumnDef::new(Participants::AgeBand).string_len(5).null())
                    .to_owned(),
            )
            .await?;
        // An officer's list of its shared set reads each municipality's first
        // page from these alone (the live rows' sort keys and ids).
        let db = manager.get_connection();
        for (name, columns, condition) in LIVE_INDEXES {
            db.execute_unprepared(&format!("CREATE INDEX IF NOT EXISTS {name} ON companies ({columns}){condition}"))
                .await?;
        }
        for (name, _) in REPLACED {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}")).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, columns) in REPLACED {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {name} ON companies ({columns}) WHERE deleted_at IS NULL"
            ))
            .await?;
        }
        for (name, _, _) in LIVE_INDEXES {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}")).await?;
        }
        manager
            .alter_table(Table::alter().table(Participants::Table).drop_column(Participants::AgeBand).to_owned())
            .await?;
        manager
            .alter_table(Table::alter().table(Companies::Table).drop_column(Companies::ShareAnalyses).to_owned())
            .await?;
        for table in [CollaborationCoordinators::Table.into_iden(), CollaborationMunicipalities::Table.into_iden()] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(Collaborations::Table).to_owned()).await
        // The municipalities stay: companies may be in them.
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
