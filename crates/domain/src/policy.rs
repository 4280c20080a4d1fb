//! Who may do what: the access matrix of `docs/access.md`, row by row, and
//! nowhere else. Handlers call these first thing; each answers `Ok` or why
//! not: not signed in (401) or not allowed (403). Reads of single objects
//! that a principal may not see are answered as if the object did not exist
//! (404): the `sees_*` functions say which.

use crate::account::Principal;
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

fn grant(allowed: bool, principal: &Principal) -> Decision {
    match (allowed, principal) {
        (true, _) => Ok(()),
        (false, Principal::Anonymous) => Err(Denied::Unauthenticated),
        (false, _) => Err(Denied::Forbidden),
    }
}

fn is_admin(principal: &Principal) -> bool {
    matches!(principal, Principal::Admin { .. })
}

/// An officer of exactly `municipality`.
fn officer_of(principal: &Principal, municipality: &str) -> bool {
    matches!(principal, Principal::Officer { municipality: own, .. } if own.as_str() == municipality)
}

/// An officer whose shared set holds `municipality`.
fn officer_sharing(principal: &Principal, municipality: &str) -> bool {
    matches!(principal, Principal::Officer { shared, .. } if shared.iter().any(|c| c.as_str() == municipality))
}

fn company_user_of(principal: &Principal, company: Uuid) -> bool {
    principal.own_company() == Some(company)
}

fn provider_named(principal: &Principal, name: &str) -> bool {
    principal.own_provider() == Some(name)
}

/// Any signed-in principal (people and integrations).
pub fn authenticated(principal: &Principal) -> Decision {
    grant(!matches!(principal, Principal::Anonymous), principal)
}

/// A person (not an integration): changing one's own password.
pub fn is_person(principal: &Principal) -> Decision {
    grant(principal.user_id().is_some(), principal)
}

/// Users, API clients, reference data, the audit log, personal-data look-up
/// and erasure: admins only.
pub fn is_admin_only(principal: &Principal) -> Decision {
    grant(is_admin(principal), principal)
}

/// Users: create, list, read, change, disable, delete.
pub fn can_manage_users(principal: &Principal) -> Decision {
    is_admin_only(principal)
}

/// API clients for integrations.
pub fn can_manage_api_clients(principal: &Principal) -> Decision {
    is_admin_only(principal)
}

/// Municipalities and competence areas: create, change, delete.
pub fn can_edit_reference_data(principal: &Principal) -> Decision {
    is_admin_only(principal)
}

/// The audit log.
pub fn can_read_audit_log(principal: &Principal) -> Decision {
    is_admin_only(principal)
}

/// Everything held about one person: look-up (GDPR art. 15) and erasure (art. 17).
pub fn can_manage_personal_data(principal: &Principal) -> Decision {
    is_admin_only(principal)
}

// ---------------------------------------------------------------- companies

/// Which companies a principal sees; lists are filtered by it in the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompanyScope {
    /// Admins: every company.
    All,
    /// Officers: every company of their shared set, and the listed directory.
    SharedOrListed(Vec<Kommunkod>),
    /// Company users: the listed directory, and their own company.
    ListedOr(Uuid),
    /// Anonymous callers and providers: the listed directory.
    Listed,
    /// Integrations bound to municipalities: the listed directory of those.
    ListedIn(Vec<Kommunkod>),
}

pub fn company_scope(principal: &Principal) -> CompanyScope {
    match principal {
        Principal::Admin { .. } => CompanyScope::All,
        Principal::Officer { shared, .. } => CompanyScope::SharedOrListed(shared.clone()),
        Principal::Company { company, .. } => CompanyScope::ListedOr(*company),
        Principal::Integration { municipalities, .. } if !municipalities.is_empty() => {
            CompanyScope::ListedIn(municipalities.clone())
        }
        Principal::Provider { .. } | Principal::Integration { .. } | Principal::Anonymous => CompanyScope::Listed,
    }
}

/// What the rules need to know of one company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyFacts {
    pub id: Uuid,
    pub municipality: String,
    pub listed: bool,
    /// Whether officers beyond its own municipality read its needs analyses.
    pub shares_analyses: bool,
}

