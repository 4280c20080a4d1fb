//! The write generation: a count, in this process, of the writes committed
//! to the database. Whatever is cached from the database (principals,
//! representations) is kept with the generation it was read at and is good
//! only while the generation has not moved.
//!
//! - Every write of this process commits through [`crate::commit`], which
//!   advances the generation once the commit has landed, before the write
//!   is answered.
//! - On PostgreSQL every write also sends a notification on
//!   [`CHANNEL`] inside its transaction (delivered when it commits), and
//!   every instance listens ([`listen`]) and advances its generation on each:
//!   a write through one instance ends what the others cached within the
//!   notification's delivery (well under a millisecond on one host).
//! - While an instance is not listening (starting, or the listening
//!   connection is lost) [`Listening::is_on`] is false and nothing may be
//!   served from a cache.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

/// The PostgreSQL channel writes are announced on.
pub const CHANNEL: &str = "samverka_writes";

static GENERATION: AtomicU64 = AtomicU64::new(1);

/// The generation now. Read it before reading what is to be cached.
pub fn current() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// Marks everything cached so far as stale.
pub fn advance() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

/// Whether this instance hears every write: always on SQLite (one process
/// writes), on PostgreSQL while [`listen`] holds its connection.
#[derive(Debug, Clone)]
pub struct Listening(Arc<AtomicBool>);

impl Listening {
    /// On SQLite from the start (one process writes); on PostgreSQL once
    /// [`listen`] runs.
    pub fn for_database(db: &sea_orm::DatabaseConnection) -> Listening {
        match db.get_database_backend() {
            sea_orm::DbBackend::Postgres => Listening::not_yet(),
            _ => Listening::always(),
        }
    }

    /// On from the start: SQLite, where this process is the only writer.
    pub fn always() -> Listening {
        Listening(Arc::new(AtomicBool::new(true)))
    }

    /// Off until [`listen`] has its connection.
    pub fn not_yet() -> Listening {
        Listening(Arc::new(AtomicBool::new(false)))
    }

    pub fn is_on(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    fn set(&self, on: bool) {
        self.0.store(on, Ordering::Release);
        // Whatever was cached while the state changed is suspect.
        advance();
    }
}

/// Listens on PostgreSQL (`url`) for the writes of every instance, for
/// ever: each notification advances the generation. A lost connection turns
/// `listening` off until a new one listens again (retried every second).
pub async fn listen(url: String, listening: Listening) {
    use sea_orm::sqlx::postgres::PgListener;
    loop {
        let mut listener = match PgListener::connect(&url).await {
            Ok(listener) => listener,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for writes: caches are off");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(error) = listener.listen(CHANNEL).await {
            tracing::warn!(%error, "cannot listen for writes: caches are off");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        listening.set(true);
        // `None` or an error: the connection is lost.
        while let Ok(Some(_)) = listener.try_recv().await {
            advance();
        }
        listening.set(false);
        tracing::warn!("the connection that listens for writes was lost: caches are off until it is back");
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
