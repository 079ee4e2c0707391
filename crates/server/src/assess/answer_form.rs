//! One answer screen as the browser sends it (a multipart form, so that evidence can be added
//! beside a question without leaving the page): what was typed per question, the evidence
//! ticked, new evidence (a file, a link or a short statement), and a reply to a reviewer. Files
//! are streamed into the file store while the form is read.

use std::collections::BTreeMap;

use axum::extract::Multipart;
use kakehashi_domain::assess::Answer;
use kakehashi_domain::assess::evidence::original_name;
use kakehashi_domain::ids::OrgId;

use super::assessment_store::StoredAnswer;
use super::evidence;
use crate::platform::error::AppError;
use crate::platform::files::{Incoming, StoredFile};
use crate::platform::state::AppState;

/// What the person typed for one question, kept when the page comes back with a problem.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    pub value: String,
    pub reason: String,
    pub note: String,
    pub version: String,
    /// The evidence ticked, when the screen offered a choice.
    pub evidence: Option<Vec<String>>,
    /// New evidence typed beside the question.
    pub new_link: String,
    pub new_statement: String,
    pub new_title: String,
    /// A reply to the reviewer who asked about or rejected the answer.
    pub reply: String,
    /// The name of a file chosen beside the question when the screen was refused: browsers
    /// cannot keep a chosen file, so the page asks for it again by name.
    pub file_again: Option<String>,
}

impl Typed {
    /// What is stored, as the form would show it.
    pub fn from_stored(a: Option<&StoredAnswer>) -> Typed {
        let Some(a) = a else { return Typed::default() };
        Typed {
            value: a.answer.as_str().to_owned(),
            reason: match &a.answer {
                Answer::NotApplicable { reason } => reason.clone(),
                _ => String::new(),
            },
            note: a.note.clone().unwrap_or_default(),
            version: a.version.to_string(),
            ..Typed::default()
        }
    }

    /// Whether this says what is stored already (so saving it would change nothing). An
    /// inferred answer saved as it is counts as a change: saving confirms it.
    pub fn same_as(&self, stored: Option<&StoredAnswer>) -> bool {
        let Some(a) = stored else { return self.value.is_empty() };
        let was = Typed::from_stored(Some(a));
        a.origin.counts()
            && self.value == was.value
            && (self.value != "not-applicable" || self.reason.trim() == was.reason.trim())
            && self.note.trim() == was.note.trim()
    }

    /// Whether new evidence was typed (a link or a statement; a file comes apart).
    pub fn has_new_text_evidence(&self) -> bool {
        !self.new_link.trim().is_empty() || !self.new_statement.trim().is_empty()
    }
}

/// The whole screen as sent.
#[derive(Debug, Default)]
pub struct ScreenForm {
    pub screen: i64,
    pub typed: BTreeMap<i64, Typed>,
    /// Files chosen beside a question, already in the store, with their original names.
    pub files: BTreeMap<i64, (StoredFile, String)>,
}

/// Reads the form; files go to the store as they arrive.
pub async fn read(state: &AppState, org: OrgId, mut form: Multipart) -> Result<ScreenForm, AppError> {
    let mut out = ScreenForm::default();
    let mut uploads: Vec<(i64, Incoming, String)> = Vec::new();
    while let Some(mut field) = form.next_field().await.map_err(evidence::interrupted)? {
        let name = field.name().unwrap_or_default().to_owned();
        let Some((kind, position)) = split(&name) else {
            if name == "screen" {
                out.screen = field.text().await.map_err(evidence::interrupted)?.trim().parse().unwrap_or(0);
            }
            continue;
        };
        if kind == "evfile" {
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let mut incoming = state.files().receive_for(state.db(), org).await?;
            let mut any = false;
            while let Some(chunk) = field.chunk().await.map_err(evidence::interrupted)? {
                any |= !chunk.is_empty();
                incoming.write(&chunk).await?;
            }
            if any {
                uploads.push((position, incoming, original_name(&file_name)));
            }
            continue;
        }
        let value = field.text().await.map_err(evidence::interrupted)?;
        crate::platform::input::check_field(&name, &value)?;
        let t = out.typed.entry(position).or_default();
        match kind {
            "a" => t.value = value,
            "reason" => t.reason = value,
            "note" => t.note = value,
            "v" => t.version = value,
            "evs" => {
                t.evidence.get_or_insert_default();
            }
            "ev" => t.evidence.get_or_insert_default().push(value),
            "evlink" => t.new_link = value,
            "evtext" => t.new_statement = value,
            "evtitle" => t.new_title = value,
            "reply" => t.reply = value,
            _ => {}
        }
    }
    for (position, incoming, name) in uploads {
        out.files.insert(position, (incoming.finish(org).await?, name));
    }
    Ok(out)
}

/// `a-3` → ("a", 3).
fn split(name: &str) -> Option<(&str, i64)> {
    let (kind, position) = name.rsplit_once('-')?;
    Some((kind, position.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(value: &str, origin: &str) -> StoredAnswer {
        StoredAnswer {
            position: 0,
            answer: Answer::parse(value, Some("理由")).expect("a value of the scale"),
            note: None,
            origin: origin.parse().expect("a known origin"),
            version: 1,
        }
    }

    #[test]
    fn only_what_changed_is_a_change_and_saving_an_inferred_answer_confirms_it() {
        let typed = Typed { value: "implemented".into(), ..Typed::default() };
        assert!(typed.same_as(Some(&stored("implemented", "answered"))));
        assert!(!typed.same_as(Some(&stored("implemented", "inferred"))));
        assert!(!typed.same_as(Some(&stored("partly", "answered"))));
        let with_note = Typed { note: "メモ".into(), ..typed.clone() };
        assert!(!with_note.same_as(Some(&stored("implemented", "answered"))));
        assert!(Typed::default().same_as(None), "nothing typed, nothing stored");
        assert_eq!(split("evfile-12"), Some(("evfile", 12)));
        assert_eq!(split("screen"), None);
    }
}
