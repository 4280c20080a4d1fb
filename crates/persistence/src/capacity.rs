//! One primitive for every limited resource (an offer's seats, a meeting's
//! places): a counter of what is taken against a limit, changed only by
//! conditional updates, so that concurrent writers can never overbook — the
//! database re-checks `taken + n <= limit` on the row it updates.

use crate::StoreError;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The columns of a counted resource.
pub struct Counter<E: EntityTrait> {
    pub id: E::Column,
    pub taken: E::Column,
    /// The limit; `NULL` means none.
    pub limit: E::Column,
}

impl<E: EntityTrait> Counter<E> {
    /// Takes `n` of the row `id` if they are free and the row meets `open`;
    /// false (nothing changed) otherwise.
    pub async fn take(
        &self,
        conn: &impl ConnectionTrait,
        id: Uuid,
        n: i32,
        open: Condition,
    ) -> Result<bool, StoreError> {
        let room =
            Condition::any().add(self.limit.is_null()).add(Expr::col(self.taken).add(n).lte(Expr::col(self.limit)));
        let result = E::update_many()
            .col_expr(self.taken, Expr::col(self.taken).add(n))
            .filter(self.id.eq(id))
            .filter(open)
            .filter(room)
            .exec(conn)
            .await?;
        Ok(result.rows_affected == 1)
    }

    /// Gives `n` back.
    pub async fn give_back(&self, conn: &impl ConnectionTrait, id: Uuid, n: i32) -> Result<(), StoreError> {
        E::update_many().col_expr(self.taken, Expr::col(self.taken).sub(n)).filter(self.id.eq(id)).exec(conn).await?;
        Ok(())
    }
}