/// Whether `principal` sees the company at all (if not: 404).
pub fn sees_company(principal: &Principal, company: &CompanyFacts) -> bool {
    match company_scope(principal) {
        CompanyScope::All => true,
        CompanyScope::SharedOrListed(shared) => {
            company.listed || shared.iter().any(|c| c.as_str() == company.municipality)
        }
        CompanyScope::ListedOr(id) => company.listed || company.id == id,
        CompanyScope::Listed => company.listed,
        CompanyScope::ListedIn(codes) => company.listed && codes.iter().any(|c| c.as_str() == company.municipality),
    }
}

/// Whether the company is the principal's to write: admins, officers of its
/// municipality, and (when `company_user_too`) its own users.
fn owns(principal: &Principal, company: &CompanyFacts, company_user_too: bool) -> Decision {
    let own = is_admin(principal)
        || officer_of(principal, &company.municipality)
        || (company_user_too && company_user_of(principal, company.id));
    grant(own, principal)
}

/// Creating a company in `municipality`: admins, and officers of that municipality.
pub fn can_create_company(principal: &Principal, municipality: &Kommunkod) -> Decision {
    grant(is_admin(principal) || officer_of(principal, municipality.as_str()), principal)
}

/// Whether the role may ever create companies (checked before the body is read).
pub fn may_create_companies(principal: &Principal) -> Decision {
    grant(matches!(principal, Principal::Admin { .. } | Principal::Officer { .. }), principal)
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
    matches!(principal, Principal::Company { .. })
}

/// Reading a company's contacts (personal data): admins, officers whose
/// shared set holds the company, and the company's own users.
pub fn can_read_contacts(principal: &Principal, company: &CompanyFacts) -> Decision {
    let allowed = is_admin(principal)
        || officer_sharing(principal, &company.municipality)
        || company_user_of(principal, company.id);
    grant(allowed, principal)
}

/// Writing and erasing a company's contacts: admins, officers of its municipality, its own users.
pub fn can_edit_contacts(principal: &Principal, company: &CompanyFacts) -> Decision {
    owns(principal, company, true)
}

// ----------------------------------------------------------- needs analyses

/// Which needs analyses a principal reads; lists are filtered by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalysisScope {
    /// Admins.
    All,
    /// Officers: the analyses of the companies of their own municipality,
    /// and of those of the rest of their shared set that share them.
    Officer { own: Kommunkod, shared: Vec<Kommunkod> },
    /// Company users: their own company's.
    Company(Uuid),
}

/// Providers and integrations never see individual analyses (403);
/// anonymous callers sign in first (401).
pub fn analysis_scope(principal: &Principal) -> Result<AnalysisScope, Denied> {
    match principal {
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::Admin { .. } => Ok(AnalysisScope::All),
        Principal::Officer { municipality, shared, .. } => {
            Ok(AnalysisScope::Officer { own: municipality.clone(), shared: shared.clone() })
        }
        Principal::Company { company, .. } => Ok(AnalysisScope::Company(*company)),
        Principal::Provider { .. } | Principal::Integration { .. } => Err(Denied::Forbidden),
    }
}

/// Whether `principal` sees the analyses of this company: admins, the
/// company's own users, officers of its municipality, and officers of the
/// rest of its shared set when the company shares its analyses.
pub fn sees_analyses_of(principal: &Principal, company: &CompanyFacts) -> bool {
    is_admin(principal)
        || company_user_of(principal, company.id)
        || officer_of(principal, &company.municipality)
        || (company.shares_analyses && officer_sharing(principal, &company.municipality))
}

/// Writing an analysis of `company` that is, and stays, in these statuses:
/// admins; officers of the company's municipality; the company's own users
/// while it is a draft.
pub fn can_write_analysis(principal: &Principal, company: &CompanyFacts, drafts_only: bool) -> Decision {
    owns(principal, company, drafts_only)
}

/// The aggregated demand (no company names or ids): every signed-in person.
pub fn can_read_demand(principal: &Principal) -> Decision {
    grant(principal.user_id().is_some(), principal)
}

/// The fewest companies a demand cell shown to `principal` may be made of:
/// providers see no cell that one or two companies make up.
pub fn demand_cell_minimum(principal: &Principal) -> i64 {
    if matches!(principal, Principal::Provider { .. }) { 3 } else { 1 }
}

