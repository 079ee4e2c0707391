//! Invitations and link requests: a firm registers through a link, a link works once and
//! expires, a registered firm is never duplicated, colleagues join with their role.

use kakehashi_domain::identity::with_check_digit;
use kakehashi_domain::tenancy::Role;
use kakehashi_testkit::{TestApp, html};
use time::Duration;

const BUYER_ADMIN: &str = "admin@buyer.example";

/// The invitation link most recently queued for `to`.
async fn link_for(app: &TestApp, to: &str) -> anyhow::Result<String> {
    let body: String =
        sqlx::query_scalar("SELECT body_text FROM outbox WHERE to_addr = $1 ORDER BY created_at DESC, id DESC LIMIT 1")
            .bind(to)
            .fetch_one(app.state.db().pool())
            .await?;
    let start = body.find("/invite?token=").ok_or_else(|| anyhow::anyhow!("no link in {body}"))?;
    let token: String =
        body[start + "/invite?token=".len()..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    Ok(format!("/invite?token={token}"))
}

async fn invite(client: &reqwest::Client, app: &TestApp, body: serde_json::Value) -> anyhow::Result<serde_json::Value> {
    let r = client.post(app.url("/api/v1/org/invitations")).json(&body).send().await?;
    anyhow::ensure!(r.status() == 201, "invite: {}", r.status());
    Ok(r.json().await?)
}

async fn register_form(
    app: &TestApp,
    browser: &reqwest::Client,
    link: &str,
    fields: &[(&str, &str)],
) -> anyhow::Result<reqwest::Response> {
    let page = browser.get(app.url(link)).send().await?.text().await?;
    let csrf = html::csrf_token(&page).unwrap_or_default();
    let token = link.trim_start_matches("/invite?token=").to_owned();
    let mut form: Vec<(&str, &str)> = vec![("csrf", csrf.as_str()), ("token", token.as_str())];
    form.extend_from_slice(fields);
    Ok(browser.post(app.url("/invite")).form(&form).send().await?)
}

#[tokio::test]
async fn a_supplier_registers_through_the_link_once() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("発注元株式会社", Some("400000000001"), BUYER_ADMIN).await?;
    let buyer = app.client_for(BUYER_ADMIN).await?;
    let sent = invite(&buyer, &app, serde_json::json!({
        "email": "owner@new-supplier.example", "firm_name": "新規取引先株式会社", "kind": "buyer-supplier", "my_side": "from"
    })).await?;
    assert_eq!(sent["outcome"], "invited");
    let link = link_for(&app, "owner@new-supplier.example").await?;

    let newcomer = app.client();
    let landing = newcomer.get(app.url(&link)).send().await?.text().await?;
    assert!(
        landing.contains("発注元株式会社 から、架け橋でつながるための招待が届いています"),
        "the landing page says who invites"
    );
    assert!(landing.contains("value=\"新規取引先株式会社\""), "the firm name is filled in");

    // A wrong 法人番号 is refused in Japanese and nothing is made.
    let bad = register_form(
        &app,
        &newcomer,
        &link,
        &[
            ("display_name", "取引 花子"),
            ("password", "a long passphrase for me"),
            ("name", "新規取引先株式会社"),
            ("corporate_number", "1234567890123"),
        ],
    )
    .await?;
    assert_eq!(bad.status(), 422);
    let again = bad.text().await?;
    assert!(again.contains("法人番号が正しくありません"));
    // The form shown again carries the form token, so that the corrected form can be sent.
    assert!(html::csrf_token(&again).is_some_and(|t| !t.is_empty()), "the form shown again has no form token");
    let orgs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations").fetch_one(app.state.db().pool()).await?;
    assert_eq!(orgs, 1);

    let number = with_check_digit("400000000002").map(|n| n.to_string()).unwrap_or_default();
    let done = register_form(
        &app,
        &newcomer,
        &link,
        &[
            ("display_name", "取引 花子"),
            ("password", "a long passphrase for me"),
            ("name", "新規取引先株式会社"),
            ("corporate_number", number.as_str()),
            ("industry", "machinery"),
            ("size", "6-20"),
            ("prefecture", "23"),
        ],
    )
    .await?;
    assert_eq!(done.status(), 200);
    let page = done.text().await?;
    assert!(page.contains("登録が完了しました"), "welcomed and signed in");
    let me: serde_json::Value = newcomer.get(app.url("/api/v1/org/relationships")).send().await?.json().await?;
    assert_eq!(me[0]["counterpart_name"], "発注元株式会社");
    assert_eq!(me[0]["state"], "active");
    assert_eq!(me[0]["my_side"], "to");
    let mine: serde_json::Value = newcomer.get(app.url("/api/v1/org/members")).send().await?.json().await?;
    assert_eq!(mine[0]["role"], "admin");

    // The link worked once.
    let again = app.client().get(app.url(&link)).send().await?;
    assert_eq!(again.status(), 410);
    assert!(again.text().await?.contains("この招待はすでに使われています"));
    Ok(())
}

