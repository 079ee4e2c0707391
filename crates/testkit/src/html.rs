//! Reading pages in tests.

/// The value of the first `<input name="csrf" value="…">` in `html`.
pub fn csrf_token(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\"")?;
    let rest = &html[at..];
    let start = rest.find("value=\"")? + "value=\"".len();
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].to_owned())
}

/// The text of the first `<h1>` (its attributes skipped).
pub fn h1(html: &str) -> Option<String> {
    let open = html.find("<h1")?;
    let start = open + html[open..].find('>')? + 1;
    let end = html[start..].find("</h1>")?;
    Some(html[start..start + end].to_owned())
}

/// Text fields as a multipart form, the way a page with a file field sends them (its CSRF
/// token then travels in the query of the form's action).
pub fn multipart(fields: &[(String, String)]) -> reqwest::multipart::Form {
    fields.iter().fold(reqwest::multipart::Form::new(), |form, (k, v)| form.text(k.clone(), v.clone()))
}

/// The `lang` attribute of the `<html>` element.
pub fn lang(html: &str) -> Option<String> {
    let at = html.find("<html lang=\"")? + "<html lang=\"".len();
    let end = html[at..].find('"')?;
    Some(html[at..at + end].to_owned())
}

/// The text inside the element with `data-testid="{id}"`, tags removed. It reads up to the
/// first closing tag of the same name, so it suits elements without nested ones of their kind.
pub fn by_test_id(html: &str, id: &str) -> Option<String> {
    let marker = format!("data-testid=\"{id}\"");
    let at = html.find(&marker)?;
    let open = html[..at].rfind('<')?;
    let name: String = html[open + 1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let start = at + html[at..].find('>')? + 1;
    let end = start + html[start..].find(&format!("</{name}>"))?;
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(text.trim().to_owned())
}

/// Elements that never have content or a closing tag.
const VOID: [&str; 10] = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"];

/// Elements whose text is not prose for the reader: code, and what never shows.
const NOT_PROSE: [&str; 6] = ["code", "kbd", "samp", "pre", "script", "style"];

/// Sentences of English (four or more English words in a row) in the text a Japanese reader
/// sees: text and `placeholder`/`title`/`aria-label`/`alt` attributes, outside elements marked
/// with another language (`lang="en"`, e.g. a NIST control's own words) and outside code. Our
/// pages are generated and well formed, so a stack of open elements is enough to read them.
pub fn english_sentences(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    // For each open element: whether text inside it is exempt.
    let mut stack: Vec<(String, bool)> = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let exempt = stack.last().is_some_and(|(_, e)| *e);
        let Some(lt) = rest.find('<') else {
            if !exempt {
                found.extend(english_in(rest));
            }
            break;
        };
        if !exempt {
            found.extend(english_in(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(at) = stack.iter().rposition(|(n, _)| *n == name) {
                stack.truncate(at);
            }
            continue;
        }
        if tag.starts_with('!') {
            continue;
        }
        let name: String =
            tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        let lang = attribute(tag, "lang");
        let here_exempt =
            exempt || NOT_PROSE.contains(&name.as_str()) || lang.as_deref().is_some_and(|l| !l.starts_with("ja"));
        if !here_exempt {
            for attr in ["placeholder", "title", "aria-label", "alt"] {
                if let Some(v) = attribute(tag, attr) {
                    found.extend(english_in(&v));
                }
            }
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |e| &rest[e..]);
        }
        if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            stack.push((name, here_exempt));
        }
    }
    found
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let at = tag.find(&marker)? + marker.len();
    let end = tag[at..].find('"')?;
    Some(tag[at..at + end].to_owned())
}

/// Runs of four or more English words in `text` (entities such as `&amp;` read as spaces).
fn english_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, found: &mut Vec<String>| {
        if run.len() >= 4 {
            found.push(run.join(" "));
        }
        run.clear();
    };
    for word in text.split(|c: char| c.is_whitespace() || c == '&' || c == ';') {
        let trimmed = word.trim_matches(|c: char| ",.:!?()\"'“”".contains(c));
        let is_english = trimmed.len() >= 2
            && trimmed.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && trimmed.chars().all(|c| c.is_ascii_alphabetic() || c == '\'' || c == '-');
        let is_number = !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit());
        if is_english {
            run.push(trimmed);
        } else if !word.is_empty() && !is_number {
            flush(&mut run, &mut found);
        }
    }
    flush(&mut run, &mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_sentences_are_found_outside_code_and_english_marked_text() {
        let page = r#"<html lang="ja"><body><p>回答を保存しました。</p>
            <p class="error">question 0 was submitted for review</p>
            <p lang="en">Access control policy and procedures apply here</p>
            <code>cargo run -- routes --roles</code><input placeholder="please say why in words"><br>
            <p>SECURITY ACTION 二つ星</p></body></html>"#;
        let found = english_sentences(page);
        assert_eq!(found, vec!["question was submitted for review", "please say why in words"]);
    }
}
