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
