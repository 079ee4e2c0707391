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

#[cfg(test)]
mod tests {
    use super::*;

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
