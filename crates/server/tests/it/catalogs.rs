//! Catalogs: NIST's files imported through the API, browsed, searched and looked up by any
//! form of a label; bad files refused with where, and nothing half-imported.

use kakehashi_testkit::{TestApp, external, html, nist};

const OPERATOR: (&str, &str) = ("ops@kakehashi.test", "a long operator passphrase");

async fn operator(app: &TestApp) -> anyhow::Result<reqwest::Client> {
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let client = app.client();
    app.sign_in(&client, OPERATOR.0, OPERATOR.1).await?;
    Ok(client)
}

async fn import(
    app: &TestApp,
    client: &reqwest::Client,
    name: &str,
    bytes: Vec<u8>,
) -> anyhow::Result<reqwest::Response> {
    Ok(client.post(app.url("/api/v1/catalogs")).query(&[("name", name)]).body(bytes).send().await?)
}

/// Catalogs imported by someone, not the built-in ones installed at start.
const IMPORTED: &str = "catalogs WHERE built_in IS NULL";

async fn count(app: &TestApp, table: &str) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(app.state.db().pool())
        .await?)
}

#[tokio::test]
async fn nists_catalogs_import_and_read_back() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let op = operator(&app).await?;
    let r = import(&app, &op, "800-53.json", nist::file(nist::SP800_53)).await?;
    assert_eq!(r.status(), 201);
    let imported: serde_json::Value = r.json().await?;
    assert_eq!(imported["controls"], 1189);
    assert_eq!(imported["withdrawn"], 182);
    let id = imported["id"].as_str().unwrap_or_default().to_owned();
    let r = import(&app, &op, "171.xml", nist::file(nist::SP800_171)).await?;
    assert_eq!(r.status(), 201);

    // Any form of a label finds the control.
    for form in ["ac-2.3", "AC-2(3)", "AC-02(03)"] {
        let c: serde_json::Value =
            op.get(app.url(&format!("/api/v1/catalogs/{id}/controls/{form}"))).send().await?.json().await?;
        assert_eq!(c["key"], "ac-2.3", "{form}");
        assert_eq!(c["parent"], "ac-2");
    }
    let tree: serde_json::Value =
        op.get(app.url(&format!("/api/v1/catalogs/{id}/controls"))).send().await?.json().await?;
    assert_eq!(tree.as_array().map(Vec::len), Some(1209), "20 families and 1,189 controls");
    assert_eq!(tree[0]["key"], "ac");
    assert_eq!(tree[1]["depth"], 1);

    // Everyone signed in reads; the page searches.
    let (_, _) = app.create_org("読者株式会社", None, "reader@firm.example").await?;
    let reader = app.client_for("reader@firm.example").await?;
    let page = reader.get(app.url(&format!("/catalogs/{id}?q=account+management"))).send().await?.text().await?;
    assert!(page.contains("AC-2"), "found by title");
    assert!(page.contains("data-testid=\"search-count\""));
    let control = reader.get(app.url(&format!("/catalogs/{id}/controls/AC-2(3)"))).send().await?.text().await?;
    assert!(control.contains("Disable Accounts"), "the control page shows its title");
    assert_eq!(
        reader.post(app.url("/api/v1/catalogs")).body("{}").send().await?.status(),
        403,
        "only the operator imports"
    );
    Ok(())
}