#[tokio::test]
async fn links_expire_and_can_be_withdrawn() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("発注元株式会社", None, BUYER_ADMIN).await?;
    let buyer = app.client_for(BUYER_ADMIN).await?;
    invite(&buyer, &app, serde_json::json!({"email": "late@firm.example", "firm_name": "遅い会社", "kind": "buyer-supplier", "my_side": "from"})).await?;
    let late = link_for(&app, "late@firm.example").await?;
    let withdrawn = invite(&buyer, &app, serde_json::json!({"email": "no@firm.example", "firm_name": "取消会社", "kind": "buyer-supplier", "my_side": "from"})).await?;
    let withdrawn_link = link_for(&app, "no@firm.example").await?;
    let r = buyer
        .delete(
            app.url(&format!("/api/v1/org/invitations/{}", withdrawn["invitation_id"].as_str().unwrap_or_default())),
        )
        .send()
        .await?;
    assert_eq!(r.status(), 204);
    let r = app.client().get(app.url(&withdrawn_link)).send().await?;
    assert_eq!(r.status(), 410);
    assert!(r.text().await?.contains("取り消されています"));

    app.clock.advance_by(Duration::days(7) + Duration::seconds(1));
    let r = app.client().get(app.url(&late)).send().await?;
    assert_eq!(r.status(), 410);
    assert!(r.text().await?.contains("有効期限が切れています"));
    let api = app
        .client()
        .post(app.url("/api/v1/invitations/lookup"))
        .json(&serde_json::json!({"token": late.trim_start_matches("/invite?token=")}))
        .send()
        .await?;
    assert_eq!(api.status(), 410);
    let unknown = app.client().get(app.url("/invite?token=nonsense")).send().await?;
    assert_eq!(unknown.status(), 410);
    Ok(())
}

#[tokio::test]
async fn a_registered_firm_gets_a_link_request_never_a_duplicate() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("発注元株式会社", None, BUYER_ADMIN).await?;
    let (existing, _) = app.create_org("既存取引先株式会社", Some("400000000010"), "admin@existing.example").await?;
    let buyer = app.client_for(BUYER_ADMIN).await?;

    // By 法人番号.
    let number = with_check_digit("400000000010").map(|n| n.to_string()).unwrap_or_default();
    let sent = invite(&buyer, &app, serde_json::json!({
        "email": "someone@elsewhere.example", "firm_name": "既存", "corporate_number": number, "kind": "buyer-supplier", "my_side": "from"
    })).await?;
    assert_eq!(sent["outcome"], "link-requested");
    assert_eq!(sent["org_name"], "既存取引先株式会社");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM organisations").fetch_one(app.state.db().pool()).await?;
    assert_eq!(count, 2, "no duplicate");
    let again = buyer.post(app.url("/api/v1/org/invitations")).json(&serde_json::json!({
        "email": "someone@elsewhere.example", "firm_name": "既存", "corporate_number": number, "kind": "buyer-supplier", "my_side": "from"
    })).send().await?;
    assert_eq!(again.status(), 409, "one pending request is enough");

    // The firm's admin was told, and accepts.
    let told: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM outbox WHERE to_addr = 'admin@existing.example' AND kind = 'link-request'",
    )
    .fetch_one(app.state.db().pool())
    .await?;
    assert_eq!(told, 1);
    let firm = app.client_for("admin@existing.example").await?;
    let pending: serde_json::Value = firm.get(app.url("/api/v1/org/relationships")).send().await?.json().await?;
    assert_eq!(pending[0]["state"], "pending");
    assert_eq!(pending[0]["requested_by_me"], false);
    let id = pending[0]["id"].as_str().unwrap_or_default().to_owned();
    // The side that asked cannot accept for the other.
    let asked: serde_json::Value = buyer.get(app.url("/api/v1/org/relationships")).send().await?.json().await?;
    let r = buyer
        .post(app.url(&format!("/api/v1/org/relationships/{}/accept", asked[0]["id"].as_str().unwrap_or_default())))
        .send()
        .await?;
    assert_eq!(r.status(), 404);
    let accepted: serde_json::Value =
        firm.post(app.url(&format!("/api/v1/org/relationships/{id}/accept"))).send().await?.json().await?;
    assert_eq!(accepted["state"], "active");

    // By a mail domain the firm's admin confirmed.
    let confirm_page = firm.get(app.url("/org")).send().await?.text().await?;
    let csrf = html::csrf_token(&confirm_page).unwrap_or_default();
    firm.post(app.url("/org/domain")).form(&[("csrf", csrf.as_str())]).send().await?;
    let (other_buyer, _) = app.create_org("別の発注元株式会社", None, "admin@other-buyer.example").await?;
    let _ = other_buyer;
    let other = app.client_for("admin@other-buyer.example").await?;
    let sent = invite(&other, &app, serde_json::json!({"email": "sales@existing.example", "firm_name": "既存", "kind": "buyer-supplier", "my_side": "from"})).await?;
    assert_eq!(sent["outcome"], "link-requested");
    let _ = existing;
    Ok(())
}

