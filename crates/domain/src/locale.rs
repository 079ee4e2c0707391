//! The languages of the UI. Japanese is the default; English is always available beside it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Ja,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Ja, Locale::En];

    /// The BCP 47 tag, as used in `lang` attributes and cookies.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::Ja => "ja",
            Locale::En => "en",
        }
    }

    /// The other language, for the switch shown on every page.
    pub fn other(self) -> Locale {
        match self {
            Locale::Ja => Locale::En,
            Locale::En => Locale::Ja,
        }
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported language {0:?}: use \"ja\" or \"en\"")]
pub struct UnsupportedLocale(pub String);

impl FromStr for Locale {
    type Err = UnsupportedLocale;

    /// Accepts a bare tag or a regional one (`en-GB`), case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let primary = s.split(['-', '_']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "ja" => Ok(Locale::Ja),
            "en" => Ok(Locale::En),
            _ => Err(UnsupportedLocale(s.chars().take(32).collect())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_tags_with_regions() {
        assert_eq!("ja".parse(), Ok(Locale::Ja));
        assert_eq!("EN-gb".parse(), Ok(Locale::En));
        assert!("fr".parse::<Locale>().is_err());
    }

    #[test]
    fn japanese_is_the_default() {
        assert_eq!(Locale::default(), Locale::Ja);
        assert_eq!(Locale::Ja.other(), Locale::En);
    }
}