// ------------------------------------------------------------------- offers

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
        Principal::Admin { .. } | Principal::Officer { .. } => OfferScope::All,
        Principal::Provider { name, .. } => OfferScope::PublishedAnd(name.clone()),
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

/// Whether the role may ever write offers: admins and providers.
pub fn may_write_offers(principal: &Principal) -> Decision {
    grant(matches!(principal, Principal::Admin { .. } | Principal::Provider { .. }), principal)
}

/// Writing an offer: admins; its provider.
pub fn can_write_offer(principal: &Principal, offer: &OfferFacts) -> Decision {
    grant(is_admin(principal) || provider_named(principal, &offer.provider), principal)
}

// --------------------------------------------------------------- enrolments

/// Whether the role may ever enrol or register companies: admins, officers, company users.
pub fn may_act_for_companies(principal: &Principal) -> Decision {
    grant(
        matches!(principal, Principal::Admin { .. } | Principal::Officer { .. } | Principal::Company { .. }),
        principal,
    )
}

/// Enrolling a company, or registering it for a meeting: admins, officers
/// of its municipality, its own users.
pub fn can_act_for_company(principal: &Principal, company: &CompanyFacts) -> Decision {
    owns(principal, company, true)
}

/// Whether the role may ever read enrolments (personal data): people.
pub fn may_read_enrolments(principal: &Principal) -> Decision {
    grant(principal.user_id().is_some(), principal)
}

/// Which enrolments of one offer a principal reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrolmentScope {
    /// Admins and the offer's provider.
    All,
    /// Officers: enrolments of companies of their shared set.
    CompaniesIn(Vec<Kommunkod>),
    /// Company users: their own.
    Company(Uuid),
}

/// The enrolments of `offer` that `principal` reads; a provider of other offers: 403.
pub fn enrolment_scope(principal: &Principal, offer: &OfferFacts) -> Result<EnrolmentScope, Denied> {
    match principal {
        Principal::Admin { .. } => Ok(EnrolmentScope::All),
        Principal::Provider { name, .. } if *name == offer.provider => Ok(EnrolmentScope::All),
        Principal::Officer { shared, .. } => Ok(EnrolmentScope::CompaniesIn(shared.clone())),
        Principal::Company { company, .. } => Ok(EnrolmentScope::Company(*company)),
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::Provider { .. } | Principal::Integration { .. } => Err(Denied::Forbidden),
    }
}

/// Reading one enrolment (names, e-mails, gender).
pub fn sees_enrolment(principal: &Principal, offer: &OfferFacts, company: &CompanyFacts) -> bool {
    match enrolment_scope(principal, offer) {
        Ok(EnrolmentScope::All) => true,
        Ok(EnrolmentScope::CompaniesIn(shared)) => shared.iter().any(|c| c.as_str() == company.municipality),
        Ok(EnrolmentScope::Company(id)) => id == company.id,
        Err(_) => false,
    }
}

/// Cancelling an enrolment or changing its participants' names: admins,
/// officers of the company's municipality, the company itself before the
/// offer starts.
pub fn can_change_enrolment(principal: &Principal, company: &CompanyFacts, started: bool) -> Decision {
    let allowed = is_admin(principal)
        || officer_of(principal, &company.municipality)
        || (company_user_of(principal, company.id) && !started);
    grant(allowed, principal)
}

/// Recording hours attended: admins, officers of the company's
/// municipality, the offer's provider.
pub fn can_record_hours(principal: &Principal, offer: &OfferFacts, company: &CompanyFacts) -> Decision {
    let allowed = is_admin(principal)
        || officer_of(principal, &company.municipality)
        || provider_named(principal, &offer.provider);
    grant(allowed, principal)
}

// ----------------------------------------------------------------- meetings

/// Admins and officers see every meeting; everyone else planned and held ones.
pub fn sees_every_meeting(principal: &Principal) -> bool {
    matches!(principal, Principal::Admin { .. } | Principal::Officer { .. })
}

/// Writing a meeting hosted by `municipality`: admins and its officers.
pub fn can_write_meeting(principal: &Principal, municipality: &str) -> Decision {
    grant(is_admin(principal) || officer_of(principal, municipality), principal)
}

