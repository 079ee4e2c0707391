//! Review through the API: a supplier submits its self-check to a linked buyer, which reaches
//! it only through the grant; reviewers accept, ask about or reject answers; two reviewers and
//! a changed answer cannot overwrite each other; an accepted "not applicable" reason raises the
//! tier; the supplier changes only what was questioned; revoking the grant ends the review.

use kakehashi_domain::tenancy::{RelationshipKind, Role};
use kakehashi_testkit::TestApp;
use serde_json::{Value, json};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";

struct World {
    app: TestApp,
    supplier: reqwest::Client,
    first: reqwest::Client,
    second: reqwest::Client,
    stranger: reqwest::Client,
    buyer_id: String,
    stranger_id: String,
    id: String,
}

async fn world() -> anyhow::Result<World> {
    let app = TestApp::spawn().await?;
    let (supplier_org, _) = app.create_org("小さな部品株式会社", None, "it@small-parts.example").await?;
    let (buyer, _) = app.create_org("大手自動車株式会社", None, "first@buyer.example").await?;
    app.add_person(buyer, "second@buyer.example", Role::Reviewer).await?;
    app.add_person(buyer, "staff@buyer.example", Role::Member).await?;
    let (stranger, _) = app.create_org("無関係株式会社", None, "it@stranger.example").await?;
    app.link(RelationshipKind::BuyerSupplier, buyer, supplier_org).await?;
    let supplier = app.client_for("it@small-parts.example").await?;
    let id = app.start_built_in_self_check(&supplier, 1).await?;
    let mut answers: Vec<Value> = (0..7).map(|p| json!({"position": p, "value": "implemented"})).collect();
    answers[1] = json!({"position": 1, "value": "not-applicable", "reason": "社内に無線LANがありません"});
    let r = supplier
        .put(app.url(&format!("/api/v1/assessments/{id}/answers")))
        .json(&json!({"answers": answers}))
        .send()
        .await?;
    assert_eq!(r.status(), 200);
    Ok(World {
        first: app.client_for("first@buyer.example").await?,
        second: app.client_for("second@buyer.example").await?,
        stranger: app.client_for("it@stranger.example").await?,
        buyer_id: buyer.to_string(),
        stranger_id: stranger.to_string(),
        app,
        supplier,
        id,
    })
}

impl World {
    async fn submit(&self, to: &str) -> anyhow::Result<reqwest::Response> {
        let url = self.app.url(&format!("/api/v1/assessments/{}/submissions", self.id));
        Ok(self.supplier.post(url).json(&json!({"reviewer_org_id": to})).send().await?)
    }

    async fn decide(&self, who: &reqwest::Client, body: Value) -> anyhow::Result<reqwest::Response> {
        Ok(who.put(self.app.url(&format!("/api/v1/reviews/{}/verdicts", self.id))).json(&body).send().await?)
    }

    async fn review(&self, who: &reqwest::Client) -> anyhow::Result<reqwest::Response> {
        Ok(who.get(self.app.url(&format!("/api/v1/reviews/{}", self.id))).send().await?)
    }

    async fn own_view(&self) -> anyhow::Result<Value> {
        Ok(self.supplier.get(self.app.url(&format!("/api/v1/assessments/{}", self.id))).send().await?.json().await?)
    }
}

