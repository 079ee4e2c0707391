use std::fmt;

use serde::{Deserialize, Serialize};

/// A 法人番号 (corporate number): 13 digits, the first a check digit over the other twelve.
///
/// The check digit is `9 − (Σ Pn × Qn mod 9)`, where Pn is the n-th digit of the 12-digit base
/// counted from the right and Qn is 1 for odd n and 2 for even n (National Tax Agency rule).
/// Full-width digits and separators (spaces, hyphens) are accepted, as people paste them.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CorporateNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CorporateNumberError {
    #[error("a corporate number has 13 digits")]
    WrongLength,
    #[error("a corporate number has digits only")]
    NotDigits,
    #[error("the check digit does not match: the number has a typing error")]
    CheckDigit,
}

impl CorporateNumber {
    pub fn parse(input: &str) -> Result<Self, CorporateNumberError> {
        let mut digits = String::with_capacity(13);
        for c in input.trim().chars() {
            match c {
                '0'..='9' => digits.push(c),
                '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
                ' ' | '-' | '　' | '－' | 'ー' => {}
                _ => return Err(CorporateNumberError::NotDigits),
            }
        }
        if digits.len() != 13 {
            return Err(CorporateNumberError::WrongLength);
        }
        let bytes = digits.as_bytes();
        if check_digit(&bytes[1..]) != bytes[0] - b'0' {
            return Err(CorporateNumberError::CheckDigit);
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check digit for a 12-digit base (ASCII digits).
fn check_digit(base: &[u8]) -> u8 {
    let sum: u32 =
        base.iter().rev().enumerate().map(|(i, d)| u32::from(d - b'0') * if (i + 1) % 2 == 1 { 1 } else { 2 }).sum();
    (9 - sum % 9) as u8
}

/// Completes a 12-digit base with its check digit (for demo data and tests).
pub fn with_check_digit(base: &str) -> Option<CorporateNumber> {
    (base.len() == 12 && base.bytes().all(|b| b.is_ascii_digit()))
        .then(|| CorporateNumber(format!("{}{base}", check_digit(base.as_bytes()))))
}

impl std::str::FromStr for CorporateNumber {
    type Err = CorporateNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for CorporateNumber {
    type Error = CorporateNumberError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CorporateNumber> for String {
    fn from(value: CorporateNumber) -> Self {
        value.0
    }
}

impl fmt::Display for CorporateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CorporateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CorporateNumber({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_national_tax_agencys_own_number() {
        // 国税庁 publishes its own corporate number, 7000012050002.
        assert_eq!(CorporateNumber::parse("7000012050002").map(|n| n.0), Ok("7000012050002".into()));
        assert!(CorporateNumber::parse("７０００－０１２０－５０００２").is_ok(), "full width and hyphens");
    }

    #[test]
    fn refuses_typing_errors() {
        assert_eq!(CorporateNumber::parse("6000012050002"), Err(CorporateNumberError::CheckDigit));
        assert_eq!(CorporateNumber::parse("7000012050020"), Err(CorporateNumberError::CheckDigit));
        assert_eq!(CorporateNumber::parse("700001205000"), Err(CorporateNumberError::WrongLength));
        assert_eq!(CorporateNumber::parse("70000120500A2"), Err(CorporateNumberError::NotDigits));
    }

    #[test]
    fn every_single_digit_change_but_0_9_is_caught() {
        let good = "7000012050002";
        for pos in 0..13 {
            for d in b'0'..=b'9' {
                let mut s = good.as_bytes().to_vec();
                if s[pos] == d {
                    continue;
                }
                s[pos] = d;
                let s = String::from_utf8(s).expect("ascii");
                // A mod-9 check cannot see a 0 <-> 9 change (it moves the sum by 9 or 18).
                let was = good.as_bytes()[pos];
                if (was == b'0' && d == b'9') || (was == b'9' && d == b'0') {
                    continue;
                }
                assert!(CorporateNumber::parse(&s).is_err(), "{s} should be refused");
            }
        }
    }

    #[test]
    fn completes_bases_with_their_check_digit() {
        assert_eq!(with_check_digit("000012050002").map(|n| n.0), Some("7000012050002".into()));
    }
}
