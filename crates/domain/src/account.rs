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
    /// Every role, of users and API clients.
    pub const ALL: [Role; 5] = [Role::Admin, Role::Officer, Role::Company, Role::Provider, Role::Integration];
    /// The roles a user account may have (integration is for API clients).
    pub const OF_USERS: [Role; 4] = [Role::Admin, Role::Officer, Role::Company, Role::Provider];

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

/// What binds a user account to part of the data (by its role).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    None,
    Municipality(Kommunkod),
    Company(Uuid),
    Provider(String),
}

impl Binding {
    /// The binding stored (or claimed) as three optional fields: exactly the
    /// role's own field, valid; `None` otherwise.
    pub fn from_fields(
        role: Role,
        municipality: Option<&str>,
        company_id: Option<Uuid>,
        provider: Option<&str>,
    ) -> Option<Binding> {
        match (role, municipality, company_id, provider) {
            (Role::Admin, None, None, None) => Some(Binding::None),
            (Role::Officer, Some(code), None, None) => {
                Kommunkod::parse("municipality", code).ok().map(Binding::Municipality)
            }
            (Role::Company, None, Some(id), None) => Some(Binding::Company(id)),
            (Role::Provider, None, None, Some(name)) => Some(Binding::Provider(name.to_owned())),
            _ => None,
        }
    }

    /// The three fields that store the binding: municipality, company id, provider.
    pub fn fields(&self) -> (Option<String>, Option<Uuid>, Option<String>) {
        match self {
            Binding::None => (None, None, None),
            Binding::Municipality(code) => (Some(code.to_string()), None, None),
            Binding::Company(id) => (None, Some(*id), None),
            Binding::Provider(name) => (None, None, Some(name.clone())),
        }
    }

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

/// The principal of a request: what the caller is, with exactly the binding
/// its kind has. Built in one place from an account (users, API clients) or
/// from a token's claims, through [`Principal::person`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    Anonymous,
    Admin {
        id: Uuid,
    },
    /// A business-development officer of one municipality. `shared` is its
    /// shared set: its own municipality and every municipality that shares
    /// a running collaboration with it.
    Officer {
        id: Uuid,
        municipality: Kommunkod,
        shared: Vec<Kommunkod>,
    },
    /// A representative of one company.
    Company {
        id: Uuid,
        company: Uuid,
    },
    /// A training provider, by the name its offers carry.
    Provider {
        id: Uuid,
        name: String,
    },
    /// A machine client; empty `municipalities` means all.
    Integration {
        id: Uuid,
        municipalities: Vec<Kommunkod>,
    },
}

impl Principal {
    /// A person with `role` and `binding`; `None` when they do not fit
    /// (an officer bound to a company, an integration role on a user, …).
    /// The one place where role and binding meet.
    pub fn person(id: Uuid, role: Role, binding: Binding) -> Option<Principal> {
        match (role, binding) {
            (Role::Admin, Binding::None) => Some(Principal::Admin { id }),
            (Role::Officer, Binding::Municipality(municipality)) => {
                Some(Principal::Officer { id, shared: vec![municipality.clone()], municipality })
            }
            (Role::Company, Binding::Company(company)) => Some(Principal::Company { id, company }),
            (Role::Provider, Binding::Provider(name)) => Some(Principal::Provider { id, name }),
            _ => None,
        }
    }

    /// The binding of a person (the reverse of [`Principal::person`]); `None` for
    /// integrations and anonymous callers.
    pub fn binding(&self) -> Option<Binding> {
        match self {
            Principal::Admin { .. } => Some(Binding::None),
            Principal::Officer { municipality, .. } => Some(Binding::Municipality(municipality.clone())),
            Principal::Company { company, .. } => Some(Binding::Company(*company)),
            Principal::Provider { name, .. } => Some(Binding::Provider(name.clone())),
            Principal::Integration { .. } | Principal::Anonymous => None,
        }
    }

    /// An officer whose shared set also holds `others` (the municipalities
    /// it shares a collaboration with); other principals unchanged.
    pub fn sharing_with(self, others: Vec<Kommunkod>) -> Principal {
        match self {
            Principal::Officer { id, municipality, mut shared } => {
                for code in others {
                    if !shared.contains(&code) {
                        shared.push(code);
                    }
                }
                Principal::Officer { id, municipality, shared }
            }
            other => other,
        }
    }

    pub fn role(&self) -> Option<Role> {
        match self {
            Principal::Anonymous => None,
            Principal::Admin { .. } => Some(Role::Admin),
            Principal::Officer { .. } => Some(Role::Officer),
            Principal::Company { .. } => Some(Role::Company),
            Principal::Provider { .. } => Some(Role::Provider),
            Principal::Integration { .. } => Some(Role::Integration),
        }
    }

    /// The user account's id, for people.
    pub fn user_id(&self) -> Option<Uuid> {
        match self {
            Principal::Admin { id }
            | Principal::Officer { id, .. }
            | Principal::Company { id, .. }
            | Principal::Provider { id, .. } => Some(*id),
            Principal::Integration { .. } | Principal::Anonymous => None,
        }
    }

    /// The company a company user acts for.
    pub fn own_company(&self) -> Option<Uuid> {
        match self {
            Principal::Company { company, .. } => Some(*company),
            _ => None,
        }
    }

    /// The provider name a provider user acts for.
    pub fn own_provider(&self) -> Option<&str> {
        match self {
            Principal::Provider { name, .. } => Some(name),
            _ => None,
        }
    }

    /// How the audit log names this principal: `user:<id>`, `client:<id>`.
    pub fn actor(&self) -> String {
        match (self, self.user_id()) {
            (_, Some(id)) => format!("user:{id}"),
            (Principal::Integration { id, .. }, None) => format!("client:{id}"),
            _ => "anonymous".to_owned(),
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
        assert_eq!(Principal::Admin { id }.actor(), format!("user:{id}"));
        assert_eq!(Principal::Integration { id, municipalities: vec![] }.actor(), format!("client:{id}"));
        assert_eq!(Principal::Integration { id, municipalities: vec![] }.role(), Some(Role::Integration));
        assert_eq!(Principal::Anonymous.role(), None);
    }

    #[test]
    fn a_principal_has_the_binding_of_its_role() {
        let id = Uuid::nil();
        let eksjo = Kommunkod::parse("m", "0686").expect("valid");
        assert_eq!(Principal::person(id, Role::Company, Binding::Municipality(eksjo.clone())), None);
        assert_eq!(Principal::person(id, Role::Officer, Binding::None), None);
        assert_eq!(Principal::person(id, Role::Integration, Binding::None), None);
        for (role, binding) in [
            (Role::Admin, Binding::None),
            (Role::Officer, Binding::Municipality(eksjo)),
            (Role::Company, Binding::Company(id)),
            (Role::Provider, Binding::Provider("Campus".to_owned())),
        ] {
            let principal = Principal::person(id, role, binding.clone()).expect("fits");
            assert_eq!(principal.role(), Some(role));
            assert_eq!(principal.binding(), Some(binding));
        }
    }
}
