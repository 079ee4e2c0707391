//! A page as a reader meets it, for snapshot tests: its text, one run per line, with the
//! places where the reader can act (links, forms, fields, buttons) written in brackets.
//! Markup, classes and styles are left out, so a snapshot changes when what a person reads or
//! can do changes, not when a class is renamed.

/// Elements whose content is not read.
const SKIPPED: [&str; 3] = ["script", "style", "template"];

/// The reader's view of `html` (see the module comment). Our pages are generated and well
/// formed, so reading tag by tag is enough.
pub fn reader_view(html: &str) -> String {
    let mut lines = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut lines, rest);
            break;
        };
        push_text(&mut lines, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('/') || tag.starts_with('!') {
            continue;
        }
        let name: String =
            tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if SKIPPED.contains(&name.as_str()) {
            let close = format!("</{name}");
            rest = rest.find(&close).map_or("", |e| &rest[e..]);
            continue;
        }
        if let Some(line) = action_line(&name, tag) {
            lines.push(line);
        }
    }
    lines.join("\n") + "\n"
}

/// What a reader can do at this tag, if anything.
fn action_line(name: &str, tag: &str) -> Option<String> {
    let attr = |a: &str| attribute(tag, a);
    let described = |kind: &str, keys: &[&str]| {
        let parts: Vec<String> = keys.iter().filter_map(|k| attr(k).map(|v| format!("{k}={}", decode(&v)))).collect();
        format!("[{kind}{}{}]", if parts.is_empty() { "" } else { " " }, parts.join(" "))
    };
    match name {
        "a" => attr("href").map(|href| format!("[link {}]", decode(&href))),
        "form" => Some(described("form", &["method", "action"])),
        "input" if attr("type").as_deref() == Some("hidden") => None,
        "input" => Some(described("input", &["type", "name", "placeholder", "aria-label", "required"])),
        "textarea" | "select" => Some(described(name, &["name", "aria-label", "required"])),
        "option" => Some(described("option", &["value", "selected"])),
        "button" => Some(described("button", &["type", "name", "value", "formaction"])),
        "img" => Some(described("image", &["alt"])),
        "title" => Some("[title]".to_owned()),
        "h1" | "h2" | "h3" => Some(format!("[{name}]")),
        _ => None,
    }
}

/// Adds the text between two tags, whitespace collapsed, if there is any.
fn push_text(lines: &mut Vec<String>, text: &str) {
    let text = decode(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    if !text.is_empty() {
        lines.push(text);
    }
}

/// An attribute's value; a boolean attribute (`required`) reads as its own name.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    if let Some(at) = tag.find(&marker).map(|a| a + marker.len()) {
        let end = tag[at..].find('"')?;
        return Some(tag[at..at + end].to_owned());
    }
    tag.split_whitespace().any(|w| w.trim_end_matches('/') == name).then(|| name.to_owned())
}

/// The entities our templates write, read back.
fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_reads_as_its_text_and_what_can_be_done_on_it() {
        let page = r#"<html lang="ja"><head><title>回答</title><style>p{}</style></head><body>
            <h1 class="x">自己点検</h1><p>保存しました。 <a href="/a?b=1&amp;c=2">戻る</a></p>
            <form method="post" action="/save"><input type="hidden" name="csrf" value="t">
            <input type="text" name="note" required><button type="submit">保存</button></form>
            <script>var x = "<p>no</p>";</script></body></html>"#;
        assert_eq!(
            reader_view(page),
            "[title]\n回答\n[h1]\n自己点検\n保存しました。\n[link /a?b=1&c=2]\n戻る\n[form method=post action=/save]\n\
             [input type=text name=note required=required]\n[button type=submit]\n保存\n"
        );
    }
}
