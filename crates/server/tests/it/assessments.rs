//! Self-checks through the API: a supplier answers the tier-1 questionnaire and reaches tier 1;
//! the score follows the documented rule; two people saving the same answer cannot overwrite
//! each other; bad answers change nothing; another organisation sees nothing.

use kakehashi_testkit::TestApp;
use serde_json::{Value, json};

struct Supplier {
    app: TestApp,
    it: reqwest::Client,
    boss: reqwest::Client,
    id: String,
}

async fn supplier() -> anyhow::Result<Supplier> {
    let app = TestApp::spawn().await?;
    let (org, _) = app.create_org("小さな部品株式会社", None, "it@small-parts.example").await?;
    app.add_person(org, "boss@small-parts.example", kakehashi_domain::tenancy::Role::Admin).await?;
    let it = app.client_for("it@small-parts.example").await?;
    let boss = app.client_for("boss@small-parts.example").await?;
    let list: Vec<Value> = it.get(app.url("/api/v1/questionnaires")).send().await?.json().await?;
    let tier1 = list.iter().find(|q| q["baseline_tier"] == 1).cloned().unwrap_or_default();
    let r = it.post(app.url("/api/v1/assessments")).json(&json!({"questionnaire_id": tier1["id"]})).send().await?;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await?["id"].as_str().unwrap_or_default().to_owned();
    Ok(Supplier { app, it, boss, id })
}

impl Supplier {
    async fn view(&self) -> anyhow::Result<Value> {
        Ok(self.it.get(self.app.url(&format!("/api/v1/assessments/{}?lang=en", self.id))).send().await?.json().await?)
    }

    async fn save(&self, who: &reqwest::Client, answers: Value) -> anyhow::Result<reqwest::Response> {
        let url = self.app.url(&format!("/api/v1/assessments/{}/answers", self.id));
        Ok(who.put(url).json(&json!({"answers": answers})).send().await?)
    }
}

#[tokio::test]
async fn answering_every_tier_one_question_reaches_tier_one() -> anyhow::Result<()> {
    let s = supplier().await?;
    let before = s.view().await?;
    let n = before["questions"].as_array().map_or(0, Vec::len);
    assert_eq!(n, 7);
    assert_eq!(before["scoring"]["tier"], Value::Null);
    assert_eq!(before["next_steps"].as_array().map(Vec::len), Some(7), "every question is a next step");

    let mut answers: Vec<Value> = (0..n).map(|p| json!({"position": p, "value": "implemented"})).collect();
    answers[1] = json!({"position": 1, "value": "partly", "note": "二台だけ未導入"});
    assert_eq!(s.save(&s.it, json!(answers)).await?.status(), 200);
    let mid = s.view().await?;
    assert_eq!(mid["scoring"]["overall"]["points"], 26, "six implemented (4) and one partly (2)");
    assert_eq!(mid["scoring"]["overall"]["max"], 28);
    assert_eq!(mid["next_steps"], json!([1]), "the partly one is what is left");

    let r = s.save(&s.it, json!([{"position": 1, "value": "実施している", "version": 1}])).await?;
    assert_eq!(r.status(), 200);
    let done = s.view().await?;
    assert_eq!(done["scoring"]["tier"], 1);
    assert_eq!(done["assessment"]["answered"], 7);
    Ok(())
}

