//! The login throttle's counts, in the database so that every server on one
//! database counts the same attempts. Keys are keyed hashes (of the account
//! name or the caller's address), never the names themselves; times are
//! milliseconds since the epoch.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    Attempts,
    WindowStart,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    .col(ColumnDef::new(LoginThrottle::Key).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(LoginThrottle::Attempts).big_integer().not_null())
                    .col(ColumnDef::new(LoginThrottle::WindowStart).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_login_throttle_window_start")
                    .table(LoginThrottle::Table)
                    .col(LoginThrottle::WindowStart)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(LoginThrottle::Table).to_owned()).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