#[tokio::test]
async fn the_csf_status_list_marks_withdrawn_controls_through_the_upload_page() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let op = operator(&app).await?;
    let page = op.get(app.url("/catalogs")).send().await?.text().await?;
    let csrf = html::csrf_token(&page).unwrap_or_else(|| {
        let at = page.find("csrf=").expect("token in the upload form") + 5;
        page[at..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
    });
    let form = reqwest::multipart::Form::new()
        .part("catalog", reqwest::multipart::Part::bytes(nist::file(nist::CSF)).file_name("csf.xml"))
        .part("statuses", reqwest::multipart::Part::bytes(nist::file(nist::CSF_STATUS)).file_name("status.csv"));
    let r = op.post(app.url(&format!("/operator/catalogs?csrf={csrf}"))).multipart(form).send().await?;
    assert_eq!(r.status(), 200);
    assert!(r.text().await?.contains("ガイドラインを取り込みました"));
    let withdrawn: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM catalog_controls WHERE withdrawn = 1")
        .fetch_one(app.state.db().pool())
        .await?;
    assert_eq!(withdrawn, 91, "12 categories and 79 subcategories");
    let no_token = reqwest::multipart::Form::new()
        .part("catalog", reqwest::multipart::Part::bytes(nist::file(nist::CSF)).file_name("csf.xml"));
    assert_eq!(op.post(app.url("/operator/catalogs")).multipart(no_token).send().await?.status(), 403);
    Ok(())
}

/// NIST's SP 800-53 catalog with another title.
fn with_title(catalog: &[u8], title: &str) -> Vec<u8> {
    const TITLE: &str = "NIST Special Publication 800-53 Revision 5: Security and Privacy Controls for Federal Information Systems and Organizations";
    String::from_utf8_lossy(catalog).replacen(TITLE, title, 1).into_bytes()
}

#[tokio::test]
async fn bad_files_are_refused_with_where_and_nothing_is_stored() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let op = operator(&app).await?;
    let whole = nist::file(nist::SP800_53);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.json", whole[..whole.len() / 2].to_vec(), "line"),
        ("profile.json", nist::file(nist::LOW_BASELINE), "profile"),
        (
            "future.json",
            String::from_utf8_lossy(&whole)
                .replacen("\"oscal-version\": \"1.0.0\"", "\"oscal-version\": \"2.0.0\"", 1)
                .into_bytes(),
            "/catalog/metadata/oscal-version",
        ),
        (
            "duplicate.json",
            String::from_utf8_lossy(&whole).replacen("\"id\": \"ac-2.1\"", "\"id\": \"ac-2\"", 1).into_bytes(),
            "used twice",
        ),
        (
            "laughs.xml",
            br#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><catalog>&b;</catalog>"#
                .to_vec(),
            "DTD",
        ),
        ("words.txt", b"hello".to_vec(), "neither JSON nor XML"),
        // Every text of imported content is bounded, and holds no control characters.
        ("long-title.json", with_title(&whole, &"長".repeat(501)), "longer than 500 characters"),
        ("bell.json", with_title(&whole, "SP 800-53\\u0007"), "control character (U+0007)"),
    ];
    for (name, bytes, says) in cases {
        let r = import(&app, &op, name, bytes).await?;
        assert_eq!(r.status(), 400, "{name}");
        let problem: serde_json::Value = r.json().await?;
        let detail = problem["detail"].as_str().unwrap_or_default();
        assert!(detail.starts_with(name) && detail.contains(says), "{name}: {detail}");
    }
    assert_eq!(count(&app, IMPORTED).await?, 0);
    assert_eq!(
        count(&app, "catalog_controls WHERE catalog_id IN (SELECT id FROM catalogs WHERE built_in IS NULL)").await?,
        0
    );

    assert_eq!(import(&app, &op, "a.json", whole.clone()).await?.status(), 201);
    let again = import(&app, &op, "b.json", whole).await?;
    assert_eq!(again.status(), 409);
    assert_eq!(count(&app, IMPORTED).await?, 1);
    assert_eq!(
        count(&app, "catalog_controls WHERE catalog_id IN (SELECT id FROM catalogs WHERE built_in IS NULL)").await?,
        1209
    );

    let huge = vec![b' '; 51 * 1024 * 1024];
    assert_eq!(import(&app, &op, "huge.json", huge).await?.status(), 413);
    Ok(())
}

