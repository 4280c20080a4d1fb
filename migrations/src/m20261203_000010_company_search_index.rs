//! A substring index for the company search (`q`): names and orgNumbers
//! cut into trigrams, so that a search finds its few hits among a million
//! companies without reading them all.
//!
//! - PostgreSQL: `pg_trgm` GIN indexes on `name_folded` and `org_number`
//!   (as text: the column is `char(11)`; live rows), which serve `LIKE '%…%'` directly. `pg_trgm` is a trusted
//!   extension: the database's owner may create it. Where it cannot be
//!   created the migration goes on without the indexes (searches still work,
//!   by scanning) and says so in the server log.
//! - SQLite: an FTS5 table with the trigram tokenizer, contentless, keyed by
//!   the company's `change_seq` (unique, and stable across `VACUUM`, unlike
//!   an implicit rowid), kept up to date by triggers. Only live companies
//!   are in it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const POSTGRES_UP: &str = r#"
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'pg_trgm is not available (%): company searches will scan', SQLERRM;
END
$$;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        EXECUTE 'CREATE INDEX IF NOT EXISTS idx_companies_name_trgm ON companies USING gin (name_folded gin_trgm_ops) WHERE deleted_at IS NULL';
        EXECUTE 'CREATE INDEX IF NOT EXISTS idx_companies_org_number_trgm ON companies USING gin ((org_number::text) gin_trgm_ops) WHERE deleted_at IS NULL';
    END IF;
END
$$;
"#;

const SQLITE_UP: [&str; 5] = [
    "CREATE VIRTUAL TABLE companies_search USING fts5(name_folded, org_number, content = '', contentless_delete = 1, tokenize = 'trigram')",
    "INSERT INTO companies_search (rowid, name_folded, org_number) SELECT change_seq, name_folded, org_number FROM companies WHERE deleted_at IS NULL",
    "CREATE TRIGGER companies_search_insert AFTER INSERT ON companies WHEN new.deleted_at IS NULL BEGIN \
       INSERT INTO companies_search (rowid, name_folded, org_number) VALUES (new.change_seq, new.name_folded, new.org_number); \
     END",
    "CREATE TRIGGER companies_search_update AFTER UPDATE OF name_folded, org_number, deleted_at, change_seq ON companies BEGIN \
       DELETE FROM companies_search WHERE rowid = old.change_seq; \
       INSERT INTO companies_search (rowid, name_folded, org_number) \
         SELECT new.change_seq, new.name_folded, new.org_number WHERE new.deleted_at IS NULL; \
     END",
    "CREATE TRIGGER companies_search_delete AFTER DELETE ON companies BEGIN \
       DELETE FROM companies_search WHERE rowid = old.change_seq; \
     END",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(POSTGRES_UP).await?;
            }
            _ => {
                for sql in SQLITE_UP {
                    db.execute_unprepared(sql).await?;
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "DROP INDEX IF EXISTS idx_companies_name_trgm; DROP INDEX IF EXISTS idx_companies_org_number_trgm",
                )
                .await?;
            }
            _ => {
                for sql in [
                    "DROP TRIGGER IF EXISTS companies_search_insert",
                    "DROP TRIGGER IF EXISTS companies_search_update",
                    "DROP TRIGGER IF EXISTS companies_search_delete",
                    "DROP TABLE IF EXISTS companies_search",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
        }
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
