//! Caches of what the hot reads get from the database: the principal behind
//! a token (account, role, binding, shared set) and the bytes of company
//! representations. Both are good only while the write generation
//! (`samverka_persistence::generation`) has not moved: any committed write,
//! by this instance or (on PostgreSQL, by notification) by another, empties
//! them, so that disabling an account, a role change, a new collaboration
//! or a changed company shows on the very next request. Nothing is served
//! from them while the instance is not listening for writes.

use actix_web::web::Bytes;
use samverka_domain::account::Principal;
use samverka_persistence::generation::{self, Listening};
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

/// At most this many bytes of representations are kept (then the cache
/// starts afresh).
const REPRESENTATION_BYTES: usize = 4 << 20;
/// At most this many principals are kept.
const PRINCIPALS: usize = 10_000;

/// A representation as it goes out.
#[derive(Debug, Clone)]
pub struct Stored {
    pub body: Bytes,
    /// The strong ETag of a single resource.
    pub etag: Option<String>,
    /// The `Link` header of a list page.
    pub link: Option<String>,
}

/// Entries of one generation, within a budget.
struct Generational<K, V> {
    generation: u64,
    weight: usize,
    entries: HashMap<K, V>,
}

impl<K: Hash + Eq, V: Clone> Generational<K, V> {
    fn new() -> Self {
        Generational { generation: 0, weight: 0, entries: HashMap::new() }
    }

    /// Forgets everything of an older generation.
    fn at(&mut self, generation: u64) -> &mut Self {
        if self.generation != generation {
            self.entries.clear();
            self.weight = 0;
            self.generation = generation;
        }
        self
    }

    fn get(&mut self, key: &K) -> Option<V> {
        self.at(generation::current()).entries.get(key).cloned()
    }

    /// Keeps `value`, read at `read_at`, unless a write has come since.
    fn put(&mut self, key: K, value: V, weight: usize, read_at: u64, budget: usize) {
        if read_at != generation::current() || weight > budget {
            return;
        }
        let this = self.at(read_at);
        if this.weight + weight > budget {
            this.entries.clear();
            this.weight = 0;
        }
        this.weight += weight;
        this.entries.insert(key, value);
    }
}

/// The principal of a token, as of one Swedish day (a shared set follows
/// the collaborations that run today).
type PrincipalKey = (Principal, chrono::NaiveDate);
/// Who asks, and what (path and query).
type RepresentationKey = (Principal, String);

/// The caches of one instance.
pub struct Caches {
    listening: Listening,
    principals: Mutex<Generational<PrincipalKey, Principal>>,
    representations: Mutex<Generational<RepresentationKey, Stored>>,
}

impl Caches {
    pub fn new(listening: Listening) -> Caches {
        Caches {
            listening,
            principals: Mutex::new(Generational::new()),
            representations: Mutex::new(Generational::new()),
        }
    }

    /// Whether the caches may be used now.
    pub fn listening(&self) -> &Listening {
        &self.listening
    }

    /// The generation to keep what is about to be read with.
    pub fn generation(&self) -> u64 {
        generation::current()
    }

    pub fn principal(&self, claimed: &Principal, day: chrono::NaiveDate) -> Option<Principal> {
        if !self.listening.is_on() {
            return None;
        }
        lock(&self.principals).get(&(claimed.clone(), day))
    }

    pub fn keep_principal(&self, claimed: Principal, day: chrono::NaiveDate, current: Principal, read_at: u64) {
        lock(&self.principals).put((claimed, day), current, 1, read_at, PRINCIPALS);
    }

    pub fn representation(&self, principal: &Principal, target: &str) -> Option<Stored> {
        if !self.listening.is_on() {
            return None;
        }
        lock(&self.representations).get(&(principal.clone(), target.to_owned()))
    }

    pub fn keep_representation(&self, principal: Principal, target: String, stored: Stored, read_at: u64) {
        let weight = stored.body.len() + target.len() + 64;
        lock(&self.representations).put((principal, target), stored, weight, read_at, REPRESENTATION_BYTES);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_empties_the_cache() {
        let caches = Caches::new(Listening::always());
        let who = Principal::Anonymous;
        let stored = Stored { body: Bytes::from_static(b"[]"), etag: None, link: None };
        let read_at = caches.generation();
        caches.keep_representation(who.clone(), "/a".into(), stored.clone(), read_at);
        assert_eq!(caches.representation(&who, "/a").map(|s| s.body), Some(stored.body.clone()));
        generation::advance();
        assert!(caches.representation(&who, "/a").is_none());
        // Read before the write: not kept.
        caches.keep_representation(who.clone(), "/a".into(), stored, read_at);
        assert!(caches.representation(&who, "/a").is_none());
    }

    #[test]
    fn nothing_is_served_while_not_listening() {
        let caches = Caches::new(Listening::not_yet());
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).expect("a day");
        let read_at = caches.generation();
        caches.keep_principal(Principal::Anonymous, day, Principal::Anonymous, read_at);
        assert!(caches.principal(&Principal::Anonymous, day).is_none());
    }

    #[test]
    fn the_budget_holds() {
        let mut cache = Generational::new();
        let read_at = generation::current();
        for i in 0..100 {
            cache.put(i, i, 10, read_at, 50);
            assert!(cache.weight <= 50);
        }
    }
}
