//! Companies (soft-deleted: a tombstone stays for the change feed), their
//! contacts, the change-sequence counters, and stored answers for
//! `Idempotency-Key`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::m20261122_000001_create_municipalities::Municipalities;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
pub enum Companies {
    Table,
    Id,
    OrgNumber,
    Name,
    NameFolded,
    Municipality,
    SniCode,
    Employees,
    SizeClass,
    Website,
    Address,
    Description,
    Listed,
    CreatedAt,
    UpdatedAt,
    Version,
    DeletedAt,
    ChangeSeq,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    CompanyId,
    Name,
    Title,
    Email,
    Phone,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ChangeCounters {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Scope,
    Key,
    RequestHash,
    Status,
    ResponseHeaders,
    ResponseBody,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Companies::Table)
                    .col(uuid(Companies::Id).primary_key())
                    .col(char_len(Companies::OrgNumber, 11))
                    .col(string_len(Companies::Name, 200))
                    .col(string_len(Companies::NameFolded, 200))
                    .col(char_len(Companies::Municipality, 4))
                    .col(char_len(Companies::SniCode, 5))
                    .col(integer(Companies::Employees))
                    .col(string_len(Companies::SizeClass, 10))
                    .col(string_len_null(Companies::Website, 300))
                    .col(string_len_null(Companies::Address, 300))
                    .col(text_null(Companies::Description))
                    .col(boolean(Companies::Listed).default(false))
                    .col(timestamp_with_time_zone(Companies::CreatedAt))
                    .col(timestamp_with_time_zone(Companies::UpdatedAt))
                    .col(integer(Companies::Version).default(1))
                    .col(timestamp_with_time_zone_null(Companies::DeletedAt))
                    .col(big_integer(Companies::ChangeSeq))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_companies_municipality")
                            .from(Companies::Table, Companies::Municipality)
                            .to(Municipalities::Table, Municipalities::Code),
                    )
                    .to_owned(),
            )
            .await?;
        // One live company per orgNumber; a deleted one's number may be used again.
        // (Partial indexes: the same SQL on SQLite and PostgreSQL.)
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_companies_org_number_live ON companies (org_number) WHERE deleted_at IS NULL",
            )
            .await?;
        // The change feed's order, over every row (tombstones included).
        manager
            .create_index(
                Index::create()
                    .name("ux_companies_change_seq")
                    .table(Companies::Table)
                    .col(Companies::ChangeSeq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Keyset orders over live rows: by name, by last change, each
        // optionally within a municipality. Partial (`WHERE deleted_at IS
        // NULL`, as every list query says) so that the planner picks them.
        for (name, columns) in [
            ("idx_companies_name", "name_folded, id"),
            ("idx_companies_municipality_name", "municipality, name_folded, id"),
            ("idx_companies_updated", "updated_at, id"),
            ("idx_companies_municipality_updated", "municipality, updated_at, id"),
        ] {
            manager
                .get_connection()
                .execute_unprepared(&format!("CREATE INDEX {name} ON companies ({columns}) WHERE deleted_at IS NULL"))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(Contacts::Table)
                    .col(uuid(Contacts::Id).primary_key())
                    .col(uuid(Contacts::CompanyId))
                    .col(string_len(Contacts::Name, 200))
                    .col(string_len_null(Contacts::Title, 200))
                    .col(string_len_null(Contacts::Email, 254))
                    .col(string_len_null(Contacts::Phone, 40))
                    .col(timestamp_with_time_zone(Contacts::CreatedAt))
                    .col(timestamp_with_time_zone(Contacts::UpdatedAt))
                    .col(integer(Contacts::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_contacts_company")
                            .from(Contacts::Table, Contacts::CompanyId)
                            .to(Companies::Table, Companies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_contacts_company")
                    .table(Contacts::Table)
                    .col(Contacts::CompanyId)
                    .col(Contacts::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ChangeCounters::Table)
                    .col(string_len(ChangeCounters::Name, 40).primary_key())
                    .col(big_integer(ChangeCounters::Value).default(0))
                    .to_owned(),
            )
            .await?;
        let mut seed = Query::insert();
        seed.into_table(ChangeCounters::Table)
            .columns([ChangeCounters::Name, ChangeCounters::Value])
            .values_panic(["companies".into(), 0i64.into()]);
        manager.exec_stmt(seed).await?;

        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(string_len(IdempotencyKeys::Scope, 100))
                    .col(string_len(IdempotencyKeys::Key, 255))
                    .col(char_len(IdempotencyKeys::RequestHash, 64))
                    .col(small_integer_null(IdempotencyKeys::Status))
                    .col(text_null(IdempotencyKeys::ResponseHeaders))
                    .col(text_null(IdempotencyKeys::ResponseBody))
                    .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                    .primary_key(Index::create().col(IdempotencyKeys::Scope).col(IdempotencyKeys::Key))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idempotency_keys_created")
                    .table(IdempotencyKeys::Table)
                    .col(IdempotencyKeys::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            IdempotencyKeys::Table.into_iden(),
            ChangeCounters::Table.into_iden(),
            Contacts::Table.into_iden(),
            Companies::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
