//! Screens of a questionnaire: one per theme, in the theme order of the profile, with small
//! neighbouring themes sharing a screen so that a short questionnaire is a few screens.

use serde::{Deserialize, Serialize};

/// A theme may share a screen with its neighbours while the screen stays at most this long.
pub const SHARED_SCREEN_MAX: usize = 5;

/// One screen: the themes on it and the questions, in order (indexes into the questionnaire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screen {
    pub themes: Vec<String>,
    pub questions: Vec<usize>,
}

/// Splits questions (each with its theme, in questionnaire order) into screens. A theme is
/// never split; consecutive themes share a screen while it holds at most
/// [`SHARED_SCREEN_MAX`] questions.
pub fn screens<'a>(themes: impl IntoIterator<Item = &'a str>) -> Vec<Screen> {
    let mut by_theme: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, theme) in themes.into_iter().enumerate() {
        match by_theme.iter_mut().find(|(t, _)| t == theme) {
            Some((_, qs)) => qs.push(i),
            None => by_theme.push((theme.to_owned(), vec![i])),
        }
    }
    let mut out: Vec<Screen> = Vec::new();
    for (theme, questions) in by_theme {
        match out.last_mut() {
            Some(last) if last.questions.len() + questions.len() <= SHARED_SCREEN_MAX => {
                last.themes.push(theme);
                last.questions.extend(questions);
            }
            _ => out.push(Screen { themes: vec![theme], questions }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_themes_share_screens_and_no_theme_is_split() {
        let themes = ["patching", "malware", "access", "access", "backup", "incident", "awareness"];
        let s = screens(themes);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].themes, ["patching", "malware", "access", "backup"]);
        assert_eq!(s[1].questions, [5, 6]);
        let big = ["a"; 9].into_iter().chain(["b"]);
        let s = screens(big);
        assert_eq!((s.len(), s[0].questions.len()), (2, 9), "a long theme keeps its own screen");
    }
}