/// Which registrations of one meeting a principal reads (attendees are personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegistrationScope {
    /// Admins; officers whose shared set holds the host municipality.
    All,
    /// Other officers: registrations of companies of their shared set.
    CompaniesIn(Vec<Kommunkod>),
    /// Company users: their own.
    Company(Uuid),
}

/// The registrations of a meeting hosted by `host` that `principal` reads.
pub fn registration_scope(principal: &Principal, host: &str) -> Result<RegistrationScope, Denied> {
    match principal {
        Principal::Admin { .. } => Ok(RegistrationScope::All),
        Principal::Officer { .. } if officer_sharing(principal, host) => Ok(RegistrationScope::All),
        Principal::Officer { shared, .. } => Ok(RegistrationScope::CompaniesIn(shared.clone())),
        Principal::Company { company, .. } => Ok(RegistrationScope::Company(*company)),
        Principal::Anonymous => Err(Denied::Unauthenticated),
        Principal::Provider { .. } | Principal::Integration { .. } => Err(Denied::Forbidden),
    }
}

/// Reading one registration of a meeting hosted by `host`.
pub fn sees_registration(principal: &Principal, host: &str, company: &CompanyFacts) -> bool {
    match registration_scope(principal, host) {
        Ok(RegistrationScope::All) => true,
        Ok(RegistrationScope::CompaniesIn(shared)) => shared.iter().any(|c| c.as_str() == company.municipality),
        Ok(RegistrationScope::Company(id)) => id == company.id,
        Err(_) => false,
    }
}

/// Withdrawing a registration: admins, officers of the company's
/// municipality or of the host municipality, the company itself.
pub fn can_withdraw_registration(principal: &Principal, host: &str, company: &CompanyFacts) -> Decision {
    let allowed = is_admin(principal)
        || officer_of(principal, &company.municipality)
        || officer_of(principal, host)
        || company_user_of(principal, company.id);
    grant(allowed, principal)
}

/// How a held meeting's attending companies are shown to a principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttendeeNames {
    /// Admins and officers: every company by name.
    All,
    /// Everyone else: listed companies (and the caller's own) by name, the others counted.
    ListedOr(Option<Uuid>),
}

pub fn attendee_names(principal: &Principal) -> AttendeeNames {
    match principal {
        Principal::Admin { .. } | Principal::Officer { .. } => AttendeeNames::All,
        other => AttendeeNames::ListedOr(other.own_company()),
    }
}

impl AttendeeNames {
    /// Whether a company attending is named.
    pub fn names(&self, company: Uuid, listed: bool) -> bool {
        match self {
            AttendeeNames::All => true,
            AttendeeNames::ListedOr(own) => listed || *own == Some(company),
        }
    }
}

// ------------------------------------------------------------------ reports

/// The participation report: admins see every municipality (`None`); an
/// officer its own only, rows and totals, whatever it asks for.
pub fn report_scope(principal: &Principal) -> Result<Option<Kommunkod>, Denied> {
    match principal {
        Principal::Admin { .. } => Ok(None),
        Principal::Officer { municipality, .. } => Ok(Some(municipality.clone())),
        Principal::Anonymous => Err(Denied::Unauthenticated),
        _ => Err(Denied::Forbidden),
    }
}

// ----------------------------------------------------------- collaborations

/// Reading collaborations (name, funder, period, members, coordinators):
/// every signed-in principal.
pub fn can_read_collaborations(principal: &Principal) -> Decision {
    authenticated(principal)
}

/// Creating and changing collaborations: admins.
pub fn can_write_collaborations(principal: &Principal) -> Decision {
    grant(is_admin(principal), principal)
}

/// A collaboration's participation report: admins, and the officers among
/// its `coordinators`.
pub fn can_read_collaboration_report(principal: &Principal, coordinators: &[Uuid]) -> Decision {
    let coordinates = matches!(principal, Principal::Officer { .. })
        && principal.user_id().is_some_and(|id| coordinators.contains(&id));
    grant(is_admin(principal) || coordinates, principal)
}

// --------------------------------------------------------------- activities

