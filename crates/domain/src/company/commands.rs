//! What a write to a company is made of, made only by parsing: every field
//! error of one input is collected at once.

use super::{OrgNumber, employees, size_class, sni_code, website};
use crate::municipality::Kommunkod;
use crate::{FieldErrors, text};

/// The fields of a new company as a client sends them.
#[derive(Debug, Clone, Copy)]
pub struct CompanyInput<'a> {
    pub org_number: &'a str,
    pub name: &'a str,
    pub municipality: &'a str,
    pub sni_code: &'a str,
    pub employees: i64,
    pub website: Option<&'a str>,
    pub address: Option<&'a str>,
    pub description: Option<&'a str>,
    pub listed: bool,
    pub share_analyses: bool,
}

/// A valid new company.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCompany {
    pub org_number: OrgNumber,
    pub name: String,
    pub municipality: Kommunkod,
    pub sni_code: String,
    pub employees: i64,
    pub website: Option<String>,
    pub address: Option<String>,
    pub description: Option<String>,
    pub listed: bool,
    /// Whether officers beyond its own municipality read its needs analyses.
    pub share_analyses: bool,
}

/// The longest name, address and description.
pub const NAME_MAX: usize = 200;
pub const ADDRESS_MAX: usize = 300;
pub const DESCRIPTION_MAX: usize = 4000;

impl NewCompany {
    pub fn parse(input: CompanyInput<'_>) -> Result<NewCompany, FieldErrors> {
        let mut errors = FieldErrors::default();
        let org_number = errors.collect(OrgNumber::parse("orgNumber", input.org_number));
        let name = errors.collect(text::required("name", input.name, NAME_MAX));
        let municipality = errors.collect(Kommunkod::parse("municipality", input.municipality));
        let sni_code = errors.collect(sni_code("sniCode", input.sni_code));
        let employees = errors.collect(employees("employees", input.employees));
        let website = input.website.and_then(|w| errors.collect(website("website", w)));
        let address = input.address.and_then(|a| errors.collect(text::required("address", a, ADDRESS_MAX)));
        let description =
            input.description.and_then(|d| errors.collect(text::multiline("description", d, DESCRIPTION_MAX)));
        errors.finish(|| {
            Some(NewCompany {
                org_number: org_number?,
                name: name?,
                municipality: municipality?,
                sni_code: sni_code?,
                employees: employees?,
                website,
                address,
                description,
                listed: input.listed,
                share_analyses: input.share_analyses,
            })
        })
    }

    /// SCB's size class of the company.
    pub fn size_class(&self) -> &'static str {
        size_class(self.employees)
    }
}

/// A partial update as a client sends it: an absent field stays as it is,
/// `null` clears an optional one.
#[derive(Debug, Clone, Copy, Default)]
pub struct CompanyPatch<'a> {
    pub org_number: Option<&'a str>,
    pub name: Option<&'a str>,
    pub municipality: Option<&'a str>,
    pub sni_code: Option<&'a str>,
    pub employees: Option<i64>,
    pub website: Option<Option<&'a str>>,
    pub address: Option<Option<&'a str>>,
    pub description: Option<Option<&'a str>>,
    pub listed: Option<bool>,
    pub share_analyses: Option<bool>,
}

/// A valid partial update of a company.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyChanges {
    pub org_number: Option<OrgNumber>,
    pub name: Option<String>,
    pub municipality: Option<Kommunkod>,
    pub sni_code: Option<String>,
    pub employees: Option<i64>,
    pub website: Option<Option<String>>,
    pub address: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub listed: Option<bool>,
    pub share_analyses: Option<bool>,
}

impl CompanyChanges {
    pub fn parse(patch: CompanyPatch<'_>) -> Result<CompanyChanges, FieldErrors> {
        let mut errors = FieldErrors::default();
        let changes = CompanyChanges {
            org_number: patch.org_number.and_then(|o| errors.collect(OrgNumber::parse("orgNumber", o))),
            name: patch.name.and_then(|n| errors.collect(text::required("name", n, NAME_MAX))),
            municipality: patch.municipality.and_then(|m| errors.collect(Kommunkod::parse("municipality", m))),
            sni_code: patch.sni_code.and_then(|s| errors.collect(sni_code("sniCode", s))),
            employees: patch.employees.and_then(|e| errors.collect(employees("employees", e))),
            website: errors.collect_nullable(patch.website, |w| website("website", w)),
            address: errors.collect_nullable(patch.address, |a| text::required("address", a, ADDRESS_MAX)),
            description: errors
                .collect_nullable(patch.description, |d| text::multiline("description", d, DESCRIPTION_MAX)),
            listed: patch.listed,
            share_analyses: patch.share_analyses,
        };
        errors.into_result()?;
        Ok(changes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> CompanyInput<'static> {
        CompanyInput {
            org_number: "556036-0793",
            name: " Eksjö Mekaniska AB ",
            municipality: "0686",
            sni_code: "25620",
            employees: 42,
            website: None,
            address: None,
            description: None,
            listed: true,
            share_analyses: true,
        }
    }

    #[test]
    fn a_new_company_is_parsed_and_trimmed() {
        let company = NewCompany::parse(input()).expect("valid");
        assert_eq!(company.name, "Eksjö Mekaniska AB");
        assert_eq!(company.size_class(), "20-49");
        assert_eq!(company.municipality.as_str(), "0686");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = CompanyInput { org_number: "1", name: " ", sni_code: "04000", employees: -1, ..input() };
        let errors = NewCompany::parse(bad).expect_err("invalid");
        let fields: Vec<&str> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["orgNumber", "name", "sniCode", "employees"]);
    }

    #[test]
    fn a_patch_keeps_absent_fields_and_clears_nulls() {
        let changes =
            CompanyChanges::parse(CompanyPatch { website: Some(None), listed: Some(false), ..CompanyPatch::default() })
                .expect("valid");
        assert_eq!(changes.website, Some(None));
        assert_eq!(changes.name, None);
        assert_eq!(changes.listed, Some(false));
        let errors = CompanyChanges::parse(CompanyPatch { website: Some(Some("ftp://x")), ..CompanyPatch::default() })
            .expect_err("invalid");
        assert_eq!(errors.0[0].field, "website");
    }
}
