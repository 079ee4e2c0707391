//! The common baseline: installed at the first start with the id-only Japanese lists, browsable
//! by tier and theme in both languages, each item's page showing where to start and what counts
//! as evidence, and linked to NIST's catalogs as soon as they are imported.

use kakehashi_server::baseline::install;
use kakehashi_testkit::{TestApp, html, nist};

const OPERATOR: (&str, &str) = ("ops@kakehashi.test", "a long operator passphrase");

async fn signed_in() -> anyhow::Result<(TestApp, reqwest::Client)> {
    let app = TestApp::spawn().await?;
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let op = app.client();
    app.sign_in(&op, OPERATOR.0, OPERATOR.1).await?;
    Ok((app, op))
}

async fn baseline(app: &TestApp, op: &reqwest::Client, query: &str) -> anyhow::Result<serde_json::Value> {
    Ok(op.get(app.url(&format!("/api/v1/baseline{query}"))).send().await?.error_for_status()?.json().await?)
}

fn count(v: &serde_json::Value) -> usize {
    v["items"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn the_baseline_is_there_from_the_first_start_and_browses_by_tier_and_theme() -> anyhow::Result<()> {
    let (app, op) = signed_in().await?;
    let all = baseline(&app, &op, "").await?;
    let per_tier: Vec<usize> =
        all["per_tier"].as_array().into_iter().flatten().map(|p| p[1].as_u64().unwrap_or(0) as usize).collect();
    assert_eq!(per_tier.len(), 4);
    assert!(per_tier[0] <= 12, "tier 1 is the few basic measures");
    assert_eq!(count(&all), per_tier.iter().sum::<usize>());
    assert_eq!(all["themes"].as_array().map(Vec::len), Some(15));

    // A tier shows what a firm aiming at it must do: that tier and every one below.
    for (tier, expected) in [(1, per_tier[0]), (3, per_tier[..3].iter().sum())] {
        assert_eq!(count(&baseline(&app, &op, &format!("?tier={tier}")).await?), expected);
    }
    let access = baseline(&app, &op, "?tier=2&theme=access&lang=en").await?;
    let items = access["items"].as_array().cloned().unwrap_or_default();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["theme"] == "access" && i["tier"].as_u64() <= Some(2)));
    assert!(
        items.iter().all(|i| i["first_step"].as_str().is_some_and(|s| s.is_ascii())),
        "English asked, English given"
    );
    let r = op.get(app.url("/api/v1/baseline?tier=5")).send().await?;
    assert_eq!(r.status(), 400);

    // The page, in Japanese by default and in English.
    let ja = op.get(app.url("/baseline?tier=1")).send().await?.text().await?;
    assert_eq!(html::h1(&ja).as_deref(), Some("架け橋 共通ベースライン"));
    assert_eq!(html::by_test_id(&ja, "item-count").as_deref(), Some(format!("{} 項目", per_tier[0]).as_str()));
    op.get(app.url("/lang?to=en&next=/")).send().await?;
    let en = op.get(app.url("/baseline?theme=backup")).send().await?.text().await?;
    assert_eq!(html::h1(&en).as_deref(), Some("Kakehashi common baseline"));
    assert!(en.contains("Test that backups can be restored"), "backup items listed");

    // An item's page: what to do, where to start, what counts as evidence, its mappings.
    let catalog = all["catalog_id"].as_str().unwrap_or_default();
    let item = op.get(app.url(&format!("/catalogs/{catalog}/controls/B3-07"))).send().await?.text().await?;
    assert!(html::by_test_id(&item, "first-step").is_some_and(|s| s.contains("restore")), "{item}");
    assert!(html::by_test_id(&item, "evidence").is_some_and(|s| s.contains("restore test record")));
    assert!(
        html::by_test_id(&item, "mappings").is_some_and(|s| s.contains("IPA security self-check") && s.contains("11")),
        "mapped to the self-check No. 11"
    );

    // A second start finds everything in place and writes nothing.
    let audit_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(app.state.db().pool()).await?;
    let again = install::install(&app.state).await?;
    assert!(again.catalogs.is_empty() && again.crosswalks.is_empty(), "{again:?}");
    let audit_after: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(app.state.db().pool()).await?;
    assert_eq!(audit_before, audit_after);
    Ok(())
}

#[tokio::test]
async fn importing_a_nist_catalog_links_the_baseline_to_it_with_every_id_found() -> anyhow::Result<()> {
    let (app, op) = signed_in().await?;
    let before = install::install(&app.state).await?;
    assert!(before.waiting_for.contains(&"csf".to_owned()), "{before:?}");
    let r =
        op.post(app.url("/api/v1/catalogs")).query(&[("name", nist::CSF)]).body(nist::file(nist::CSF)).send().await?;
    assert_eq!(r.status(), 201);
    let csf: serde_json::Value = r.json().await?;
    // The import wrote a job; the baseline's handler for it makes the links.
    let ran = app.run_jobs_until(app.state.now()).await?;
    assert_eq!((ran.succeeded, ran.failed), (1, 0), "the catalog.imported job ran");
    let after = install::install(&app.state).await?;
    assert!(!after.waiting_for.contains(&"csf".to_owned()) && after.crosswalks.is_empty(), "linked by the job");
    let crosswalks: serde_json::Value = op.get(app.url("/api/v1/crosswalks")).send().await?.json().await?;
    let to_csf = crosswalks
        .as_array()
        .into_iter()
        .flatten()
        .find(|x| x["target_catalog"] == csf["id"])
        .cloned()
        .unwrap_or_default();
    assert!(to_csf["mappings"].as_u64().unwrap_or(0) >= 50, "{to_csf}");
    assert_eq!(to_csf["unresolved"].as_u64(), Some(0), "{to_csf}");

    let csf_id = csf["id"].as_str().unwrap_or_default();
    let page = op.get(app.url(&format!("/catalogs/{csf_id}/controls/PR.DS-11"))).send().await?.text().await?;
    let mappings = html::by_test_id(&page, "mappings").unwrap_or_default();
    assert!(mappings.contains("B3-07") && mappings.contains("B1-06"), "the reverse direction is shown: {mappings}");
    Ok(())
}
