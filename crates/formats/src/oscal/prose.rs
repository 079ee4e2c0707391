//! OSCAL prose as plain text: parameters shown as `[their label]`, statement items with their
//! labels, one per line.

use std::collections::HashMap;

/// How each parameter of a control reads in its statement.
pub type Params = HashMap<String, String>;

/// `[label]`, `[Selection: a; b]` or `[value]`, from what the parameter declares.
pub fn param_text(label: Option<&str>, choices: &[String], how_many: Option<&str>, values: &[String]) -> String {
    if !values.is_empty() {
        return format!("[{}]", values.join(", "));
    }
    if !choices.is_empty() {
        let many = if how_many == Some("one-or-more") { " (one or more)" } else { "" };
        return format!("[Selection{many}: {}]", choices.join("; "));
    }
    format!("[{}]", label.unwrap_or("parameter").trim())
}

/// Replaces JSON prose's `{{ insert: param, id }}` with the parameter's text (which may itself
/// hold inserts: a choice that names another parameter).
pub fn fill_json_inserts(prose: &str, params: &Params) -> String {
    fill(prose, params, 0)
}

/// Nesting deeper than this is a loop in the document; the insert is left as its id.
const MAX_DEPTH: usize = 4;

fn fill(prose: &str, params: &Params, depth: usize) -> String {
    let mut out = String::with_capacity(prose.len());
    let mut rest = prose;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let inner = &rest[start + 2..start + end];
        let id = inner.split(',').nth(1).map(str::trim).unwrap_or_default();
        match params.get(id) {
            Some(text) if depth < MAX_DEPTH && text.contains("{{") => out.push_str(&fill(text, params, depth + 1)),
            Some(text) => out.push_str(text),
            None => out.push_str(&format!("[{id}]")),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    out
}

/// Folds runs of white space (XML pretty-printing) into single spaces.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inserts_become_readable_placeholders() {
        let params: Params = [("ac-2_prm_1".to_string(), "[organization-defined criteria]".to_string())].into();
        assert_eq!(
            fill_json_inserts("Require {{ insert: param, ac-2_prm_1 }} for membership;", &params),
            "Require [organization-defined criteria] for membership;"
        );
        assert_eq!(fill_json_inserts("x {{ insert: param, other }} y", &params), "x [other] y");
        assert_eq!(fill_json_inserts("broken {{ insert", &params), "broken {{ insert");
    }

    #[test]
    fn inserts_inside_choices_are_filled_and_loops_stop() {
        let params: Params = [
            ("a".to_string(), "[Selection: x; {{ insert: param, b }}]".to_string()),
            ("b".to_string(), "[other period]".to_string()),
            ("loop".to_string(), "{{ insert: param, loop }}".to_string()),
        ]
        .into();
        assert_eq!(fill_json_inserts("by {{ insert: param, a }}", &params), "by [Selection: x; [other period]]");
        assert!(!fill_json_inserts("{{ insert: param, loop }}", &params).is_empty());
    }

    #[test]
    fn selections_list_their_choices() {
        assert_eq!(
            param_text(None, &["a".into(), "b".into()], Some("one-or-more"), &[]),
            "[Selection (one or more): a; b]"
        );
        assert_eq!(param_text(Some(" time period "), &[], None, &[]), "[time period]");
    }
}
