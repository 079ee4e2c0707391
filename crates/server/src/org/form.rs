//! The organisation profile as typed in a form or sent as JSON, parsed into the domain type
//! with one message key per wrong field.

use kakehashi_domain::identity::{CorporateNumber, CorporateNumberError, EmailAddress};
use kakehashi_domain::tenancy::{
    Country, IncidentContact, Industry, OrgName, OrgNameError, OrgProfile, Prefecture, SizeBand,
};
use serde::Deserialize;

use crate::platform::error::FieldError;

/// Every field as text; empty means "not given".
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProfileInput {
    pub name: String,
    pub corporate_number: String,
    pub country: String,
    pub industry: String,
    pub size: String,
    pub prefecture: String,
    pub region: String,
    pub incident_contact_name: String,
    pub incident_contact_email: String,
    pub incident_contact_phone: String,
    pub support_provider: String,
}

fn given(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.chars().take(300).collect())
}

fn error(field: &str, code: &str) -> FieldError {
    FieldError { field: field.into(), code: code.into() }
}

impl ProfileInput {
    pub fn from_profile(p: &OrgProfile) -> Self {
        ProfileInput {
            name: p.name.to_string(),
            corporate_number: p.corporate_number.as_ref().map(|n| n.to_string()).unwrap_or_default(),
            country: p.country.as_str().to_owned(),
            industry: p.industry.map(|i| i.as_str().to_owned()).unwrap_or_default(),
            size: p.size.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            prefecture: p.prefecture.map(|p| p.code()).unwrap_or_default(),
            region: p.region.clone().unwrap_or_default(),
            incident_contact_name: p.incident_contact.name.clone().unwrap_or_default(),
            incident_contact_email: p.incident_contact.email.as_ref().map(|e| e.to_string()).unwrap_or_default(),
            incident_contact_phone: p.incident_contact.phone.clone().unwrap_or_default(),
            support_provider: p.support_provider.clone().unwrap_or_default(),
        }
    }

    /// The profile, or every problem found (all fields are checked, not just the first).
    pub fn parse(&self) -> Result<OrgProfile, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = OrgName::parse(&self.name)
            .map_err(|e| {
                errors.push(error(
                    "name",
                    match e {
                        OrgNameError::Empty => "field-org-name-empty",
                        OrgNameError::TooLong => "field-org-name-too-long",
                        OrgNameError::ControlCharacters => "field-org-name-invalid",
                    },
                ))
            })
            .ok();
        let country = if self.country.trim().is_empty() { Ok(Country::JAPAN) } else { Country::parse(&self.country) };
        let country = country.map_err(|_| errors.push(error("country", "field-country-invalid"))).ok();
        let corporate_number = match given(&self.corporate_number) {
            None => None,
            Some(n) => CorporateNumber::parse(&n)
                .map_err(|e| {
                    errors.push(error(
                        "corporate_number",
                        match e {
                            CorporateNumberError::CheckDigit => "field-corporate-number-check",
                            _ => "field-corporate-number-format",
                        },
                    ))
                })
                .ok(),
        };
        let industry = parse_opt::<Industry>(&self.industry, "industry", &mut errors);
        let size = parse_opt::<SizeBand>(&self.size, "size", &mut errors);
        let prefecture = parse_opt::<Prefecture>(&self.prefecture, "prefecture", &mut errors);
        let email = match given(&self.incident_contact_email) {
            None => None,
            Some(e) => EmailAddress::parse(&e)
                .map_err(|_| errors.push(error("incident_contact_email", "field-email-malformed")))
                .ok(),
        };
        let phone = given(&self.incident_contact_phone);
        if phone.as_deref().is_some_and(|p| !p.chars().all(|c| c.is_ascii_digit() || "+-() ".contains(c))) {
            errors.push(error("incident_contact_phone", "field-phone-invalid"));
        }
        match (name, country, errors.is_empty()) {
            (Some(name), Some(country), true) => Ok(OrgProfile {
                name,
                corporate_number,
                country,
                industry,
                size,
                prefecture: if country == Country::JAPAN { prefecture } else { None },
                region: given(&self.region),
                incident_contact: IncidentContact { name: given(&self.incident_contact_name), email, phone },
                support_provider: given(&self.support_provider),
            }),
            _ => Err(errors),
        }
    }
}

fn parse_opt<T: std::str::FromStr>(input: &str, field: &str, errors: &mut Vec<FieldError>) -> Option<T> {
    let s = input.trim();
    if s.is_empty() {
        return None;
    }
    s.parse().map_err(|_| errors.push(error(field, "field-choice-invalid"))).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_minimal_japanese_firm_parses() {
        let input = ProfileInput { name: "さくら精機株式会社".into(), ..Default::default() };
        let p = input.parse().expect("valid");
        assert_eq!(p.country, Country::JAPAN);
        assert!(p.corporate_number.is_none());
    }

    #[test]
    fn every_wrong_field_is_reported_at_once() {
        let input = ProfileInput {
            name: "".into(),
            corporate_number: "1234567890123".into(),
            size: "huge".into(),
            incident_contact_email: "nope".into(),
            incident_contact_phone: "call me".into(),
            ..Default::default()
        };
        let errors = input.parse().expect_err("invalid");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "corporate_number", "size", "incident_contact_email", "incident_contact_phone"]);
    }
}
