//! What the idempotency store keeps, made useless to whoever reads a dump
//! of the database: the key is stored as a keyed hash (HMAC-SHA256 with a
//! key derived from the server's secret); the answer is encrypted
//! (ChaCha20-Poly1305) with a key derived from the server's secret *and* the
//! `Idempotency-Key`, which only the client holds; the request is compared
//! by a MAC under that same key, never by a plain hash of a body that may
//! hold a password. Each stored answer carries erasure tags — keyed hashes
//! of the ids and e-mail addresses in it — so that erasing a person, a
//! contact or a company purges every answer that names them.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The server-side key material of the idempotency store.
#[derive(Clone)]
pub struct Seal {
    server: [u8; 32],
}

// HMAC takes keys of any length (RFC 2104): `new_from_slice` never fails for it.
#[allow(clippy::expect_used)]
fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC accepts any key length");
    for part in parts {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The key under which one stored answer is encrypted and its request compared.
pub struct AnswerKey([u8; 32]);

impl Seal {
    /// Derives the store's key from the server's secret (the one that signs tokens).
    pub fn new(server_secret: &[u8]) -> Seal {
        Seal { server: mac(server_secret, &[b"samverka idempotency v1"]) }
    }

    /// What the `key` column holds for `scope`'s `key`.
    pub fn stored_key(&self, scope: &str, key: &str) -> String {
        hex(&mac(&self.server, &[b"key", scope.as_bytes(), key.as_bytes()]))
    }

    pub fn answer_key(&self, scope: &str, key: &str) -> AnswerKey {
        AnswerKey(mac(&self.server, &[b"answer", scope.as_bytes(), key.as_bytes()]))
    }

    /// An erasure tag of an id or e-mail address (case-insensitive).
    pub fn tag(&self, value: &str) -> String {
        hex(&mac(&self.server, &[b"tag", value.trim().to_lowercase().as_bytes()])[..16])
    }

    /// The tags of every UUID and e-mail address in a JSON answer, space-separated
    /// with a space at each end (so that `LIKE '% tag %'` finds one).
    pub fn tags_of(&self, body: &[u8]) -> String {
        let mut values = Vec::new();
        if let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) {
            collect(&json, &mut values);
        }
        let mut tags: Vec<String> = values.iter().map(|v| self.tag(v)).collect();
        tags.sort();
        tags.dedup();
        format!(" {} ", tags.join(" "))
    }
}

fn collect(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if uuid::Uuid::parse_str(s).is_ok() || s.contains('@') => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        serde_json::Value::Object(fields) => fields.values().for_each(|v| collect(v, out)),
        _ => {}
    }
}

impl AnswerKey {
    /// The MAC of a request: method, target and body.
    pub fn request_mac(&self, method: &str, target: &str, body: &[u8]) -> String {
        hex(&mac(&self.0, &[b"request", method.as_bytes(), target.as_bytes(), body]))
    }

    /// Encrypts `plain`: base64 of a random nonce and the ciphertext.
    pub fn seal(&self, plain: &[u8]) -> Result<String, String> {
        use base64::Engine;
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| e.to_string())?;
        let cipher = ChaCha20Poly1305::new(&Key::from(self.0));
        let mut sealed = nonce.to_vec();
        sealed.extend(cipher.encrypt(&Nonce::from(nonce), plain).map_err(|e| e.to_string())?);
        Ok(base64::engine::general_purpose::STANDARD.encode(sealed))
    }

    /// Decrypts what [`AnswerKey::seal`] made; `None` when it was not made under this key.
    pub fn open(&self, sealed: &str) -> Option<Vec<u8>> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD.decode(sealed).ok()?;
        let (nonce, ciphertext) = bytes.split_at_checked(12)?;
        let nonce: [u8; 12] = nonce.try_into().ok()?;
        ChaCha20Poly1305::new(&Key::from(self.0)).decrypt(&Nonce::from(nonce), ciphertext).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_opens_only_under_its_own_key() {
        let seal = Seal::new(b"a server secret of some length...");
        let key = seal.answer_key("user:1", "key-1");
        let sealed = key.seal(br#"{"clientSecret":"s3cret"}"#).expect("sealed");
        assert!(!sealed.contains("s3cret"));
        assert_eq!(key.open(&sealed).as_deref(), Some(&br#"{"clientSecret":"s3cret"}"#[..]));
        assert_eq!(seal.answer_key("user:1", "key-2").open(&sealed), None);
        assert_eq!(seal.answer_key("user:2", "key-1").open(&sealed), None);
        assert_eq!(Seal::new(b"another secret").answer_key("user:1", "key-1").open(&sealed), None);
    }

    #[test]
    fn keys_and_requests_are_keyed_hashes() {
        let seal = Seal::new(b"secret");
        assert_eq!(seal.stored_key("user:1", "k"), seal.stored_key("user:1", "k"));
        assert_ne!(seal.stored_key("user:1", "k"), seal.stored_key("user:2", "k"));
        assert_ne!(seal.stored_key("user:1", "k"), Seal::new(b"other").stored_key("user:1", "k"));
        let key = seal.answer_key("user:1", "k");
        let body = br#"{"password":"hunter2 hunter2"}"#;
        assert_eq!(key.request_mac("POST", "/x", body), key.request_mac("POST", "/x", body));
        assert_ne!(key.request_mac("POST", "/x", body), seal.answer_key("user:1", "j").request_mac("POST", "/x", body));
    }

    #[test]
    fn tags_name_every_id_and_address_in_an_answer() {
        let seal = Seal::new(b"secret");
        let id = "01a23d0f-b914-70d0-999f-90e7118b0116";
        let tags =
            seal.tags_of(format!(r#"{{"id":"{id}","people":[{{"email":"Anna@Example.se"}}],"n":3}}"#).as_bytes());
        assert!(tags.contains(&format!(" {} ", seal.tag(id))));
        assert!(tags.contains(&format!(" {} ", seal.tag("anna@example.se"))));
        assert_eq!(tags.split_whitespace().count(), 2);
        assert!(!tags.contains("anna"));
    }
}