#[tokio::test]
async fn a_submitted_self_check_is_reviewed_answer_by_answer() -> anyhow::Result<()> {
    let w = world().await?;
    assert_eq!(w.review(&w.first).await?.status(), 404, "not submitted yet");
    assert_eq!(w.submit(&w.stranger_id).await?.status(), 400, "only to a linked organisation");
    assert_eq!(w.submit(&w.buyer_id).await?.status(), 204);
    assert_eq!(w.submit(&w.buyer_id).await?.status(), 409, "once per organisation");
    assert_eq!(w.review(&w.stranger).await?.status(), 404);
    let received: Vec<Value> = w.first.get(w.app.url("/api/v1/reviews")).send().await?.json().await?;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0]["supplier_name"], "小さな部品株式会社");
    assert_eq!(w.own_view().await?["scoring"]["tier"], Value::Null, "a reason not yet accepted");

    // Both reviewers open the self-check; the first accepts the reason, the second is too late.
    let accept = json!({"position": 1, "verdict": "accepted", "answer_version": 1});
    let r = w.decide(&w.first, accept).await?;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await?["version"], 1);
    let staff = w.app.client_for("staff@buyer.example").await?;
    let by_staff = w.decide(&staff, json!({"position": 2, "verdict": "accepted", "answer_version": 1})).await?;
    assert_eq!(by_staff.status(), 403, "a member without the review permission does not decide");
    let late = w
        .decide(&w.second, json!({"position": 1, "verdict": "asked", "comment": "本当に？", "answer_version": 1}))
        .await?;
    assert_eq!(late.status(), 409);
    assert!(late.text().await?.contains("another reviewer decided on question 1"));
    assert_eq!(w.own_view().await?["scoring"]["tier"], 1, "the accepted reason counts");

    // Rejecting needs a reason; the supplier replies and changes only what was rejected.
    let no_reason = w.decide(&w.first, json!({"position": 0, "verdict": "rejected", "answer_version": 1})).await?;
    assert_eq!(no_reason.status(), 400);
    let reject = json!({"position": 0, "verdict": "rejected", "comment": "証拠がありません", "answer_version": 1});
    assert_eq!(w.decide(&w.first, reject).await?.status(), 200);
    let reply = json!({"reviewer_org_id": w.buyer_id, "position": 0, "body": "規程を添付しました。"});
    let r = w.supplier.post(w.app.url(&format!("/api/v1/assessments/{}/replies", w.id))).json(&reply).send().await?;
    assert_eq!(r.status(), 204);
    let save = |answers: Value| {
        w.supplier
            .put(w.app.url(&format!("/api/v1/assessments/{}/answers", w.id)))
            .json(&json!({"answers": answers}))
            .send()
    };
    let r = save(json!([{"position": 2, "value": "partly", "version": 1}])).await?;
    assert_eq!(r.status(), 409, "not questioned, so it stays as submitted");
    assert!(r.text().await?.contains("question 2 was submitted for review"));
    assert_eq!(save(json!([{"position": 0, "value": "partly", "version": 1}])).await?.status(), 200);

    // The reviewer's stale page (answer version 1) cannot accept the changed answer.
    let stale = json!({"position": 0, "verdict": "accepted", "version": 1, "answer_version": 1});
    let r = w.decide(&w.first, stale).await?;
    assert_eq!(r.status(), 409);
    assert!(r.text().await?.contains("changed the answer to question 0"));
    let view: Value = w.review(&w.second).await?.json().await?;
    let review = &view["questions"][0]["reviews"][0];
    assert_eq!(review["state"], "changed");
    let kinds: Vec<&str> =
        review["thread"].as_array().map(|t| t.iter().filter_map(|c| c["kind"].as_str()).collect()).unwrap_or_default();
    assert_eq!(kinds, ["rejected", "reply"]);
    let fresh = json!({"position": 0, "verdict": "accepted", "version": review["version"], "answer_version": 2});
    assert_eq!(w.decide(&w.second, fresh).await?.status(), 200);

    // The history keeps both versions of the answer.
    let versions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM answer_history WHERE assessment_id = $1 AND position = 0")
            .bind(&w.id)
            .fetch_one(w.app.state.db().pool())
            .await?;
    assert_eq!(versions, 2);
    Ok(())
}

