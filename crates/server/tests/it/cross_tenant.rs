//! The cross-tenant walk: every registered route, called by every role of an unrelated
//! organisation (and by its API token), with the real ids of another organisation's objects.
//! Nothing of the other organisation may show (its objects answer 404), and nothing of it may
//! change. Then: a grantee sees what was shared, and is refused again once the grant is revoked
//! or expires.

use kakehashi_domain::ids::OrgId;
use kakehashi_domain::tenancy::{Permission, RelationshipKind, Role};
use kakehashi_server::app::routes;
use kakehashi_server::platform::routes::{Access, RouteInfo, Surface};
use kakehashi_testkit::fixtures::PASSWORD;
use kakehashi_testkit::{TestApp, html};
use sqlx::Row;
use time::Duration;

/// Strings that exist only in the victim's data.
const VICTIM: &str = "被害者工業株式会社";
const VICTIM_ADMIN: &str = "admin@victim.example";
const VICTIM_INVITEE: &str = "invitee@partner-of-victim.example";
const VICTIM_PURPOSE: &str = "被害者だけの目的";

struct Victim {
    org: OrgId,
    ids: Vec<(&'static str, String)>,
}

impl Victim {
    fn id(&self, kind: &str) -> String {
        self.ids.iter().find(|(k, _)| *k == kind).map(|(_, v)| v.clone()).unwrap_or_else(|| panic!("no {kind} id"))
    }
}

async fn json(
    client: &reqwest::Client,
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: serde_json::Value,
) -> anyhow::Result<serde_json::Value> {
    let r = client.request(method, app.url(path)).json(&body).send().await?;
    anyhow::ensure!(r.status().is_success(), "{path}: {}", r.status());
    Ok(r.json().await.unwrap_or(serde_json::Value::Null))
}

/// The victim organisation with one of every object: members, a link, an invitation, a
/// grant, a token, an outbox message.
async fn victim(app: &TestApp) -> anyhow::Result<Victim> {
    let (org, admin) = app.create_org(VICTIM, Some("300000000001"), VICTIM_ADMIN).await?;
    app.add_person(org, "member@victim.example", Role::Member).await?;
    let (partner, _) =
        app.create_org("被害者の取引先", Some("300000000002"), "admin@partner-of-victim.example").await?;
    app.link(RelationshipKind::BuyerSupplier, org, partner).await?;
    let c = app.client_for(VICTIM_ADMIN).await?;
    let invitation = json(
        &c,
        app,
        reqwest::Method::POST,
        "/api/v1/org/invitations",
        serde_json::json!({
            "email": VICTIM_INVITEE, "firm_name": "招待先", "kind": "buyer-supplier", "my_side": "from"
        }),
    )
    .await?;
    let grant = json(
        &c,
        app,
        reqwest::Method::POST,
        "/api/v1/org/grants",
        serde_json::json!({
            "grantee_org_id": partner.to_string(), "kind": "org-profile", "purpose": VICTIM_PURPOSE
        }),
    )
    .await?;
    let token = json(
        &c,
        app,
        reqwest::Method::POST,
        "/api/v1/org/tokens",
        serde_json::json!({"name": "victim token", "role": "admin", "days": 30}),
    )
    .await?;
    let questionnaires = json(&c, app, reqwest::Method::GET, "/api/v1/questionnaires", serde_json::Value::Null).await?;
    let assessment = json(
        &c,
        app,
        reqwest::Method::POST,
        "/api/v1/assessments",
        serde_json::json!({"questionnaire_id": questionnaires[0]["id"]}),
    )
    .await?;
    let assessment_id = assessment["id"].as_str().unwrap_or_default().to_owned();
    json(
        &c,
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/assessments/{assessment_id}/answers"),
        serde_json::json!({"answers": [{"position": 0, "value": "implemented", "note": VICTIM_PURPOSE}]}),
    )
    .await?;
    let evidence = json(
        &c,
        app,
        reqwest::Method::POST,
        "/api/v1/evidence",
        serde_json::json!({"kind": "statement", "title": "victim", "statement": VICTIM_PURPOSE}),
    )
    .await?;
    let members = json(&c, app, reqwest::Method::GET, "/api/v1/org/members", serde_json::Value::Null).await?;
    let relationships =
        json(&c, app, reqwest::Method::GET, "/api/v1/org/relationships", serde_json::Value::Null).await?;
    let mail: String = sqlx::query_scalar("SELECT id FROM outbox WHERE to_addr = $1")
        .bind(VICTIM_INVITEE)
        .fetch_one(app.state.db().pool())
        .await?;
    Ok(Victim {
        org,
        ids: vec![
            ("org", org.to_string()),
            ("user", admin.to_string()),
            ("membership", members[0]["id"].as_str().unwrap_or_default().to_owned()),
            ("relationship", relationships[0]["id"].as_str().unwrap_or_default().to_owned()),
            ("invitation", invitation["invitation_id"].as_str().unwrap_or_default().to_owned()),
            ("grant", grant["id"].as_str().unwrap_or_default().to_owned()),
            ("token", token["id"].as_str().unwrap_or_default().to_owned()),
            ("mail", mail),
            ("job", kakehashi_domain::ids::JobId::new().to_string()),
            ("catalog", kakehashi_domain::ids::CatalogId::new().to_string()),
            ("crosswalk", kakehashi_domain::ids::CrosswalkId::new().to_string()),
            ("profile", kakehashi_domain::ids::ProfileId::new().to_string()),
            ("questionnaire", kakehashi_domain::ids::QuestionnaireId::new().to_string()),
            ("assessment", assessment_id),
            ("evidence", evidence["id"].as_str().unwrap_or_default().to_owned()),
            ("control", "ac-2".to_owned()),
        ],
    })
}

/// Everything stored about the victim, to prove nothing changed.
async fn snapshot(app: &TestApp, org: OrgId) -> anyhow::Result<Vec<String>> {
    let o = org.to_string();
    let queries: [&'static str; 10] = [
        "SELECT id || title || coalesce(withdrawn_at, 0) AS v FROM evidence WHERE org_id = $1 ORDER BY id",
        "SELECT id || state || updated_at AS v FROM assessments WHERE org_id = $1 ORDER BY id",
        "SELECT x.assessment_id || x.position || x.version AS v FROM answers x JOIN assessments a ON a.id = x.assessment_id WHERE a.org_id = $1",
        "SELECT name || coalesce(mail_domain, '') || updated_at AS v FROM organisations WHERE id = $1",
        "SELECT id || role AS v FROM memberships WHERE org_id = $1 ORDER BY id",
        "SELECT id || state || coalesce(ended_at, 0) AS v FROM relationships WHERE from_org = $1 OR to_org = $1 ORDER BY id",
        "SELECT id || coalesce(revoked_at, 0) || coalesce(used_at, 0) AS v FROM invitations WHERE inviter_org = $1 ORDER BY id",
        "SELECT id || coalesce(revoked_at, 0) AS v FROM grants WHERE owner_org = $1 OR grantee_org = $1 ORDER BY id",
        "SELECT id || coalesce(revoked_at, 0) AS v FROM api_tokens WHERE org_id = $1 ORDER BY id",
        "SELECT CAST(COUNT(*) AS TEXT) AS v FROM audit_log WHERE actor_org_id = $1 OR subject_org_id = $1",
    ];
    let mut all = Vec::new();
    for q in queries {
        for row in sqlx::query(q).bind(&o).fetch_all(app.state.db().pool()).await? {
            all.push(row.try_get::<String, _>("v")?);
        }
    }
    let users: Vec<String> = sqlx::query_scalar(
        "SELECT email || coalesce(disabled_at, 0) || is_operator FROM users WHERE email LIKE '%victim.example'",
    )
    .fetch_all(app.state.db().pool())
    .await?;
    all.extend(users);
    Ok(all)
}

fn concrete(route: &RouteInfo, victim: &Victim) -> String {
    let mut kinds = route.id_kinds.iter();
    route
        .path
        .split('/')
        .map(|s| if s.starts_with('{') { victim.id(kinds.next().copied().unwrap_or_default()) } else { s.to_owned() })
        .collect::<Vec<_>>()
        .join("/")
}

/// A plausible body for any route: every field an id route reads.
async fn call(
    client: &reqwest::Client,
    app: &TestApp,
    route: &RouteInfo,
    path: &str,
    csrf: &str,
    bearer: Option<&str>,
) -> anyhow::Result<(u16, String)> {
    let method = reqwest::Method::from_bytes(route.method.as_bytes())?;
    let mut request = client.request(method, app.url(path));
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    if route.method != "GET" {
        request = match route.surface {
            Surface::Page => request.form(&[
                ("csrf", csrf),
                ("role", "admin"),
                ("email", "someone@neutral.example"),
                ("reason", "walk"),
                ("code", "000000"),
            ]),
            Surface::Api => request
                .json(&serde_json::json!({"role": "admin", "email": "someone@neutral.example", "reason": "walk"})),
        };
    }
    let response = request.send().await?;
    let status = response.status().as_u16();
    Ok((status, response.text().await?))
}

fn expected(route: &RouteInfo, role: Option<Role>) -> Option<u16> {
    if route.id_kinds.is_empty() {
        return None; // Routes without ids act on the caller's own data; only leaks are checked.
    }
    Some(match (route.access, route.access.permission(), role) {
        (Access::Operator, _, _) => 403,
        (_, Some(_), None) if route.surface == Surface::Page => 401,
        (_, Some(p), Some(r)) if !r.allows(p) => 403,
        _ => 404,
    })
}

#[tokio::test]
async fn nobody_reaches_another_organisations_objects_by_any_route() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let victim = victim(&app).await?;
    let (outsider, _) = app.create_org("無関係商事株式会社", Some("300000000009"), "admin@outsider.example").await?;
    let mut people = vec![(Role::Admin, "admin@outsider.example".to_owned())];
    for (role, name) in [(Role::Member, "member"), (Role::Reviewer, "reviewer"), (Role::ReadOnly, "viewer")] {
        let email = format!("{name}@outsider.example");
        app.add_person(outsider, &email, role).await?;
        people.push((role, email));
    }
    let admin = app.client_for("admin@outsider.example").await?;
    let token = json(
        &admin,
        &app,
        reqwest::Method::POST,
        "/api/v1/org/tokens",
        serde_json::json!({"name": "walker", "role": "admin", "days": 30}),
    )
    .await?;
    let token = token["secret"].as_str().unwrap_or_default().to_owned();

