//! The business officer's daily work: activities with companies (visits,
//! calls, …) with the officers and contacts who took part and the topics
//! raised; follow-up tasks; company networks and their members; meetings
//! of a network; attendance and feedback of network meetings; and the life
//! of each need (its status, and the enrolments that address it).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
    CompanyId,
    Kind,
    OccurredOn,
    Summary,
    Shared,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ActivityOfficers {
    Table,
    ActivityId,
    UserId,
}

#[derive(DeriveIden)]
enum ActivityContacts {
    Table,
    ActivityId,
    ContactId,
}

#[derive(DeriveIden)]
enum ActivityTopics {
    Table,
    ActivityId,
    Position,
    Area,
    Note,
}

#[derive(DeriveIden)]
enum Tasks {
    Table,
    Id,
    Title,
    CompanyId,
    ActivityId,
    Assignee,
    DueOn,
    Status,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Networks {
    Table,
    Id,
    Name,
    Purpose,
    Municipality,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum NetworkMembers {
    Table,
    NetworkId,
    CompanyId,
    JoinedOn,
}

#[derive(DeriveIden)]
enum NetworkMeetings {
    Table,
    Id,
    NetworkId,
}

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Attended,
}

#[derive(DeriveIden)]
enum MeetingFeedback {
    Table,
    MeetingId,
    CompanyId,
    Rating,
    Comment,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Needs {
    Table,
    Status,
}

#[derive(DeriveIden)]
enum EnrolmentNeeds {
    Table,
    EnrolmentId,
    NeedId,
}

#[derive(DeriveIden)]
enum Companies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CompetenceAreas {
    Table,
    Slug,
}

#[derive(DeriveIden)]
enum Municipalities {
    Table,
    Code,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
}

fn fk(name: &str) -> ForeignKeyCreateStatement {
    let mut key = ForeignKey::create();
    key.name(name);
    key
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    columns: Vec<DynIden>,
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(column);
    }
    manager.create_index(index.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Activities::Table)
                    .col(uuid(Activities::Id).primary_key())
                    .col(uuid(Activities::CompanyId))
                    .col(string_len(Activities::Kind, 10))
                    .col(date(Activities::OccurredOn))
                    .col(text(Activities::Summary))
                    .col(boolean(Activities::Shared).default(false))
                    .col(uuid_null(Activities::CreatedBy))
                    .col(timestamp_with_time_zone(Activities::CreatedAt))
                    .col(timestamp_with_time_zone(Activities::UpdatedAt))
                    .col(integer(Activities::Version).default(1))
                    .foreign_key(
                        fk("fk_activities_company")
                            .from(Activities::Table, Activities::CompanyId)
                            .to(Companies::Table, Companies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_activities_company",
            Activities::Table,
            vec![Activities::CompanyId.into_iden(), Activities::OccurredOn.into_iden(), Activities::Id.into_iden()],
        )
        .await?;
        index(
            manager,
            "idx_activities_occurred",
            Activities::Table,
            vec![Activities::OccurredOn.into_iden(), Activities::Id.into_iden()],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActivityOfficers::Table)
                    .col(uuid(ActivityOfficers::ActivityId))
                    .col(uuid(ActivityOfficers::UserId))
                    .primary_key(Index::create().col(ActivityOfficers::ActivityId).col(ActivityOfficers::UserId))
                    .foreign_key(
                        fk("fk_activity_officers_activity")
                            .from(ActivityOfficers::Table, ActivityOfficers::ActivityId)
                            .to(Activities::Table, Activities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_activity_officers_user",
            ActivityOfficers::Table,
            vec![ActivityOfficers::UserId.into_iden(), ActivityOfficers::ActivityId.into_iden()],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActivityContacts::Table)
                    .col(uuid(ActivityContacts::ActivityId))
                    .col(uuid(ActivityContacts::ContactId))
                    .primary_key(Index::create().col(ActivityContacts::ActivityId).col(ActivityContacts::ContactId))
                    .foreign_key(
                        fk("fk_activity_contacts_activity")
                            .from(ActivityContacts::Table, ActivityContacts::ActivityId)
                            .to(Activities::Table, Activities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk("fk_activity_contacts_contact")
                            .from(ActivityContacts::Table, ActivityContacts::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_activity_contacts_contact",
            ActivityContacts::Table,
            vec![ActivityContacts::ContactId.into_iden()],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActivityTopics::Table)
                    .col(uuid(ActivityTopics::ActivityId))
                    .col(integer(ActivityTopics::Position))
                    .col(string_len(ActivityTopics::Area, 64))
                    .col(text_null(ActivityTopics::Note))
                    .primary_key(Index::create().col(ActivityTopics::ActivityId).col(ActivityTopics::Position))
                    .foreign_key(
                        fk("fk_activity_topics_activity")
                            .from(ActivityTopics::Table, ActivityTopics::ActivityId)
                            .to(Activities::Table, Activities::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk("fk_activity_topics_area")
                            .from(ActivityTopics::Table, ActivityTopics::Area)
                            .to(CompetenceAreas::Table, CompetenceAreas::Slug),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_activity_topics_area",
            ActivityTopics::Table,
            vec![ActivityTopics::Area.into_iden(), ActivityTopics::ActivityId.into_iden()],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Tasks::Table)
                    .col(uuid(Tasks::Id).primary_key())
                    .col(string_len(Tasks::Title, 200))
                    .col(uuid_null(Tasks::CompanyId))
                    .col(uuid_null(Tasks::ActivityId))
                    .col(uuid(Tasks::Assignee))
                    .col(date_null(Tasks::DueOn))
                    .col(string_len(Tasks::Status, 10))
                    .col(uuid_null(Tasks::CreatedBy))
                    .col(timestamp_with_time_zone(Tasks::CreatedAt))
                    .col(timestamp_with_time_zone(Tasks::UpdatedAt))
                    .col(integer(Tasks::Version).default(1))
                    .foreign_key(
                        fk("fk_tasks_company").from(Tasks::Table, Tasks::CompanyId).to(Companies::Table, Companies::Id),
                    )
                    .foreign_key(
                        fk("fk_tasks_activity")
                            .from(Tasks::Table, Tasks::ActivityId)
                            .to(Activities::Table, Activities::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_tasks_assignee",
            Tasks::Table,
            vec![Tasks::Assignee.into_iden(), Tasks::Status.into_iden(), Tasks::DueOn.into_iden()],
        )
        .await?;
        index(
            manager,
            "idx_tasks_company",
            Tasks::Table,
            vec![Tasks::CompanyId.into_iden(), Tasks::Status.into_iden()],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(Networks::Table)
                    .col(uuid(Networks::Id).primary_key())
                    .col(string_len(Networks::Name, 200))
                    .col(text_null(Networks::Purpose))
                    .col(string_len(Networks::Municipality, 4))
                    .col(timestamp_with_time_zone(Networks::CreatedAt))
                    .col(timestamp_with_time_zone(Networks::UpdatedAt))
                    .col(integer(Networks::Version).default(1))
                    .foreign_key(
                        fk("fk_networks_municipality")
                            .from(Networks::Table, Networks::Municipality)
                            .to(Municipalities::Table, Municipalities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NetworkMembers::Table)
                    .col(uuid(NetworkMembers::NetworkId))
                    .col(uuid(NetworkMembers::CompanyId))
                    .col(date(NetworkMembers::JoinedOn))
                    .primary_key(Index::create().col(NetworkMembers::NetworkId).col(NetworkMembers::CompanyId))
                    .foreign_key(
                        fk("fk_network_members_network")
                            .from(NetworkMembers::Table, NetworkMembers::NetworkId)
                            .to(Networks::Table, Networks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        fk("fk_network_members_company")
                            .from(NetworkMembers::Table, NetworkMembers::CompanyId)
                            .to(Companies::Table, Companies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_network_members_company",
            NetworkMembers::Table,
            vec![NetworkMembers::CompanyId.into_iden()],
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(NetworkMeetings::Table)
                    .add_column(ColumnDef::new(NetworkMeetings::NetworkId).uuid().null())
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_network_meetings_network",
            NetworkMeetings::Table,
            vec![NetworkMeetings::NetworkId.into_iden(), NetworkMeetings::Id.into_iden()],
        )
        .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Registrations::Table)
                    .add_column(ColumnDef::new(Registrations::Attended).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MeetingFeedback::Table)
                    .col(uuid(MeetingFeedback::MeetingId))
                    .col(uuid(MeetingFeedback::CompanyId))
                    .col(small_integer(MeetingFeedback::Rating))
                    .col(text_null(MeetingFeedback::Comment))
                    .col(timestamp_with_time_zone(MeetingFeedback::CreatedAt))
                    .primary_key(Index::create().col(MeetingFeedback::MeetingId).col(MeetingFeedback::CompanyId))
                    .foreign_key(
                        fk("fk_meeting_feedback_meeting")
                            .from(MeetingFeedback::Table, MeetingFeedback::MeetingId)
                            .to(NetworkMeetings::Table, NetworkMeetings::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Needs::Table)
                    .add_column(ColumnDef::new(Needs::Status).string_len(10).not_null().default("open"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EnrolmentNeeds::Table)
                    .col(uuid(EnrolmentNeeds::EnrolmentId))
                    .col(uuid(EnrolmentNeeds::NeedId))
                    .primary_key(Index::create().col(EnrolmentNeeds::EnrolmentId).col(EnrolmentNeeds::NeedId))
                    .foreign_key(
                        fk("fk_enrolment_needs_enrolment")
                            .from(EnrolmentNeeds::Table, EnrolmentNeeds::EnrolmentId)
                            .to(Enrolments::Table, Enrolments::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "idx_enrolment_needs_need", EnrolmentNeeds::Table, vec![EnrolmentNeeds::NeedId.into_iden()])
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            EnrolmentNeeds::Table.into_iden(),
            MeetingFeedback::Table.into_iden(),
            NetworkMembers::Table.into_iden(),
            Networks::Table.into_iden(),
            Tasks::Table.into_iden(),
            ActivityTopics::Table.into_iden(),
            ActivityContacts::Table.into_iden(),
            ActivityOfficers::Table.into_iden(),
            Activities::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Needs::Table).drop_column(Needs::Status).to_owned()).await?;
        manager
            .alter_table(Table::alter().table(Registrations::Table).drop_column(Registrations::Attended).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter().table(NetworkMeetings::Table).drop_column(NetworkMeetings::NetworkId).to_owned(),
            )
            .await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
