//! The demo's self-check under review: a supplier (東和電子) has answered the tier-1
//! self-check, attached a statement, and asked its buyer (さくら精機) to review it; the buyer's
//! reviewer has asked about one answer. Made through the same store functions as the pages, so
//! that the demo shows a review in progress from the first start.

use kakehashi_domain::assess::Answer;
use kakehashi_domain::assess::evidence::{EvidenceKind, Validity};
use kakehashi_domain::assess::review::Verdict;
use kakehashi_domain::baseline::Tier;
use kakehashi_domain::ids::{AssessmentId, UserId};
use kakehashi_domain::tenancy::{Permission, Purpose, Role};

use crate::assess::assessment_store::{self, Change, SelfCheck};
use crate::assess::evidence_store::{self, NewEvidence};
use crate::assess::review_store::{self, Decision};
use crate::assess::store as questionnaire_store;
use crate::platform::state::AppState;
use crate::platform::tenancy::{Acting, acting};

const SUPPLIER: &str = "東和電子株式会社";
const BUYER: &str = "さくら精機株式会社";
/// The baseline items the demo's answers are about: keeping software updated, sharing settings.
const UPDATES: &str = "B1-01";
const SHARING: &str = "B1-04";

/// A person acting for an organisation, as the sign-in would make them.
async fn acting_as(state: &AppState, org_name: &str, role: Role) -> anyhow::Result<Option<(Acting, UserId)>> {
    let Some((org_id, user)) = crate::org::store::first_member(state.db(), org_name, role).await? else {
        return Ok(None);
    };
    let acting = acting::for_member(state.db(), user, org_id).await?;
    Ok(acting.map(|acting| (acting, user)))
}

/// Creates the demo's submitted self-check once; says what it did.
pub async fn submitted_self_check(state: &AppState) -> anyhow::Result<Option<String>> {
    let (Some((supplier, answerer)), Some((buyer, reviewer))) =
        (acting_as(state, SUPPLIER, Role::Admin).await?, acting_as(state, BUYER, Role::Reviewer).await?)
    else {
        return Ok(None);
    };
    let own = supplier.own::<SelfCheck>();
    if !assessment_store::list(state.db(), &own).await?.is_empty() {
        return Ok(None);
    }
    let Some(tier1) = questionnaire_store::for_baseline_tier(state.db(), Tier::Basic).await? else { return Ok(None) };
    let mut unit = state.begin(&supplier, answerer, Permission::Write).await?;
    let id = assessment_store::create(&mut unit, tier1).await?;
    unit.commit().await?;
    // Answers go by the baseline item each question asks about, not by position.
    let questions = questionnaire_store::questions(state.db(), tier1, "ja").await?;
    let mut changes = Vec::new();
    let mut updates = 0;
    for q in &questions {
        let position = q.position;
        let (answer, note) = match q.key.as_str() {
            UPDATES => {
                updates = position;
                (Answer::Partly, Some("工場の検査用PC2台は、製造装置の都合で更新を手動で行っています。".into()))
            }
            SHARING => (
                Answer::NotApplicable {
                    reason: "クラウドのファイル共有サービスは使っていません。共有は社内のファイルサーバーだけです。"
                        .into(),
                },
                None,
            ),
            _ => (Answer::Implemented, None),
        };
        changes.push(Change { position, answer, note, seen_version: None });
    }
    let mut unit = state.begin(&supplier, answerer, Permission::Write).await?;
    assessment_store::save(&mut unit, id, &changes, &state.public_base()).await?;
    let statement = NewEvidence {
        kind: EvidenceKind::Statement,
        title: "更新の手順".into(),
        file: None,
        link: None,
        statement: Some("毎月第一月曜に、総務担当が全台のWindows Updateを確認し、記録しています。".into()),
        certificate: None,
        validity: Validity::new(None, None)?,
    };
    let evidence = evidence_store::create(&mut unit, &statement).await?;
    evidence_store::attach(&mut unit, id, updates, &[evidence]).await?;
    unit.commit().await?;
    let purpose = Purpose::parse("年次のセキュリティ確認（デモ）")?;
    let base = state.public_base();
    let notice = review_store::Notice { base_url: &base, from_name: SUPPLIER };
    let mut unit = state.begin(&supplier, answerer, Permission::Write).await?;
    review_store::submit(&mut unit, id, (buyer.org_id(), purpose), &notice).await?;
    unit.commit().await?;
    ask_about_the_partly_answer(state, &buyer, reviewer, id, updates).await?;
    Ok(Some(format!("{SUPPLIER} → {BUYER} ({id})")))
}

async fn ask_about_the_partly_answer(
    state: &AppState,
    buyer: &Acting,
    reviewer: UserId,
    id: AssessmentId,
    position: i64,
) -> anyhow::Result<()> {
    let scope = crate::assess::review::reach(state, buyer, id).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let decision = Decision {
        position,
        verdict: Verdict::Asked,
        comment: Some("手動更新の2台は、いつ誰が更新していますか。".into()),
        seen_version: None,
        seen_answer: 1,
    };
    let base = state.public_base();
    let mut unit = state.begin(buyer, reviewer, Permission::Review).await?;
    review_store::decide(&mut unit, &scope, &base, id, &decision).await?;
    unit.commit().await?;
    Ok(())
}
