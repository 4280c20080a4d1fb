//! Training offers with their competence areas and sessions; enrolments of
//! companies with their participants. `seats_taken` counts the participants
//! of confirmed enrolments and only moves by conditional updates
//! (`… WHERE seats_taken + n <= seats`), so no offer is ever overbooked.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261122_000001_create_municipalities::Municipalities;
use crate::m20261122_000002_create_competence_areas::CompetenceAreas;
use crate::m20261122_000004_create_companies::Companies;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TrainingOffers {
    Table,
    Id,
    Title,
    TitleFolded,
    Description,
    Provider,
    Format,
    Municipality,
    Venue,
    Seats,
    SeatsTaken,
    PriceSek,
    Language,
    EnrolmentDeadline,
    StartsAt,
    Status,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum OfferAreas {
    Table,
    OfferId,
    Area,
}

#[derive(DeriveIden)]
enum OfferSessions {
    Table,
    Id,
    OfferId,
    Position,
    StartsAt,
    EndsAt,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
    OfferId,
    CompanyId,
    Status,
    Seats,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Participants {
    Table,
    Id,
    EnrolmentId,
    OfferId,
    CompanyId,
    Position,
    Name,
    Email,
    Gender,
    HoursAttended,
    Active,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TrainingOffers::Table)
                    .col(uuid(TrainingOffers::Id).primary_key())
                    .col(string_len(TrainingOffers::Title, 200))
                    .col(string_len(TrainingOffers::TitleFolded, 200))
                    .col(text_null(TrainingOffers::Description))
                    .col(string_len(TrainingOffers::Provider, 200))
                    .col(string_len(TrainingOffers::Format, 10))
                    .col(char_len_null(TrainingOffers::Municipality, 4))
                    .col(string_len_null(TrainingOffers::Venue, 300))
                    .col(integer(TrainingOffers::Seats))
                    .col(integer(TrainingOffers::SeatsTaken).default(0))
                    .col(integer(TrainingOffers::PriceSek))
                    .col(string_len(TrainingOffers::Language, 2))
                    .col(date_null(TrainingOffers::EnrolmentDeadline))
                    .col(timestamp_with_time_zone(TrainingOffers::StartsAt))
                    .col(string_len(TrainingOffers::Status, 10))
                    .col(timestamp_with_time_zone(TrainingOffers::CreatedAt))
                    .col(timestamp_with_time_zone(TrainingOffers::UpdatedAt))
                    .col(integer(TrainingOffers::Version).default(1))
                    .check(Expr::col(TrainingOffers::SeatsTaken).gte(0))
                    .check(Expr::col(TrainingOffers::SeatsTaken).lte(Expr::col(TrainingOffers::Seats)))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_training_offers_municipality")
                            .from(TrainingOffers::Table, TrainingOffers::Municipality)
                            .to(Municipalities::Table, Municipalities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_training_offers_starts", vec![TrainingOffers::StartsAt, TrainingOffers::Id]),
            ("idx_training_offers_status", vec![TrainingOffers::Status, TrainingOffers::StartsAt]),
            ("idx_training_offers_provider", vec![TrainingOffers::Provider, TrainingOffers::StartsAt]),
        ] {
            let mut index = Index::create();
            index.name(name).table(TrainingOffers::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(OfferAreas::Table)
                    .col(uuid(OfferAreas::OfferId))
                    .col(string_len(OfferAreas::Area, 64))
                    .primary_key(Index::create().col(OfferAreas::OfferId).col(OfferAreas::Area))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offer_areas_offer")
                            .from(OfferAreas::Table, OfferAreas::OfferId)
                            .to(TrainingOffers::Table, TrainingOffers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offer_areas_area")
                            .from(OfferAreas::Table, OfferAreas::Area)
                            .to(CompetenceAreas::Table, CompetenceAreas::Slug),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_offer_areas_area")
                    .table(OfferAreas::Table)
                    .col(OfferAreas::Area)
                    .col(OfferAreas::OfferId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OfferSessions::Table)
                    .col(uuid(OfferSessions::Id).primary_key())
                    .col(uuid(OfferSessions::OfferId))
                    .col(integer(OfferSessions::Position))
                    .col(timestamp_with_time_zone(OfferSessions::StartsAt))
                    .col(timestamp_with_time_zone(OfferSessions::EndsAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_offer_sessions_offer")
                            .from(OfferSessions::Table, OfferSessions::OfferId)
                            .to(TrainingOffers::Table, TrainingOffers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_offer_sessions_offer")
                    .table(OfferSessions::Table)
                    .col(OfferSessions::OfferId)
                    .col(OfferSessions::Position)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Enrolments::Table)
                    .col(uuid(Enrolments::Id).primary_key())
                    .col(uuid(Enrolments::OfferId))
                    .col(uuid(Enrolments::CompanyId))
                    .col(string_len(Enrolments::Status, 10))
                    .col(integer(Enrolments::Seats))
                    .col(uuid_null(Enrolments::CreatedBy))
                    .col(timestamp_with_time_zone(Enrolments::CreatedAt))
                    .col(timestamp_with_time_zone(Enrolments::UpdatedAt))
                    .col(integer(Enrolments::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_offer")
                            .from(Enrolments::Table, Enrolments::OfferId)
                            .to(TrainingOffers::Table, TrainingOffers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_company")
                            .from(Enrolments::Table, Enrolments::CompanyId)
                            .to(Companies::Table, Companies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_enrolments_offer", vec![Enrolments::OfferId, Enrolments::Status, Enrolments::Id]),
            ("idx_enrolments_company", vec![Enrolments::CompanyId, Enrolments::Id]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Enrolments::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(Participants::Table)
                    .col(uuid(Participants::Id).primary_key())
                    .col(uuid(Participants::EnrolmentId))
                    .col(uuid(Participants::OfferId))
                    .col(uuid(Participants::CompanyId))
                    .col(integer(Participants::Position))
                    .col(string_len(Participants::Name, 200))
                    .col(string_len_null(Participants::Email, 254))
                    .col(string_len(Participants::Gender, 12))
                    .col(double_null(Participants::HoursAttended))
                    .col(boolean(Participants::Active).default(true))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_participants_enrolment")
                            .from(Participants::Table, Participants::EnrolmentId)
                            .to(Enrolments::Table, Enrolments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_participants_enrolment")
                    .table(Participants::Table)
                    .col(Participants::EnrolmentId)
                    .col(Participants::Position)
                    .to_owned(),
            )
            .await?;
        // A company enrols one e-mail once per offer (among active enrolments).
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_participants_email ON participants (offer_id, company_id, email) \
                 WHERE active AND email IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Participants::Table.into_iden(),
            Enrolments::Table.into_iden(),
            OfferSessions::Table.into_iden(),
            OfferAreas::Table.into_iden(),
            TrainingOffers::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