#[tokio::test]
async fn the_reviewer_reaches_attached_evidence_only_while_the_grant_lives() -> anyhow::Result<()> {
    let w = world().await?;
    let upload = |name: &'static str| {
        w.supplier.post(w.app.url(&format!("/api/v1/evidence/files?name={name}"))).body(PDF.to_vec()).send()
    };
    let shown: Value = upload("shown.pdf").await?.json().await?;
    let private: Value = upload("private.pdf").await?.json().await?;
    let _ = private;
    let statement = json!({"kind": "statement", "title": "非公開のメモ", "statement": "見せない"});
    let hidden: Value = w.supplier.post(w.app.url("/api/v1/evidence")).json(&statement).send().await?.json().await?;
    let attach = json!({"position": 0, "evidence_ids": [shown["id"]]});
    let r = w.supplier.put(w.app.url(&format!("/api/v1/assessments/{}/evidence", w.id))).json(&attach).send().await?;
    assert_eq!(r.status(), 204);
    assert_eq!(w.submit(&w.buyer_id).await?.status(), 204);

    let file = |who: &reqwest::Client, evidence: &Value| {
        let url = format!("/api/v1/reviews/{}/evidence/{}/download", w.id, evidence.as_str().unwrap_or_default());
        who.get(w.app.url(&url)).send()
    };
    let r = file(&w.first, &shown["id"]).await?;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str()?.starts_with("attachment"));
    assert_eq!(file(&w.first, &hidden["id"]).await?.status(), 404, "not attached, not shown");
    assert_eq!(file(&w.stranger, &shown["id"]).await?.status(), 404);
    assert_eq!(
        w.first
            .get(w.app.url(&format!("/api/v1/evidence/{}", shown["id"].as_str().unwrap_or_default())))
            .send()
            .await?
            .status(),
        404,
        "the supplier's evidence list stays its own"
    );

    // The supplier ends the sharing: the review is gone for the buyer at once.
    let given: Vec<Value> = w.supplier.get(w.app.url("/api/v1/org/grants/given")).send().await?.json().await?;
    let grant = given.iter().find(|g| g["kind"] == "self-check").cloned().unwrap_or_default();
    let r = w
        .supplier
        .delete(w.app.url(&format!("/api/v1/org/grants/{}", grant["id"].as_str().unwrap_or_default())))
        .send()
        .await?;
    assert!(r.status().is_success());
    assert_eq!(w.review(&w.first).await?.status(), 404);
    assert_eq!(file(&w.first, &shown["id"]).await?.status(), 404);
    let received: Vec<Value> = w.first.get(w.app.url("/api/v1/reviews")).send().await?.json().await?;
    assert!(received.is_empty());
    Ok(())
}

