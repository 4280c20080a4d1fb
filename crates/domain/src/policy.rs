//! Who may do what. Handlers call these first thing; each answers `Ok` or
//! why not: not signed in (401) or not allowed (403).

use crate::account::{Binding, Principal, Role};
use crate::municipality::Kommunkod;
use uuid::Uuid;

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

/// Which companies a principal sees; lists are filtered by it in the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompanyScope {
    /// Admins: every company.
    All,
    /// Officers: every company of a partner municipality, and of their own.
    PartnersAnd(Kommunkod),
    /// Company users: the listed directory, and their own company.
    ListedOr(Uuid),
    /// Anonymous callers and providers: the listed directory.
    Listed,
    /// Integrations bound to municipalities: the listed directory of those.
    ListedIn(Vec<Kommunkod>),
}

pub fn company_scope(principal: &Principal) -> CompanyScope {
    match principal {
        Principal::Anonymous => CompanyScope::Listed,
        Principal::Client { municipalities, .. } if municipalities.is_empty() => CompanyScope::Listed,
        Principal::Client { municipalities, .. } => CompanyScope::ListedIn(municipalities.clone()),
        Principal::User { role: Role::Admin, .. } => CompanyScope::All,
        Principal::User { binding: Binding::Municipality(own), .. } => CompanyScope::PartnersAnd(own.clone()),
        Principal::User { binding: Binding::Company(id), .. } => CompanyScope::ListedOr(*id),
        Principal::User { .. } => CompanyScope::Listed,
    }
}

/// What the rules need to know of one company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyFacts {
    pub id: Uuid,
    pub municipality: String,
    /// Whether its municipality is a partner of the project.
    pub partner_municipality: bool,
    pub listed: bool,
}

/// Whether `principal` sees the company at all (if not: 404).
pub fn sees_company(principal: &Principal, company: &CompanyFacts) -> bool {
    match company_scope(principal) {
        CompanyScope::All => true,
        CompanyScope::PartnersAnd(own) => company.partner_municipality || company.municipality == own.as_str(),
        CompanyScope::ListedOr(id) => company.listed || company.id == id,
        CompanyScope::Listed => company.listed,
        CompanyScope::ListedIn(codes) => company.listed && codes.iter().any(|c| c.as_str() == company.municipality),
    }
}

/// Whether the principal is the company's own user or an officer of its municipality.
fn owns(principal: &Principal, company: &CompanyFacts, company_user_too: bool) -> Decision {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin, .. } => Ok(()),
        Principal::User { binding: Binding::Municipality(own), .. } if own.as_str() == company.municipality => Ok(()),
        Principal::User { binding: Binding::Company(id), .. } if company_user_too && *id == company.id => Ok(()),
        _ => Err(Denied::Forbidden),
    }
}

/// Creating a company in `municipality`: admins, and officers of that municipality.
pub fn can_create_company(principal: &Principal, municipality: &Kommunkod) -> Decision {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin, .. } => Ok(()),
        Principal::User { binding: Binding::Municipality(own), .. } if own == municipality => Ok(()),
        _ => Err(Denied::Forbidden),
    }
}

/// Whether the role may ever create companies (checked before the body is read).
pub fn may_create_companies(principal: &Principal) -> Decision {
    require_role(principal, &[Role::Admin, Role::Officer])
}

/// Changing a company: admins, officers of its municipality, its own users
/// (who may not move it to another municipality or change its orgNumber).
pub fn can_edit_company(principal: &Principal, company: &CompanyFacts) -> Decision {
    owns(principal, company, true)
}

/// Deleting a company: admins and officers of its municipality.
pub fn can_delete_company(principal: &Principal, company: &CompanyFacts) -> Decision {
    owns(principal, company, false)
}

/// Whether a company user changes fields reserved to officers and admins.
pub fn is_company_user(principal: &Principal) -> bool {
    matches!(principal, Principal::User { role: Role::Company, .. })
}

/// Reading a company's contacts (personal data): admins, officers who see
/// the company, and the company's own users. Never integrations.
pub fn can_read_contacts(principal: &Principal, company: &CompanyFacts) -> Decision {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin, .. } => Ok(()),
        Principal::User { role: Role::Officer, .. } if sees_company(principal, company) => Ok(()),
        Principal::User { binding: Binding::Company(id), .. } if *id == company.id => Ok(()),
        _ => Err(Denied::Forbidden),
    }
}