/// Which activities a principal reads; lists are filtered by it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ActivityScope {
    /// Admins.
    All,
    /// Officers: every activity with companies of `own`, and the `shared`
    /// ones with companies of the rest of their shared set.
    Officer { own: Kommunkod, shared: Vec<Kommunkod> },
}

/// Activities are internal notes of officers: companies, providers and
/// integrations never read them (403), anonymous callers sign in (401).
pub fn activity_scope(principal: &Principal) -> Result<ActivityScope, Denied> {
    match principal {
        Principal::Admin { .. } => Ok(ActivityScope::All),
        Principal::Officer { municipality, shared, .. } => {
            Ok(ActivityScope::Officer { own: municipality.clone(), shared: shared.clone() })
        }
        Principal::Anonymous => Err(Denied::Unauthenticated),
        _ => Err(Denied::Forbidden),
    }
}

/// Reading one activity with a company of `company`, marked `shared` or not.
pub fn sees_activity(principal: &Principal, company: &CompanyFacts, shared: bool) -> bool {
    is_admin(principal)
        || officer_of(principal, &company.municipality)
        || (shared && officer_sharing(principal, &company.municipality))
}

/// Recording, changing and deleting activities with a company: admins and
/// officers of its municipality.
pub fn can_write_activities(principal: &Principal, company: &CompanyFacts) -> Decision {
    owns(principal, company, false)
}

// -------------------------------------------------------------------- tasks

/// Which tasks a principal reads and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskScope {
    /// Admins.
    All,
    /// Officers: tasks assigned to them, and tasks of companies of their municipality.
    Officer { user: Uuid, municipality: Kommunkod },
}

/// Tasks are officers' work: everyone else is refused (403; anonymous 401).
pub fn task_scope(principal: &Principal) -> Result<TaskScope, Denied> {
    match principal {
        Principal::Admin { .. } => Ok(TaskScope::All),
        Principal::Officer { id, municipality, .. } => {
            Ok(TaskScope::Officer { user: *id, municipality: municipality.clone() })
        }
        Principal::Anonymous => Err(Denied::Unauthenticated),
        _ => Err(Denied::Forbidden),
    }
}

/// Whether `principal` reads and writes a task assigned to `assignee`, of
/// a company in `company_municipality` (or of none).
pub fn sees_task(principal: &Principal, assignee: Uuid, company_municipality: Option<&str>) -> bool {
    match task_scope(principal) {
        Ok(TaskScope::All) => true,
        Ok(TaskScope::Officer { user, municipality }) => {
            user == assignee || company_municipality == Some(municipality.as_str())
        }
        Err(_) => false,
    }
}

// ----------------------------------------------------------------- timeline

/// A company's timeline (each entry then as its own row allows): admins,
/// officers, and the company's own users.
pub fn can_read_timeline(principal: &Principal, company: &CompanyFacts) -> Decision {
    let allowed = matches!(principal, Principal::Admin { .. } | Principal::Officer { .. })
        || company_user_of(principal, company.id);
    grant(allowed, principal)
}

/// Which entries of one company's timeline a principal reads: each kind
/// as its own row allows (this is the rows' rules, applied to one company).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineView {
    /// `None`: no activities; `Some(true)`: only those marked `shared`.
    pub activities: Option<bool>,
    pub analyses: bool,
    pub enrolments: bool,
    /// `None`: no registrations; `Some(None)`: all; `Some(Some(hosts))`:
    /// those of meetings hosted in `hosts`.
    pub registrations: Option<Option<Vec<Kommunkod>>>,
}

pub fn timeline_view(principal: &Principal, company: &CompanyFacts) -> TimelineView {
    let activities = if is_admin(principal) || officer_of(principal, &company.municipality) {
        Some(false)
    } else if officer_sharing(principal, &company.municipality) {
        Some(true)
    } else {
        None
    };
    let reads_rows = can_read_contacts(principal, company).is_ok();
    let registrations = match principal {
        _ if reads_rows => Some(None),
        Principal::Officer { shared, .. } => Some(Some(shared.clone())),
        _ => None,
    };
    TimelineView { activities, analyses: sees_analyses_of(principal, company), enrolments: reads_rows, registrations }
}

// ----------------------------------------------------------------- networks

