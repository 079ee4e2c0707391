//! What every page needs to render its layout: the language, who is signed in, the form token
//! and a one-time notice. Handlers take [`Page`] as an extractor and put it in their template.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{Method, header};
use kakehashi_domain::locale::Locale;
use kakehashi_domain::message::Message;
use time::{OffsetDateTime, UtcOffset};
use tower_sessions::Session;

use crate::platform::auth::{Caller, CurrentUser, csrf};
use crate::platform::error::AppError;
use crate::platform::i18n::Lang;
use crate::platform::routes::access_of;
use crate::platform::state::AppState;
use crate::platform::tenancy::Acting;
use kakehashi_domain::tenancy::{Permission, Role};

/// One entry of the menu.
#[derive(Debug, Clone, Copy)]
pub struct MenuItem {
    pub href: &'static str,
    pub key: &'static str,
    /// For tests: `nav-{id}`.
    pub id: &'static str,
}

/// The session key of the one-time notice shown after a redirect.
const NOTICE_KEY: &str = "notice";

#[derive(Debug, Clone)]
pub struct Page {
    pub locale: Locale,
    pub user: Option<CurrentUser>,
    /// The organisation the person acts for, shown on every page.
    pub acting: Option<Acting>,
    /// The form token; present whenever the page may show a form.
    pub csrf: Option<String>,
    /// This page's path and query, so the language switch can come back to it.
    pub here: String,
    /// A message key to show once, set before a redirect with [`Page::notice_next`].
    pub notice: Option<String>,
}

impl Page {
    /// A page for someone we know nothing about (error pages rendered outside any route).
    pub fn anonymous(locale: Locale) -> Self {
        Self { locale, user: None, acting: None, csrf: None, here: "/".into(), notice: None }
    }

    /// The UI string for `key`.
    pub fn t(&self, key: &str) -> String {
        kakehashi_content::i18n::text(self.locale, key)
    }

    /// The UI string for `key` with one argument.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        kakehashi_content::i18n::text_with(self.locale, key, &[(name, value.to_owned())])
    }

    /// A message (key and arguments) in the page's language.
    pub fn say(&self, message: &Message) -> String {
        // Arguments written "日本語 / English" (a generated sharing purpose, a built-in title)
        // show the page's side, as `local` does for text shown on its own.
        let mut local = message.clone();
        for (_, value) in &mut local.args {
            *value = local_part(value, self.locale).to_owned();
        }
        kakehashi_content::i18n::say(self.locale, &local)
    }

    /// Text written as "日本語 / English" (our built-in catalogs and their notes, generated
    /// purposes, bilingual mail subjects) in the page's language; any other text as it is.
    pub fn local(&self, text: &str) -> String {
        local_part(text, self.locale).to_owned()
    }

    /// The language `text` is in, as shown here (after [`Page::local`]): `ja` when it has any
    /// Japanese letter, else `en`. Pages mark data in English (a NIST control's title) with it,
    /// so that screen readers read it right and a Japanese page says which parts are not.
    pub fn lang_of(&self, text: &str) -> &'static str {
        if local_part(text, self.locale).chars().any(is_japanese) { "ja" } else { "en" }
    }

    pub fn lang(&self) -> &'static str {
        self.locale.tag()
    }

    pub fn other_lang(&self) -> &'static str {
        self.locale.other().tag()
    }

    /// The link of the language switch: to the other language, back to this page.
    pub fn switch_href(&self) -> String {
        let next: String = url::form_urlencoded::byte_serialize(self.here.as_bytes()).collect();
        format!("/lang?to={}&next={next}", self.other_lang())
    }

    pub fn csrf_token(&self) -> &str {
        self.csrf.as_deref().unwrap_or_default()
    }

    /// Whether `user` is the person looking (so that, say, nobody is offered to disable
    /// themselves).
    pub fn is_me(&self, user: &kakehashi_domain::ids::UserId) -> bool {
        self.user.as_ref().is_some_and(|u| u.id == *user)
    }

    pub fn is_operator(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.is_operator)
    }

    /// The name of the organisation the person acts for, or empty.
    pub fn org_name(&self) -> &str {
        self.acting.as_ref().map(|a| a.org_name()).unwrap_or_default()
    }

    /// Whether the person may use the route `method path`, as the route registry records it:
    /// pages offer an action only when the guard would let it through (one role table).
    pub fn may(&self, method: &str, path: &str) -> bool {
        access_of(method, path).is_some_and(|a| a.admits(self.user.as_ref(), self.acting.as_ref()))
    }

    /// The menu: what this person uses every day, by the role they act with. Expert tools
    /// (catalogs, crosswalks, questionnaires) sit one level down, on the tools page.
    pub fn menu(&self) -> Vec<MenuItem> {
        let mut items = vec![MenuItem { href: "/", key: "nav-home", id: "home" }];
        if let Some(acting) = &self.acting {
            let role = acting.role();
            let reads_all = role == Role::ReadOnly;
            if role.allows(Permission::Write) || reads_all {
                items.push(MenuItem { href: "/self-checks", key: "nav-self-checks", id: "self-checks" });
                items.push(MenuItem { href: "/evidence", key: "evidence-title", id: "evidence" });
            }
            // Every role may read what suppliers sent for review; it is where a buyer's people
            // look first, so it is in everyone's menu (only reviewers and admins decide there).
            items.push(MenuItem { href: "/reviews", key: "nav-reviews", id: "reviews" });
            if role.allows(Permission::Administer) {
                items.push(MenuItem { href: "/org/relationships", key: "nav-relations", id: "relations" });
            }
            items.push(MenuItem { href: "/org", key: "nav-org", id: "org" });
        }
        if self.is_operator() {
            items.push(MenuItem { href: "/operator", key: "nav-operator", id: "operator" });
        }
        items
    }

    /// Whether this page is `href` or one below it (the menu marks it).
    pub fn here_is(&self, href: &str) -> bool {
        let path = self.here.split('?').next().unwrap_or_default();
        if href == "/" { path == "/" } else { path == href || path.starts_with(&format!("{href}/")) }
    }

    pub fn user_name(&self) -> &str {
        self.user.as_ref().map(|u| u.display_name.as_str()).unwrap_or_default()
    }

    /// After a form did its work: a notice for the next page, and a redirect there (so that
    /// reloading does not send the form again).
    pub async fn done(session: &Session, notice: &str, to: &str) -> Result<axum::response::Response, AppError> {
        Self::notice_next(session, notice).await?;
        Ok(axum::response::IntoResponse::into_response(axum::response::Redirect::to(to)))
    }

    /// Leaves a notice (a message key) for the next page this person sees.
    pub async fn notice_next(session: &Session, key: &str) -> Result<(), AppError> {
        session.insert(NOTICE_KEY, key).await.map_err(|e| AppError::Internal(e.into()))
    }
}

