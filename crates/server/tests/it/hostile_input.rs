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

/// A text far past every field's bound (60,000 characters), to stand in for any one field.
fn overlong() -> String {
    format!("長{}", "x".repeat(60_000))
}

/// `body` with the string at `pointer` replaced by an overlong one; every string field of it.
fn each_overlong(body: &Value) -> Vec<(String, Value)> {
    let mut pointers = Vec::new();
    collect_strings(body, String::new(), &mut pointers);
    pointers
        .into_iter()
        .map(|pointer| {
            let mut changed = body.clone();
            if let Some(slot) = changed.pointer_mut(&pointer) {
                *slot = Value::String(overlong());
            }
            (pointer, changed)
        })
        .collect()
}

fn collect_strings(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(at),
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| collect_strings(v, format!("{at}/{i}"), out)),
        Value::Object(fields) => fields.iter().for_each(|(k, v)| collect_strings(v, format!("{at}/{k}"), out)),
        _ => {}
    }
}

#[tokio::test]
async fn an_overlong_text_in_any_field_is_refused_or_cut_never_stored_whole() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (buyer, _) = app.create_org("長文商事株式会社", Some("300000000041"), ADMIN).await?;
    let (supplier, _) = app.create_org("長文部品株式会社", Some("300000000042"), "it@long-parts.example").await?;
    app.link(kakehashi_domain::tenancy::RelationshipKind::BuyerSupplier, buyer, supplier).await?;
    let call = |client: &reqwest::Client, method: &str, path: &str, body: &Value| {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::POST);
        client.request(method, app.url(path)).header("origin", &app.base).json(body).send()
    };
    // A self-check the supplier submits to the buyer, for the reviewer's and the supplier's routes.
    let s = app.client_for("it@long-parts.example").await?;
    let list: Value = s.get(app.url("/api/v1/questionnaires")).send().await?.json().await?;
    let started: Value =
        call(&s, "POST", "/api/v1/assessments", &json!({"questionnaire_id": list[0]["id"]})).await?.json().await?;
    let assessment = started["id"].as_str().unwrap_or_default().to_owned();
    let answers = json!({"answers": [{"position": 0, "value": "implemented"}]});
    call(&s, "PUT", &format!("/api/v1/assessments/{assessment}/answers"), &answers).await?;
    let submit = json!({"reviewer_org_id": buyer.to_string(), "purpose": "取引のため"});
    let submitted = call(&s, "POST", &format!("/api/v1/assessments/{assessment}/submissions"), &submit).await?;
    assert!(submitted.status().is_success());
    let buyer_client = app.client_for(ADMIN).await?;

    let supplier_writes = [
        (
            "PUT",
            format!("/api/v1/assessments/{assessment}/answers"),
            json!({"answers": [
            {"position": 1, "value": "not-applicable", "reason": "対象外", "note": "メモ"}]}),
        ),
        ("POST", "/api/v1/evidence".into(), json!({"kind": "statement", "title": "鍵", "statement": "施錠している"})),
        ("POST", "/api/v1/evidence".into(), json!({"kind": "link", "title": "規程", "link": "https://example.jp/a"})),
        (
            "POST",
            "/api/v1/evidence".into(),
            json!({
            "kind": "certificate", "scheme": "isms", "title": "ISMS", "number": "IS 1", "issuer": "認証機関"}),
        ),
        (
            "POST",
            format!("/api/v1/assessments/{assessment}/replies"),
            json!({
            "position": 0, "body": "返信", "reviewer_org_id": buyer.to_string()}),
        ),
    ];
    let buyer_writes = [
        (
            "PUT",
            "/api/v1/org/profile".into(),
            json!({
            "name": "長文商事株式会社", "country": "JP", "region": "関東", "incident_contact_name": "窓口",
            "incident_contact_phone": "03-0000-0000", "support_provider": "支援"}),
        ),
        ("POST", "/api/v1/org/tokens".into(), json!({"name": "ERP", "role": "read-only", "days": 30})),
        (
            "POST",
            "/api/v1/org/grants".into(),
            json!({
            "grantee_org_id": supplier.to_string(), "kind": "org-profile", "purpose": "取引のため"}),
        ),
        (
            "POST",
            "/api/v1/org/invitations".into(),
            json!({
            "email": "new@elsewhere.example", "firm_name": "招待先", "kind": "buyer-supplier", "my_side": "from"}),
        ),
        ("POST", "/api/v1/org/invitations/colleague".into(), json!({"email": "c@long.example", "role": "member"})),
        ("POST", "/api/v1/questionnaires".into(), json!({"title": "取引先向け", "baseline_tier": 1})),
        (
            "PUT",
            format!("/api/v1/reviews/{assessment}/verdicts"),
            json!({
            "position": 0, "verdict": "asked", "answer_version": 1, "comment": "根拠を"}),
        ),
        ("POST", "/api/v1/session".into(), json!({"email": ADMIN, "password": "wrong"})),
        ("POST", "/api/v1/password/forgot".into(), json!({"email": "x@long.example"})),
    ];
    let mut tried = 0;
    for (client, writes) in [(&s, &supplier_writes[..]), (&buyer_client, &buyer_writes[..])] {
        for (method, path, body) in writes {
            for (field, changed) in each_overlong(body) {
                let r = call(client, method, path, &changed).await?;
                let status = r.status();
                assert!(status.is_success() || status.is_client_error(), "{method} {path} {field}: {status}");
                tried += 1;
            }
        }
    }
    assert!(tried >= 35, "{tried} fields tried");

    // Whatever was accepted was cut or refused: nothing anyone reads holds the long text.
    let long_run = "x".repeat(3_000);
    for (client, path) in [
        (&buyer_client, "/api/v1/org".to_owned()),
        (&buyer_client, "/api/v1/org/tokens".into()),
        (&buyer_client, "/api/v1/org/grants/given".into()),
        (&buyer_client, "/api/v1/org/invitations".into()),
        (&buyer_client, "/api/v1/questionnaires".into()),
        (&buyer_client, format!("/api/v1/reviews/{assessment}")),
        (&s, "/api/v1/evidence".into()),
        (&s, format!("/api/v1/assessments/{assessment}")),
        (&s, "/api/v1/org/grants/received".into()),
    ] {
        let body = client.get(app.url(&path)).send().await?.text().await?;
        assert!(!body.contains(&long_run), "{path} holds an overlong text");
    }
    Ok(())
}
