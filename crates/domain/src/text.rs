//! Rules for the text people and programs send: which characters have no place in any field.

/// Whether a character is a control character no field accepts: every C0 and C1 control and
/// DEL, except tab, line feed and carriage return, which multi-line text legitimately holds.
/// (PostgreSQL cannot store U+0000 at all; the others only hide or disguise text.)
pub fn is_refused_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// The first refused control character in `text`, if any.
pub fn first_refused_control(text: &str) -> Option<char> {
    text.chars().find(|c| is_refused_control(*c))
}

/// How a character is named to people: `U+0000`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The longest title, name or label of imported content, in characters.
pub const MAX_TITLE: usize = 500;
/// The longest id or label of a control.
pub const MAX_ID: usize = 200;
/// The longest prose (a statement, guidance, a rationale). NIST's longest is under 4,000.
pub const MAX_PROSE: usize = 50_000;

/// Why a piece of imported text cannot be kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("{field} is longer than {max} characters")]
    TooLong { field: String, max: usize },
    #[error("{field} holds a control character ({code})")]
    ControlCharacter { field: String, code: String },
}

/// Checks one field of imported content: at most `max` characters, no refused control
/// character. `field` names it for the error (built only when there is one).
pub fn bounded(text: &str, max: usize, field: impl FnOnce() -> String) -> Result<(), TextError> {
    if text.chars().nth(max).is_some() {
        return Err(TextError::TooLong { field: field(), max });
    }
    match first_refused_control(text) {
        Some(c) => Err(TextError::ControlCharacter { field: field(), code: code_point(c) }),
        None => Ok(()),
    }
}

/// [`bounded`] for a field that may be absent.
pub fn bounded_opt(text: Option<&str>, max: usize, field: impl FnOnce() -> String) -> Result<(), TextError> {
    text.map_or(Ok(()), |t| bounded(t, max, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imported_text_is_bounded_and_free_of_controls() {
        assert!(bounded("あ".repeat(500).as_str(), MAX_TITLE, || "the title".into()).is_ok());
        assert_eq!(
            bounded("あ".repeat(501).as_str(), MAX_TITLE, || "the title".into()),
            Err(TextError::TooLong { field: "the title".into(), max: 500 })
        );
        assert_eq!(
            bounded("a\u{0}", MAX_TITLE, || "ac-1 title".into()).map_err(|e| e.to_string()),
            Err("ac-1 title holds a control character (U+0000)".into())
        );
        assert!(bounded_opt(None, 1, || unreachable!()).is_ok());
    }

    #[test]
    fn controls_are_refused_but_line_breaks_and_tabs_are_not() {
        for refused in ['\0', '\u{7}', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9f}'] {
            assert_eq!(first_refused_control(&format!("ok{refused}")), Some(refused), "{refused:?}");
        }
        assert_eq!(first_refused_control("一行目\r\n\t二行目 (株) ①"), None);
        assert_eq!(code_point('\0'), "U+0000");
        assert_eq!(code_point('\u{85}'), "U+0085");
    }
}
