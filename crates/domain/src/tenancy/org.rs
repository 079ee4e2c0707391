use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::identity::{CorporateNumber, EmailAddress};

/// An organisation's name as registered: 1 to 200 characters, no control characters.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OrgNameError {
    #[error("the organisation's name is empty")]
    Empty,
    #[error("the organisation's name is too long (200 characters at most)")]
    TooLong,
    #[error("the organisation's name contains control characters")]
    ControlCharacters,
}

impl OrgName {
    pub fn parse(input: &str) -> Result<Self, OrgNameError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(OrgNameError::Empty);
        }
        if s.chars().count() > 200 {
            return Err(OrgNameError::TooLong);
        }
        if s.chars().any(char::is_control) {
            return Err(OrgNameError::ControlCharacters);
        }
        Ok(Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for OrgName {
    type Err = OrgNameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for OrgName {
    type Error = OrgNameError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<OrgName> for String {
    fn from(value: OrgName) -> Self {
        value.0
    }
}

impl fmt::Display for OrgName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for OrgName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OrgName({})", self.0)
    }
}

/// An ISO 3166-1 alpha-2 country code, upper case (`JP`, `VN`, `US`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country([u8; 2]);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a country is a two-letter ISO 3166 code such as JP")]
pub struct CountryError;

impl Country {
    pub const JAPAN: Country = Country(*b"JP");

    pub fn parse(input: &str) -> Result<Self, CountryError> {
        let s = input.trim().to_ascii_uppercase();
        match s.as_bytes() {
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => Ok(Country([*a, *b])),
            _ => Err(CountryError),
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl FromStr for Country {
    type Err = CountryError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Country {
    type Error = CountryError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Country> for String {
    fn from(value: Country) -> Self {
        value.as_str().to_owned()
    }
}

macro_rules! coded_enum {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $what:literal { $($variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The UI string key naming this value (Fluent ids allow no `+`).
            pub fn label_key(self) -> String {
                format!(concat!($prefix, "-{}"), self.as_str().replace('+', "-plus"))
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s).ok_or_else(|| format!(concat!("unknown ", $what, " {:?}"), s))
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                value.parse()
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.as_str().to_owned()
            }
        }
    };
}

coded_enum!(
    /// Head count, which decides how much a firm can be asked to do.
    SizeBand, "size", "size band" {
        Micro = "1-5",
        Small = "6-20",
        SmallMedium = "21-50",
        Medium = "51-300",
        Large = "301-1000",
        VeryLarge = "1001+",
    }
);

coded_enum!(
    /// The industry a firm belongs to (our own grouping, coarse on purpose).
    Industry, "industry", "industry" {
        Automotive = "automotive",
        Electronics = "electronics",
        Machinery = "machinery",
        OtherManufacturing = "manufacturing",
        Construction = "construction",
        Energy = "energy",
        ItServices = "it-services",
        Telecom = "telecom",
        Logistics = "logistics",
        Finance = "finance",
        Healthcare = "healthcare",
        Retail = "retail",
        Public = "public",
        Security = "security-services",
        Association = "association",
        Other = "other",
    }
);

/// A Japanese prefecture by its JIS X 0401 code (01 Hokkaido … 47 Okinawa).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Prefecture(u8);

impl Prefecture {
    pub fn parse(input: &str) -> Result<Self, String> {
        match input.trim().parse::<u8>() {
            Ok(n @ 1..=47) => Ok(Prefecture(n)),
            _ => Err(format!("{input:?} is not a prefecture code (01 to 47)")),
        }
    }

    pub fn all() -> impl Iterator<Item = Prefecture> {
        (1..=47).map(Prefecture)
    }

    pub fn code(self) -> String {
        format!("{:02}", self.0)
    }

    pub fn label_key(self) -> String {
        format!("pref-{:02}", self.0)
    }
}

impl FromStr for Prefecture {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Prefecture {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Prefecture> for String {
    fn from(value: Prefecture) -> Self {
        value.code()
    }
}

/// Who a buyer calls when something happens at this firm (インシデント窓口).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IncidentContact {
    pub name: Option<String>,
    pub email: Option<EmailAddress>,
    pub phone: Option<String>,
}

/// Everything that describes an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgProfile {
    pub name: OrgName,
    /// Optional for firms abroad; unique when present.
    pub corporate_number: Option<CorporateNumber>,
    pub country: Country,
    pub industry: Option<Industry>,
    pub size: Option<SizeBand>,
    /// For firms in Japan.
    pub prefecture: Option<Prefecture>,
    /// For firms abroad: a region or city in free text.
    pub region: Option<String>,
    pub incident_contact: IncidentContact,
    /// A support service the firm contracts, e.g. a サイバーセキュリティお助け隊 service.
    pub support_provider: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_countries_and_codes_parse() {
        assert!(OrgName::parse("  さくら精機株式会社 ").is_ok_and(|n| n.as_str() == "さくら精機株式会社"));
        assert_eq!(OrgName::parse(""), Err(OrgNameError::Empty));
        assert_eq!(Country::parse("jp"), Ok(Country::JAPAN));
        assert!(Country::parse("JPN").is_err());
        assert_eq!(Prefecture::parse("13").map(Prefecture::code), Ok("13".into()));
        assert!(Prefecture::parse("48").is_err() && Prefecture::parse("0").is_err());
        assert_eq!("51-300".parse::<SizeBand>(), Ok(SizeBand::Medium));
        assert_eq!(Industry::Automotive.label_key(), "industry-automotive");
    }
}