#[tokio::test]
async fn exports_are_valid_oscal_and_read_back_to_the_same_catalog() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let op = operator(&app).await?;
    let dir = tempfile::tempdir()?;
    for (name, path) in [("sp80053", nist::SP800_53), ("csf", nist::CSF), ("sp800171", nist::SP800_171)] {
        let imported: serde_json::Value = import(&app, &op, path, nist::file(path)).await?.json().await?;
        let id: kakehashi_domain::ids::CatalogId = imported["id"].as_str().unwrap_or_default().parse()?;
        let r = op.get(app.url(&format!("/api/v1/catalogs/{id}/oscal"))).send().await?;
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-disposition"].to_str()?.starts_with("attachment"));
        let exported = r.bytes().await?;
        let file = dir.path().join(format!("{name}.json"));
        std::fs::write(&file, &exported)?;
        external::trestle_validates(&file, name)?;

        let again = kakehashi_formats::oscal::read_catalog(name, &exported)?;
        let stored = kakehashi_server::catalog::store::load(app.state.db(), id).await?.expect("stored");
        assert_eq!(again.controls.len(), stored.controls.len(), "{name}");
        for (a, b) in again.controls.iter().zip(&stored.controls) {
            assert_eq!(
                (&a.key, &a.label, a.kind, &a.parent, &a.class, a.withdrawn),
                (&b.key, &b.label, b.kind, &b.parent, &b.class, b.withdrawn),
                "{name}"
            );
            let (ta, tb) = (&a.texts[0], &b.texts[0]);
            assert_eq!(ta.title.as_deref(), tb.title.as_deref().or(Some(&b.label)), "{name} {}", a.key);
            assert_eq!((&ta.statement, &ta.guidance), (&tb.statement, &tb.guidance), "{name} {}", a.key);
        }
        assert_eq!(again.meta.title, stored.meta.title);
    }
    Ok(())
}

fn example(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

async fn import_sheet(
    app: &TestApp,
    op: &reqwest::Client,
    name: &str,
    bytes: Vec<u8>,
    version: &str,
) -> anyhow::Result<reqwest::Response> {
    let query = [("name", name), ("title", "取引先向け基本対策（記入例）"), ("version", version)];
    Ok(op.post(app.url("/api/v1/catalogs")).query(&query).body(bytes).send().await?)
}

/// (key, label, title) of every node, in order, in one language.
async fn outline(app: &TestApp, op: &reqwest::Client, id: &str, lang: &str) -> anyhow::Result<Vec<String>> {
    let rows: serde_json::Value =
        op.get(app.url(&format!("/api/v1/catalogs/{id}/controls?lang={lang}"))).send().await?.json().await?;
    Ok(rows
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| format!("{} {} {} {}", r["key"], r["label"], r["title"], r["withdrawn"]))
        .collect())
}

