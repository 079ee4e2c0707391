//! UI strings in Japanese and English (Fluent), looked up by key.
//!
//! A missing key is a bug: [`text`] returns a visible `⟦key⟧` marker instead of panicking, and
//! the parity test below plus the page tests in the server make sure no marker ever ships.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};
use kakehashi_domain::locale::Locale;
use rust_embed::RustEmbed;

static_loader! {
    static STRINGS = {
        locales: "../../content/i18n",
        fallback_language: "ja",
        // Unicode isolation marks would end up inside HTML attributes and e-mail subjects.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The raw `.ftl` files, for the parity check and for tools that list keys.
#[derive(RustEmbed)]
#[folder = "../../content/i18n"]
#[include = "*.ftl"]
struct FtlFiles;

/// The marker shown in place of a string whose key does not exist.
pub fn missing_marker(key: &str) -> String {
    format!("⟦{key}⟧")
}

fn language(locale: Locale) -> LanguageIdentifier {
    // Both tags are valid BCP 47 literals; parsing cannot fail.
    locale.tag().parse().unwrap_or_default()
}

/// The string for `key` in `locale`.
pub fn text(locale: Locale, key: &str) -> String {
    STRINGS.try_lookup(&language(locale), key).unwrap_or_else(|| missing_marker(key))
}

/// The string for `key` with Fluent arguments (`{ $name }` in the `.ftl` file).
pub fn text_with(locale: Locale, key: &str, args: &[(&'static str, String)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> =
        args.iter().map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone()))).collect();
    STRINGS.try_lookup_with_args(&language(locale), key, &args).unwrap_or_else(|| missing_marker(key))
}

/// A message (key and arguments) in `locale`.
pub fn say(locale: Locale, message: &kakehashi_domain::message::Message) -> String {
    text_with(locale, message.key, &message.args)
}

/// Every message id defined for `locale`, from the embedded `.ftl` files.
pub fn keys(locale: Locale) -> Result<BTreeSet<String>, String> {
    let prefix = format!("{}/", locale.tag());
    let mut keys = BTreeSet::new();
    for path in FtlFiles::iter().filter(|p| p.starts_with(&prefix)) {
        let file = FtlFiles::get(&path).ok_or_else(|| format!("{path}: not embedded"))?;
        let source = std::str::from_utf8(&file.data).map_err(|e| format!("{path}: {e}"))?;
        let resource = fluent_syntax::parser::parse(source).map_err(|(_, errors)| format!("{path}: {errors:?}"))?;
        for entry in resource.body {
            if let fluent_syntax::ast::Entry::Message(m) = entry
                && !keys.insert(m.id.name.to_owned())
            {
                return Err(format!("{path}: key {} is defined twice", m.id.name));
            }
        }
    }
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_the_same_keys() {
        let ja = keys(Locale::Ja).expect("ja parses");
        let en = keys(Locale::En).expect("en parses");
        assert!(!ja.is_empty(), "no Japanese strings were embedded");
        let only_ja: Vec<_> = ja.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&ja).collect();
        assert!(only_ja.is_empty() && only_en.is_empty(), "only in ja: {only_ja:?}; only in en: {only_en:?}");
    }

    #[test]
    fn every_key_has_a_non_empty_string_in_both_languages() {
        for locale in Locale::ALL {
            // Arguments for every variable any message uses; Fluent ignores the ones it does not.
            let args = [
                "name",
                "id",
                "host",
                "count",
                "seq",
                "domain",
                "org",
                "firm",
                "link",
                "expires",
                "tier",
                "question",
                "text",
                "key",
                "mb",
                "max",
                "date",
                "points",
                "role",
                "actor",
                "object",
                "kind",
                "other",
                "email",
                "purpose",
                "code",
                "verdict",
                "what",
                "line",
                "column",
                "where",
                "file",
                "field",
                "character",
                "used",
                "step",
                "days",
            ]
            .map(|k| (k, "x".to_owned()));
            for key in keys(locale).expect("parses") {
                let s = text_with(locale, &key, &args);
                assert!(!s.trim().is_empty() && s != missing_marker(&key), "{locale}:{key} is empty or missing");
            }
        }
    }

    #[test]
    fn japanese_is_japanese_and_english_is_english() {
        assert_eq!(text(Locale::Ja, "site-name"), "架け橋");
        assert_eq!(text(Locale::En, "site-name"), "Kakehashi");
    }

    #[test]
    fn arguments_are_substituted() {
        let s = text_with(Locale::En, "signed-in-as", &[("name", "Hanako".into())]);
        assert!(s.contains("Hanako"), "{s}");
    }

    #[test]
    fn unknown_keys_show_a_marker() {
        assert_eq!(text(Locale::Ja, "no-such-key"), "⟦no-such-key⟧");
    }
}
