//! Walks the route registry: every route enforces the access it records, every API route is
//! described in the OpenAPI document (and nothing else is), the document passes an external
//! OpenAPI validator, and every page renders in both languages without a missing string.

use std::collections::BTreeSet;
use std::process::Command;

use kakehashi_server::app::routes;
use kakehashi_server::platform::routes::{Access, RouteInfo, Surface};
use kakehashi_testkit::TestApp;

const OPERATOR: (&str, &str) = ("ops@kakehashi.test", "a long operator passphrase");
const MEMBER: (&str, &str) = ("member@kakehashi.test", "another long passphrase");

fn all_routes() -> Vec<RouteInfo> {
    routes().into_parts().1
}

/// A concrete path for a template; ids are fresh (so no object exists, which is fine for
/// checking access: the guard answers before any lookup).
fn concrete(path: &str) -> String {
    path.split('/').map(|s| if s.starts_with('{') { uuid_like() } else { s.to_owned() }).collect::<Vec<_>>().join("/")
}

fn uuid_like() -> String {
    kakehashi_domain::ids::MailId::new().to_string()
}

async fn call(client: &reqwest::Client, app: &TestApp, route: &RouteInfo) -> anyhow::Result<reqwest::Response> {
    let method = reqwest::Method::from_bytes(route.method.as_bytes())?;
    let mut request = client.request(method, app.url(&concrete(route.path)));
    if route.surface == Surface::Api && route.method != "GET" {
        request = request.json(&serde_json::json!({}));
    }
    Ok(request.send().await?)
}

#[tokio::test]
async fn every_route_enforces_the_access_it_records() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_user(MEMBER.0, MEMBER.1, false).await?;
    let anonymous = app.client_no_redirects();

    let routes = all_routes();
    assert!(routes.len() >= 15, "the registry knows every route");
    for route in &routes {
        let as_anonymous = call(&anonymous, &app, route).await?.status().as_u16();
        // A fresh session per route: one of them is signing out.
        let member = app.client_no_redirects();
        app.sign_in(&member, MEMBER.0, MEMBER.1).await?;
        let as_member = call(&member, &app, route).await?.status().as_u16();
        let what = format!("{} {}", route.method, route.path);
        match route.access {
            Access::Public => {}
            _ => {
                let expected = match (route.surface, route.method.as_str()) {
                    (Surface::Page, "GET") => 303,
                    _ => 401,
                };
                assert_eq!(as_anonymous, expected, "{what} as anonymous");
            }
        }
        if route.access == Access::Operator {
            assert_eq!(as_member, 403, "{what} as a signed-in non-operator");
        }
    }
    Ok(())
}

#[tokio::test]
async fn the_openapi_document_describes_exactly_the_api_routes() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let doc: serde_json::Value = reqwest::get(app.url("/api/v1/openapi.json")).await?.json().await?;
    assert_eq!(doc["openapi"], "3.1.0");
    let documented: BTreeSet<String> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flat_map(move |ops| ops.keys().map(move |m| format!("{} {path}", m.to_uppercase())))
        })
        .collect();
    let registered: BTreeSet<String> = all_routes()
        .into_iter()
        .filter(|r| r.surface == Surface::Api)
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(documented, registered);
    Ok(())
}

