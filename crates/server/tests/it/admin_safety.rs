//! An administrator's destructive actions ask first and say what will stop working; ending a
//! relationship ends the sharing it carried at the next request; the activity record reads as
//! sentences, filters by date and kind, and exports as CSV for Excel.

use kakehashi_domain::tenancy::{RelationshipKind, Role};
use kakehashi_testkit::TestApp;
use kakehashi_testkit::html::{by_test_id, csrf_token};
use serde_json::{Value, json};

struct Linked {
    app: TestApp,
    admin: reqwest::Client,
    reviewer: reqwest::Client,
    supplier_id: String,
    assessment: String,
    relationship: String,
}

async fn linked() -> anyhow::Result<Linked> {
    let app = TestApp::spawn().await?;
    let (buyer, _) = app.create_org("大手機械株式会社", Some("600000000001"), "admin@buyer.example").await?;
    app.add_person(buyer, "review@buyer.example", Role::Reviewer).await?;
    let (supplier, _) = app.create_org("小さな工場株式会社", Some("600000000002"), "it@factory.example").await?;
    app.link(RelationshipKind::BuyerSupplier, buyer, supplier).await?;
    let s = app.client_for("it@factory.example").await?;
    let questionnaires: Value = s.get(app.url("/api/v1/questionnaires")).send().await?.json().await?;
    let started: Value = s
        .post(app.url("/api/v1/assessments"))
        .json(&json!({"questionnaire_id": questionnaires[0]["id"]}))
        .send()
        .await?
        .json()
        .await?;
    let assessment = started["id"].as_str().unwrap_or_default().to_owned();
    let answers = json!({"answers": [{"position": 0, "value": "implemented"}]});
    s.put(app.url(&format!("/api/v1/assessments/{assessment}/answers"))).json(&answers).send().await?;
    let submitted = s
        .post(app.url(&format!("/api/v1/assessments/{assessment}/submissions")))
        .json(&json!({"reviewer_org_id": buyer.to_string()}))
        .send()
        .await?;
    assert_eq!(submitted.status(), 204);
    let shared = s
        .post(app.url("/api/v1/org/grants"))
        .json(&json!({"grantee_org_id": buyer.to_string(), "kind": "org-profile", "purpose": "取引のため"}))
        .send()
        .await?;
    assert!(shared.status().is_success());
    let admin = app.client_for("admin@buyer.example").await?;
    let relationships: Value = admin.get(app.url("/api/v1/org/relationships")).send().await?.json().await?;
    Ok(Linked {
        reviewer: app.client_for("review@buyer.example").await?,
        relationship: relationships[0]["id"].as_str().unwrap_or_default().to_owned(),
        supplier_id: supplier.to_string(),
        app,
        admin,
        assessment,
    })
}

#[tokio::test]
async fn ending_a_relationship_asks_first_and_ends_its_sharing_at_the_next_request() -> anyhow::Result<()> {
    let w = linked().await?;
    let review = w.app.url(&format!("/api/v1/reviews/{}", w.assessment));
    let profile = w.app.url(&format!("/api/v1/orgs/{}", w.supplier_id));
    assert_eq!(w.reviewer.get(&review).send().await?.status(), 200);
    let seen: Value = w.reviewer.get(&profile).send().await?.json().await?;
    assert!(!seen["profile"].is_null(), "the profile is shared");

    // The list offers a link to a confirmation step, not a button that ends it at once.
    let list = w.admin.get(w.app.url("/org/relationships")).send().await?.text().await?;
    assert!(!list.contains(&format!("action=\"/org/relationships/{}/end\"", w.relationship)));
    let confirm_path = format!("/org/relationships/{}/end", w.relationship);
    let confirm = w.admin.get(w.app.url(&confirm_path)).send().await?.text().await?;
    let says = by_test_id(&confirm, "consequences").unwrap_or_default();
    assert!(says.contains("小さな工場株式会社"), "{says}");
    assert!(says.contains("自己点検") && says.contains("組織の詳しい情報"), "names each sharing that ends: {says}");

    let form = [("csrf", csrf_token(&confirm).unwrap_or_default())];
    let ended = w.admin.post(w.app.url(&confirm_path)).form(&form).send().await?;
    assert_eq!(ended.status(), 200);
    assert_eq!(w.reviewer.get(&review).send().await?.status(), 404, "the self-check is no longer reachable");
    assert_eq!(w.reviewer.get(&profile).send().await?.status(), 404, "nor the firm");
    let revoked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'grant.revoke'")
        .fetch_one(w.app.state.db().pool())
        .await?;
    assert_eq!(revoked, 2, "each revocation is in the audit log");
    Ok(())
}

