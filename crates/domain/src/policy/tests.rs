//! The access matrix, row by row, against every kind of principal and
//! objects of its own and of other tenants. (The end-to-end matrix test in
//! `tests/api/security.rs` walks the same rows over HTTP.)

use super::*;
use crate::account::Principal;
use Denied::{Forbidden as F, Unauthenticated as U};

const OK: Decision = Ok(());

fn code(c: &str) -> Kommunkod {
    Kommunkod::parse("m", c).expect("valid")
}

const PARTNERS: [&str; 4] = ["0686", "0685", "0684", "0604"];

/// anonymous, admin, officer of Eksjö (a partner), officer of Växjö (no
/// collaboration), company user of company 1, provider Alfa, integration of all,
/// integration of Vetlanda.
fn principals() -> Vec<(&'static str, Principal)> {
    let id = Uuid::nil();
    let eksjo = Principal::Officer { id, municipality: code("0686"), shared: vec![code("0686")] }
        .sharing_with(PARTNERS.iter().map(|c| code(c)).collect());
    vec![
        ("anonymous", Principal::Anonymous),
        ("admin", Principal::Admin { id }),
        ("officer 0686", eksjo),
        ("officer 0780", Principal::Officer { id, municipality: code("0780"), shared: vec![code("0780")] }),
        ("company 1", Principal::Company { id, company: Uuid::from_u128(1) }),
        ("provider Alfa", Principal::Provider { id, name: "Alfa".to_owned() }),
        ("integration", Principal::Integration { id, municipalities: vec![] }),
        ("integration 0685", Principal::Integration { id, municipalities: vec![code("0685")] }),
    ]
}

fn company(id: u128, municipality: &str, listed: bool) -> CompanyFacts {
    CompanyFacts { id: Uuid::from_u128(id), municipality: municipality.to_owned(), listed, shares_analyses: true }
}

/// Company 1 (the company user's own, Eksjö, unlisted), 2 (Vetlanda, a
/// partner, unlisted), 3 (Växjö, unlisted), 4 (Vetlanda, listed).
fn own() -> CompanyFacts {
    company(1, "0686", false)
}
fn partner() -> CompanyFacts {
    company(2, "0685", false)
}
fn vaxjo() -> CompanyFacts {
    company(3, "0780", false)
}
fn listed() -> CompanyFacts {
    company(4, "0685", true)
}

fn each<T>(rule: impl Fn(&Principal) -> T) -> Vec<T> {
    principals().iter().map(|(_, p)| rule(p)).collect()
}

fn check<T: PartialEq + std::fmt::Debug>(row: &str, got: Vec<T>, want: [T; 8]) {
    for (((who, _), got), want) in principals().iter().zip(got).zip(want) {
        assert_eq!(got, want, "{row}: {who}");
    }
}

