//! The organisation's activity record as people read it: who did what to what, in a sentence in
//! their language ("青木 誠 が 東和電子 を招待しました"), filtered by date and kind of action, and
//! as CSV for Excel. The tamper-evident chain itself is the platform's (`platform::audit`); this
//! reads it with the names of the people and organisations it points to.

use std::collections::BTreeMap;

use kakehashi_domain::message::Message;
use serde::Deserialize;
use time::{Date, OffsetDateTime, UtcOffset};

/// The kinds of action a person can filter by, with the action-code prefixes each covers.
pub const KINDS: [(&str, &[&str]); 7] = [
    ("invitations", &["invitation."]),
    ("relationships", &["relationship."]),
    ("sharing", &["grant."]),
    ("self-checks", &["assessment.", "evidence.", "questionnaire."]),
    ("reviews", &["review."]),
    ("members", &["org.", "token."]),
    ("sign-in", &["user."]),
];

/// What a person asked to see.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuditFilter {
    /// First day (YYYY-MM-DD, in Japan).
    #[serde(default)]
    pub from: String,
    /// Last day, included.
    #[serde(default)]
    pub to: String,
    /// One of [`KINDS`], or empty for all.
    #[serde(default)]
    pub kind: String,
}

impl AuditFilter {
    pub(super) fn day(text: &str) -> Option<Date> {
        Date::parse(text.trim(), time::macros::format_description!("[year]-[month]-[day]")).ok()
    }

    /// The filter as a query string, for the CSV link.
    pub fn query(&self) -> String {
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("from", &self.from)
            .append_pair("to", &self.to)
            .append_pair("kind", &self.kind)
            .finish()
    }
}

/// One entry, with names.
#[derive(Debug, Clone)]
pub struct AuditLine {
    pub seq: i64,
    pub at: OffsetDateTime,
    pub action: String,
    pub actor: String,
    pub actor_org: String,
    pub other_org: String,
    pub object_kind: String,
    pub object_id: String,
    pub details: BTreeMap<String, String>,
    pub hash: String,
}

impl AuditLine {
    /// The sentence that says what happened (`audit-action-…`), with its arguments.
    pub fn sentence(&self) -> Message {
        let key = SENTENCES.iter().find(|(a, _)| *a == self.action).map_or("audit-action-other", |(_, k)| *k);
        let detail = |k: &str| self.details.get(k).cloned().unwrap_or_default();
        let question = detail("position").parse::<i64>().map(|p| (p + 1).to_string()).unwrap_or_default();
        let mut m = Message::new(key)
            .with("actor", if self.actor.is_empty() { "—".to_owned() } else { self.actor.clone() })
            .with("org", &self.actor_org)
            .with("other", if self.other_org.is_empty() { "—".to_owned() } else { self.other_org.clone() })
            .with("email", detail("email"))
            .with("name", detail("name"))
            .with("purpose", detail("purpose"))
            .with("question", question)
            .with("code", &self.action);
        m = m.with("verdict", detail("verdict"));
        m
    }
}

/// Action codes and the sentences that say them. Codes not listed read as "did {code}".
const SENTENCES: [(&str, &str); 30] = [
    ("invitation.create", "audit-action-invitation-create"),
    ("invitation.accept", "audit-action-invitation-accept"),
    ("invitation.revoke", "audit-action-invitation-revoke"),
    ("relationship.create", "audit-action-relationship-create"),
    ("relationship.request", "audit-action-relationship-request"),
    ("relationship.accept", "audit-action-relationship-accept"),
    ("relationship.end", "audit-action-relationship-end"),
    ("grant.create", "audit-action-grant-create"),
    ("grant.revoke", "audit-action-grant-revoke"),
    ("token.create", "audit-action-token-create"),
    ("token.revoke", "audit-action-token-revoke"),
    ("org.create", "audit-action-org-create"),
    ("org.update_profile", "audit-action-org-update-profile"),
    ("org.confirm_domain", "audit-action-org-confirm-domain"),
    ("org.member_role", "audit-action-org-member-role"),
    ("org.member_remove", "audit-action-org-member-remove"),
    ("assessment.create", "audit-action-assessment-create"),
    ("assessment.answer", "audit-action-assessment-answer"),
    ("assessment.carry", "audit-action-assessment-carry"),
    ("assessment.confirm", "audit-action-assessment-confirm"),
    ("assessment.evidence", "audit-action-assessment-evidence"),
    ("assessment.submit", "audit-action-assessment-submit"),
    ("evidence.add", "audit-action-evidence-add"),
    ("evidence.withdraw", "audit-action-evidence-withdraw"),
    ("questionnaire.create", "audit-action-questionnaire-create"),
    ("review.verdict", "audit-action-review-verdict"),
    ("review.reply", "audit-action-review-reply"),
    ("user.sign_in", "audit-action-user-sign-in"),
    ("user.password_change", "audit-action-user-password-change"),
    ("operator.recovery_appoint_admin", "audit-action-operator-appoint-admin"),
];

/// Japan Standard Time, for days as people here count them.
pub(super) const JST: UtcOffset = match UtcOffset::from_hms(9, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};