    let before = snapshot(&app, victim.org).await?;
    let routes = routes().into_parts().1;
    let mut checked = 0;
    for (role, email) in &people {
        let client = app.client_no_redirects();
        app.sign_in(&client, email, PASSWORD).await?;
        for route in &routes {
            // A fresh form token each time (signing out or a password change ends sessions).
            if client.get(app.url("/api/v1/session")).send().await?.status() != 200 {
                app.sign_in(&client, email, PASSWORD).await?;
            }
            let page = client.get(app.url("/account")).send().await?.text().await?;
            let csrf = html::csrf_token(&page).unwrap_or_default();
            let path = concrete(route, &victim);
            let (status, body) = call(&client, &app, route, &path, &csrf, None).await?;
            let what = format!("{role:?} {} {path}", route.method);
            assert!(status < 500, "{what}: server error {status}: {body}");
            for secret in [VICTIM, VICTIM_ADMIN, VICTIM_INVITEE, VICTIM_PURPOSE] {
                assert!(!body.contains(secret), "{what} leaked {secret:?}");
            }
            if let Some(expected) = expected(route, Some(*role)) {
                assert_eq!(status, expected, "{what}");
            }
            checked += 1;
        }
    }
    // The outsider's API token, on every API route.
    let bare = reqwest::Client::new();
    for route in routes.iter().filter(|r| r.surface == Surface::Api) {
        let path = concrete(route, &victim);
        let (status, body) = call(&bare, &app, route, &path, "", Some(&token)).await?;
        let what = format!("token {} {path}", route.method);
        assert!(status < 500, "{what}: {status}");
        for secret in [VICTIM, VICTIM_ADMIN, VICTIM_INVITEE, VICTIM_PURPOSE] {
            assert!(!body.contains(secret), "{what} leaked {secret:?}");
        }
        if !route.id_kinds.is_empty() {
            // Tokens reach organisation routes and read reference data; nothing else.
            let reference = route.access == Access::SignedIn && route.method == "GET";
            let want = if route.access.permission().is_some() || reference { 404 } else { 401 };
            assert_eq!(status, want, "{what}");
        }
        checked += 1;
    }
    assert!(checked > 300, "walked {checked} calls");
    assert_eq!(snapshot(&app, victim.org).await?, before, "nothing of the victim changed");
    Ok(())
}