/// Writing a company's contacts: admins, officers of its municipality, its own users.
pub fn can_edit_contacts(principal: &Principal, company: &CompanyFacts) -> Decision {
    owns(principal, company, true)
}

/// Which needs analyses a principal reads; lists are filtered by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalysisScope {
    /// Admins.
    All,
    /// Officers: the analyses of every partner municipality's companies and of their own.
    PartnersAnd(Kommunkod),
    /// Company users: their own company's.
    Company(Uuid),
}

/// Providers and integrations never see individual analyses (403);
/// anonymous callers sign in first (401).
pub fn analysis_scope(principal: &Principal) -> Result<AnalysisScope, Denied> {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin, .. } => Ok(AnalysisScope::All),
        Principal::User { binding: Binding::Municipality(own), .. } => Ok(AnalysisScope::PartnersAnd(own.clone())),
        Principal::User { binding: Binding::Company(id), .. } => Ok(AnalysisScope::Company(*id)),
        _ => Err(Denied::Forbidden),
    }
}

/// Whether `principal` (already past [`analysis_scope`]) sees the analyses of this company.
pub fn sees_analyses_of(principal: &Principal, company: &CompanyFacts) -> bool {
    match analysis_scope(principal) {
        Ok(AnalysisScope::All) => true,
        Ok(AnalysisScope::PartnersAnd(own)) => company.partner_municipality || company.municipality == own.as_str(),
        Ok(AnalysisScope::Company(id)) => company.id == id,
        Err(_) => false,
    }
}

/// Writing an analysis of `company` that is, and stays, in these statuses:
/// admins; officers of the company's municipality; the company's own users
/// while it is a draft.
pub fn can_write_analysis(principal: &Principal, company: &CompanyFacts, drafts_only: bool) -> Decision {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin, .. } => Ok(()),
        Principal::User { binding: Binding::Municipality(own), .. } if own.as_str() == company.municipality => Ok(()),
        Principal::User { binding: Binding::Company(id), .. } if *id == company.id && drafts_only => Ok(()),
        _ => Err(Denied::Forbidden),
    }
}

/// The aggregated demand (no company names or ids): admins, officers and providers.
pub fn can_read_demand(principal: &Principal) -> Decision {
    require_role(principal, &[Role::Admin, Role::Officer, Role::Provider])
}

/// Which training offers a principal sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferScope {
    /// Admins and officers: every offer.
    All,
    /// Providers: the published ones, and every one of their own.
    PublishedAnd(String),
    /// Everyone else: the published ones.
    Published,
}

pub fn offer_scope(principal: &Principal) -> OfferScope {
    match principal {
        Principal::User { role: Role::Admin | Role::Officer, .. } => OfferScope::All,
        Principal::User { binding: Binding::Provider(name), .. } => OfferScope::PublishedAnd(name.clone()),
        _ => OfferScope::Published,
    }
}

/// What the rules need to know of one offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferFacts {
    pub provider: String,
    pub municipality: Option<String>,
    pub published: bool,
}

pub fn sees_offer(principal: &Principal, offer: &OfferFacts) -> bool {
    match offer_scope(principal) {
        OfferScope::All => true,
        OfferScope::PublishedAnd(name) => offer.published || offer.provider == name,
        OfferScope::Published => offer.published,
    }
}

/// Whether the role may ever create offers.
pub fn may_create_offers(principal: &Principal) -> Decision {
    require_role(principal, &[Role::Admin, Role::Officer, Role::Provider])
}

/// Writing an offer: admins; officers of its municipality; its provider.
pub fn can_write_offer(principal: &Principal, offer: &OfferFacts) -> Decision {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin, .. } => Ok(()),
        Principal::User { binding: Binding::Municipality(own), .. }
            if offer.municipality.as_deref() == Some(own.as_str()) =>
        {
            Ok(())
        }
        Principal::User { binding: Binding::Provider(name), .. } if *name == offer.provider => Ok(()),
        _ => Err(Denied::Forbidden),
    }
}

