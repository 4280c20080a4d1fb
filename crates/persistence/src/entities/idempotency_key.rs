use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    /// Whose key: the actor (`user:<id>`, `client:<id>`, `anonymous`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// A keyed hash of the client's `Idempotency-Key`, never the key itself.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// A MAC of method, path and body under a key that needs the client's
    /// `Idempotency-Key`: the same key with another request is refused.
    pub request_hash: String,
    /// `None` while the first request is being answered.
    pub status: Option<i16>,
    /// Unused since answers are sealed (kept for the schema's history).
    pub response_headers: Option<String>,
    /// The answer (headers and body), encrypted under a key derived from the
    /// client's `Idempotency-Key`: base64 of nonce and ciphertext.
    pub response_body: Option<String>,
    pub created_at: ChronoDateTimeUtc,
    /// Keyed hashes of the ids and e-mail addresses in the answer, space-separated:
    /// erasing one of them purges the answer.
    pub erasure_tags: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
