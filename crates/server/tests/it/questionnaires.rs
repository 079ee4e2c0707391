//! Questionnaires: one per baseline tier from the first start (tier 1 short enough for anyone),
//! made by an organisation from a profile (NIST's LOW baseline) with themes from the catalog's
//! headings, shown one screen at a time with the guidance beside each question; bad requests.

use kakehashi_testkit::{TestApp, html, nist};
use serde_json::{Value, json};

#[tokio::test]
async fn each_baseline_tier_has_a_questionnaire_and_tier_one_is_short() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("部品加工株式会社", None, "it@parts.example").await?;
    let supplier = app.client_for("it@parts.example").await?;
    let list: Vec<Value> = supplier.get(app.url("/api/v1/questionnaires")).send().await?.json().await?;
    let tiers: Vec<i64> = list.iter().filter_map(|q| q["baseline_tier"].as_i64()).collect();
    assert_eq!(tiers, [1, 2, 3, 4]);
    let tier1 = &list[0];
    assert!(tier1["questions"].as_i64() <= Some(12) && tier1["screens"].as_i64() <= Some(4), "{tier1}");
    let sizes: Vec<i64> = list.iter().map(|q| q["questions"].as_i64().unwrap_or(0)).collect();
    assert!(sizes.windows(2).all(|w| w[0] < w[1]), "each tier adds questions: {sizes:?}");

    let id = tier1["id"].as_str().unwrap_or_default();
    let view: Value =
        supplier.get(app.url(&format!("/api/v1/questionnaires/{id}?lang=en"))).send().await?.json().await?;
    let screens = view["screens"].as_array().cloned().unwrap_or_default();
    assert_eq!(screens.len() as i64, tier1["screens"].as_i64().unwrap_or(0));
    let first = &screens[0]["questions"][0];
    for field in ["statement", "guidance", "first_step", "evidence"] {
        assert!(first[field].as_str().is_some_and(|s| !s.is_empty()), "{field}: {first}");
    }

    let page = supplier.get(app.url(&format!("/questionnaires/{id}"))).send().await?.text().await?;
    assert!(html::by_test_id(&page, "screen-progress").is_some_and(|p| p.starts_with("画面 1 /")), "{page}");
    assert!(page.contains("data-testid=\"next\""));
    let last = screens.len() - 1;
    let end = supplier.get(app.url(&format!("/questionnaires/{id}?screen={last}"))).send().await?.text().await?;
    assert!(!end.contains("data-testid=\"next\""), "the last screen has no next");
    let beyond = supplier.get(app.url(&format!("/questionnaires/{id}?screen={}", last + 1))).send().await?;
    assert_eq!(beyond.status(), 404);
    Ok(())
}

#[tokio::test]
async fn an_organisation_makes_one_from_a_nist_baseline_and_bad_requests_are_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    kakehashi_server::demo::load_catalogs(&app.state, Some(&nist::catalogs_dir())).await?;
    app.create_org("発注株式会社", None, "security@buyer.example").await?;
    let buyer = app.client_for("security@buyer.example").await?;
    let profiles: Vec<Value> = buyer.get(app.url("/api/v1/profiles")).send().await?.json().await?;
    let low =
        profiles.iter().find(|p| p["title"].as_str().is_some_and(|t| t.contains("LOW"))).cloned().unwrap_or_default();
    let low_id = low["id"].as_str().unwrap_or_default();
    let r = buyer
        .post(app.url("/api/v1/questionnaires"))
        .json(&json!({"title": "取引先 LOW", "profile_id": low_id}))
        .send()
        .await?;
    assert_eq!(r.status(), 201);
    let id = r.json::<Value>().await?["id"].as_str().unwrap_or_default().to_owned();
    let view: Value = buyer.get(app.url(&format!("/api/v1/questionnaires/{id}"))).send().await?.json().await?;
    assert_eq!(view["questionnaire"]["questions"], low["controls"], "one question per selected control");
    assert_eq!(view["questionnaire"]["made_by"], "発注株式会社");
    let screens = view["screens"].as_array().cloned().unwrap_or_default();
    assert!(screens.iter().any(|s| s["themes"][0] == "Access Control"), "families are the themes");
    let enhancement = screens
        .iter()
        .flat_map(|s| s["questions"].as_array().cloned().unwrap_or_default())
        .find(|q| q["label"] == "IA-2(1)");
    assert_eq!(enhancement.map(|q| q["theme_key"].clone()), Some(json!("ia")), "an enhancement sits under its family");

    // An organisation's questionnaire is its own: another firm does not learn it exists.
    app.create_org("無関係株式会社", None, "it@stranger.example").await?;
    let stranger = app.client_for("it@stranger.example").await?;
    let listed = stranger.get(app.url("/api/v1/questionnaires")).send().await?.text().await?;
    assert!(!listed.contains("取引先 LOW") && !listed.contains("発注株式会社"), "{listed}");
    assert!(buyer.get(app.url("/api/v1/questionnaires")).send().await?.text().await?.contains("取引先 LOW"));
    for path in [format!("/api/v1/questionnaires/{id}"), format!("/questionnaires/{id}")] {
        assert_eq!(stranger.get(app.url(&path)).send().await?.status(), 404, "{path}");
    }
    let page = stranger.get(app.url("/questionnaires")).send().await?.text().await?;
    assert!(!page.contains("取引先 LOW"));
    let start = stranger.post(app.url("/api/v1/assessments")).json(&json!({"questionnaire_id": id})).send().await?;
    assert_eq!(start.status(), 400, "cannot start on it either");
    let self_checks = stranger.get(app.url("/self-checks")).send().await?.text().await?;
    let csrf = html::csrf_token(&self_checks).unwrap_or_default();
    let form = [("csrf", csrf.as_str()), ("questionnaire", id.as_str()), ("carry_from", "")];
    let start = stranger.post(app.url("/self-checks")).form(&form).send().await?;
    assert_eq!(start.status(), 422, "nor from the page");

    for (body, says) in [
        (json!({"title": " ", "baseline_tier": 1}), "needs a title"),
        (json!({"title": "x", "baseline_tier": 1, "profile_id": low_id}), "not both or neither"),
        (json!({"title": "x"}), "not both or neither"),
        (json!({"title": "x", "baseline_tier": 5}), "tier 5 does not exist"),
        (
            json!({"title": "x", "profile_id": kakehashi_domain::ids::ProfileId::new().to_string()}),
            "no profile has the id",
        ),
    ] {
        let r = buyer.post(app.url("/api/v1/questionnaires")).json(&body).send().await?;
        assert_eq!(r.status(), 400, "{body}");
        let text = r.text().await?;
        assert!(text.contains(says), "{text}");
    }
    Ok(())
}