#[tokio::test]
async fn the_activity_record_reads_as_sentences_filters_and_exports() -> anyhow::Result<()> {
    let w = linked().await?;
    let invited = w
        .admin
        .post(w.app.url("/api/v1/org/invitations"))
        .json(&json!({"email": "new@firm.example", "firm_name": "新規", "kind": "buyer-supplier", "my_side": "from"}))
        .send()
        .await?;
    assert!(invited.status().is_success());
    let page = w.admin.get(w.app.url("/org/audit")).send().await?.text().await?;
    let record = by_test_id(&page, "org-audit").unwrap_or_default();
    assert!(record.contains("試験 太郎 が new@firm.example を招待しました"), "{record}");
    assert!(
        record.contains("小さな工場株式会社") && record.contains("確認を頼みました"),
        "what others did about us too"
    );
    assert!(!record.contains("invitation.create"), "no raw codes");

    let only = w.admin.get(w.app.url("/org/audit?kind=invitations")).send().await?.text().await?;
    let only = by_test_id(&only, "org-audit").unwrap_or_default();
    assert!(only.contains("招待しました") && !only.contains("確認を頼みました"), "{only}");
    let later = w.admin.get(w.app.url("/org/audit?from=2999-01-01")).send().await?.text().await?;
    assert!(later.contains("条件に合う記録はありません"));

    let csv = w.admin.get(w.app.url("/org/audit/download?kind=invitations")).send().await?;
    assert!(csv.headers()["content-disposition"].to_str()?.starts_with("attachment"));
    let bytes = csv.bytes().await?;
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a byte-order mark for Excel");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("new@firm.example を招待しました") && text.contains("invitation.create"), "{text}");
    assert!(text.trim_start_matches('\u{feff}').starts_with("番号,日時,操作した人"), "Japanese column names: {text}");
    Ok(())
}

/// A new API token's form starts at read-only and the shortest lifetime, and a refused form
/// comes back as it was sent: it never turns a token chosen as read-only into an admin's.
#[tokio::test]
async fn the_token_form_starts_at_the_least_and_keeps_what_was_chosen() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("大手機械株式会社", Some("600000000001"), "admin@buyer.example").await?;
    let admin = app.client_for("admin@buyer.example").await?;
    let page = admin.get(app.url("/org/tokens")).send().await?.text().await?;
    assert!(page.contains(r#"<option value="read-only" selected>"#), "read-only is chosen at first");
    assert!(page.contains(r#"<option value="30" selected>"#), "the shortest lifetime is chosen at first");
    let csrf = csrf_token(&page).unwrap_or_default();
    let refused = admin
        .post(app.url("/org/tokens"))
        .form(&[("csrf", csrf.as_str()), ("name", " "), ("role", "member"), ("days", "90")])
        .send()
        .await?;
    assert_eq!(refused.status(), 422);
    let again = refused.text().await?;
    assert!(again.contains(r#"<option value="member" selected>"#), "the role chosen is kept");
    assert!(again.contains(r#"<option value="90" selected>"#), "the lifetime chosen is kept");
    let made: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens").fetch_one(app.state.db().pool()).await?;
    assert_eq!(made, 0);
    Ok(())
}

/// A refused sharing form comes back with what was chosen and typed.
#[tokio::test]
async fn a_refused_share_keeps_what_was_typed() -> anyhow::Result<()> {
    let l = linked().await?;
    let page = l.admin.get(l.app.url("/org/sharing")).send().await?.text().await?;
    let csrf = csrf_token(&page).unwrap_or_default();
    let form = [
        ("csrf", csrf.as_str()),
        ("grantee", l.supplier_id.as_str()),
        ("corporate_number", ""),
        ("kind", "org-profile"),
        ("purpose", "年次の確認のため"),
        ("until", "2020-01-01"),
    ];
    let refused = l.admin.post(l.app.url("/org/sharing")).form(&form).send().await?;
    assert_eq!(refused.status(), 422);
    let again = refused.text().await?;
    assert!(again.contains(&format!(r#"<option value="{}" selected>"#, l.supplier_id)), "the recipient is kept");
    assert!(again.contains(r#"<option value="org-profile" selected>"#), "what to share is kept");
    assert!(again.contains(r#"value="年次の確認のため""#), "the purpose is kept");
    assert!(again.contains(r#"value="2020-01-01""#), "the date is kept");
    Ok(())
}

/// A refused colleague invitation comes back with the address and role that were sent.
#[tokio::test]
async fn a_refused_colleague_invitation_keeps_the_address_and_role() -> anyhow::Result<()> {
    let l = linked().await?;
    let page = l.admin.get(l.app.url("/org/members")).send().await?.text().await?;
    let csrf = csrf_token(&page).unwrap_or_default();
    let form = [("csrf", csrf.as_str()), ("email", "tanaka@@buyer.example"), ("role", "reviewer")];
    let refused = l
        .admin
        .post(l.app.url("/org/invitations/colleague"))
        .header("referer", l.app.url("/org/members"))
        .form(&form)
        .send()
        .await?;
    assert_eq!(refused.status(), 422);
    let again = refused.text().await?;
    assert!(again.contains(r#"value="tanaka@@buyer.example""#), "the address is kept");
    assert!(again.contains(r#"<option value="reviewer" selected>"#), "the role is kept");
    // The language switch returns to the members page, not to the form's address (no page).
    assert!(again.contains("next=%2Forg%2Fmembers"), "the language switch goes back to the page");
    Ok(())
}
