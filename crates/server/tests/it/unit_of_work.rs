//! One unit of work per request: what one screen writes stands or falls together (answers,
//! attachments, audit entries), and a caller whose role cannot write gets no unit at all.

use kakehashi_domain::assess::Answer;
use kakehashi_domain::ids::{AssessmentId, EvidenceId};
use kakehashi_domain::tenancy::Permission;
use kakehashi_server::assess::assessment_store::{self, Change};
use kakehashi_server::assess::evidence_store::{self, AttachError};
use kakehashi_server::platform::error::AppError;
use kakehashi_server::platform::tenancy::{Acting, acting};
use kakehashi_testkit::TestApp;

const FIRM: &str = "小さな部品株式会社";

/// A firm with a tier-1 self-check started through the API.
async fn firm() -> anyhow::Result<(TestApp, Acting, kakehashi_domain::ids::UserId, AssessmentId)> {
    let app = TestApp::spawn().await?;
    let (org, user) = app.create_org(FIRM, None, "it@small-parts.example").await?;
    let it = app.client_for("it@small-parts.example").await?;
    let id: AssessmentId = app.start_built_in_self_check(&it, 1).await?.parse()?;
    let acting = acting::for_member(app.state.db(), user, org).await?.expect("a member of the firm");
    Ok((app, acting, user, id))
}

async fn count(app: &TestApp, sql: &'static str, id: AssessmentId) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(sql).bind(id.to_string()).fetch_one(app.state.db().pool()).await?)
}

const ANSWERS: &str = "SELECT COUNT(*) FROM answers WHERE assessment_id = $1";
const AUDITED: &str = "SELECT COUNT(*) FROM audit_log WHERE object_id = $1 AND action = 'assessment.answer'";

#[tokio::test]
async fn a_refused_attachment_takes_the_answers_of_its_screen_with_it() -> anyhow::Result<()> {
    let (app, acting, user, id) = firm().await?;
    let answer = Change { position: 0, answer: Answer::Implemented, note: None, seen_version: None };

    let mut unit = app.state.begin(&acting, user, Permission::Write).await?;
    assessment_store::save(&mut unit, id, std::slice::from_ref(&answer), "http://127.0.0.1").await?;
    let refused = evidence_store::attach(&mut unit, id, 0, &[EvidenceId::new()]).await;
    assert!(matches!(refused, Err(AttachError::UnknownEvidence(_))), "{refused:?}");
    drop(unit); // the handler returns its error: nothing of the screen stays
    assert_eq!(count(&app, ANSWERS, id).await?, 0, "the answer outlived its screen");
    assert_eq!(count(&app, AUDITED, id).await?, 0, "an audit entry for a write that did not happen");

    // The same screen without the bad attachment is kept, with its audit entry.
    let mut unit = app.state.begin(&acting, user, Permission::Write).await?;
    assessment_store::save(&mut unit, id, &[answer], "http://127.0.0.1").await?;
    unit.commit().await?;
    assert_eq!(count(&app, ANSWERS, id).await?, 1);
    assert_eq!(count(&app, AUDITED, id).await?, 1);
    Ok(())
}

#[tokio::test]
async fn a_caller_that_cannot_write_gets_no_unit() -> anyhow::Result<()> {
    let (app, acting, user, _) = firm().await?;
    let console = Acting::console(acting.org_id(), FIRM.to_owned());
    let refused = app.state.begin(&console, user, Permission::Write).await;
    assert!(matches!(refused, Err(AppError::Forbidden)), "{refused:?}");
    // The admin may write, and may administer; nobody gets a unit for a permission they lack.
    assert!(app.state.begin(&acting, user, Permission::Administer).await.is_ok());
    Ok(())
}
