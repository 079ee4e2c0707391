//! The role walk: every registered route, called by every role of the *same* organisation (and
//! by the platform operator), with that organisation's real ids and with a self-check another
//! firm submitted to it. What each may do is read from `docs/roles.md`, the role table people
//! review; a role it admits must get through (no 401, 403 or redirect to sign in), any other
//! must be refused. A second test keeps `docs/roles.md` equal to what the code enforces.

use std::collections::HashMap;
use std::path::PathBuf;

use kakehashi_domain::tenancy::{RelationshipKind, Role};
use kakehashi_server::app::routes;
use kakehashi_server::platform::role_table;
use kakehashi_server::platform::routes::{Access, RouteInfo, Surface};
use kakehashi_testkit::fixtures::PASSWORD;
use kakehashi_testkit::{TestApp, html};
use serde_json::{Value, json};

fn roles_document() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/roles.md")
}

/// (method, path) → (admitted per column, whose objects the route reaches).
type Table = HashMap<(String, String), (Vec<bool>, String)>;

/// `docs/roles.md` read back: (method, path) → admitted per column (admin, member, reviewer,
/// read-only, operator), then whose objects the route reaches.
fn documented() -> anyhow::Result<Table> {
    let text = std::fs::read_to_string(roles_document())?;
    let mut table = HashMap::new();
    for line in text.lines().filter(|l| l.starts_with("| ") && l.contains("| `")) {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        anyhow::ensure!(cells.len() == 8, "a route row has 8 cells: {line}");
        let path = cells[1].trim_matches('`').to_owned();
        let admitted = cells[2..7].iter().map(|c| *c == "✓").collect();
        table.insert((cells[0].to_owned(), path), (admitted, cells[7].to_owned()));
    }
    Ok(table)
}

async fn json_call(
    client: &reqwest::Client,
    app: &TestApp,
    method: &str,
    path: &str,
    body: Value,
) -> anyhow::Result<Value> {
    let r = client.request(reqwest::Method::from_bytes(method.as_bytes())?, app.url(path)).json(&body).send().await?;
    anyhow::ensure!(r.status().is_success(), "{method} {path}: {}", r.status());
    Ok(r.json().await.unwrap_or(Value::Null))
}

fn id_of(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_owned()
}