#[tokio::test]
async fn the_pages_carry_a_review_from_request_to_reply() -> anyhow::Result<()> {
    use kakehashi_testkit::html::{by_test_id, csrf_token};
    let w = world().await?;
    let result = w.supplier.get(w.app.url(&format!("/self-checks/{}/result", w.id))).send().await?.text().await?;
    assert!(result.contains("大手自動車株式会社"), "the linked buyer is offered");
    let csrf = csrf_token(&result).unwrap_or_default();
    let r = w
        .supplier
        .post(w.app.url(&format!("/self-checks/{}/submit", w.id)))
        .form(&[("csrf", csrf.as_str()), ("reviewer", w.buyer_id.as_str())])
        .send()
        .await?;
    assert_eq!(r.status(), 200);

    let list = w.first.get(w.app.url("/reviews")).send().await?.text().await?;
    assert!(by_test_id(&list, "reviews").is_some_and(|l| l.contains("小さな部品株式会社")));
    let page = w.first.get(w.app.url(&format!("/reviews/{}", w.id))).send().await?.text().await?;
    assert!(
        by_test_id(&page, "review-1").is_some_and(|q| q.contains("社内に無線LANがありません")),
        "the reason is shown"
    );
    let csrf = csrf_token(&page).unwrap_or_default();
    let decide = |who: &reqwest::Client, fields: Vec<(&'static str, String)>| {
        let mut form = vec![("csrf", csrf.clone())];
        form.extend(fields);
        who.post(w.app.url(&format!("/reviews/{}/verdicts", w.id))).form(&form).send()
    };
    let ask = vec![("position", "0".to_owned()), ("verdict", "asked".to_owned()), ("answer_version", "1".to_owned())];
    let r = decide(&w.first, ask.clone()).await?;
    assert_eq!(r.status(), 422, "asking needs a reason");
    let mut with_reason = ask.clone();
    with_reason.push(("comment", "更新の記録はありますか".to_owned()));
    assert_eq!(decide(&w.first, with_reason.clone()).await?.status(), 200);
    // The second reviewer's page was opened before: same form, no verdict version.
    let second_csrf_page = w.second.get(w.app.url(&format!("/reviews/{}", w.id))).send().await?.text().await?;
    let second_csrf = csrf_token(&second_csrf_page).unwrap_or_default();
    let mut stale = vec![("csrf", second_csrf)];
    stale.extend([
        ("position", "0".to_owned()),
        ("verdict", "accepted".to_owned()),
        ("answer_version", "1".to_owned()),
        ("comment", "問題なし".to_owned()),
    ]);
    let r = w.second.post(w.app.url(&format!("/reviews/{}/verdicts", w.id))).form(&stale).send().await?;
    assert_eq!(r.status(), 409);
    let html = r.text().await?;
    assert!(by_test_id(&html, "problem").is_some_and(|p| p.contains("別の確認者が判断しました")), "{html}");
    assert!(html.contains("問題なし"), "the comment as typed comes back");
    assert!(html.contains("value=\"accepted\" checked"), "and the choice");

    let result = w.supplier.get(w.app.url(&format!("/self-checks/{}/result", w.id))).send().await?.text().await?;
    let thread = by_test_id(&result, "thread-0").unwrap_or_default();
    assert!(thread.contains("更新の記録はありますか"), "{thread}");
    let csrf = csrf_token(&result).unwrap_or_default();
    let reply =
        [("csrf", csrf.as_str()), ("reviewer", w.buyer_id.as_str()), ("position", "0"), ("body", "毎月記録しています")];
    assert_eq!(
        w.supplier.post(w.app.url(&format!("/self-checks/{}/replies", w.id))).form(&reply).send().await?.status(),
        200
    );
    let page = w.first.get(w.app.url(&format!("/reviews/{}", w.id))).send().await?.text().await?;
    assert!(by_test_id(&page, "review-0").is_some_and(|q| q.contains("毎月記録しています")));
    // The supplier sees the reply where it answered the question, and that it waits for the
    // reviewer, rather than the question again as if unanswered.
    let result = w.supplier.get(w.app.url(&format!("/self-checks/{}/result", w.id))).send().await?.text().await?;
    let replied = by_test_id(&result, "replied-0").unwrap_or_default();
    assert!(replied.contains("毎月記録しています") && replied.contains("確認者の判断を待っています"), "{replied}");
    let screen = w.supplier.get(w.app.url(&format!("/self-checks/{}?screen=0", w.id))).send().await?.text().await?;
    assert!(by_test_id(&screen, "replied-0").is_some_and(|r| r.contains("毎月記録しています")), "{screen}");
    Ok(())
}

