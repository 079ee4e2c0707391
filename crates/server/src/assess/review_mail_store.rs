//! What review mail needs to know: who decides on reviews, who submitted, and names, read in
//! the unit of work the mail is written in.

use kakehashi_domain::ids::{AssessmentId, OrgId};
use sqlx::AnyConnection;

/// The people of `org` who decide on reviews: the addresses of its admins and reviewers who can
/// still sign in.
pub(super) async fn deciders(conn: &mut AnyConnection, org: OrgId) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.org_id = $1 AND m.role IN ('admin', 'reviewer') AND u.disabled_at IS NULL ORDER BY u.email",
    )
    .bind(org.to_string())
    .fetch_all(&mut *conn)
    .await
}

/// An organisation's name, read in the caller's unit.
pub(super) async fn org_name(conn: &mut AnyConnection, org: OrgId) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM organisations WHERE id = $1").bind(org.to_string()).fetch_one(&mut *conn).await
}

/// The address of the person who submitted self-check `id` to `reviewer` (if they can still
/// sign in), with the reviewer's name.
pub(super) async fn submitter_and_reviewer(
    conn: &mut AnyConnection,
    id: AssessmentId,
    reviewer: OrgId,
) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.email, o.name FROM submissions s JOIN users u ON u.id = s.submitted_by \
         JOIN organisations o ON o.id = s.reviewer_org \
         WHERE s.assessment_id = $1 AND s.reviewer_org = $2 AND u.disabled_at IS NULL",
    )
    .bind(id.to_string())
    .bind(reviewer.to_string())
    .fetch_optional(&mut *conn)
    .await
}
