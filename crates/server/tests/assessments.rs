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