#[tokio::test]
async fn the_documented_guideline_form_imports_alike_from_yaml_and_csv_in_any_encoding() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let op = operator(&app).await?;
    let r = import(&app, &op, "guideline.yaml", example("guideline.yaml")).await?;
    assert_eq!(r.status(), 201);
    let yaml: serde_json::Value = r.json().await?;
    assert_eq!((yaml["controls"].as_i64(), yaml["withdrawn"].as_i64()), (Some(4), Some(1)));
    let yaml_id = yaml["id"].as_str().unwrap_or_default().to_owned();

    let r = import(&app, &op, "guideline.csv", example("guideline.csv")).await?;
    assert_eq!(r.status(), 400, "a CSV needs its title and version");
    let problem: serde_json::Value = r.json().await?;
    assert!(problem["detail"].as_str().unwrap_or_default().contains("title and a version"), "{problem}");

    let csv = example("guideline.csv");
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(std::str::from_utf8(&csv)?);
    assert!(!lossy);
    let bom = [&[0xEF, 0xBB, 0xBF][..], &csv].concat();
    let mut ids = Vec::new();
    for (version, bytes) in [("utf-8", csv.clone()), ("bom", bom), ("shift_jis", sjis.into_owned())] {
        let r = import_sheet(&app, &op, "guideline.csv", bytes, version).await?;
        assert_eq!(r.status(), 201, "{version}");
        let imported: serde_json::Value = r.json().await?;
        ids.push(imported["id"].as_str().unwrap_or_default().to_owned());
    }
    for lang in ["ja", "en"] {
        let expected = outline(&app, &op, &yaml_id, lang).await?;
        assert_eq!(expected.len(), 6);
        for id in &ids {
            assert_eq!(outline(&app, &op, id, lang).await?, expected, "{lang}");
        }
    }
    let english = outline(&app, &op, &yaml_id, "en").await?;
    assert!(english[1].contains("Name who is responsible"), "{english:?}");

    // OSCAL has one language per document: each export is valid and reads back in its language.
    let dir = tempfile::tempdir()?;
    for lang in ["ja", "en"] {
        let r = op.get(app.url(&format!("/api/v1/catalogs/{yaml_id}/oscal?lang={lang}"))).send().await?;
        assert!(r.headers()["content-disposition"].to_str()?.ends_with(&format!("-{lang}.oscal.json\"")));
        let exported = r.bytes().await?;
        let file = dir.path().join(format!("guideline-{lang}.json"));
        std::fs::write(&file, &exported)?;
        external::trestle_validates(&file, &format!("guideline-{lang}"))?;
        let again = kakehashi_formats::oscal::read_catalog("again.json", &exported)?;
        let titles: Vec<String> = again.controls.iter().map(|c| c.texts[0].title.clone().unwrap_or_default()).collect();
        assert_eq!(titles[1], if lang == "ja" { "責任者を決める" } else { "Name who is responsible" });
    }

    let broken = String::from_utf8(example("guideline.yaml"))?.replace("    parent: org\n", "    parnet: org\n");
    let r = import(&app, &op, "broken.yaml", broken.into_bytes()).await?;
    assert_eq!(r.status(), 400);
    let problem: serde_json::Value = r.json().await?;
    assert!(problem["detail"].as_str().unwrap_or_default().contains("broken.yaml: line"), "{problem}");
    assert_eq!(count(&app, IMPORTED).await?, 4, "nothing of the broken file was stored");
    Ok(())
}

#[tokio::test]
async fn the_demo_starts_with_the_example_guideline_and_nists_files_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let said = kakehashi_server::demo::load_catalogs(&app.state, Some(&nist::catalogs_dir())).await?;
    assert!(!said.iter().any(|l| l.contains("skipped")), "{said:?}");
    let nist_crosswalks = "crosswalks WHERE source_catalog_id IN (SELECT id FROM catalogs WHERE built_in IS NULL)";
    assert_eq!(
        (count(&app, IMPORTED).await?, count(&app, "profiles").await?, count(&app, nist_crosswalks).await?),
        (4, 4, 2)
    );
    // The baseline linked itself to the three NIST catalogs as they arrived, every id found.
    let baseline =
        "crosswalks WHERE source_catalog_id IN (SELECT id FROM catalogs WHERE built_in = 'kakehashi-baseline')";
    assert_eq!(count(&app, baseline).await?, 6);
    assert_eq!(count(&app, &format!("{baseline} AND unresolved_count > 0")).await?, 0);
    assert!(said.iter().any(|l| l.contains("746 mappings, 4 unresolved")), "{said:?}");
    let again = kakehashi_server::demo::load_catalogs(&app.state, Some(&nist::catalogs_dir())).await?;
    assert!(again.is_empty(), "a second start imports nothing");
    // With the demo world, its association publishes a profile built on the baseline, once.
    kakehashi_server::demo::load(&app.state).await?;
    let published = kakehashi_server::demo::association_profile(&app.state).await?;
    assert!(published.is_some_and(|p| p.contains("中部精密部品工業会")));
    assert!(kakehashi_server::demo::association_profile(&app.state).await?.is_none());
    assert_eq!(count(&app, IMPORTED).await?, 4);
    Ok(())
}