#[tokio::test]
async fn the_demo_starts_with_a_self_check_under_review() -> anyhow::Result<()> {
    let app = TestApp::spawn_with(kakehashi_testkit::TestAppOptions { demo: true, ..Default::default() }).await?;
    let made = kakehashi_server::demo_self_check::submitted_self_check(&app.state).await?;
    assert!(made.is_some_and(|m| m.contains("東和電子")));
    assert!(kakehashi_server::demo_self_check::submitted_self_check(&app.state).await?.is_none(), "once");
    let reviewer = app.client();
    app.sign_in(&reviewer, "review@sakura-seiki.example", "demo-buyer-review-2026").await?;
    let received: Vec<Value> = reviewer.get(app.url("/api/v1/reviews")).send().await?.json().await?;
    assert_eq!(received.len(), 1);
    let id = received[0]["assessment_id"].as_str().unwrap_or_default();
    let view: Value = reviewer.get(app.url(&format!("/api/v1/reviews/{id}"))).send().await?.json().await?;
    // Each sample answer sits on the question it is about.
    let by_key = |key: &str| {
        view["questions"].as_array().and_then(|qs| qs.iter().find(|q| q["question"]["key"] == key)).cloned()
    };
    let updates = by_key("B1-01").unwrap_or_default();
    assert_eq!(updates["answer"]["answer"]["value"], "partly");
    assert!(updates["answer"]["note"].as_str().is_some_and(|n| n.contains("更新")), "{updates}");
    assert_eq!(updates["reviews"][0]["state"], "asked");
    assert_eq!(updates["evidence"][0]["title"], "更新の手順");
    let sharing = by_key("B1-04").unwrap_or_default();
    assert_eq!(sharing["answer"]["answer"]["value"], "not-applicable");
    assert!(sharing["answer"]["answer"]["reason"].as_str().is_some_and(|r| r.contains("共有")), "{sharing}");
    Ok(())
}

#[tokio::test]
async fn reviewers_hear_of_a_submission_and_a_change_and_suppliers_of_a_question_by_mail() -> anyhow::Result<()> {
    let w = world().await?;
    assert_eq!(w.submit(&w.buyer_id).await?.status(), 204);
    let ask = json!({"position": 2, "verdict": "asked", "comment": "記録はありますか", "answer_version": 1});
    assert_eq!(w.decide(&w.first, ask).await?.status(), 200);
    let accept = json!({"position": 0, "verdict": "accepted", "answer_version": 1});
    assert_eq!(w.decide(&w.first, accept).await?.status(), 200);
    let mail: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT kind, to_addr, body_text FROM outbox WHERE kind LIKE 'review-%' ORDER BY created_at, id",
    )
    .fetch_all(w.app.state.db().pool())
    .await?;
    let mut request: Vec<&str> = mail.iter().filter(|m| m.0 == "review-request").map(|m| m.1.as_str()).collect();
    request.sort_unstable();
    assert_eq!(request, ["first@buyer.example", "second@buyer.example"], "the admin and the reviewer, not the member");
    assert!(mail[0].2.contains(&format!("/reviews/{}", w.id)) && mail[0].2.contains("小さな部品株式会社"));
    let questions: Vec<&(String, String, String)> = mail.iter().filter(|m| m.0 == "review-question").collect();
    assert_eq!(questions.len(), 1, "accepting sends nothing");
    assert_eq!(questions[0].1, "it@small-parts.example");
    assert!(questions[0].2.contains("質問 3") && questions[0].2.contains(&format!("/self-checks/{}/result#q2", w.id)));

    // The supplier changes the answer asked about: the reviewing organisation's deciders hear.
    let change = json!({"answers": [{"position": 2, "value": "partly", "version": 1}]});
    let r = w.supplier.put(w.app.url(&format!("/api/v1/assessments/{}/answers", w.id))).json(&change).send().await?;
    assert_eq!(r.status(), 200);
    let changed: Vec<(String, String)> =
        sqlx::query_as("SELECT to_addr, body_text FROM outbox WHERE kind = 'review-changed' ORDER BY to_addr")
            .fetch_all(w.app.state.db().pool())
            .await?;
    assert_eq!(
        changed.iter().map(|m| m.0.as_str()).collect::<Vec<_>>(),
        ["first@buyer.example", "second@buyer.example"]
    );
    assert!(
        changed[0].1.contains("質問 3") && changed[0].1.contains(&format!("/reviews/{}#q2", w.id)),
        "{}",
        changed[0].1
    );
    Ok(())
}