#[tokio::test]
async fn two_people_cannot_overwrite_each_other_and_bad_answers_change_nothing() -> anyhow::Result<()> {
    let s = supplier().await?;
    assert_eq!(s.save(&s.it, json!([{"position": 0, "value": "partly"}])).await?.status(), 200);
    // The boss opened the page before that save: saw no answer at 0.
    let r = s
        .save(&s.boss, json!([{"position": 2, "value": "implemented"}, {"position": 0, "value": "not-implemented"}]))
        .await?;
    assert_eq!(r.status(), 409);
    let text = r.text().await?;
    assert!(text.contains("question 0 was changed by someone else"), "{text}");
    let v = s.view().await?;
    assert_eq!(v["questions"][0]["answer"]["answer"]["value"], "partly", "the first save stands");
    assert_eq!(v["questions"][2]["answer"], Value::Null, "nothing of the refused batch was saved");

    for (answers, says) in [
        (json!([{"position": 3, "value": "maybe"}]), "question 3"),
        (json!([{"position": 3, "value": "not-applicable"}]), "needs a reason"),
        (json!([{"position": 99, "value": "implemented"}]), "no question 99"),
        (json!([{"position": 3, "value": "implemented", "note": "x".repeat(2001)}]), "longer than 2000"),
    ] {
        let r = s.save(&s.it, answers).await?;
        assert_eq!(r.status(), 400);
        let text = r.text().await?;
        assert!(text.contains(says), "{text}");
    }
    let r = s
        .save(&s.it, json!([{"position": 3, "value": "not-applicable", "reason": "社外に持ち出す機器はありません"}]))
        .await?;
    assert_eq!(r.status(), 200);
    let v = s.view().await?;
    assert_eq!(v["questions"][3]["answer"]["answer"]["reason"], "社外に持ち出す機器はありません");

    // Another organisation reaches none of it.
    s.app.create_org("他社株式会社", None, "admin@other.example").await?;
    let other = s.app.client_for("admin@other.example").await?;
    assert_eq!(other.get(s.app.url(&format!("/api/v1/assessments/{}", s.id))).send().await?.status(), 404);
    let r = other
        .put(s.app.url(&format!("/api/v1/assessments/{}/answers", s.id)))
        .json(&json!({"answers": [{"position": 0, "value": "implemented", "version": 1}]}))
        .send()
        .await?;
    assert_eq!(r.status(), 404);
    let listed: Vec<Value> = other.get(s.app.url("/api/v1/assessments")).send().await?.json().await?;
    assert!(listed.is_empty());
    Ok(())
}