/// Enrolling a company: its own users, officers and admins.
pub fn can_enrol(principal: &Principal, company: Uuid) -> Decision {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin | Role::Officer, .. } => Ok(()),
        Principal::User { binding: Binding::Company(id), .. } if *id == company => Ok(()),
        _ => Err(Denied::Forbidden),
    }
}

/// Reading an enrolment (personal data): admins, officers, the offer's
/// provider, the enrolled company. Never integrations.
pub fn sees_enrolment(principal: &Principal, offer: &OfferFacts, company: Uuid) -> bool {
    match principal {
        Principal::User { role: Role::Admin | Role::Officer, .. } => true,
        Principal::User { binding: Binding::Provider(name), .. } => *name == offer.provider,
        Principal::User { binding: Binding::Company(id), .. } => *id == company,
        _ => false,
    }
}

/// Recording attendance: admins, officers, the offer's provider.
pub fn can_record_attendance(principal: &Principal, offer: &OfferFacts) -> Decision {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin | Role::Officer, .. } => Ok(()),
        Principal::User { binding: Binding::Provider(name), .. } if *name == offer.provider => Ok(()),
        _ => Err(Denied::Forbidden),
    }
}

/// Admins and officers see every meeting; everyone else planned and held ones.
pub fn sees_every_meeting(principal: &Principal) -> bool {
    matches!(principal, Principal::User { role: Role::Admin | Role::Officer, .. })
}

/// Writing a meeting hosted by `municipality`: admins and its officers.
pub fn can_write_meeting(principal: &Principal, municipality: &str) -> Decision {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin, .. } => Ok(()),
        Principal::User { binding: Binding::Municipality(own), .. } if own.as_str() == municipality => Ok(()),
        _ => Err(Denied::Forbidden),
    }
}

/// Reading registrations (attendees are personal data): admins and officers
/// all, a company user its own; `Some(company)` restricts to that company.
pub fn registrations_scope(principal: &Principal) -> Result<Option<Uuid>, Denied> {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin | Role::Officer, .. } => Ok(None),
        Principal::User { binding: Binding::Company(id), .. } => Ok(Some(*id)),
        _ => Err(Denied::Forbidden),
    }
}

