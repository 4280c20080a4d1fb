//! What a write to a needs analysis is made of, made only by parsing: every
//! field error of one input (needs included, as `needs[i].field`) at once.

use super::{AnalysisStatus, MAX_NEEDS, NeedStatus, Priority, date, employees_concerned};
use crate::competence_area::AreaSlug;
use crate::{FieldError, FieldErrors, text};
use chrono::NaiveDate;
use uuid::Uuid;

/// The longest summary and need description.
pub const SUMMARY_MAX: usize = 4000;
pub const NEED_DESCRIPTION_MAX: usize = 2000;

/// Whether a competence area exists.
pub type KnownArea<'a> = &'a dyn Fn(&AreaSlug) -> bool;

/// One need as a client sends it.
#[derive(Debug, Clone, Copy)]
pub struct NeedInput<'a> {
    /// The id of a need the analysis has (kept), or none (a new need).
    pub id: Option<Uuid>,
    pub status: Option<&'a str>,
    pub area: &'a str,
    pub description: Option<&'a str>,
    pub priority: &'a str,
    pub employees_concerned: i64,
    pub wanted_by: Option<&'a str>,
}

/// A valid need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNeed {
    /// The need it keeps (its id stays), or none (a new need).
    pub id: Option<Uuid>,
    /// The status it gets; none: a kept need keeps its own, a new one is open.
    pub status: Option<NeedStatus>,
    pub area: AreaSlug,
    pub description: Option<String>,
    pub priority: Priority,
    pub employees_concerned: i32,
    pub wanted_by: Option<NaiveDate>,
}

/// A needs list: at most [`MAX_NEEDS`], each area one of the taxonomy's
/// (`known`), each `id` one of the analysis's needs (`existing`), once.
pub fn parse_needs(
    input: &[NeedInput<'_>],
    existing: &[Uuid],
    known: &dyn Fn(&AreaSlug) -> bool,
) -> Result<Vec<NewNeed>, FieldErrors> {
    if input.len() > MAX_NEEDS {
        return Err(FieldError::new("needs", "length", "at most 50 needs").into());
    }
    let mut errors = FieldErrors::default();
    let mut needs = Vec::with_capacity(input.len());
    for (i, need) in input.iter().enumerate() {
        let field = |name: &str| format!("needs[{i}].{name}");
        let area = errors.collect(AreaSlug::parse(&field("area"), need.area));
        if let Some(area) = area.as_ref().filter(|a| !known(a)) {
            errors.push(FieldError::new(field("area"), "unknown", format!("there is no competence area {area}")));
        }
        let priority = errors.collect(Priority::parse(&field("priority"), need.priority));
        let employees = errors.collect(employees_concerned(&field("employeesConcerned"), need.employees_concerned));
        let description = need
            .description
            .and_then(|d| errors.collect(text::multiline(&field("description"), d, NEED_DESCRIPTION_MAX)));
        let wanted_by = need.wanted_by.and_then(|d| errors.collect(date(&field("wantedBy"), d)));
        let status = need.status.and_then(|s| errors.collect(NeedStatus::parse(&field("status"), s)));
        if let Some(id) = need.id {
            if !existing.contains(&id) {
                errors.push(FieldError::new(field("id"), "unknown", format!("this analysis has no need {id}")));
            } else if input[..i].iter().any(|n| n.id == Some(id)) {
                errors.push(FieldError::new(field("id"), "duplicate", "listed twice"));
            }
        }
        if let (Some(area), Some(priority), Some(employees_concerned)) = (area, priority, employees) {
            needs.push(NewNeed { id: need.id, status, area, description, priority, employees_concerned, wanted_by });
        }
    }
    errors.into_result()?;
    Ok(needs)
}

fn completed_needs_some(status: AnalysisStatus, needs: usize, errors: &mut FieldErrors) {
    if status == AnalysisStatus::Completed && needs == 0 {
        errors.push(FieldError::new("needs", "required", "a completed analysis lists at least one need"));
    }
}

/// A valid new analysis (of a company the caller names and sees).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAnalysis {
    pub status: AnalysisStatus,
    pub conducted_on: NaiveDate,
    pub summary: Option<String>,
    pub needs: Vec<NewNeed>,
}