#[tokio::test]
async fn registering_a_firm_that_exists_becomes_a_request() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("発注元株式会社", None, BUYER_ADMIN).await?;
    app.create_org("既存取引先株式会社", Some("400000000020"), "admin@existing.example").await?;
    let buyer = app.client_for(BUYER_ADMIN).await?;
    invite(&buyer, &app, serde_json::json!({"email": "new-person@unknown-domain.example", "firm_name": "？", "kind": "buyer-supplier", "my_side": "from"})).await?;
    let link = link_for(&app, "new-person@unknown-domain.example").await?;
    let number = with_check_digit("400000000020").map(|n| n.to_string()).unwrap_or_default();
    let r = register_form(
        &app,
        &app.client(),
        &link,
        &[
            ("display_name", "新人"),
            ("password", "a long passphrase for me"),
            ("name", "既存取引先株式会社"),
            ("corporate_number", number.as_str()),
        ],
    )
    .await?;
    assert_eq!(r.status(), 409);
    assert!(r.text().await?.contains("この組織はすでに架け橋に登録されています"));
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email = 'new-person@unknown-domain.example'")
        .fetch_one(app.state.db().pool())
        .await?;
    assert_eq!(users, 0, "no account, no firm copy");
    let firm = app.client_for("admin@existing.example").await?;
    let pending: serde_json::Value = firm.get(app.url("/api/v1/org/relationships")).send().await?.json().await?;
    assert_eq!(pending[0]["state"], "pending");
    Ok(())
}

#[tokio::test]
async fn colleagues_join_with_their_role_and_the_last_admin_stays() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("発注元株式会社", None, BUYER_ADMIN).await?;
    let admin = app.client_for(BUYER_ADMIN).await?;
    let r = admin
        .post(app.url("/api/v1/org/invitations/colleague"))
        .json(&serde_json::json!({"email": "reviewer@buyer.example", "role": "reviewer"}))
        .send()
        .await?;
    assert_eq!(r.status(), 201);
    let link = link_for(&app, "reviewer@buyer.example").await?;
    let token = link.trim_start_matches("/invite?token=");
    let newcomer = app.client();
    let r = newcomer
        .post(app.url("/api/v1/invitations/register"))
        .json(&serde_json::json!({"token": token, "display_name": "確認 一郎", "password": "a long passphrase for me"}))
        .send()
        .await?;
    assert_eq!(r.status(), 201);
    let members: serde_json::Value = admin.get(app.url("/api/v1/org/members")).send().await?.json().await?;
    let reviewer = members
        .as_array()
        .and_then(|m| m.iter().find(|m| m["email"] == "reviewer@buyer.example"))
        .cloned()
        .unwrap_or_default();
    assert_eq!(reviewer["role"], "reviewer");
    // A reviewer cannot manage members.
    let r = newcomer.get(app.url("/api/v1/org/invitations")).send().await?;
    assert_eq!(r.status(), 403);

    // The only admin cannot step down or be removed; the page says so in Japanese.
    let admin_row =
        members.as_array().and_then(|m| m.iter().find(|m| m["email"] == BUYER_ADMIN)).cloned().unwrap_or_default();
    let id = admin_row["id"].as_str().unwrap_or_default();
    let r = admin
        .patch(app.url(&format!("/api/v1/org/members/{id}")))
        .json(&serde_json::json!({"role": "member"}))
        .send()
        .await?;
    assert_eq!(r.status(), 409);
    let r = admin.delete(app.url(&format!("/api/v1/org/members/{id}"))).send().await?;
    assert_eq!(r.status(), 409);
    let page = admin.get(app.url("/org/members")).send().await?.text().await?;
    let csrf = html::csrf_token(&page).unwrap_or_default();
    let r = admin.post(app.url(&format!("/org/members/{id}/remove"))).form(&[("csrf", csrf.as_str())]).send().await?;
    assert!(r.text().await?.contains("管理者がいなくなるため、この変更はできません"));
    let still: serde_json::Value = admin.get(app.url("/api/v1/org/members")).send().await?.json().await?;
    assert_eq!(still.as_array().map(Vec::len), Some(2), "nothing changed");

    // Members cannot invite at all; only admins manage who belongs.
    app.add_person(app.state_org(BUYER_ADMIN).await?, "member@buyer.example", Role::Member).await?;
    let member = app.client_for("member@buyer.example").await?;
    let r = member
        .post(app.url("/api/v1/org/invitations/colleague"))
        .json(&serde_json::json!({"email": "x@buyer.example", "role": "admin"}))
        .send()
        .await?;
    assert_eq!(r.status(), 403);
    Ok(())
}
