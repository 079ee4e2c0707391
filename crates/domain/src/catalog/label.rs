//! Control labels as people write them, and the forms OSCAL ids take, made comparable:
//! `ac-2.3`, `AC-2(3)`, `AC-02(03)` and `ac-02.03` are the same control.

/// A control's key or label as it appears in a URL: 1 to 200 characters, no slashes or
/// control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ControlRef(String);

impl ControlRef {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for ControlRef {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let ok = !s.is_empty() && s.chars().count() <= 200 && !s.chars().any(|c| c == '/' || c.is_control());
        if ok { Ok(ControlRef(s.to_owned())) } else { Err(format!("not a control reference: {s:?}")) }
    }
}

/// A canonical form for matching: upper case, no padding zeros in control numbers, enhancements
/// in parentheses. Labels that are not of the `XX-N` family form (CSF's `GV.PO-01`, 800-171's
/// `03.09.01`) are only trimmed and upper-cased.
pub fn normalise_label(input: &str) -> String {
    let s = input.trim();
    family_form(s).unwrap_or_else(|| s.to_ascii_uppercase())
}

/// The label an OSCAL control id stands for, when it is of the family form (`ac-2.3` → `AC-2(3)`).
pub fn id_to_label(id: &str) -> Option<String> {
    family_form(id)
}

/// `XX-N`, `XX-N.M`, `XX-N(M)`, with optional zero padding, for 2 or 3 letter families.
fn family_form(s: &str) -> Option<String> {
    let (family, rest) = s.split_once('-')?;
    if !(2..=3).contains(&family.len()) || !family.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let (number, enhancement) = match rest.find(['.', '(']) {
        Some(at) => {
            let enh = rest[at + 1..].trim_end_matches(')');
            (&rest[..at], Some(enh))
        }
        None => (rest, None),
    };
    let number: u32 = number.parse().ok()?;
    let family = family.to_ascii_uppercase();
    match enhancement {
        None => Some(format!("{family}-{number}")),
        Some(e) => {
            let e: u32 = e.parse().ok()?;
            Some(format!("{family}-{number}({e})"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_of_one_control_meet() {
        for form in ["ac-2.3", "AC-2(3)", "AC-02(03)", "ac-02.03", " ac-2(3) "] {
            assert_eq!(normalise_label(form), "AC-2(3)", "{form}");
        }
        assert_eq!(normalise_label("cm-07"), "CM-7");
        assert_eq!(id_to_label("si-4"), Some("SI-4".into()));
    }

    #[test]
    fn other_label_styles_are_kept() {
        assert_eq!(normalise_label("GV.PO-01"), "GV.PO-01");
        assert_eq!(normalise_label("03.09.01"), "03.09.01");
        assert_eq!(normalise_label("gv.po-01"), "GV.PO-01");
        assert_eq!(id_to_label("GV.PO-01"), None);
        assert_eq!(normalise_label("A.5.1"), "A.5.1");
    }
}
