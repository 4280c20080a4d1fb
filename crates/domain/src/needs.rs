//! Needs analyses (behovsanalyser): their status workflow, the needs they
//! list, and dates.

mod commands;

use crate::FieldError;
use chrono::NaiveDate;
pub use commands::{AnalysisChanges, NeedInput, NewAnalysis, NewNeed, parse_needs};

crate::offers::string_enum!(
/// What became of one need: `open` until an enrolment addresses it,
    /// then `addressed`; officers (and the company) close it as `met` or
    /// `dropped`.
    NeedStatus { Open = "open", Addressed = "addressed", Met = "met", Dropped = "dropped" } "status"
);
use std::fmt;

/// Where an analysis is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnalysisStatus {
    /// Being written; a company user may write drafts of its own.
    Draft,
    /// Done: its needs count as open demand.
    Completed,
    /// Kept for the record; no longer open demand.
    Archived,
}

impl AnalysisStatus {
    pub const ALL: [AnalysisStatus; 3] = [AnalysisStatus::Draft, AnalysisStatus::Completed, AnalysisStatus::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            AnalysisStatus::Draft => "draft",
            AnalysisStatus::Completed => "completed",
            AnalysisStatus::Archived => "archived",
        }
    }

    pub fn parse(field: &str, input: &str) -> Result<AnalysisStatus, FieldError> {
        AnalysisStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == input)
            .ok_or_else(|| FieldError::new(field, "enum", "status is draft, completed or archived"))
    }

    /// The statuses this one may move to: draft → completed → archived, and
    /// an archived analysis may be reopened (→ completed).
    pub fn next(self) -> &'static [AnalysisStatus] {
        match self {
            AnalysisStatus::Draft => &[AnalysisStatus::Completed],
            AnalysisStatus::Completed => &[AnalysisStatus::Archived],
            AnalysisStatus::Archived => &[AnalysisStatus::Completed],
        }
    }

    /// Ok when `self → to` is a step of the workflow (or no change).
    pub fn transition(self, to: AnalysisStatus) -> Result<(), IllegalTransition> {
        if self == to || self.next().contains(&to) { Ok(()) } else { Err(IllegalTransition { from: self, to }) }
    }
}

impl fmt::Display for AnalysisStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A status change the workflow does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IllegalTransition {
    pub from: AnalysisStatus,
    pub to: AnalysisStatus,
}

impl fmt::Display for IllegalTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let allowed: Vec<&str> = self.from.next().iter().map(|s| s.as_str()).collect();
        write!(
            f,
            "an analysis cannot go from {} to {}; from {} it can go to {}",
            self.from,
            self.to,
            self.from,
            allowed.join(", ")
        )
    }
}

/// How urgent a need is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    High,
    Medium,
    Low,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::High, Priority::Medium, Priority::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }

    pub fn parse(field: &str, input: &str) -> Result<Priority, FieldError> {
        match input {
            "high" => Ok(Priority::High),
            "medium" => Ok(Priority::Medium),
            "low" => Ok(Priority::Low),
            _ => Err(FieldError::new(field, "enum", "priority is high, medium or low")),
        }
    }

    /// The weight of a need of this priority when offers are ranked.
    pub fn weight(self) -> u32 {
        match self {
            Priority::High => 3,
            Priority::Medium => 2,
            Priority::Low => 1,
        }
    }
}

/// The most needs one analysis lists.
pub const MAX_NEEDS: usize = 50;

/// A calendar date, `YYYY-MM-DD`, between 2000 and 2100.
pub fn date(field: &str, input: &str) -> Result<NaiveDate, FieldError> {
    let bad = || FieldError::new(field, "date", "a date is YYYY-MM-DD, e.g. 2026-03-03");
    if input.len() != 10 {
        return Err(bad());
    }
    let date = NaiveDate::parse_from_str(input, "%Y-%m-%d").map_err(|_| bad())?;
    let low = NaiveDate::from_ymd_opt(2000, 1, 1).ok_or_else(bad)?;
    let high = NaiveDate::from_ymd_opt(2100, 12, 31).ok_or_else(bad)?;
    if date < low || date > high {
        return Err(FieldError::new(field, "range", "a date between 2000-01-01 and 2100-12-31"));
    }
    Ok(date)
}

/// The number of employees a need concerns: 1 to 100,000.
pub fn employees_concerned(field: &str, value: i64) -> Result<i32, FieldError> {
    if (1..=100_000).contains(&value) {
        Ok(value as i32)
    } else {
        Err(FieldError::new(field, "range", "employeesConcerned is a whole number from 1"))
    }
}

#[cfg(test)]
mod tests {
    use super::AnalysisStatus::{Archived, Completed, Draft};
    use super::*;

    #[test]
    fn the_workflow() {
        let allowed = [(Draft, Completed), (Completed, Archived), (Archived, Completed), (Draft, Draft)];
        for from in AnalysisStatus::ALL {
            for to in AnalysisStatus::ALL {
                let want = allowed.contains(&(from, to)) || from == to;
                assert_eq!(from.transition(to).is_ok(), want, "{from} → {to}");
            }
        }
        let message = Completed.transition(Draft).map_err(|e| e.to_string());
        assert_eq!(
            message,
            Err("an analysis cannot go from completed to draft; from completed it can go to archived".to_owned())
        );
    }

    #[test]
    fn dates_and_numbers() {
        assert_eq!(date("d", "2026-03-03").map(|d| d.to_string()), Ok("2026-03-03".to_owned()));
        for bad in ["2026-3-3", "2026-02-30", "03/03/2026", "", "1999-12-31"] {
            assert!(date("d", bad).is_err(), "{bad}");
        }
        assert!(employees_concerned("e", 0).is_err() && employees_concerned("e", 1).is_ok());
        assert_eq!(Priority::parse("p", "high").map(Priority::weight), Ok(3));
        assert!(Priority::parse("p", "urgent").is_err());
    }
}