impl NewAnalysis {
    /// A new analysis is a draft (the default) or completed, and a
    /// completed one lists at least one need.
    pub fn parse(
        status: Option<&str>,
        conducted_on: &str,
        summary: Option<&str>,
        needs: &[NeedInput<'_>],
        known: &dyn Fn(&AreaSlug) -> bool,
    ) -> Result<NewAnalysis, FieldErrors> {
        let mut errors = FieldErrors::default();
        let status = match status {
            None => Some(AnalysisStatus::Draft),
            Some(s) => errors.collect(AnalysisStatus::parse("status", s)),
        };
        if status == Some(AnalysisStatus::Archived) {
            errors.push(FieldError::new("status", "enum", "a new analysis is a draft or completed"));
        }
        let conducted_on = errors.collect(date("conductedOn", conducted_on));
        let summary = summary.and_then(|s| errors.collect(text::multiline("summary", s, SUMMARY_MAX)));
        let parsed_needs = errors.absorb(parse_needs(needs, &[], known));
        if let Some(status) = status {
            completed_needs_some(status, needs.len(), &mut errors);
        }
        errors.finish(|| {
            Some(NewAnalysis { status: status?, conducted_on: conducted_on?, summary, needs: parsed_needs? })
        })
    }
}

/// A valid change of an analysis's content (its status move is checked
/// before, with [`AnalysisStatus::transition`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnalysisChanges {
    /// The new status, when it moves.
    pub status: Option<AnalysisStatus>,
    pub conducted_on: Option<NaiveDate>,
    pub summary: Option<Option<String>>,
    /// The whole new needs list.
    pub needs: Option<Vec<NewNeed>>,
}

impl AnalysisChanges {
    /// The content of a patch moving the analysis from `from` to `to`; it
    /// has the needs `needs_now` before.
    pub fn parse(
        (from, to): (AnalysisStatus, AnalysisStatus),
        conducted_on: Option<&str>,
        summary: Option<Option<&str>>,
        needs: Option<&[NeedInput<'_>]>,
        (needs_now, known): (&[Uuid], KnownArea<'_>),
    ) -> Result<AnalysisChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let changes = AnalysisChanges {
            status: (to != from).then_some(to),
            conducted_on: conducted_on.and_then(|d| errors.collect(date("conductedOn", d))),
            summary: errors.collect_nullable(summary, |s| text::multiline("summary", s, SUMMARY_MAX)),
            needs: needs.and_then(|list| errors.absorb(parse_needs(list, needs_now, known))),
        };
        completed_needs_some(to, needs.map_or(needs_now.len(), <[_]>::len), &mut errors);
        errors.into_result()?;
        Ok(changes)
    }

    /// Whether anything but the status changes.
    pub fn changes_content(&self) -> bool {
        self.conducted_on.is_some() || self.summary.is_some() || self.needs.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(area: &'static str) -> NeedInput<'static> {
        NeedInput {
            id: None,
            status: None,
            area,
            description: None,
            priority: "high",
            employees_concerned: 3,
            wanted_by: None,
        }
    }

    #[test]
    fn a_completed_analysis_needs_a_need_and_known_areas() {
        let known = |a: &AreaSlug| a.as_str() == "welding";
        let errors = NewAnalysis::parse(Some("completed"), "2026-03-03", None, &[], &known).expect_err("invalid");
        assert_eq!(errors.0[0].field, "needs");
        let errors =
            NewAnalysis::parse(None, "2026-03-03", None, &[need("welding"), need("knitting")], &known).expect_err("x");
        assert_eq!(errors.0[0].field, "needs[1].area");
        let analysis = NewAnalysis::parse(None, "2026-03-03", None, &[need("welding")], &known).expect("valid");
        assert_eq!(analysis.status, AnalysisStatus::Draft);
    }

    #[test]
    fn a_patch_keeps_needs_by_id_and_knows_no_other() {
        let kept = Uuid::from_u128(7);
        let mut keep = need("welding");
        keep.id = Some(kept);
        keep.status = Some("met");
        let mut stranger = need("welding");
        stranger.id = Some(Uuid::from_u128(8));
        let moving = (AnalysisStatus::Completed, AnalysisStatus::Completed);
        let errors = AnalysisChanges::parse(moving, None, None, Some(&[keep, stranger, keep]), (&[kept], &|_| true))
            .expect_err("unknown and repeated ids");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["needs[1].id", "needs[2].id"]);
        let changes = AnalysisChanges::parse(moving, None, None, Some(&[keep, need("welding")]), (&[kept], &|_| true))
            .expect("valid");
        let needs = changes.needs.expect("needs");
        assert_eq!((needs[0].id, needs[0].status), (Some(kept), Some(NeedStatus::Met)));
        assert_eq!((needs[1].id, needs[1].status), (None, None));
    }

    #[test]
    fn a_new_analysis_is_not_archived() {
        let errors = NewAnalysis::parse(Some("archived"), "2026-03-03", None, &[], &|_| true).expect_err("invalid");
        assert_eq!(errors.0[0].code, "enum");
    }

    #[test]
    fn completing_an_analysis_without_needs_is_refused() {
        let moving = (AnalysisStatus::Draft, AnalysisStatus::Completed);
        let errors = AnalysisChanges::parse(moving, None, None, None, (&[], &|_| true)).expect_err("invalid");
        assert_eq!(errors.0[0].field, "needs");
        let changes =
            AnalysisChanges::parse(moving, None, None, None, (&[Uuid::nil(), Uuid::max()], &|_| true)).expect("valid");
        assert_eq!(changes.status, Some(AnalysisStatus::Completed));
        assert!(!changes.changes_content());
    }
}
