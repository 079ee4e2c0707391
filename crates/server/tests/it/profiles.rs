//! Profiles: NIST's SP 800-53B baselines resolved against the imported SP 800-53 catalog,
//! exported as OSCAL that compliance-trestle accepts and that imports back to the same
//! selection; profiles of profiles; and the files that must be refused.

use kakehashi_testkit::{TestApp, external, html, nist};

const OPERATOR: (&str, &str) = ("ops@kakehashi.test", "a long operator passphrase");

struct World {
    app: TestApp,
    op: reqwest::Client,
    sp53: String,
}

async fn world() -> anyhow::Result<World> {
    let app = TestApp::spawn().await?;
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let op = app.client();
    app.sign_in(&op, OPERATOR.0, OPERATOR.1).await?;
    let r: serde_json::Value = op
        .post(app.url("/api/v1/catalogs"))
        .query(&[("name", nist::SP800_53)])
        .body(nist::file(nist::SP800_53))
        .send()
        .await?
        .json()
        .await?;
    let sp53 = r["id"].as_str().unwrap_or_default().to_owned();
    Ok(World { app, op, sp53 })
}

async fn import(w: &World, name: &str, body: Vec<u8>, catalogs: &str) -> anyhow::Result<reqwest::Response> {
    Ok(w.op
        .post(w.app.url("/api/v1/profiles"))
        .query(&[("name", name), ("catalogs", catalogs)])
        .body(body)
        .send()
        .await?)
}

async fn keys(w: &World, id: &str) -> anyhow::Result<Vec<String>> {
    let detail: serde_json::Value = w.op.get(w.app.url(&format!("/api/v1/profiles/{id}"))).send().await?.json().await?;
    Ok(detail["controls"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c["key"].as_str().unwrap_or_default().to_owned())
        .collect())
}

#[tokio::test]
async fn nists_baselines_resolve_against_the_catalog_they_name() -> anyhow::Result<()> {
    let w = world().await?;
    let mut low_id = String::new();
    for (path, expected) in [
        (nist::LOW_BASELINE, 149),
        (nist::MODERATE_BASELINE, 287),
        (nist::HIGH_BASELINE, 370),
        (nist::PRIVACY_BASELINE, 96),
    ] {
        let r = import(&w, path, nist::file(path), "").await?;
        assert_eq!(r.status(), 201, "{path}");
        let imported: serde_json::Value = r.json().await?;
        assert_eq!(imported["controls"], expected, "{path}");
        assert_eq!(imported["unresolved"].as_array().map(Vec::len), Some(0), "{path}");
        if path == nist::LOW_BASELINE {
            low_id = imported["id"].as_str().unwrap_or_default().to_owned();
        }
    }
    let low = keys(&w, &low_id).await?;
    assert_eq!(low.first().map(String::as_str), Some("ac-1"));
    assert!(low.contains(&"ia-2.1".to_owned()) && !low.contains(&"ac-2.1".to_owned()), "LOW has IA-2(1), not AC-2(1)");

    // The control page names the baselines that select it, in both languages.
    let page = w.op.get(w.app.url(&format!("/catalogs/{}/controls/AC-2(1)", w.sp53))).send().await?.text().await?;
    let baselines = html::by_test_id(&page, "control-profiles").unwrap_or_default();
    assert!(
        baselines.contains("MODERATE IMPACT BASELINE") && baselines.contains("HIGH IMPACT BASELINE"),
        "{baselines}"
    );
    assert!(!baselines.contains("LOW IMPACT BASELINE"), "{baselines}");
    let page = w.op.get(w.app.url(&format!("/profiles/{low_id}"))).send().await?.text().await?;
    assert_eq!(html::by_test_id(&page, "profile-controls").unwrap_or_default(), "149");
    Ok(())
}

#[tokio::test]
async fn exports_are_valid_oscal_and_import_back_to_the_same_selection() -> anyhow::Result<()> {
    let w = world().await?;
    let imported: serde_json::Value =
        import(&w, "high.json", nist::file(nist::HIGH_BASELINE), "").await?.json().await?;
    let id = imported["id"].as_str().unwrap_or_default().to_owned();
    let oscal = w.op.get(w.app.url(&format!("/api/v1/profiles/{id}/oscal"))).send().await?.bytes().await?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("profile.json");
    std::fs::write(&file, &oscal)?;
    external::trestle_validates(&file, "high")?;

    // Into a platform that has the catalog but not the profile: the same controls, same order.
    let fresh = world().await?;
    let again = import(&fresh, "exported.json", oscal.to_vec(), "").await?;
    assert_eq!(again.status(), 201);
    let again: serde_json::Value = again.json().await?;
    assert_eq!(keys(&fresh, again["id"].as_str().unwrap_or_default()).await?, keys(&w, &id).await?);
    Ok(())
}