#[tokio::test]
async fn the_openapi_document_passes_an_external_validator() -> anyhow::Result<()> {
    let python = kakehashi_testkit::external::python()?;
    let app = TestApp::spawn().await?;
    let doc = reqwest::get(app.url("/api/v1/openapi.json")).await?.text().await?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, doc)?;
    let out = Command::new(python).args(["-m", "openapi_spec_validator"]).arg(&file).output()?;
    assert!(
        out.status.success(),
        "openapi-spec-validator refused the document:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}

#[tokio::test]
async fn every_page_in_both_languages_and_every_json_read_matches_its_snapshot() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let operator = app.client();
    app.sign_in(&operator, OPERATOR.0, OPERATOR.1).await?;
    // Something in every list, so that rows render too.
    operator
        .post(app.url("/api/v1/operator/test-mail"))
        .json(&serde_json::json!({"to": "a@example.jp"}))
        .send()
        .await?;
    let outbox: serde_json::Value = operator.get(app.url("/api/v1/operator/outbox")).send().await?.json().await?;
    let mail_id = outbox[0]["id"].as_str().expect("a message").to_owned();
    let imported: serde_json::Value = operator
        .post(app.url("/api/v1/catalogs"))
        .query(&[("name", "csf.xml")])
        .body(kakehashi_testkit::nist::file(kakehashi_testkit::nist::CSF))
        .send()
        .await?
        .json()
        .await?;
    let catalog_id = imported["id"].as_str().expect("a catalog").to_owned();
    let crosswalk: serde_json::Value = operator
        .post(app.url("/api/v1/crosswalks"))
        .query(&[("source", catalog_id.as_str()), ("target", catalog_id.as_str()), ("name", "self.csv")])
        .body("source,target,relation\nGV.PO-01,GV.PO-02,intersects\nGV.PO-01,ZZ-1,equal\n")
        .send()
        .await?
        .json()
        .await?;
    let crosswalk_id = crosswalk["id"].as_str().expect("a crosswalk").to_owned();
    let profile = r##"{"profile": {"uuid": "00000000-0000-4000-8000-000000000001", "metadata": {"title": "表示確認", "version": "1", "oscal-version": "1.1.2"},
        "imports": [{"href": "#c", "include-controls": [{"with-ids": ["GV.PO-01", "ZZ-1"]}]}]}}"##;
    let profile: serde_json::Value = operator
        .post(app.url("/api/v1/profiles"))
        .query(&[("catalogs", catalog_id.as_str()), ("name", "p.json")])
        .body(profile)
        .send()
        .await?
        .json()
        .await?;
    let profile_id = profile["id"].as_str().expect("a profile").to_owned();
    let questionnaires: serde_json::Value =
        operator.get(app.url("/api/v1/questionnaires")).send().await?.json().await?;
    let questionnaire_id = questionnaires[0]["id"].as_str().expect("the built-in questionnaires").to_owned();
    let (org, _) = app.create_org("表示確認株式会社", Some("500000000001"), "admin@pages.example").await?;
    let (other, _) = app.create_org("相手先株式会社", Some("500000000002"), "admin@other.example").await?;
    app.link(kakehashi_domain::tenancy::RelationshipKind::BuyerSupplier, org, other).await?;
    let admin = app.client_for("admin@pages.example").await?;
    admin.post(app.url("/api/v1/org/invitations")).json(&serde_json::json!({"email": "x@firm.example", "firm_name": "x", "kind": "buyer-supplier", "my_side": "from"})).send().await?;
    let grant: serde_json::Value = admin
        .post(app.url("/api/v1/org/grants"))
        .json(&serde_json::json!({"grantee_org_id": other.to_string(), "kind": "org-profile", "purpose": "表示確認"}))
        .send()
        .await?
        .json()
        .await?;
    let token: serde_json::Value = admin
        .post(app.url("/api/v1/org/tokens"))
        .json(&serde_json::json!({"name": "t", "role": "member", "days": 30}))
        .send()
        .await?
        .json()
        .await?;
    app.add_person(org, "member@pages.example", kakehashi_domain::tenancy::Role::Member).await?;
    let members: serde_json::Value = admin.get(app.url("/api/v1/org/members")).send().await?.json().await?;
    let membership = members
        .as_array()
        .and_then(|m| m.iter().find(|m| m["email"] == "member@pages.example"))
        .and_then(|m| m["id"].as_str())
        .expect("the member")
        .to_owned();
    let relationships: serde_json::Value = admin.get(app.url("/api/v1/org/relationships")).send().await?.json().await?;
    let relationship = relationships[0]["id"].as_str().expect("the link").to_owned();
    let (grant, token) =
        (grant["id"].as_str().expect("a grant").to_owned(), token["id"].as_str().expect("a token").to_owned());

    let started: serde_json::Value = admin
        .post(app.url("/api/v1/assessments"))
        .json(&serde_json::json!({"questionnaire_id": questionnaire_id}))
        .send()
        .await?
        .json()
        .await?;
    let assessment_id = started["id"].as_str().expect("a self-check").to_owned();
    // A self-check the other firm submits to the admin's, for the reviewer's pages.
    let supplier = app.client_for("admin@other.example").await?;
    let theirs: serde_json::Value = supplier
        .post(app.url("/api/v1/assessments"))
        .json(&serde_json::json!({"questionnaire_id": questionnaire_id}))
        .send()
        .await?
        .json()
        .await?;
    let reviewed_id = theirs["id"].as_str().expect("their self-check").to_owned();
    supplier
        .put(app.url(&format!("/api/v1/assessments/{reviewed_id}/answers")))
        .json(&serde_json::json!({"answers": [{"position": 0, "value": "partly"}]}))
        .send()
        .await?;
    let submitted = supplier
        .post(app.url(&format!("/api/v1/assessments/{reviewed_id}/submissions")))
        .json(&serde_json::json!({"reviewer_org_id": org.to_string()}))
        .send()
        .await?;
    assert_eq!(submitted.status(), 204);

    // Pages that need a link token show why the link does not work (410), in words too.
    let token_pages = ["/invite", "/password/reset"];
    let matrix_page = format!("/crosswalk-matrix?from={catalog_id}&to={catalog_id}");
    // A route's path with the objects made above in place of its parameters (the reviewer's
    // pages and reads show the self-check submitted to the admin's organisation).
    let other_id = other.to_string();
    let concrete = |route: &str| {
        let assessment = if route.contains("/reviews/") { &reviewed_id } else { &assessment_id };
        [
            ("{mail_id}", mail_id.as_str()),
            ("{org_id}", other_id.as_str()),
            ("{catalog_id}", catalog_id.as_str()),
            ("{control_id}", "GV.PO-01"),
            ("{crosswalk_id}", crosswalk_id.as_str()),
            ("{profile_id}", profile_id.as_str()),
            ("{questionnaire_id}", questionnaire_id.as_str()),
            ("{membership_id}", membership.as_str()),
            ("{relationship_id}", relationship.as_str()),
            ("{grant_id}", grant.as_str()),
            ("{token_id}", token.as_str()),
            ("{assessment_id}", assessment.as_str()),
        ]
        .into_iter()
        .fold(route.to_owned(), |path, (parameter, id)| path.replace(parameter, id))
    };
    let pages: Vec<(String, bool, String)> = all_routes()
        .into_iter()
        .filter(|r| {
            // Downloads are files, not pages (their headers are tested with evidence).
            r.surface == Surface::Page
                && r.method == "GET"
                && !r.path.starts_with("/static")
                && r.path != "/lang"
                && !r.path.ends_with("/download")
        })
        .map(|r| (concrete(r.path), matches!(r.access, Access::Operator), r.path.to_owned()))
        .chain([
            ("/no-such-page".to_owned(), false, "/no-such-page".to_owned()),
            (matrix_page.clone(), false, "/crosswalk-matrix?from=to".to_owned()),
        ])
        .collect();
    let snapshots = page_snapshot_settings();
    let mut english = Vec::new();
    for lang in ["ja", "en"] {
        for client in [&operator, &admin] {
            client.get(app.url(&format!("/lang?to={lang}&next=/"))).send().await?;
        }
        for (path, operator_only, route) in &pages {
            let client = if *operator_only { &operator } else { &admin };
            let r = client.get(app.url(path)).send().await?;
            let status = r.status();
            let body = r.text().await?;
            let expected_error = path == "/no-such-page" || token_pages.contains(&path.as_str());
            assert!(status.is_success() || expected_error, "{lang} {path}: {status}");
            assert!(body.contains(&format!("<html lang=\"{lang}\">")), "{lang} {path}");
            assert!(
                !body.contains('⟦'),
                "{lang} {path} shows a missing string: {}",
                &body[body.find('⟦').unwrap_or(0)..][..80.min(body.len())]
            );
            let name = format!("page_{lang}{}", route.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
            snapshots.bind(|| insta::assert_snapshot!(name, kakehashi_testkit::reader::reader_view(&body)));
            if lang == "ja" {
                english.extend(
                    kakehashi_testkit::html::english_sentences(&body).into_iter().map(|e| format!("{path}: {e}")),
                );
            }
        }
    }
    assert!(english.is_empty(), "English sentences on Japanese pages:\n{}", english.join("\n"));

    // The API's answers keep their shape: every JSON read, with the same objects in place.
    let reads = all_routes().into_iter().filter(|r| {
        r.surface == Surface::Api
            && r.method == "GET"
            && !r.path.contains("{evidence_id}")
            && !["/oscal", "/csv", "/download", "openapi.json"].iter().any(|end| r.path.ends_with(end))
    });
    for r in reads {
        let path = concrete(r.path);
        let client = if matches!(r.access, Access::Operator) { &operator } else { &admin };
        let response = client.get(app.url(&path)).send().await?;
        let status = response.status();
        let body: serde_json::Value = response.json().await?;
        let name = format!("api{}", r.path.replace(|c: char| !c.is_ascii_alphanumeric(), "_"));
        let shown = format!("{status}\n{}", serde_json::to_string_pretty(&body)?);
        snapshots.bind(|| insta::assert_snapshot!(name, shown));
    }
    Ok(())
}