/// Writing a network hosted by `municipality`, and adding or removing its
/// members: admins and the host's officers.
pub fn can_write_network(principal: &Principal, municipality: &str) -> Decision {
    grant(is_admin(principal) || officer_of(principal, municipality), principal)
}

/// Whether the role may ever create networks.
pub fn may_create_networks(principal: &Principal) -> Decision {
    grant(matches!(principal, Principal::Admin { .. } | Principal::Officer { .. }), principal)
}

/// Removing `company` from a network hosted by `host`: its writers, and the
/// company itself (it leaves).
pub fn can_remove_member(principal: &Principal, host: &str, company: Uuid) -> Decision {
    grant(is_admin(principal) || officer_of(principal, host) || company_user_of(principal, company), principal)
}

/// Which members of a network a principal reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberScope {
    /// Admins and officers: every member.
    All,
    /// Company users: listed members and their own company.
    ListedOr(Uuid),
}

/// Network members: admins, officers, company users (listed ones and their
/// own); providers and integrations 403; anonymous 401.
pub fn member_scope(principal: &Principal) -> Result<MemberScope, Denied> {
    match principal {
        Principal::Admin { .. } | Principal::Officer { .. } => Ok(MemberScope::All),
        Principal::Company { company, .. } => Ok(MemberScope::ListedOr(*company)),
        Principal::Anonymous => Err(Denied::Unauthenticated),
        _ => Err(Denied::Forbidden),
    }
}

/// Recording who attended a meeting hosted by `host`: admins and its officers.
pub fn can_record_attendance(principal: &Principal, host: &str) -> Decision {
    can_write_meeting(principal, host)
}

/// Giving feedback on a meeting: a company user, for its own company (that
/// it attended is checked against the registrations).
pub fn feedback_company(principal: &Principal) -> Result<Uuid, Denied> {
    match principal {
        Principal::Company { company, .. } => Ok(*company),
        Principal::Anonymous => Err(Denied::Unauthenticated),
        _ => Err(Denied::Forbidden),
    }
}

/// The feedback summary of a meeting hosted by `host`: admins and its officers.
pub fn can_read_feedback(principal: &Principal, host: &str) -> Decision {
    can_write_meeting(principal, host)
}

// ----------------------------------------------------------------- outcomes

/// Outcome statistics (needs by status; no company names or ids): admins,
/// officers and providers (who see no cell of fewer than three companies).
pub fn can_read_outcomes(principal: &Principal) -> Decision {
    grant(
        matches!(principal, Principal::Admin { .. } | Principal::Officer { .. } | Principal::Provider { .. }),
        principal,
    )
}

// ------------------------------------------------------------------- events

/// Who reads the event feed and manages webhooks: admins every event and
/// every webhook; an integration its own webhooks and the events of what it
/// reads (no personal data, never analyses or tasks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EventScope {
    All,
    Integration { client: Uuid, municipalities: Vec<Kommunkod> },
}

pub fn event_scope(principal: &Principal) -> Result<EventScope, Denied> {
    match principal {
        Principal::Admin { .. } => Ok(EventScope::All),
        Principal::Integration { id, municipalities } => {
            Ok(EventScope::Integration { client: *id, municipalities: municipalities.clone() })
        }
        Principal::Anonymous => Err(Denied::Unauthenticated),
        _ => Err(Denied::Forbidden),
    }
}

impl EventScope {
    /// Whether this scope learns of an event for `audience`.
    pub fn reads(&self, audience: &crate::events::Audience) -> bool {
        match self {
            EventScope::All => true,
            EventScope::Integration { municipalities, .. } => {
                crate::events::integration_reads(audience, municipalities)
            }
        }
    }

    /// Whether a webhook owned by `owner` (an API client; `None`: an admin's) is this scope's.
    pub fn owns_webhook(&self, owner: Option<Uuid>) -> bool {
        match self {
            EventScope::All => true,
            EventScope::Integration { client, .. } => owner == Some(*client),
        }
    }
}

/// The officers and admins may be assigned tasks and take part in activities.
pub fn works_with_companies(role: crate::account::Role) -> bool {
    matches!(role, crate::account::Role::Admin | crate::account::Role::Officer)
}

#[cfg(test)]
mod tests;
