//! Who may do what. Handlers call these first thing; each answers `Ok` or
//! why not: not signed in (401) or not allowed (403).

use crate::account::{Principal, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// No principal: sign in first.
    Unauthenticated,
    /// Signed in, but the role may not do this.
    Forbidden,
}

pub type Decision = Result<(), Denied>;

fn require_role(principal: &Principal, allowed: &[Role]) -> Decision {
    match principal.role() {
        None => Err(Denied::Unauthenticated),
        Some(role) if allowed.contains(&role) => Ok(()),
        Some(_) => Err(Denied::Forbidden),
    }
}

/// Any signed-in principal (people and integrations).
pub fn authenticated(principal: &Principal) -> Decision {
    require_role(principal, &[Role::Admin, Role::Officer, Role::Company, Role::Provider, Role::Integration])
}

/// A person (not an integration): changing one's own password.
pub fn is_person(principal: &Principal) -> Decision {
    match principal {
        Principal::User { .. } => Ok(()),
        Principal::Client { .. } => Err(Denied::Forbidden),
        Principal::Anonymous => Err(Denied::Unauthenticated),
    }
}

/// Users: create, list, read, change, disable, delete.
pub fn can_manage_users(principal: &Principal) -> Decision {
    require_role(principal, &[Role::Admin])
}

/// API clients for integrations.
pub fn can_manage_api_clients(principal: &Principal) -> Decision {
    require_role(principal, &[Role::Admin])
}

/// Municipalities and competence areas: create, change, delete.
pub fn can_edit_reference_data(principal: &Principal) -> Decision {
    require_role(principal, &[Role::Admin])
}

/// The audit log.
pub fn can_read_audit_log(principal: &Principal) -> Decision {
    require_role(principal, &[Role::Admin])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Binding;
    use crate::municipality::Kommunkod;
    use uuid::Uuid;

    fn principals() -> Vec<(&'static str, Principal)> {
        let user = |role, binding| Principal::User { id: Uuid::nil(), role, binding };
        let eksjo = Kommunkod::parse("m", "0686").expect("valid");
        vec![
            ("anonymous", Principal::Anonymous),
            ("admin", user(Role::Admin, Binding::None)),
            ("officer", user(Role::Officer, Binding::Municipality(eksjo))),
            ("company", user(Role::Company, Binding::Company(Uuid::nil()))),
            ("provider", user(Role::Provider, Binding::Provider("Campus Eksjö".to_owned()))),
            ("integration", Principal::Client { id: Uuid::nil(), municipalities: vec![] }),
        ]
    }

    type Rule = fn(&Principal) -> Decision;

    #[test]
    fn admin_operations_as_a_table() {
        use Denied::{Forbidden as F, Unauthenticated as U};
        // anonymous, admin, officer, company, provider, integration
        let table: [(&str, Rule, [Decision; 6]); 6] = [
            ("manage users", can_manage_users, [Err(U), Ok(()), Err(F), Err(F), Err(F), Err(F)]),
            ("manage api clients", can_manage_api_clients, [Err(U), Ok(()), Err(F), Err(F), Err(F), Err(F)]),
            ("edit reference data", can_edit_reference_data, [Err(U), Ok(()), Err(F), Err(F), Err(F), Err(F)]),
            ("read audit log", can_read_audit_log, [Err(U), Ok(()), Err(F), Err(F), Err(F), Err(F)]),
            ("be authenticated", authenticated, [Err(U), Ok(()), Ok(()), Ok(()), Ok(()), Ok(())]),
            ("be a person", is_person, [Err(U), Ok(()), Ok(()), Ok(()), Ok(()), Err(F)]),
        ];
        for (operation, rule, expected) in table {
            for ((who, principal), want) in principals().iter().zip(expected) {
                assert_eq!(rule(principal), want, "{who} may {operation}?");
            }
        }
    }
}