#[tokio::test]
async fn a_profile_may_import_a_profile_and_exclude_from_it() -> anyhow::Result<()> {
    let w = world().await?;
    import(&w, "low.json", nist::file(nist::LOW_BASELINE), "").await?;
    let tailored = r##"{"profile": {"uuid": "00000000-0000-4000-8000-000000000002",
        "metadata": {"title": "LOW without AC-1", "version": "1", "oscal-version": "1.1.2"},
        "imports": [{"href": "#low", "include-all": {}, "exclude-controls": [{"with-ids": ["AC-1", "ZZ-9"]}]}],
        "back-matter": {"resources": [{"uuid": "low", "title": "NIST Special Publication 800-53 Revision 5.1.1 LOW IMPACT BASELINE"}]}}}"##;
    let r = import(&w, "tailored.json", tailored.as_bytes().to_vec(), "").await?;
    assert_eq!(r.status(), 201);
    let imported: serde_json::Value = r.json().await?;
    assert_eq!(imported["controls"], 148, "LOW's 149 less AC-1");
    assert_eq!(imported["unresolved"], serde_json::json!(["ZZ-9"]));
    Ok(())
}

#[tokio::test]
async fn bad_profiles_are_refused_and_nothing_is_stored() -> anyhow::Result<()> {
    let w = world().await?;
    let profile = |title: &str, resource: &str| {
        format!(
            r##"{{"profile": {{"uuid": "00000000-0000-4000-8000-000000000003", "metadata": {{"title": "{title}", "version": "1", "oscal-version": "1.1.2"}},
            "imports": [{{"href": "#r", "include-controls": [{{"with-ids": ["ac-1"]}}]}}],
            "back-matter": {{"resources": [{{"uuid": "r", "title": "{resource}"}}]}}}}}}"##
        )
    };
    let none = String::new;
    let cases: Vec<(&str, Vec<u8>, String, &str)> = vec![
        ("cycle.json", profile("Loop", "Loop").into_bytes(), none(), "cycle"),
        ("unknown.json", profile("Mine", "A catalog nobody imported").into_bytes(), none(), "no imported catalog"),
        ("count.json", profile("Mine", "x").into_bytes(), format!("{0},{0}", w.sp53), "1 imports but 2 catalogs"),
        ("bad-id.json", profile("Mine", "x").into_bytes(), "not-an-id".into(), "not a catalog id"),
        ("truncated.json", nist::file(nist::LOW_BASELINE)[..5000].to_vec(), none(), "truncated.json: line"),
        (
            "future.json",
            profile("Mine", "x").replace("1.1.2", "2.0.0").into_bytes(),
            none(),
            "/profile/metadata/oscal-version",
        ),
        ("catalog.json", nist::file(nist::SP800_53), none(), "not a profile"),
    ];
    for (name, body, catalogs, message) in cases {
        let r = import(&w, name, body, &catalogs).await?;
        assert_eq!(r.status(), 400, "{name}");
        let problem: serde_json::Value = r.json().await?;
        assert!(problem["detail"].as_str().unwrap_or_default().contains(message), "{name}: {problem}");
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM profiles").fetch_one(w.app.state.db().pool()).await?;
    assert_eq!(stored, 0);

    let named = import(&w, "mine.json", profile("Mine", "x").into_bytes(), &w.sp53).await?;
    assert_eq!(named.status(), 201, "naming the catalog resolves what the title cannot");
    let twice = import(&w, "mine.json", profile("Mine", "x").into_bytes(), &w.sp53).await?;
    assert_eq!(twice.status(), 409);
    Ok(())
}

#[tokio::test]
async fn a_profile_selecting_withdrawn_controls_is_kept_and_says_so() -> anyhow::Result<()> {
    let w = world().await?;
    let body = r##"{"profile": {"uuid": "00000000-0000-4000-8000-000000000004", "metadata": {"title": "Old habits", "version": "1", "oscal-version": "1.1.2"},
        "imports": [{"href": "#r", "include-controls": [{"with-ids": ["ac-1", "ac-13"]}]}],
        "back-matter": {"resources": [{"uuid": "r", "title": "x"}]}}}"##;
    let r = import(&w, "old.json", body.as_bytes().to_vec(), &w.sp53).await?;
    assert_eq!(r.status(), 201);
    let imported: serde_json::Value = r.json().await?;
    assert_eq!(imported["withdrawn"], serde_json::json!(["AC-13"]), "AC-13 is withdrawn in SP 800-53r5");
    let id = imported["id"].as_str().unwrap_or_default();
    let page = w.op.get(w.app.url(&format!("/profiles/{id}"))).send().await?.text().await?;
    assert!(html::by_test_id(&page, "withdrawn-warning").is_some_and(|t| t.contains('1')), "the page warns");
    Ok(())
}