/// What differs from run to run and from one database to the other, replaced in snapshots:
/// ids, hashes, form tokens, API token prefixes and two-factor secrets, and the database's name and version.
fn page_snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.add_filter(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "[id]");
    settings.add_filter(r"\b[0-9a-f]{64}\b", "[sha256]");
    settings.add_filter(r"\b[A-Z2-7]{32}\b", "[totp-secret]");
    settings.add_filter(r"kkh_[0-9a-f]+", "kkh_[token]");
    settings.add_filter(r"(SQLite|PostgreSQL) [0-9][^\n]*", "[database]");
    settings.add_filter(r"\b(sqlite|postgres)\b", "[backend]");
    settings
}

#[test]
fn every_job_kind_has_a_name_in_both_languages() -> anyhow::Result<()> {
    use kakehashi_domain::locale::Locale;
    use kakehashi_server::platform::jobs::registry::label_key;
    let kinds = kakehashi_server::app::job_kinds();
    assert!(kinds.names().count() >= 4, "the platform's kinds and the baseline's are registered");
    for locale in [Locale::Ja, Locale::En] {
        let keys = kakehashi_content::i18n::keys(locale).map_err(anyhow::Error::msg)?;
        for kind in kinds.names() {
            assert!(keys.contains(&label_key(kind)), "no {} for job kind {kind} ({locale:?})", label_key(kind));
        }
    }
    Ok(())
}
