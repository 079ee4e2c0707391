//! Reading pages in tests.

/// The value of the first `<input name="csrf" value="…">` in `html`.
pub fn csrf_token(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\"")?;
    let rest = &html[at..];
    let start = rest.find("value=\"")? + "value=\"".len();
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].to_owned())
}

/// The text of the first `<h1>` (tags inside removed).
pub fn h1(html: &str) -> Option<String> {
    let start = html.find("<h1>")? + 4;
    let end = html[start..].find("</h1>")?;
    Some(html[start..start + end].to_owned())
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