fn hidden(page: &str, name: &str) -> Vec<String> {
    page.match_indices(&format!("name=\"{name}"))
        .filter_map(|(at, _)| {
            let rest = &page[at + 6..];
            rest.split('"').next().map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn a_supplier_answers_tier_one_screen_by_screen_and_a_mistake_loses_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("はじめて株式会社", None, "owner@first.example").await?;
    let me = app.client_for("owner@first.example").await?;
    let list = me.get(app.url("/self-checks")).send().await?.text().await?;
    let csrf = kakehashi_testkit::html::csrf_token(&list).unwrap_or_default();
    let questionnaires: Vec<Value> = me.get(app.url("/api/v1/questionnaires")).send().await?.json().await?;
    let tier1 = questionnaires.iter().find(|q| q["baseline_tier"] == 1).cloned().unwrap_or_default();
    let started = me
        .post(app.url("/self-checks"))
        .form(&[("csrf", csrf.as_str()), ("questionnaire", tier1["id"].as_str().unwrap_or_default())])
        .send()
        .await?;
    assert!(started.url().path().starts_with("/self-checks/"), "{}", started.url());
    let mut url = started.url().clone();
    let mut screens = 0;
    let mut mistake_shown = false;
    while url.path().starts_with("/self-checks/") && !url.path().ends_with("/result") {
        screens += 1;
        let page = me.get(url.clone()).send().await?.text().await?;
        let action = format!("{}/answers?csrf={csrf}", url.path());
        let positions: Vec<String> =
            hidden(&page, "v-").into_iter().map(|n| n.trim_start_matches("v-").to_owned()).collect();
        assert!(!positions.is_empty(), "{page}");
        let screen = url.query_pairs().find(|(k, _)| k == "screen").map(|(_, v)| v.to_string()).unwrap_or("0".into());
        let mut form: Vec<(String, String)> = vec![("screen".into(), screen)];
        if !mistake_shown {
            // "Not applicable" without a reason: refused, and the typed note comes back.
            let mut bad = form.clone();
            bad.push((format!("a-{}", positions[0]), "not-applicable".into()));
            bad.push((format!("note-{}", positions[0]), "メモは消えません".into()));
            let r = me.post(app.url(&action)).multipart(kakehashi_testkit::html::multipart(&bad)).send().await?;
            assert_eq!(r.status(), 422);
            let body = r.text().await?;
            let at_question = kakehashi_testkit::html::by_test_id(&body, &format!("problem-{}", positions[0]));
            assert!(body.contains("メモは消えません"), "what was typed comes back: {body}");
            assert!(
                at_question.is_some_and(|p| p.contains("理由を書いてください")),
                "said at the question, in Japanese"
            );
            mistake_shown = true;
        }
        for p in &positions {
            form.push((format!("a-{p}"), "implemented".into()));
            form.push((format!("v-{p}"), String::new()));
        }
        let r = me.post(app.url(&action)).multipart(kakehashi_testkit::html::multipart(&form)).send().await?;
        assert!(r.status().is_success(), "{}", r.status());
        url = r.url().clone();
    }
    assert!(screens <= 4, "tier 1 takes at most four screens, took {screens}");
    let result = me.get(url).send().await?.text().await?;
    assert_eq!(kakehashi_testkit::html::by_test_id(&result, "tier").as_deref(), Some("段階1を達成しています"));
    assert_eq!(kakehashi_testkit::html::by_test_id(&result, "overall").as_deref(), Some("100点（100点満点）"));
    assert_eq!(
        kakehashi_testkit::html::by_test_id(&result, "next-tier").as_deref(),
        Some("次は、段階2の自己点検に進めます。")
    );
    Ok(())
}

#[tokio::test]
async fn carried_answers_count_only_once_confirmed() -> anyhow::Result<()> {
    let s = supplier().await?;
    let answers: Vec<Value> = (0..7).map(|p| json!({"position": p, "value": "implemented"})).collect();
    assert_eq!(s.save(&s.it, json!(answers)).await?.status(), 200);
    let list: Vec<Value> = s.it.get(s.app.url("/api/v1/questionnaires")).send().await?.json().await?;
    let tier2 = list.iter().find(|q| q["baseline_tier"] == 2).cloned().unwrap_or_default();
    let started: Value =
        s.it.post(s.app.url("/api/v1/assessments"))
            .json(&json!({"questionnaire_id": tier2["id"]}))
            .send()
            .await?
            .json()
            .await?;
    let next = started["id"].as_str().unwrap_or_default().to_owned();
    let carry =
        s.it.post(s.app.url(&format!("/api/v1/assessments/{next}/carry")))
            .json(&json!({"from_assessment_id": s.id}))
            .send()
            .await?;
    assert_eq!(carry.status(), 200);
    let count = carry.json::<Value>().await?["carried"].as_u64().unwrap_or_default();

    let view: Value = s.it.get(s.app.url(&format!("/api/v1/assessments/{next}?lang=en"))).send().await?.json().await?;
    assert_eq!(view["assessment"]["answered"], 0, "carried answers are not answers yet");
    assert_eq!(view["scoring"]["tier"], Value::Null);
    let carried: Vec<&Value> = view["questions"]
        .as_array()
        .map(|q| q.iter().filter(|q| q["answer"]["origin"] == "inferred").collect())
        .unwrap_or_default();
    assert_eq!(carried.len() as u64, count);
    let same: Vec<&&Value> =
        carried.iter().filter(|q| q["answer"]["note"].as_str().is_some_and(|n| n.contains("the same item"))).collect();
    assert_eq!(same.len(), 7, "the seven tier-1 items as they were; the rest inferred through mappings");
    assert!(
        carried
            .iter()
            .all(|q| q["answer"]["note"].as_str().is_some_and(|n| n.contains("carried") || n.contains("inferred")))
    );

    // Confirm all but one tier-1 item through the API (a stale version is refused).
    let last = json!({"position": same[0]["question"]["position"]});
    let confirm: Vec<Value> = carried
        .iter()
        .filter(|q| q["question"]["position"] != last["position"])
        .map(|q| json!({"position": q["question"]["position"], "version": 1}))
        .collect();
    let stale = json!({"answers": [{"position": last["position"], "version": 7}]});
    let url = s.app.url(&format!("/api/v1/assessments/{next}/confirmations"));
    assert_eq!(s.it.post(&url).json(&stale).send().await?.status(), 409);
    assert_eq!(s.it.post(&url).json(&json!({"answers": confirm})).send().await?.status(), 200);
    let view: Value = s.it.get(s.app.url(&format!("/api/v1/assessments/{next}?lang=en"))).send().await?.json().await?;
    assert_eq!(view["assessment"]["answered"].as_u64(), Some(count - 1));
    assert_eq!(view["scoring"]["tier"], Value::Null, "one tier-1 item is still unconfirmed");

    // Saving the last one unchanged (as the answer screen does) confirms it too.
    let url = s.app.url(&format!("/api/v1/assessments/{next}/answers"));
    let r =
        s.it.put(url)
            .json(&json!({"answers": [{"position": last["position"], "value": "implemented", "version": 1}]}))
            .send()
            .await?;
    assert_eq!(r.status(), 200);
    let view: Value = s.it.get(s.app.url(&format!("/api/v1/assessments/{next}?lang=en"))).send().await?.json().await?;
    let position = last["position"].as_i64().unwrap_or_default() as usize;
    assert_eq!(view["questions"][position]["answer"]["origin"], "confirmed");
    assert_eq!(view["scoring"]["tier"], 1);
    Ok(())
}
