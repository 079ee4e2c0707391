//! The messages review sends, in Japanese with English below, written to the outbox in the same
//! unit of work as the submission or decision that causes them: the reviewing organisation's
//! admins and reviewers hear of a new self-check and of an answer changed after they asked about
//! or rejected it; the person who submitted hears when a reviewer asks about or rejects an answer.

use kakehashi_domain::identity::EmailAddress;
use kakehashi_domain::ids::{AssessmentId, OrgId};

use super::review_mail_store as store;
use crate::platform::outbox::{Mail, bilingual_body, bilingual_subject};
use crate::platform::unit::Unit;

/// Tells the reviewing organisation's admins and reviewers that `supplier` (the unit's
/// organisation) asks for a review.
pub async fn submitted(
    unit: &mut Unit,
    base_url: &str,
    supplier: &str,
    reviewer: OrgId,
    id: AssessmentId,
) -> Result<(), sqlx::Error> {
    let to = store::deciders(unit.connection(), reviewer).await?;
    let args = [("org", supplier.to_owned()), ("link", format!("{base_url}/reviews/{id}"))];
    send(unit, &to, "review-request", "mail-review-request", &args).await
}

/// Tells the reviewing organisation's admins and reviewers that the supplier (the unit's
/// organisation) changed answer `position`, which they had asked about or rejected: it waits
/// for their decision again.
pub async fn changed(
    unit: &mut Unit,
    base_url: &str,
    reviewer: OrgId,
    id: AssessmentId,
    position: i64,
) -> Result<(), sqlx::Error> {
    let supplier = unit.org();
    let name = store::org_name(unit.connection(), supplier).await?;
    let to = store::deciders(unit.connection(), reviewer).await?;
    let args = [
        ("org", name),
        ("question", (position + 1).to_string()),
        ("link", format!("{base_url}/reviews/{id}#q{position}")),
    ];
    send(unit, &to, "review-changed", "mail-review-changed", &args).await
}

/// Tells the person who submitted that `reviewer` (the unit's organisation) asked about or
/// rejected answer `position`.
pub async fn questioned(unit: &mut Unit, base_url: &str, id: AssessmentId, position: i64) -> Result<(), sqlx::Error> {
    let reviewer = unit.org();
    let row = store::submitter_and_reviewer(unit.connection(), id, reviewer).await?;
    let Some((to, name)) = row else { return Ok(()) };
    let args = [
        ("org", name),
        ("question", (position + 1).to_string()),
        ("link", format!("{base_url}/self-checks/{id}/result#q{position}")),
    ];
    send(unit, &[to], "review-question", "mail-review-question", &args).await
}

async fn send(
    unit: &mut Unit,
    to: &[String],
    kind: &'static str,
    key: &str,
    args: &[(&'static str, String)],
) -> Result<(), sqlx::Error> {
    for address in to {
        // Addresses were checked when the accounts were made; one that no longer parses is skipped.
        let Ok(to) = EmailAddress::parse(address) else { continue };
        let mail = Mail {
            kind,
            to,
            subject: bilingual_subject(&format!("{key}-subject"), args),
            body_text: bilingual_body(&format!("{key}-body"), args),
        };
        unit.send(mail).await?;
    }
    Ok(())
}