/// The page the person is on, as a link that can be opened again (the language switch returns
/// there). A form shown again after a problem answers a POST, whose path may have no page: then
/// it is the page the form was sent from (the `Referer`, when it is one of ours), else home.
fn where_the_person_is(parts: &Parts) -> String {
    let requested = parts.uri.path_and_query().map(|p| p.to_string()).unwrap_or_else(|| "/".into());
    if parts.method == Method::GET || parts.method == Method::HEAD {
        return requested;
    }
    parts
        .headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| url::Url::parse(r).ok())
        .map(|u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        })
        .filter(|p| super::local_path::is_local_path(p))
        .unwrap_or_else(|| "/".into())
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Lang(locale) = Lang::from_request_parts(parts, state).await.unwrap_or(Lang(Locale::Ja));
        let Caller { user, acting, .. } = Caller::from_request_parts(parts, state).await?;
        let here = where_the_person_is(parts);
        let mut page = Page { locale, user, acting, csrf: None, here, notice: None };
        if let Some(session) = parts.extensions.get::<Session>() {
            // Anonymous visitors get no session (and no database write) unless a page with a
            // form asks for one; signed-in people always see the sign-out form.
            if page.user.is_some() {
                page.csrf = Some(csrf::token(session).await?);
            }
            // Removing marks the session changed (a write), so only when there is something.
            let internal = |e: tower_sessions::session::Error| AppError::Internal(e.into());
            if session.get::<String>(NOTICE_KEY).await.map_err(internal)?.is_some() {
                page.notice = session.remove::<String>(NOTICE_KEY).await.map_err(internal)?;
            }
        }
        Ok(page)
    }
}

/// The side of "日本語 / English" for `locale`, when one side is Japanese and the other not.
fn local_part(text: &str, locale: Locale) -> &str {
    let Some((ja, en)) = text.split_once(" / ") else { return text };
    let (ja, en) = (ja.trim(), en.trim());
    if !ja.chars().any(is_japanese) || en.chars().any(is_japanese) {
        return text;
    }
    match locale {
        Locale::Ja => ja,
        Locale::En => en,
    }
}

/// Hiragana, katakana, kanji and the Japanese punctuation and full-width forms.
fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

/// Japan Standard Time, which has no daylight saving.
const JST: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// A time as people here read it: `2026-11-25 21:03 JST`.
pub fn format_time(t: OffsetDateTime) -> String {
    let t = t.to_offset(JST);
    format!("{:04}-{:02}-{:02} {:02}:{:02} JST", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

/// A day as people here read it: `2026-11-25` (in Japan).
pub fn format_date(t: OffsetDateTime) -> String {
    let t = t.to_offset(JST);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// Until when a time limit lasts, as people read it: a limit chosen as a last day is stored as
/// midnight (in Japan) after it, so it shows as that day (`2027-03-31`), not as the next day at
/// 00:00; a limit at any other moment shows as a time.
pub fn format_until(t: OffsetDateTime) -> String {
    let local = t.to_offset(JST);
    if local.time() == time::Time::MIDNIGHT { format_date(t - time::Duration::DAY) } else { format_time(t) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_are_shown_in_japan_time() {
        assert_eq!(format_time(datetime!(2026-11-25 20:03 UTC)), "2026-11-26 05:03 JST");
    }

    #[test]
    fn a_limit_at_midnight_shows_as_the_last_day_it_covers() {
        assert_eq!(format_until(datetime!(2027-04-01 00:00 +9)), "2027-03-31");
        assert_eq!(format_until(datetime!(2027-03-31 15:00 UTC)), "2027-03-31");
        assert_eq!(format_until(datetime!(2027-04-01 09:30 +9)), "2027-04-01 09:30 JST");
    }

    #[test]
    fn bilingual_text_shows_the_pages_language() {
        let mut page = Page::anonymous(Locale::Ja);
        let title = "情報セキュリティ5か条（番号のみ） / IPA five basic measures (ids only)";
        assert_eq!(page.local(title), "情報セキュリティ5か条（番号のみ）");
        assert_eq!(page.lang_of("Access Control"), "en");
        assert_eq!(page.local("A / B testing"), "A / B testing", "not bilingual: as it is");
        page.locale = Locale::En;
        assert_eq!(page.local(title), "IPA five basic measures (ids only)");
        assert_eq!(page.lang_of(title), "en");
    }

    #[test]
    fn the_switch_returns_to_the_same_page() {
        let mut page = Page::anonymous(Locale::Ja);
        page.here = "/operator?x=1&y=2".into();
        assert_eq!(page.switch_href(), "/lang?to=en&next=%2Foperator%3Fx%3D1%26y%3D2");
    }
}