/// A buyer with a person in every role (and a spare member the admin may remove), one of each
/// of its own objects, and a supplier's self-check submitted to it for review.
async fn world(app: &TestApp) -> anyhow::Result<(Vec<(&'static str, String)>, Vec<(usize, String)>)> {
    let (buyer, _) = app.create_org("役割商事株式会社", Some("300000000021"), "admin@roles.example").await?;
    let mut people = vec![(0, "admin@roles.example".to_owned())];
    for (column, role, email) in [
        (1, Role::Member, "member@roles.example"),
        (2, Role::Reviewer, "reviewer@roles.example"),
        (3, Role::ReadOnly, "viewer@roles.example"),
    ] {
        app.add_person(buyer, email, role).await?;
        people.push((column, email.to_owned()));
    }
    let spare = app.add_person(buyer, "spare@roles.example", Role::Member).await?;
    app.create_user("operator@roles.example", PASSWORD, true).await?;
    people.push((4, "operator@roles.example".to_owned()));

    let (supplier, _) =
        app.create_org("役割部品株式会社", Some("300000000022"), "admin@roles-supplier.example").await?;
    app.link(RelationshipKind::BuyerSupplier, buyer, supplier).await?;
    let s = app.client_for("admin@roles-supplier.example").await?;
    let questionnaires = json_call(&s, app, "GET", "/api/v1/questionnaires", Value::Null).await?;
    let submitted =
        json_call(&s, app, "POST", "/api/v1/assessments", json!({"questionnaire_id": questionnaires[0]["id"]})).await?;
    let submitted = id_of(&submitted, "id");
    let answers = json!({"answers": [{"position": 0, "value": "implemented"}]});
    json_call(&s, app, "PUT", &format!("/api/v1/assessments/{submitted}/answers"), answers).await?;
    let body = json!({"reviewer_org_id": buyer.to_string()});
    json_call(&s, app, "POST", &format!("/api/v1/assessments/{submitted}/submissions"), body).await?;

    let a = app.client_for("admin@roles.example").await?;
    let invitation = json_call(
        &a,
        app,
        "POST",
        "/api/v1/org/invitations",
        json!({"email": "new@elsewhere.example", "firm_name": "招待先", "kind": "buyer-supplier", "my_side": "from"}),
    )
    .await?;
    let grant = json_call(
        &a,
        app,
        "POST",
        "/api/v1/org/grants",
        json!({"grantee_org_id": supplier.to_string(), "kind": "org-profile", "purpose": "取引のため"}),
    )
    .await?;
    let token =
        json_call(&a, app, "POST", "/api/v1/org/tokens", json!({"name": "walk", "role": "read-only", "days": 30}))
            .await?;
    let own =
        json_call(&a, app, "POST", "/api/v1/assessments", json!({"questionnaire_id": questionnaires[0]["id"]})).await?;
    let evidence = json_call(
        &a,
        app,
        "POST",
        "/api/v1/evidence",
        json!({"kind": "statement", "title": "鍵の管理", "statement": "社長が保管"}),
    )
    .await?;
    let members = json_call(&a, app, "GET", "/api/v1/org/members", Value::Null).await?;
    let spare_membership = members
        .as_array()
        .and_then(|m| m.iter().find(|m| m["user_id"] == spare.to_string() || m["email"] == "spare@roles.example"))
        .map(|m| id_of(m, "id"))
        .unwrap_or_default();
    anyhow::ensure!(!spare_membership.is_empty(), "the spare member is listed: {members}");
    let relationships = json_call(&a, app, "GET", "/api/v1/org/relationships", Value::Null).await?;
    let mail: String =
        sqlx::query_scalar("SELECT id FROM outbox ORDER BY id LIMIT 1").fetch_one(app.state.db().pool()).await?;
    let ids = vec![
        ("org", supplier.to_string()),
        ("user", spare.to_string()),
        ("membership", spare_membership),
        ("relationship", id_of(&relationships[0], "id")),
        ("invitation", id_of(&invitation, "invitation_id")),
        ("grant", id_of(&grant, "id")),
        ("token", id_of(&token, "id")),
        ("mail", mail),
        ("job", kakehashi_domain::ids::JobId::new().to_string()),
        ("catalog", kakehashi_domain::ids::CatalogId::new().to_string()),
        ("crosswalk", kakehashi_domain::ids::CrosswalkId::new().to_string()),
        ("profile", kakehashi_domain::ids::ProfileId::new().to_string()),
        ("questionnaire", id_of(&questionnaires[0], "id")),
        ("own-assessment", id_of(&own, "id")),
        ("submitted-assessment", submitted),
        ("evidence", id_of(&evidence, "id")),
        ("control", "ac-2".to_owned()),
    ];
    Ok((ids, people))
}

/// The route's path with real ids: a review route names the self-check submitted to the
/// organisation, every other route the organisation's own.
fn concrete(route: &RouteInfo, ids: &[(&'static str, String)]) -> String {
    let shared = route.path.starts_with("/reviews") || route.path.starts_with("/api/v1/reviews");
    let mut kinds = route.id_kinds.iter();
    let id = |kind: &str| {
        let kind = match kind {
            "assessment" if shared => "submitted-assessment",
            "assessment" => "own-assessment",
            k => k,
        };
        ids.iter().find(|(k, _)| *k == kind).map(|(_, v)| v.clone()).unwrap_or_else(|| panic!("no {kind} id"))
    };
    route
        .path
        .split('/')
        .map(|s| if s.starts_with('{') { id(kinds.next().copied().unwrap_or_default()) } else { s.to_owned() })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether the response refuses the caller (rather than answering about the request itself).
fn refused(status: u16, location: Option<&str>) -> bool {
    status == 401
        || status == 403
        || (status == 303 && location.is_some_and(|l| l.starts_with("/login") || l.starts_with("/org/choose")))
}

#[tokio::test]
async fn every_role_can_do_exactly_what_the_role_table_says() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let table = documented()?;
    let (ids, people) = world(&app).await?;
    let routes = routes().into_parts().1;
    let mut mismatches = Vec::new();
    // Read-only first and the admin and operator last: their writes (removing the spare member,
    // ending the relationship) must not change what the others meet.
    let order = [3, 2, 1, 0, 4];
    for column in order {
        let email = &people.iter().find(|(c, _)| *c == column).expect("a person per column").1;
        let client = app.client_no_redirects();
        app.sign_in(&client, email, PASSWORD).await?;
        for route in &routes {
            if client.get(app.url("/api/v1/session")).send().await?.status() != 200 {
                app.sign_in(&client, email, PASSWORD).await?;
            }
            let page = client.get(app.url("/account")).send().await?.text().await?;
            let csrf = html::csrf_token(&page).unwrap_or_default();
            let path = concrete(route, &ids);
            let method = reqwest::Method::from_bytes(route.method.as_bytes())?;
            let mut request = client.request(method, app.url(&path));
            if route.method != "GET" {
                request = match route.surface {
                    Surface::Page => request.form(&[("csrf", csrf.as_str()), ("reason", "walk")]),
                    Surface::Api => request.json(&json!({})),
                };
            }
            let response = request.send().await?;
            let status = response.status().as_u16();
            let location = response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned);
            let key = (route.method.clone(), route.path.to_owned());
            let Some(row) = table.get(&key) else {
                mismatches.push(format!("{} {} is not in docs/roles.md", route.method, route.path));
                continue;
            };
            let want = row.0[column];
            let got = route.access == Access::Public || !refused(status, location.as_deref());
            assert!(status < 500, "{email} {} {path}: server error {status}", route.method);
            if want != got {
                mismatches.push(format!(
                    "{email} {} {}: the table says {}, the service answered {status}",
                    route.method,
                    route.path,
                    if want { "allowed" } else { "refused" }
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{} mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
    Ok(())
}

#[test]
fn the_role_table_document_is_what_the_code_enforces() -> anyhow::Result<()> {
    let generated = role_table::markdown(&routes().into_parts().1);
    let written = std::fs::read_to_string(roles_document()).unwrap_or_default();
    assert!(
        written == generated,
        "docs/roles.md is out of date: run `cargo run -- routes --roles > docs/roles.md` and review the change"
    );
    Ok(())
}

#[test]
fn the_table_says_what_the_roles_are_for() -> anyhow::Result<()> {
    let table = documented()?;
    let row = |m: &str, p: &str| table.get(&(m.to_owned(), p.to_owned())).map(|r| r.0.clone()).unwrap_or_default();
    // Columns: admin, member, reviewer, read-only, operator.
    assert_eq!(row("POST", "/reviews/{assessment_id}/verdicts"), [true, false, true, false, false]);
    assert_eq!(row("PUT", "/api/v1/reviews/{assessment_id}/verdicts"), [true, false, true, false, false]);
    assert_eq!(row("POST", "/self-checks/{assessment_id}/answers"), [true, true, false, false, false]);
    assert_eq!(row("GET", "/reviews/{assessment_id}"), [true, true, true, true, false]);
    assert_eq!(row("POST", "/org/relationships/{relationship_id}/end"), [true, false, false, false, false]);
    for ((method, path), (admitted, reaches)) in &table {
        if method != "GET" && reaches.contains("organisation") {
            assert!(!admitted[3], "read-only changes nothing of an organisation: {method} {path}");
        }
    }
    Ok(())
}

#[tokio::test]
async fn pages_offer_an_action_only_to_roles_that_may_take_it_and_a_refusal_keeps_the_header() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (ids, _) = world(&app).await?;
    let submitted = ids.iter().find(|(k, _)| *k == "submitted-assessment").map(|(_, v)| v.clone()).unwrap_or_default();
    let review = format!("/reviews/{submitted}");
    for (email, offered) in [
        ("reviewer@roles.example", true),
        ("admin@roles.example", true),
        ("member@roles.example", false),
        ("viewer@roles.example", false),
    ] {
        let client = app.client_for(email).await?;
        let page = client.get(app.url(&review)).send().await?.text().await?;
        assert_eq!(
            page.contains("/verdicts#q"),
            offered,
            "{email}: the verdict form is offered only with the review permission"
        );
    }
    let viewer = app.client_for("viewer@roles.example").await?;
    let page = viewer.get(app.url(&review)).send().await?.text().await?;
    let csrf = html::csrf_token(&page).unwrap_or_default();
    let form = [("csrf", csrf.as_str()), ("position", "0"), ("verdict", "accepted"), ("answer_version", "1")];
    let refused = viewer.post(app.url(&format!("{review}/verdicts"))).form(&form).send().await?;
    assert_eq!(refused.status(), 403);
    let body = refused.text().await?;
    assert!(html::by_test_id(&body, "whoami").is_some(), "the refusal page shows who is signed in: {body}");
    assert!(html::by_test_id(&body, "error-role").is_some_and(|r| r.contains("閲覧")), "and with which role");
    Ok(())
}