#[test]
fn company_rows() {
    check("read own", each(|p| sees_company(p, &own())), [false, true, true, false, true, false, false, false]);
    check(
        "read partner",
        each(|p| sees_company(p, &partner())),
        [false, true, true, false, false, false, false, false],
    );
    check("read växjö", each(|p| sees_company(p, &vaxjo())), [false, true, false, true, false, false, false, false]);
    check("read listed", each(|p| sees_company(p, &listed())), [true, true, true, true, true, true, true, true]);
    let eksjo = code("0686");
    check(
        "create in 0686",
        each(|p| can_create_company(p, &eksjo)),
        [Err(U), OK, OK, Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check("update own", each(|p| can_edit_company(p, &own())), [Err(U), OK, OK, Err(F), OK, Err(F), Err(F), Err(F)]);
    check(
        "update partner",
        each(|p| can_edit_company(p, &partner())),
        [Err(U), OK, Err(F), Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "delete own",
        each(|p| can_delete_company(p, &own())),
        [Err(U), OK, OK, Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
}

#[test]
fn contact_and_analysis_rows() {
    check(
        "contacts of own",
        each(|p| can_read_contacts(p, &own())),
        [Err(U), OK, OK, Err(F), OK, Err(F), Err(F), Err(F)],
    );
    check(
        "contacts of partner",
        each(|p| can_read_contacts(p, &partner())),
        [Err(U), OK, OK, Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "contacts of listed växjö-less",
        each(|p| can_read_contacts(p, &listed())),
        [Err(U), OK, OK, Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "write contacts of partner",
        each(|p| can_edit_contacts(p, &partner())),
        [Err(U), OK, Err(F), Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "analyses of partner",
        each(|p| sees_analyses_of(p, &partner())),
        [false, true, true, false, false, false, false, false],
    );
    check(
        "analyses of växjö",
        each(|p| sees_analyses_of(p, &vaxjo())),
        [false, true, false, true, false, false, false, false],
    );
    let declining = CompanyFacts { shares_analyses: false, ..partner() };
    check(
        "analyses of a partner that declines to share them",
        each(|p| sees_analyses_of(p, &declining)),
        [false, true, false, false, false, false, false, false],
    );
    let own_declining = CompanyFacts { shares_analyses: false, ..own() };
    check(
        "analyses of one's own that declines to share them",
        each(|p| sees_analyses_of(p, &own_declining)),
        [false, true, true, false, true, false, false, false],
    );
    check("analysis scope", each(|p| analysis_scope(p).map(|_| ())), [Err(U), OK, OK, OK, OK, Err(F), Err(F), Err(F)]);
    check(
        "write draft of own",
        each(|p| can_write_analysis(p, &own(), true)),
        [Err(U), OK, OK, Err(F), OK, Err(F), Err(F), Err(F)],
    );
    check(
        "complete own",
        each(|p| can_write_analysis(p, &own(), false)),
        [Err(U), OK, OK, Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check("demand", each(can_read_demand), [Err(U), OK, OK, OK, OK, OK, Err(F), Err(F)]);
    check("demand cells", each(demand_cell_minimum), [1, 1, 1, 1, 1, 3, 1, 1]);
}

#[test]
fn offer_and_enrolment_rows() {
    let offer = |provider: &str, published| OfferFacts { provider: provider.to_owned(), municipality: None, published };
    let own_draft = offer("Alfa", false);
    let other_draft = offer("Beta", false);
    let published = offer("Beta", true);
    check("read published", each(|p| sees_offer(p, &published)), [true; 8]);
    check("read own draft", each(|p| sees_offer(p, &own_draft)), [false, true, true, true, false, true, false, false]);
    check(
        "read other draft",
        each(|p| sees_offer(p, &other_draft)),
        [false, true, true, true, false, false, false, false],
    );
    check(
        "write own",
        each(|p| can_write_offer(p, &own_draft)),
        [Err(U), OK, Err(F), Err(F), Err(F), OK, Err(F), Err(F)],
    );
    check(
        "write other",
        each(|p| can_write_offer(p, &other_draft)),
        [Err(U), OK, Err(F), Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check("enrol own", each(|p| can_act_for_company(p, &own())), [Err(U), OK, OK, Err(F), OK, Err(F), Err(F), Err(F)]);
    check(
        "enrol partner",
        each(|p| can_act_for_company(p, &partner())),
        [Err(U), OK, Err(F), Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "read enrolment of own, in own offer",
        each(|p| sees_enrolment(p, &own_draft, &own())),
        [false, true, true, false, true, true, false, false],
    );
    check(
        "read enrolment of partner, other offer",
        each(|p| sees_enrolment(p, &published, &partner())),
        [false, true, true, false, false, false, false, false],
    );
    check(
        "read enrolment of växjö",
        each(|p| sees_enrolment(p, &published, &vaxjo())),
        [false, true, false, true, false, false, false, false],
    );
    check(
        "cancel own before start",
        each(|p| can_change_enrolment(p, &own(), false)),
        [Err(U), OK, OK, Err(F), OK, Err(F), Err(F), Err(F)],
    );
    check(
        "cancel own after start",
        each(|p| can_change_enrolment(p, &own(), true)),
        [Err(U), OK, OK, Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "cancel partner",
        each(|p| can_change_enrolment(p, &partner(), false)),
        [Err(U), OK, Err(F), Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "hours, own offer",
        each(|p| can_record_hours(p, &own_draft, &partner())),
        [Err(U), OK, Err(F), Err(F), Err(F), OK, Err(F), Err(F)],
    );
    check(
        "hours, company in M",
        each(|p| can_record_hours(p, &published, &own())),
        [Err(U), OK, OK, Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
}

#[test]
fn meeting_and_registration_rows() {
    check("every meeting", each(sees_every_meeting), [false, true, true, true, false, false, false, false]);
    check(
        "write hosted 0686",
        each(|p| can_write_meeting(p, "0686")),
        [Err(U), OK, OK, Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "write hosted 0685",
        each(|p| can_write_meeting(p, "0685")),
        [Err(U), OK, Err(F), Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "register own",
        each(|p| can_act_for_company(p, &own())),
        [Err(U), OK, OK, Err(F), OK, Err(F), Err(F), Err(F)],
    );
    // A meeting hosted in Växjö: its officer reads all; Eksjö's officer the partner companies' registrations.
    check(
        "attendees of partner at växjö",
        each(|p| sees_registration(p, "0780", &partner())),
        [false, true, true, true, false, false, false, false],
    );
    check(
        "attendees of växjö at 0686",
        each(|p| sees_registration(p, "0686", &vaxjo())),
        [false, true, true, true, false, false, false, false],
    );
    check(
        "attendees of own at 0780",
        each(|p| sees_registration(p, "0780", &own())),
        [false, true, true, true, true, false, false, false],
    );
    check(
        "attendees of växjö at 0685",
        each(|p| sees_registration(p, "0685", &vaxjo())),
        [false, true, true, true, false, false, false, false],
    );
    check(
        "withdraw partner at 0685",
        each(|p| can_withdraw_registration(p, "0685", &partner())),
        [Err(U), OK, Err(F), Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "withdraw partner at 0686",
        each(|p| can_withdraw_registration(p, "0686", &partner())),
        [Err(U), OK, OK, Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "withdraw own",
        each(|p| can_withdraw_registration(p, "0685", &own())),
        [Err(U), OK, OK, Err(F), OK, Err(F), Err(F), Err(F)],
    );
    let unlisted = Uuid::from_u128(1);
    check(
        "name own unlisted",
        each(|p| attendee_names(p).names(unlisted, false)),
        [false, true, true, true, true, false, false, false],
    );
    check(
        "name other unlisted",
        each(|p| attendee_names(p).names(Uuid::from_u128(9), false)),
        [false, true, true, true, false, false, false, false],
    );
    check("name listed", each(|p| attendee_names(p).names(Uuid::from_u128(9), true)), [true; 8]);
}

#[test]
fn admin_rows() {
    let admin_only = [Err(U), OK, Err(F), Err(F), Err(F), Err(F), Err(F), Err(F)];
    for rule in [
        can_manage_users,
        can_manage_api_clients,
        can_edit_reference_data,
        can_read_audit_log,
        can_manage_personal_data,
    ] {
        check("admin only", each(rule), admin_only);
    }
    check("authenticated", each(authenticated), [Err(U), OK, OK, OK, OK, OK, OK, OK]);
    check("person", each(is_person), [Err(U), OK, OK, OK, OK, OK, Err(F), Err(F)]);
    let reports = each(|p| report_scope(p).map(|s| s.map(|k| k.to_string())));
    check(
        "report",
        reports,
        [Err(U), Ok(None), Ok(Some("0686".to_owned())), Ok(Some("0780".to_owned())), Err(F), Err(F), Err(F), Err(F)],
    );
}

#[test]
fn collaboration_rows() {
    check("read", each(can_read_collaborations), [Err(U), OK, OK, OK, OK, OK, OK, OK]);
    check("write", each(can_write_collaborations), [Err(U), OK, Err(F), Err(F), Err(F), Err(F), Err(F), Err(F)]);
    // Every principal of the table has the nil id: as coordinators, the officers may; others never.
    check(
        "report, coordinated by the caller",
        each(|p| can_read_collaboration_report(p, &[Uuid::nil()])),
        [Err(U), OK, OK, OK, Err(F), Err(F), Err(F), Err(F)],
    );
    check(
        "report, coordinated by others",
        each(|p| can_read_collaboration_report(p, &[Uuid::from_u128(7)])),
        [Err(U), OK, Err(F), Err(F), Err(F), Err(F), Err(F), Err(F)],
    );
}