#[tokio::test]
async fn revoking_or_expiry_ends_a_grantees_access_at_its_next_request() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let (owner, _) = app.create_org("共有元株式会社", Some("300000000011"), "admin@owner.example").await?;
    let (linked, _) = app.create_org("取引先株式会社", Some("300000000012"), "admin@linked.example").await?;
    let (assessor, _) = app.create_org("評価機関株式会社", Some("300000000013"), "admin@assessor.example").await?;
    app.link(RelationshipKind::BuyerSupplier, linked, owner).await?;
    let owner_client = app.client_for("admin@owner.example").await?;
    let linked_client = app.client_for("admin@linked.example").await?;
    let assessor_client = app.client_for("admin@assessor.example").await?;
    let path = format!("/api/v1/orgs/{owner}");

    // Linked but not shared: the name, no profile. Unlinked and not shared: nothing at all.
    let seen: serde_json::Value = linked_client.get(app.url(&path)).send().await?.json().await?;
    assert_eq!(seen["name"], "共有元株式会社");
    assert!(seen["profile"].is_null());
    assert_eq!(assessor_client.get(app.url(&path)).send().await?.status(), 404);

    let to_linked = json(
        &owner_client,
        &app,
        reqwest::Method::POST,
        "/api/v1/org/grants",
        serde_json::json!({
            "grantee_org_id": linked.to_string(), "kind": "org-profile", "purpose": "取引のため"
        }),
    )
    .await?;
    let number = |base: &str| kakehashi_domain::identity::with_check_digit(base).map(|n| n.to_string());
    let today = (app.clock_today() + Duration::days(1)).to_string();
    let by_number = |n: Option<String>| {
        owner_client.post(app.url("/api/v1/org/grants")).json(&serde_json::json!({
            "corporate_number": n, "kind": "org-profile", "purpose": "評価のため", "until": today
        }))
    };
    // A registered firm that is not linked gets the same answer as a number nobody registered:
    // sharing does not tell who uses the service, and shares nothing.
    let unlinked = by_number(number("300000000013")).send().await?;
    assert_eq!(unlinked.status(), 422);
    let unlinked = unlinked.text().await?;
    let unknown = by_number(number("300000000099")).send().await?.text().await?;
    assert_eq!(unlinked.replace("300000000013", ""), unknown.replace("300000000099", ""));
    assert!(!unlinked.contains("評価機関株式会社"), "{unlinked}");
    assert_eq!(assessor_client.get(app.url(&path)).send().await?.status(), 404);

    app.link(RelationshipKind::AssociationMember, assessor, owner).await?;
    let to_assessor: serde_json::Value = by_number(number("300000000013")).send().await?.json().await?;

    let seen: serde_json::Value = linked_client.get(app.url(&path)).send().await?.json().await?;
    assert_eq!(seen["profile"]["profile"]["support_provider"], "共有元株式会社 の支援事業者");
    let seen: serde_json::Value = assessor_client.get(app.url(&path)).send().await?.json().await?;
    assert_eq!(seen["profile"]["profile"]["name"], "共有元株式会社", "shared by corporate number, once linked");

    // Revoked: the linked firm sees the name again, never the profile.
    let revoke = owner_client
        .delete(app.url(&format!("/api/v1/org/grants/{}", to_linked["id"].as_str().unwrap_or_default())))
        .send()
        .await?;
    assert_eq!(revoke.status(), 204);
    let seen: serde_json::Value = linked_client.get(app.url(&path)).send().await?.json().await?;
    assert!(seen["profile"].is_null(), "revoked at the next request");
    let page = linked_client.get(app.url(&format!("/orgs/{owner}"))).send().await?.text().await?;
    assert!(page.contains("data-testid=\"profile-not-shared\""));

    // Expired: the end of the given day in Japan; the assessor sees the name only.
    app.clock.advance_by(Duration::days(2));
    let seen: serde_json::Value = assessor_client.get(app.url(&path)).send().await?.json().await?;
    assert!(seen["profile"].is_null(), "expired");
    let listed: serde_json::Value = owner_client.get(app.url("/api/v1/org/grants/given")).send().await?.json().await?;
    let expired =
        listed.as_array().and_then(|g| g.iter().find(|g| g["id"] == to_assessor["id"])).cloned().unwrap_or_default();
    assert_eq!(expired["live"], false);
    // Revoking again changes nothing and says so.
    let again = owner_client
        .delete(app.url(&format!("/api/v1/org/grants/{}", to_linked["id"].as_str().unwrap_or_default())))
        .send()
        .await?;
    assert_eq!(again.status(), 404);
    Ok(())
}

#[test]
fn every_organisation_route_names_its_permission() {
    for route in routes().into_parts().1 {
        let choosing = route.path == "/org/choose";
        if !choosing && (route.path.starts_with("/org/") || route.path.starts_with("/api/v1/org/")) {
            assert!(
                route.access.permission().is_some(),
                "{} {} must require an organisation role",
                route.method,
                route.path
            );
        }
        if route.access.permission() == Some(Permission::Read) {
            assert!(route.method == "GET", "{} {}: writes need more than read", route.method, route.path);
        }
    }
}
