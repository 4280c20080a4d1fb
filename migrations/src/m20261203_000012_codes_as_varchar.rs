//! Fixed-width codes (kommunkod, orgNumber, SNI code, …) as `varchar` on
//! PostgreSQL. They were `character(n)`, and the server binds its strings
//! as `text`: PostgreSQL then compares `column::text = $1`, which no index on
//! the `character` column serves — a municipality's first page read the
//! whole name index (measured: 66 requests/s at 100,000 companies, bench/).
//! SQLite has no such types; nothing changes there. With them, PostgreSQL
//! gets a pattern index for orgNumber prefixes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
DO $$
DECLARE c record;
BEGIN
    FOR c IN
        SELECT table_name, column_name, character_maximum_length AS length
        FROM information_schema.columns
        WHERE table_schema = current_schema() AND data_type = 'character'
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN %I TYPE varchar(%s)', c.table_name, c.column_name, c.length);
    END LOOP;
END
$$;
-- A search of seven digits or more is an orgNumber prefix (`LIKE '556036-07%'`):
-- a b-tree range, where the trigram index would read every number's '-0' and '07'.
CREATE INDEX IF NOT EXISTS idx_companies_org_number_prefix
    ON companies (org_number varchar_pattern_ops) WHERE deleted_at IS NULL;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager.get_connection().execute_unprepared(UP).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // `varchar(n)` holds every value `character(n)` did: nothing to undo.
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
