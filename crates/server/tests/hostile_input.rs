//! Hostile text on every route, on whichever database the suite runs on: control characters
//! are refused at the edge (400, the same on SQLite and PostgreSQL, which cannot store U+0000)
//! and change nothing.

use kakehashi_server::app::routes;
use kakehashi_server::platform::routes::Surface;
use kakehashi_testkit::{TestApp, html};
use serde_json::{Value, json};

const ADMIN: &str = "admin@hostile.example";

async fn audit_entries(app: &TestApp) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(app.state.db().pool()).await?)
}

/// The route's path with each `{…_id}` filled in: any value will do, since the text is refused
/// before any handler looks for the object.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') { "0190a1b2-0000-7000-8000-000000000000" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_route_refuses_control_characters_and_changes_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("制御文字株式会社", Some("300000000031"), ADMIN).await?;
    // The caller may use every route: an operator who is also the organisation's admin.
    sqlx::query("UPDATE users SET is_operator = 1").execute(app.state.db().pool()).await?;
    let client = app.client_for(ADMIN).await?;
    let page = client.get(app.url("/org")).send().await?.text().await?;
    let csrf = html::csrf_token(&page).expect("a form token");
    let before = audit_entries(&app).await?;

    let (_, infos) = routes().into_parts();
    let mut refused = 0;
    for route in &infos {
        let url = app.url(&format!("{}?probe=%00", concrete(route.path)));
        let method = reqwest::Method::from_bytes(route.method.as_bytes())?;
        let mut request = client.request(method.clone(), &url).header("origin", &app.base);
        if matches!(method, reqwest::Method::POST | reqwest::Method::PUT) {
            request = match route.surface {
                Surface::Page => request.form(&[("csrf", csrf.as_str()), ("name", "a\u{0}b")]),
                Surface::Api => request.json(&json!({"name": "a\u{0}b", "items": [{"note": "\u{1b}[31m"}]})),
            };
        }
        let response = request.send().await?;
        let status = response.status();
        let body = response.text().await?;
        assert_eq!(status, 400, "{} {}: {body}", route.method, route.path);
        refused += 1;
    }
    assert!(refused > 150, "every route was tried ({refused})");

    // The body alone is enough, in any field at any depth, and as a JSON escape.
    for (name, value) in [("name", "a\u{7f}"), ("note", "\u{85}")] {
        let r = client.post(app.url("/org/profile")).form(&[("csrf", csrf.as_str()), (name, value)]).send().await?;
        assert_eq!(r.status(), 400);
        assert!(r.text().await?.contains("制御文字"), "the page says why, in Japanese");
    }
    let r = client
        .post(app.url("/api/v1/org/grants"))
        .header("origin", &app.base)
        .header("content-type", "application/json")
        .body(r#"{"grantee_org_id": "x", "kind": "org-profile", "purpose": "a\u0000"}"#)
        .send()
        .await?;
    assert_eq!(r.status(), 400);
    let problem: Value = r.json().await?;
    assert!(problem["detail"].as_str().unwrap_or_default().contains("(/purpose)"), "{problem}");
    assert!(problem["detail"].as_str().unwrap_or_default().contains("U+0000"), "{problem}");

    // Unauthenticated callers too (the sign-in form's e-mail address).
    let stranger = app.client();
    let login = stranger.get(app.url("/login")).send().await?.text().await?;
    let token = html::csrf_token(&login).expect("a form token");
    let form = [("csrf", token.as_str()), ("email", "a\u{0}@x.example"), ("password", "x")];
    let r = stranger.post(app.url("/login")).form(&form).send().await?;
    assert_eq!(r.status(), 400);

    // Line breaks and tabs are text.
    let r = client
        .put(app.url("/api/v1/org/profile"))
        .header("origin", &app.base)
        .json(&json!({"name": "制御文字株式会社", "country": "JP", "support_provider": "一行目\r\n\t二行目"}))
        .send()
        .await?;
    assert!(r.status().is_success(), "{}", r.text().await?);
    assert_eq!(audit_entries(&app).await?, before + 1, "only the last, valid change was recorded");
    Ok(())
}
