//! JWT access tokens: HS256, with `iss`, `aud`, `sub`, `exp`, `iat`, `nbf`,
//! `jti` and `typ` all required; refresh tokens are opaque and never JWTs.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use samverka_domain::account::{Binding, Principal, Role};
use samverka_domain::municipality::Kommunkod;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const ISSUER: &str = "samverka";
pub const AUDIENCE: &str = "samverka-api";
pub const ACCESS_TYPE: &str = "access";
/// Access tokens live 15 minutes.
pub const ACCESS_TTL_SECS: i64 = 15 * 60;
/// Refresh tokens live 30 days (and die at first use).
pub const REFRESH_TTL_SECS: i64 = 30 * 24 * 3600;
const LEEWAY_SECS: u64 = 30;

#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub exp: i64,
    pub iat: i64,
    pub nbf: i64,
    pub jti: String,
    /// Always `access`: anything else is not an access token.
    pub typ: String,
    /// `user` or `client`.
    pub kind: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub municipalities: Vec<String>,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("invalid token: {0}")]
    Invalid(String),
}

impl TokenKeys {
    pub fn new(secret: &[u8]) -> TokenKeys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["iss", "aud", "sub", "exp", "iat", "nbf"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        TokenKeys { encoding: EncodingKey::from_secret(secret), decoding: DecodingKey::from_secret(secret), validation }
    }

    /// An access token for `principal` (never for anonymous).
    pub fn issue_access(&self, principal: &Principal) -> Result<String, TokenError> {
        let now = chrono::Utc::now().timestamp();
        let (kind, sub, role, municipality, company_id, provider, municipalities) =
            match (principal, principal.user_id(), principal.binding(), principal.role()) {
                (_, Some(id), Some(binding), Some(role)) => {
                    let (m, c, p) = binding.fields();
                    ("user", id, role, m, c, p, Vec::new())
                }
                (Principal::Integration { id, municipalities }, ..) => (
                    "client",
                    *id,
                    Role::Integration,
                    None,
                    None,
                    None,
                    municipalities.iter().map(|k| k.to_string()).collect(),
                ),
                _ => return Err(TokenError::Invalid("no token for anonymous".to_owned())),
            };
        let claims = Claims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: sub.to_string(),
            exp: now + ACCESS_TTL_SECS,
            iat: now,
            nbf: now,
            jti: Uuid::now_v7().to_string(),
            typ: ACCESS_TYPE.to_owned(),
            kind: kind.to_owned(),
            role,
            municipality,
            company_id,
            provider,
            municipalities,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(|e| TokenError::Invalid(e.to_string()))
    }

    /// Checks signature, algorithm, issuer, audience, times and type, and
    /// rebuilds the principal.
    pub fn verify_access(&self, token: &str) -> Result<Principal, TokenError> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| TokenError::Invalid(e.to_string()))?;
        let claims = data.claims;
        if claims.typ != ACCESS_TYPE {
            return Err(TokenError::Invalid("not an access token".to_owned()));
        }
        let now = chrono::Utc::now().timestamp();
        if claims.iat > now + LEEWAY_SECS as i64 {
            return Err(TokenError::Invalid("issued in the future".to_owned()));
        }
        let id = Uuid::parse_str(&claims.sub).map_err(|_| TokenError::Invalid("bad sub".to_owned()))?;
        let code = |c: &str| {
            Kommunkod::parse("municipality", c).map_err(|_| TokenError::Invalid("bad municipality".to_owned()))
        };
        match (claims.kind.as_str(), claims.role) {
            ("client", Role::Integration) => {
                let municipalities = claims.municipalities.iter().map(|c| code(c)).collect::<Result<_, _>>()?;
                Ok(Principal::Integration { id, municipalities })
            }
            ("user", Role::Integration) | ("client", _) => Err(TokenError::Invalid("bad kind".to_owned())),
            ("user", role) => {
                let binding = Binding::from_fields(
                    role,
                    claims.municipality.as_deref(),
                    claims.company_id,
                    claims.provider.as_deref(),
                );
                binding
                    .and_then(|binding| Principal::person(id, role, binding))
                    .ok_or_else(|| TokenError::Invalid("binding does not fit the role".to_owned()))
            }
            _ => Err(TokenError::Invalid("bad kind".to_owned())),
        }
    }
}
