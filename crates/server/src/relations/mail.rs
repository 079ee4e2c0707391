//! The messages invitations send, in Japanese with English below (the recipient has not chosen
//! a language yet).

use kakehashi_domain::identity::EmailAddress;
use time::OffsetDateTime;

use super::invitations::FirmInvitation;
use crate::platform::outbox::{Mail, bilingual_body, bilingual_subject};
use crate::platform::state::AppState;
use crate::shell::format_time;

/// Outbox kinds whose bodies carry a secret link (redacted on the operator's pages outside the demo).
pub const INVITATION: &str = "invitation";

fn link(state: &AppState, token: &str) -> String {
    let base = state.public_base();
    format!("{base}/invite?token={token}")
}

pub fn firm_invitation(
    state: &AppState,
    inviter: &str,
    invitation: &FirmInvitation,
    token: &str,
    expires: OffsetDateTime,
) -> Mail {
    let args = [
        ("org", inviter.to_owned()),
        ("firm", invitation.firm_name.clone()),
        ("link", link(state, token)),
        ("expires", format_time(expires)),
    ];
    Mail {
        kind: INVITATION,
        to: invitation.email.clone(),
        subject: bilingual_subject("mail-invite-firm-subject", &args),
        body_text: bilingual_body("mail-invite-firm-body", &args),
    }
}

pub fn colleague_invitation(
    state: &AppState,
    inviter: &str,
    to: &EmailAddress,
    token: &str,
    expires: OffsetDateTime,
) -> Mail {
    let args = [("org", inviter.to_owned()), ("link", link(state, token)), ("expires", format_time(expires))];
    Mail {
        kind: INVITATION,
        to: to.clone(),
        subject: bilingual_subject("mail-invite-colleague-subject", &args),
        body_text: bilingual_body("mail-invite-colleague-body", &args),
    }
}

pub fn link_request(state: &AppState, requester: &str, to: &EmailAddress) -> Mail {
    let base = state.public_base();
    let args = [("org", requester.to_owned()), ("link", format!("{base}/org/relationships"))];
    Mail {
        kind: "link-request",
        to: to.clone(),
        subject: bilingual_subject("mail-link-request-subject", &args),
        body_text: bilingual_body("mail-link-request-body", &args),
    }
}
