//! Network meetings and the companies' registrations for them.
//! `attendees_taken` counts registered attendees and only moves by
//! conditional updates, so that a meeting's capacity is never exceeded.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261122_000001_create_municipalities::Municipalities;
use crate::m20261122_000004_create_companies::Companies;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NetworkMeetings {
    Table,
    Id,
    Title,
    Theme,
    Questions,
    Municipality,
    Format,
    Venue,
    OnlineUrl,
    StartsAt,
    EndsAt,
    Capacity,
    AttendeesTaken,
    Status,
    Minutes,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
    MeetingId,
    CompanyId,
    Attendees,
    AttendeeCount,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NetworkMeetings::Table)
                    .col(uuid(NetworkMeetings::Id).primary_key())
                    .col(string_len(NetworkMeetings::Title, 200))
                    .col(string_len_null(NetworkMeetings::Theme, 500))
                    .col(text(NetworkMeetings::Questions))
                    .col(char_len(NetworkMeetings::Municipality, 4))
                    .col(string_len(NetworkMeetings::Format, 10))
                    .col(string_len_null(NetworkMeetings::Venue, 300))
                    .col(string_len_null(NetworkMeetings::OnlineUrl, 300))
                    .col(timestamp_with_time_zone(NetworkMeetings::StartsAt))
                    .col(timestamp_with_time_zone(NetworkMeetings::EndsAt))
                    .col(integer_null(NetworkMeetings::Capacity))
                    .col(integer(NetworkMeetings::AttendeesTaken).default(0))
                    .col(string_len(NetworkMeetings::Status, 10))
                    .col(text_null(NetworkMeetings::Minutes))
                    .col(timestamp_with_time_zone(NetworkMeetings::CreatedAt))
                    .col(timestamp_with_time_zone(NetworkMeetings::UpdatedAt))
                    .col(integer(NetworkMeetings::Version).default(1))
                    .check(Expr::col(NetworkMeetings::AttendeesTaken).gte(0))
                    .check(
                        Expr::col(NetworkMeetings::Capacity)
                            .is_null()
                            .or(Expr::col(NetworkMeetings::AttendeesTaken).lte(Expr::col(NetworkMeetings::Capacity))),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_network_meetings_municipality")
                            .from(NetworkMeetings::Table, NetworkMeetings::Municipality)
                            .to(Municipalities::Table, Municipalities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_network_meetings_starts")
                    .table(NetworkMeetings::Table)
                    .col(NetworkMeetings::StartsAt)
                    .col(NetworkMeetings::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Registrations::Table)
                    .col(uuid(Registrations::Id).primary_key())
                    .col(uuid(Registrations::MeetingId))
                    .col(uuid(Registrations::CompanyId))
                    .col(text(Registrations::Attendees))
                    .col(integer(Registrations::AttendeeCount))
                    .col(uuid_null(Registrations::CreatedBy))
                    .col(timestamp_with_time_zone(Registrations::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_registrations_meeting")
                            .from(Registrations::Table, Registrations::MeetingId)
                            .to(NetworkMeetings::Table, NetworkMeetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_registrations_company")
                            .from(Registrations::Table, Registrations::CompanyId)
                            .to(Companies::Table, Companies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // A company registers once per meeting.
        manager
            .create_index(
                Index::create()
                    .name("ux_registrations_meeting_company")
                    .table(Registrations::Table)
                    .col(Registrations::MeetingId)
                    .col(Registrations::CompanyId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Registrations::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(NetworkMeetings::Table).to_owned()).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
