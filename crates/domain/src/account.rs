//! Who makes a request: roles, the principal, e-mail addresses and passwords.

use crate::municipality::Kommunkod;
use crate::{FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// The role of a person (users) or a machine (integration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Officer,
    Company,
    Provider,
    Integration,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Company => "company",
            Role::Provider => "provider",
            Role::Integration => "integration",
        }
    }

    /// The roles a user account may have (integration is for API clients).
    pub fn parse_user_role(field: &str, input: &str) -> Result<Role, FieldError> {
        match input {
            "admin" => Ok(Role::Admin),
            "officer" => Ok(Role::Officer),
            "company" => Ok(Role::Company),
            "provider" => Ok(Role::Provider),
            _ => Err(FieldError::new(field, "enum", "role is one of admin, officer, company, provider")),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What binds a user to part of the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    None,
    Municipality(Kommunkod),
    Company(Uuid),
    Provider(String),
    /// An integration's municipalities; empty means all.
    Municipalities(Vec<Kommunkod>),
}

impl Binding {
    /// The binding of a user with `role`, from the fields a request gave.
    /// An officer needs `municipality`, a company user `companyId`, a
    /// provider user `provider`, and no role takes another role's field;
    /// every missing or misplaced field is listed.
    pub fn for_role(
        role: Role,
        municipality: Option<&str>,
        company_id: Option<Uuid>,
        provider: Option<&str>,
    ) -> Result<Binding, FieldErrors> {
        let mut errors = FieldErrors::default();
        let misplaced =
            |field: &str| FieldError::new(field, "notAllowed", format!("a user with role {role} has no {field}"));
        let missing =
            |field: &str| FieldError::new(field, "required", format!("a user with role {role} needs {field}"));
        let wants = match role {
            Role::Officer => "municipality",
            Role::Company => "companyId",
            Role::Provider => "provider",
            Role::Admin | Role::Integration => "",
        };
        for (field, given) in [
            ("municipality", municipality.is_some()),
            ("companyId", company_id.is_some()),
            ("provider", provider.is_some()),
        ] {
            if given && field != wants {
                errors.push(misplaced(field));
            } else if !given && field == wants {
                errors.push(missing(field));
            }
        }
        let binding = match (role, municipality, company_id, provider) {
            (Role::Officer, Some(code), _, _) => {
                errors.collect(Kommunkod::parse("municipality", code)).map(Binding::Municipality)
            }
            (Role::Company, _, Some(id), _) => Some(Binding::Company(id)),
            (Role::Provider, _, _, Some(name)) => {
                errors.collect(provider_name("provider", name)).map(Binding::Provider)
            }
            (Role::Admin, ..) => Some(Binding::None),
            _ => None,
        };
        errors.into_result()?;
        binding.ok_or_else(|| FieldError::new("role", "invalid", "the role cannot be given to a user").into())
    }
}

/// A training provider's name as users and offers carry it: text of 1–200 characters.
pub fn provider_name(field: &str, input: &str) -> Result<String, FieldError> {
    crate::text::required(field, input, 200)
}

/// The principal of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Anonymous,
    User { id: Uuid, role: Role, binding: Binding },
    Client { id: Uuid, municipalities: Vec<Kommunkod> },
}

impl Principal {
    pub fn role(&self) -> Option<Role> {
        match self {
            Principal::Anonymous => None,
            Principal::User { role, .. } => Some(*role),
            Principal::Client { .. } => Some(Role::Integration),
        }
    }

    /// How the audit log names this principal: `user:<id>`, `client:<id>`.
    pub fn actor(&self) -> String {
        match self {
            Principal::Anonymous => "anonymous".to_owned(),
            Principal::User { id, .. } => format!("user:{id}"),
            Principal::Client { id, .. } => format!("client:{id}"),
        }
    }
}

/// An e-mail address, trimmed and lower-cased: `name@domain.tld`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, input: &str) -> Result<Email, FieldError> {
        let email = input.trim().to_lowercase();
        let bad = || FieldError::new(field, "email", "not an e-mail address");
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = email.rsplit_once('@').ok_or_else(bad)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.split('.').all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(bad());
        }
        Ok(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 12 to 256 characters, not all alike.
pub fn check_new_password(field: &str, password: &str) -> Result<(), FieldError> {
    let count = password.chars().count();
    if count < 12 {
        return Err(FieldError::new(field, "length", "a password has at least 12 characters"));
    }
    if count > 256 {
        return Err(FieldError::new(field, "length", "a password has at most 256 characters"));
    }
    let mut chars = password.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err(FieldError::new(field, "weak", "a password of one repeated character is too weak"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("email", " Anna.Berg@Eksjo.SE ").map(|e| e.as_str().to_owned()),
            Ok("anna.berg@eksjo.se".to_owned())
        );
        for bad in [
            "",
            "anna",
            "anna@",
            "@eksjo.se",
            "anna@eksjo",
            "anna@.se",
            "an na@eksjo.se",
            "a@b@eksjo.se",
            "anna@eksjo..se",
        ] {
            assert!(Email::parse("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_need_length() {
        assert!(check_new_password("password", "correct horse battery").is_ok());
        assert_eq!(check_new_password("password", "short").map_err(|e| e.code), Err("length".to_owned()));
        assert_eq!(check_new_password("password", &"a".repeat(20)).map_err(|e| e.code), Err("weak".to_owned()));
        assert!(check_new_password("password", &"ab".repeat(200)).is_err());
    }

    #[test]
    fn bindings_fit_their_role() {
        let company = Uuid::nil();
        assert_eq!(Binding::for_role(Role::Admin, None, None, None), Ok(Binding::None));
        assert!(matches!(Binding::for_role(Role::Officer, Some("0686"), None, None), Ok(Binding::Municipality(_))));
        assert_eq!(Binding::for_role(Role::Company, None, Some(company), None), Ok(Binding::Company(company)));
        assert_eq!(
            Binding::for_role(Role::Provider, None, None, Some(" Campus Eksjö ")),
            Ok(Binding::Provider("Campus Eksjö".to_owned()))
        );
        let fields = |r: Result<Binding, FieldErrors>| {
            r.map_err(|e| e.0.into_iter().map(|f| format!("{}:{}", f.field, f.code)).collect::<Vec<_>>())
        };
        assert_eq!(
            fields(Binding::for_role(Role::Officer, None, None, None)),
            Err(vec!["municipality:required".into()])
        );
        assert_eq!(
            fields(Binding::for_role(Role::Admin, Some("0686"), Some(company), Some("x"))),
            Err(vec!["municipality:notAllowed".into(), "companyId:notAllowed".into(), "provider:notAllowed".into()])
        );
        assert_eq!(
            fields(Binding::for_role(Role::Company, Some("0686"), None, None)),
            Err(vec!["municipality:notAllowed".into(), "companyId:required".into()])
        );
        assert_eq!(fields(Binding::for_role(Role::Officer, Some("686"), None, None)).map_err(|e| e.len()), Err(1));
        assert_eq!(
            fields(Binding::for_role(Role::Provider, None, None, Some("  "))),
            Err(vec!["provider:required".into()])
        );
    }

    #[test]
    fn actors_name_the_principal() {
        let id = Uuid::nil();
        assert_eq!(Principal::User { id, role: Role::Admin, binding: Binding::None }.actor(), format!("user:{id}"));
        assert_eq!(Principal::Client { id, municipalities: vec![] }.role(), Some(Role::Integration));
        assert_eq!(Principal::Anonymous.role(), None);
    }
}
