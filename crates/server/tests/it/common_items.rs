//! Common items on the real data: the baseline as hub against NIST's three catalogs and the
//! id-only Japanese lists ("addressed by 6 of 6"), CSF as hub, k out of range and other bad
//! requests, and an association publishing a profile (common items, a baseline tier, chosen
//! controls) that exports as OSCAL accepted by compliance-trestle.

use kakehashi_testkit::{TestApp, external, html, nist};
use serde_json::{Value, json};

struct World {
    app: TestApp,
    member: reqwest::Client,
    catalogs: Vec<Value>,
}

impl World {
    fn id(&self, title_starts: &str) -> String {
        let c = self.catalogs.iter().find(|c| c["title"].as_str().is_some_and(|t| t.starts_with(title_starts)));
        c.and_then(|c| c["id"].as_str()).unwrap_or_default().to_owned()
    }

    async fn common(&self, hub: &str, catalogs: &[String], k: Option<usize>) -> anyhow::Result<reqwest::Response> {
        let mut q = vec![("hub", hub.to_owned()), ("catalogs", catalogs.join(",")), ("lang", "en".into())];
        q.extend(k.map(|k| ("k", k.to_string())));
        Ok(self.member.get(self.app.url("/api/v1/common-items")).query(&q).send().await?)
    }
}

async fn world() -> anyhow::Result<World> {
    let app = TestApp::spawn().await?;
    kakehashi_server::demo::load_catalogs(&app.state, Some(&nist::catalogs_dir())).await?;
    app.create_org("自動車部品工業会（試験）", None, "committee@association.example").await?;
    let member = app.client_for("committee@association.example").await?;
    let catalogs: Vec<Value> = member.get(app.url("/api/v1/catalogs")).send().await?.json().await?;
    Ok(World { app, member, catalogs })
}

#[tokio::test]
async fn the_baseline_items_most_frameworks_address_come_first() -> anyhow::Result<()> {
    let w = world().await?;
    let hub = w.id("架け橋");
    let six: Vec<String> = [
        "NIST Cybersecurity",
        "Protecting Controlled",
        "NIST Special Publication 800-53",
        "情報セキュリティ自社診断",
        "情報セキュリティ5か条",
        "サイバーセキュリティ経営",
    ]
    .iter()
    .map(|t| w.id(t))
    .collect();
    assert!(six.iter().all(|id| !id.is_empty()));
    let report: Value = w.common(&hub, &six, Some(5)).await?.error_for_status()?.json().await?;
    let items = report["items"].as_array().cloned().unwrap_or_default();
    assert!(items.len() >= 5, "{report}");
    let counts: Vec<u64> = items.iter().map(|i| i["covered_by"].as_u64().unwrap_or(0)).collect();
    assert!(counts.windows(2).all(|p| p[0] >= p[1]) && counts.iter().all(|c| *c >= 5), "{counts:?}");
    let updates = items.iter().find(|i| i["label"] == "B1-01").cloned().unwrap_or_default();
    assert_eq!(updates["covered_by"], 6, "updates are addressed everywhere: {updates}");
    assert!(updates["support"].as_array().into_iter().flatten().any(|s| s["controls"].to_string().contains("SI-2")));

    // Fewer catalogs must agree: more items.
    let looser: Value = w.common(&hub, &six, Some(2)).await?.json().await?;
    assert!(looser["items"].as_array().map(Vec::len) > Some(items.len()));

    // CSF as the hub: subcategories both SP 800-53 (NIST's links) and the baseline address.
    let csf = w.id("NIST Cybersecurity");
    let pair = vec![w.id("NIST Special Publication 800-53"), hub.clone()];
    let by_csf: Value = w.common(&csf, &pair, None).await?.error_for_status()?.json().await?;
    assert!(by_csf["items"].as_array().is_some_and(|i| i.len() >= 10), "{}", by_csf["items"]);

    // Out of range, the hub compared with itself, an unknown catalog: refused, saying why.
    for (r, says) in [
        (w.common(&hub, &six, Some(7)).await?, "k must be between 1 and the number of catalogs chosen (6)"),
        (w.common(&hub, &six, Some(0)).await?, "k must be between 1"),
        (w.common(&hub, std::slice::from_ref(&hub), None).await?, "the hub cannot also be one of the catalogs"),
        (w.common(&hub, &["not-an-id".to_owned()], None).await?, "not a catalog id"),
    ] {
        assert_eq!(r.status(), 400);
        let text = r.text().await?;
        assert!(text.contains(says), "{text}");
    }

    // The page explains each item.
    let page = w
        .member
        .get(w.app.url(&format!(
            "/common-items?hub={hub}&{}&k=5",
            six.iter().map(|c| format!("catalog={c}")).collect::<Vec<_>>().join("&")
        )))
        .send()
        .await?;
    assert_eq!(page.status(), 200);
    let page = page.text().await?;
    assert!(html::by_test_id(&page, "covered").is_some_and(|c| c.contains("6/6")), "covered by 6 of 6");
    Ok(())
}

