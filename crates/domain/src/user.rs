//! What a write to a user account is made of, made only by parsing: every
//! field error of one input is collected at once.

use crate::account::{Binding, Email, Role, check_new_password};
use crate::{FieldErrors, text};
use uuid::Uuid;

/// The longest display name.
pub const DISPLAY_NAME_MAX: usize = 200;

/// The fields of a new user as a client sends them.
#[derive(Debug, Clone, Copy)]
pub struct UserInput<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: &'a str,
    pub password: &'a str,
    pub municipality: Option<&'a str>,
    pub company_id: Option<Uuid>,
    pub provider: Option<&'a str>,
}

/// A valid new user (the password checked; hashing is the caller's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
    pub binding: Binding,
}

impl NewUser {
    pub fn parse(input: UserInput<'_>) -> Result<NewUser, FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = errors.collect(Email::parse("email", input.email));
        let display_name = errors.collect(text::required("displayName", input.display_name, DISPLAY_NAME_MAX));
        let role = errors.collect(Role::parse_user_role("role", input.role));
        errors.collect(check_new_password("password", input.password));
        let binding = role.and_then(|role| {
            errors.absorb(Binding::for_role(role, input.municipality, input.company_id, input.provider))
        });
        errors.finish(|| Some(NewUser { email: email?, display_name: display_name?, role: role?, binding: binding? }))
    }
}

/// A partial update of a user as a client sends it.
#[derive(Debug, Clone, Copy, Default)]
pub struct UserPatch<'a> {
    pub email: Option<&'a str>,
    pub display_name: Option<&'a str>,
    pub role: Option<&'a str>,
    pub password: Option<&'a str>,
    pub municipality: Option<Option<&'a str>>,
    pub company_id: Option<Option<Uuid>>,
    pub provider: Option<Option<&'a str>>,
    pub disabled: Option<bool>,
}

/// The user as it is before a change.
#[derive(Debug, Clone, Copy)]
pub struct UserNow<'a> {
    pub role: Role,
    pub municipality: Option<&'a str>,
    pub company_id: Option<Uuid>,
    pub provider: Option<&'a str>,
    pub disabled: bool,
}

/// A valid change of a user: the role and binding it ends with, whatever
/// the patch left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserChanges {
    pub email: Option<Email>,
    pub display_name: Option<String>,
    pub role: Role,
    pub binding: Binding,
    pub disabled: bool,
    /// Whether the patch sets a new (checked) password.
    pub new_password: bool,
}

impl UserChanges {
    /// A field not given keeps its value, unless the role changes: then the
    /// old role's binding goes with it.
    pub fn parse(patch: UserPatch<'_>, now: UserNow<'_>) -> Result<UserChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let email = patch.email.and_then(|e| errors.collect(Email::parse("email", e)));
        let display_name =
            patch.display_name.and_then(|n| errors.collect(text::required("displayName", n, DISPLAY_NAME_MAX)));
        let role = patch.role.and_then(|r| errors.collect(Role::parse_user_role("role", r)));
        if let Some(password) = patch.password {
            errors.collect(check_new_password("password", password));
        }
        let role_changed = role.is_some_and(|r| r != now.role);
        let role = role.unwrap_or(now.role);
        fn pick<T: Copy>(patch: Option<Option<T>>, current: Option<T>, role_changed: bool) -> Option<T> {
            match patch {
                Some(value) => value,
                None if role_changed => None,
                None => current,
            }
        }
        let binding = errors.absorb(Binding::for_role(
            role,
            pick(patch.municipality, now.municipality, role_changed),
            pick(patch.company_id, now.company_id, role_changed),
            pick(patch.provider, now.provider, role_changed),
        ));
        let disabled = patch.disabled.unwrap_or(now.disabled);
        errors.finish(|| {
            Some(UserChanges {
                email,
                display_name,
                role,
                binding: binding?,
                disabled,
                new_password: patch.password.is_some(),
            })
        })
    }

    /// Whether the user stays an active admin after the change.
    pub fn stays_active_admin(&self) -> bool {
        self.role == Role::Admin && !self.disabled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn officer() -> UserNow<'static> {
        UserNow { role: Role::Officer, municipality: Some("0686"), company_id: None, provider: None, disabled: false }
    }

    #[test]
    fn a_role_change_drops_the_old_binding() {
        let patch = UserPatch { role: Some("admin"), ..UserPatch::default() };
        let changes = UserChanges::parse(patch, officer()).expect("valid");
        assert_eq!(changes.binding, Binding::None);
        let id = Uuid::nil();
        let patch = UserPatch { role: Some("company"), company_id: Some(Some(id)), ..UserPatch::default() };
        assert_eq!(UserChanges::parse(patch, officer()).expect("valid").binding, Binding::Company(id));
    }

    #[test]
    fn a_missing_binding_and_a_weak_password_are_reported_together() {
        let patch = UserPatch { role: Some("company"), password: Some("short"), ..UserPatch::default() };
        let errors = UserChanges::parse(patch, officer()).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["password", "companyId"]);
    }

    #[test]
    fn a_new_user_needs_its_roles_binding() {
        let input = UserInput {
            email: "a@b.se",
            display_name: "A",
            role: "officer",
            password: "correct horse battery",
            municipality: None,
            company_id: None,
            provider: None,
        };
        let errors = NewUser::parse(input).expect_err("invalid");
        assert_eq!(errors.0[0].field, "municipality");
        let user = NewUser::parse(UserInput { municipality: Some("0686"), ..input }).expect("valid");
        assert_eq!(user.role, Role::Officer);
    }
}
