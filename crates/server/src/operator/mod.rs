//! The platform operator's tools: system status, the mail outbox (with a test message to check
//! the mail settings), background jobs and the audit chain. Identity administration joins here.

mod admin_pages;
pub mod admin_store;
pub mod api;
mod pages;

use axum::http::Method;
use kakehashi_content::i18n;
use kakehashi_domain::identity::EmailAddress;
use kakehashi_domain::ids::MailId;
use kakehashi_domain::locale::Locale;

use crate::platform::audit::{self, AuditEvent};
use crate::platform::auth::CurrentUser;
use crate::platform::outbox::store::OutboxMessage;
use crate::platform::outbox::{self, Mail};
use crate::platform::routes::{Access, Routes};
use crate::platform::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/operator", Access::Operator, pages::overview)
        .page(Method::POST, "/operator/test-mail", Access::Operator, pages::send_test_mail)
        .page(Method::GET, "/operator/outbox/{mail_id}", Access::Operator, pages::outbox_message)
        .page(Method::GET, "/operator/audit", Access::Operator, pages::audit_log)
        .page(Method::GET, "/operator/people", Access::Operator, admin_pages::people)
        .page(Method::POST, "/operator/users/{user_id}/disable", Access::Operator, admin_pages::disable_user)
        .page(Method::POST, "/operator/users/{user_id}/enable", Access::Operator, admin_pages::enable_user)
        .page(
            Method::POST,
            "/operator/users/{user_id}/two-factor/reset",
            Access::Operator,
            admin_pages::reset_two_factor,
        )
        .page(Method::POST, "/operator/settings", Access::Operator, admin_pages::save_settings)
        .page(Method::POST, "/operator/orgs/{org_id}/admins", Access::Operator, admin_pages::appoint_admin)
}

/// An outbox message as the operator may read it: secret links blanked, except in the demo
/// (where the operator is also the person testing invitations).
pub fn for_operator(state: &AppState, message: OutboxMessage) -> OutboxMessage {
    if state.is_demo() { message } else { message.redacted() }
}

/// Queues a bilingual test message to `to`, audited, in one transaction.
pub async fn send_test_mail(state: &AppState, operator: &CurrentUser, to: EmailAddress) -> Result<MailId, sqlx::Error> {
    let both = |key: &str| format!("{}\n\n{}", i18n::text(Locale::Ja, key), i18n::text(Locale::En, key));
    let mail = Mail {
        kind: "test",
        to: to.clone(),
        subject: format!(
            "{} / {}",
            i18n::text(Locale::Ja, "operator-test-mail-subject"),
            i18n::text(Locale::En, "operator-test-mail-subject")
        ),
        body_text: both("operator-test-mail-body"),
    };
    let now = state.now();
    let mut tx = state.db().write().await?;
    let id = outbox::enqueue(&mut tx, mail, now).await?;
    audit::append(
        &mut tx,
        AuditEvent::new("mail.test")
            .actor(Some(operator.id))
            .object(MailId::KIND, id.to_string())
            .detail("to", to.as_str()),
        now,
    )
    .await?;
    tx.commit().await?;
    state.wake_jobs();
    Ok(id)
}