#[tokio::test]
async fn an_association_publishes_a_profile_that_exports_as_valid_oscal() -> anyhow::Result<()> {
    let w = world().await?;
    let (hub, sp53) = (w.id("架け橋"), w.id("NIST Special Publication 800-53"));
    let compared: Vec<String> = ["NIST Cybersecurity", "Protecting Controlled", "NIST Special Publication 800-53"]
        .iter()
        .map(|t| w.id(t))
        .collect();
    let body = json!({
        "title": "部品工業会 取引先基準 2027", "version": "2027.1",
        "hub": hub, "catalogs": compared, "k": 3,
        "baseline_tier": 2,
        "extra": [{"catalog_id": sp53, "control": "SR-3"}],
    });
    let r = w.member.post(w.app.url("/api/v1/common-items/profile")).json(&body).send().await?;
    assert_eq!(r.status(), 201, "{}", r.text().await?);
    let id = r.json::<Value>().await?["id"].as_str().unwrap_or_default().to_owned();
    let detail: Value = w.member.get(w.app.url(&format!("/api/v1/profiles/{id}"))).send().await?.json().await?;
    let controls = detail["controls"].as_array().cloned().unwrap_or_default();
    assert!(controls.iter().any(|c| c["label"] == "SR-3"));
    assert!(controls.iter().any(|c| c["label"] == "B1-01" && c["tier"] == 1), "baseline items keep their tier");
    let page = w.member.get(w.app.url(&format!("/profiles/{id}"))).send().await?.text().await?;
    assert_eq!(html::by_test_id(&page, "built-by").as_deref(), Some("自動車部品工業会（試験）"));
    let again = w.member.post(w.app.url("/api/v1/common-items/profile")).json(&body).send().await?;
    assert_eq!(again.status(), 409);

    // The association's profile is its own: another firm does not learn it exists.
    w.app.create_org("無関係精機株式会社", None, "it@stranger.example").await?;
    let stranger = w.app.client_for("it@stranger.example").await?;
    let listed = stranger.get(w.app.url("/api/v1/profiles")).send().await?.text().await?;
    assert!(!listed.contains("取引先基準 2027") && !listed.contains("工業会"), "{listed}");
    for path in [format!("/api/v1/profiles/{id}"), format!("/api/v1/profiles/{id}/oscal"), format!("/profiles/{id}")] {
        assert_eq!(stranger.get(w.app.url(&path)).send().await?.status(), 404, "{path}");
    }
    let made = stranger
        .post(w.app.url("/api/v1/questionnaires"))
        .json(&json!({"title": "借用", "profile_id": id}))
        .send()
        .await?;
    assert_eq!(made.status(), 400, "nor make a questionnaire from it");

    let oscal = w.member.get(w.app.url(&format!("/api/v1/profiles/{id}/oscal"))).send().await?.bytes().await?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("profile.json");
    std::fs::write(&file, &oscal)?;
    external::trestle_validates(&file, "association")?;

    // A withdrawn control is refused, and nothing is stored.
    let withdrawn = json!({"title": "x", "version": "1", "extra": [{"catalog_id": sp53, "control": "AC-13"}]});
    let r = w.member.post(w.app.url("/api/v1/common-items/profile")).json(&withdrawn).send().await?;
    assert_eq!(r.status(), 400);
    assert!(r.text().await?.contains("withdrawn controls cannot be selected: AC-13"));
    let profiles: Vec<Value> = w.member.get(w.app.url("/api/v1/profiles")).send().await?.json().await?;
    assert!(!profiles.iter().any(|p| p["title"] == "x"));
    Ok(())
}