/// The participation report: admins see every municipality; an officer its
/// own (and the totals over all); `Some(code)` is the one municipality shown.
pub fn report_scope(principal: &Principal) -> Result<Option<Kommunkod>, Denied> {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::User { role: Role::Admin, .. } => Ok(None),
        Principal::User { binding: Binding::Municipality(own), .. } => Ok(Some(own.clone())),
        _ => Err(Denied::Forbidden),
    }
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

    #[test]
    fn company_rules_as_a_table() {
        use Denied::{Forbidden as F, Unauthenticated as U};
        let principals = principals();
        let own_company = Uuid::nil();
        let company = |id: Uuid, municipality: &str, partner: bool, listed: bool| CompanyFacts {
            id,
            municipality: municipality.to_owned(),
            partner_municipality: partner,
            listed,
        };
        // The company user of the table is bound to Uuid::nil(): `own` is its company.
        let own = company(own_company, "0686", true, false);
        let eksjo_listed = company(Uuid::from_u128(1), "0686", true, true);
        let vetlanda_unlisted = company(Uuid::from_u128(2), "0685", true, false);
        let vaxjo_unlisted = company(Uuid::from_u128(3), "0780", false, false);

        // anonymous, admin, officer (0686), company (own), provider, integration (all)
        let sees: [(&CompanyFacts, [bool; 6]); 4] = [
            (&own, [false, true, true, true, false, false]),
            (&eksjo_listed, [true, true, true, true, true, true]),
            (&vetlanda_unlisted, [false, true, true, false, false, false]),
            (&vaxjo_unlisted, [false, true, false, false, false, false]),
        ];
        for (facts, expected) in sees {
            for ((who, principal), want) in principals.iter().zip(expected) {
                assert_eq!(sees_company(principal, facts), want, "{who} sees {facts:?}?");
            }
        }
        type CompanyRule = fn(&Principal, &CompanyFacts) -> Decision;
        let rules: [(&str, CompanyRule, &CompanyFacts, [Decision; 6]); 6] = [
            ("edit own", can_edit_company, &own, [Err(U), Ok(()), Ok(()), Ok(()), Err(F), Err(F)]),
            ("edit other", can_edit_company, &vetlanda_unlisted, [Err(U), Ok(()), Err(F), Err(F), Err(F), Err(F)]),
            ("delete own", can_delete_company, &own, [Err(U), Ok(()), Ok(()), Err(F), Err(F), Err(F)]),
            ("read contacts", can_read_contacts, &vetlanda_unlisted, [Err(U), Ok(()), Ok(()), Err(F), Err(F), Err(F)]),
            ("read own contacts", can_read_contacts, &own, [Err(U), Ok(()), Ok(()), Ok(()), Err(F), Err(F)]),
            ("edit contacts", can_edit_contacts, &eksjo_listed, [Err(U), Ok(()), Ok(()), Err(F), Err(F), Err(F)]),
        ];
        for (operation, rule, facts, expected) in rules {
            for ((who, principal), want) in principals.iter().zip(expected) {
                assert_eq!(rule(principal, facts), want, "{who} may {operation}?");
            }
        }
        let eksjo = Kommunkod::parse("m", "0686").expect("valid");
        let vetlanda = Kommunkod::parse("m", "0685").expect("valid");
        let create: Vec<_> = principals.iter().map(|(_, p)| can_create_company(p, &eksjo)).collect();
        assert_eq!(create, [Err(U), Ok(()), Ok(()), Err(F), Err(F), Err(F)]);
        assert_eq!(
            can_create_company(&principals[2].1, &vetlanda),
            Err(F),
            "an officer creates in its own municipality"
        );
        let scoped = Principal::Client { id: Uuid::nil(), municipalities: vec![vetlanda] };
        assert!(!sees_company(&scoped, &eksjo_listed));
        assert!(!sees_company(&scoped, &vetlanda_unlisted));
    }

    #[test]
    fn analysis_rules_as_a_table() {
        use Denied::{Forbidden as F, Unauthenticated as U};
        let principals = principals();
        let facts = |id: u128, municipality: &str, partner: bool| CompanyFacts {
            id: Uuid::from_u128(id),
            municipality: municipality.to_owned(),
            partner_municipality: partner,
            listed: true,
        };
        // The company user of the table is bound to Uuid::nil() (id 0).
        let own = facts(0, "0686", true);
        let vetlanda = facts(2, "0685", true);
        let vaxjo = facts(3, "0780", false);
        // anonymous, admin, officer (0686), company (own), provider, integration
        let sees: [(&CompanyFacts, [bool; 6]); 3] = [
            (&own, [false, true, true, true, false, false]),
            (&vetlanda, [false, true, true, false, false, false]),
            (&vaxjo, [false, true, false, false, false, false]),
        ];
        for (company, expected) in sees {
            for ((who, principal), want) in principals.iter().zip(expected) {
                assert_eq!(sees_analyses_of(principal, company), want, "{who} sees analyses of {company:?}?");
            }
        }
        let scopes: Vec<_> = principals.iter().map(|(_, p)| analysis_scope(p).map(|_| ())).collect();
        assert_eq!(scopes, [Err(U), Ok(()), Ok(()), Ok(()), Err(F), Err(F)]);
        let write = |company: &CompanyFacts, drafts: bool| -> Vec<Decision> {
            principals.iter().map(|(_, p)| can_write_analysis(p, company, drafts)).collect()
        };
        assert_eq!(write(&own, true), [Err(U), Ok(()), Ok(()), Ok(()), Err(F), Err(F)]);
        assert_eq!(
            write(&own, false),
            [Err(U), Ok(()), Ok(()), Err(F), Err(F), Err(F)],
            "a company writes drafts only"
        );
        assert_eq!(write(&vetlanda, true), [Err(U), Ok(()), Err(F), Err(F), Err(F), Err(F)]);
        let demand: Vec<_> = principals.iter().map(|(_, p)| can_read_demand(p)).collect();
        assert_eq!(demand, [Err(U), Ok(()), Ok(()), Err(F), Ok(()), Err(F)]);
    }

    #[test]
    fn offer_rules_as_a_table() {
        use Denied::{Forbidden as F, Unauthenticated as U};
        let principals = principals();
        let offer = |provider: &str, municipality: Option<&str>, published| OfferFacts {
            provider: provider.to_owned(),
            municipality: municipality.map(str::to_owned),
            published,
        };
        // The provider of the table is "Campus Eksjö"; the officer of 0686; the company user of Uuid::nil().
        let own_draft = offer("Campus Eksjö", None, false);
        let other_published = offer("Other", Some("0686"), true);
        let other_draft = offer("Other", Some("0685"), false);
        // anonymous, admin, officer, company, provider, integration
        let sees: [(&OfferFacts, [bool; 6]); 3] = [
            (&own_draft, [false, true, true, false, true, false]),
            (&other_published, [true, true, true, true, true, true]),
            (&other_draft, [false, true, true, false, false, false]),
        ];
        for (facts, expected) in sees {
            for ((who, principal), want) in principals.iter().zip(expected) {
                assert_eq!(sees_offer(principal, facts), want, "{who} sees {facts:?}?");
            }
        }
        let write = |o: &OfferFacts| principals.iter().map(|(_, p)| can_write_offer(p, o)).collect::<Vec<_>>();
        assert_eq!(write(&own_draft), [Err(U), Ok(()), Err(F), Err(F), Ok(()), Err(F)]);
        assert_eq!(write(&other_published), [Err(U), Ok(()), Ok(()), Err(F), Err(F), Err(F)]);
        assert_eq!(write(&other_draft), [Err(U), Ok(()), Err(F), Err(F), Err(F), Err(F)]);
        let enrol: Vec<_> = principals.iter().map(|(_, p)| can_enrol(p, Uuid::nil())).collect();
        assert_eq!(enrol, [Err(U), Ok(()), Ok(()), Ok(()), Err(F), Err(F)]);
        let enrol_other: Vec<_> = principals.iter().map(|(_, p)| can_enrol(p, Uuid::from_u128(9))).collect();
        assert_eq!(enrol_other, [Err(U), Ok(()), Ok(()), Err(F), Err(F), Err(F)]);
        let sees_enrolment_of =
            |o: &OfferFacts, c: Uuid| principals.iter().map(|(_, p)| sees_enrolment(p, o, c)).collect::<Vec<_>>();
        assert_eq!(sees_enrolment_of(&own_draft, Uuid::from_u128(9)), [false, true, true, false, true, false]);
        assert_eq!(sees_enrolment_of(&other_published, Uuid::nil()), [false, true, true, true, false, false]);
        let attendance: Vec<_> = principals.iter().map(|(_, p)| can_record_attendance(p, &own_draft)).collect();
        assert_eq!(attendance, [Err(U), Ok(()), Ok(()), Err(F), Ok(()), Err(F)]);
    }

    #[test]
    fn meeting_rules_as_a_table() {
        use Denied::{Forbidden as F, Unauthenticated as U};
        let principals = principals();
        let sees: Vec<_> = principals.iter().map(|(_, p)| sees_every_meeting(p)).collect();
        assert_eq!(sees, [false, true, true, false, false, false]);
        let write_own: Vec<_> = principals.iter().map(|(_, p)| can_write_meeting(p, "0686")).collect();
        assert_eq!(write_own, [Err(U), Ok(()), Ok(()), Err(F), Err(F), Err(F)]);
        let write_other: Vec<_> = principals.iter().map(|(_, p)| can_write_meeting(p, "0685")).collect();
        assert_eq!(write_other, [Err(U), Ok(()), Err(F), Err(F), Err(F), Err(F)]);
        let registrations: Vec<_> = principals.iter().map(|(_, p)| registrations_scope(p)).collect();
        assert_eq!(registrations, [Err(U), Ok(None), Ok(None), Ok(Some(Uuid::nil())), Err(F), Err(F)]);
        let reports: Vec<_> =
            principals.iter().map(|(_, p)| report_scope(p).map(|s| s.map(|k| k.to_string()))).collect();
        assert_eq!(reports, [Err(U), Ok(None), Ok(Some("0686".to_owned())), Err(F), Err(F), Err(F)]);
    }
}
