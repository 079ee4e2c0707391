//! Sign-in hardening: rate limiting, two-factor authentication (and the operator's requirement
//! of it), password reset by link, API tokens, and the operator's account actions.

use kakehashi_domain::clock::Clock;
use kakehashi_domain::tenancy::Role;
use kakehashi_server::platform::auth::two_factor;
use kakehashi_testkit::fixtures::PASSWORD;
use kakehashi_testkit::{TestApp, TestAppOptions, html};
use time::Duration;

const ADMIN: &str = "admin@firm.example";

async fn sign_in_status(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
    code: Option<&str>,
) -> anyhow::Result<u16> {
    let body = serde_json::json!({"email": email, "password": password, "code": code});
    Ok(client.post(app.url("/api/v1/session")).json(&body).send().await?.status().as_u16())
}

#[tokio::test]
async fn brute_force_sign_ins_are_stopped_then_allowed_again() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("株式会社 守り", None, ADMIN).await?;
    let client = app.client();
    for _ in 0..5 {
        assert_eq!(sign_in_status(&app, &client, ADMIN, "wrong password guess", None).await?, 401);
    }
    // Locked: even the right password is refused, without being checked.
    assert_eq!(sign_in_status(&app, &client, ADMIN, PASSWORD, None).await?, 429);
    let form = client.get(app.url("/login")).send().await?.text().await?;
    let csrf = html::csrf_token(&form).unwrap_or_default();
    let page = client
        .post(app.url("/login"))
        .form(&[("csrf", csrf.as_str()), ("email", ADMIN), ("password", PASSWORD)])
        .send()
        .await?;
    assert_eq!(page.status(), 429);
    assert_eq!(page.headers()["retry-after"], "900", "says how long, for programs");
    assert!(page.text().await?.contains("15分ほど待ってから"));
    let api = client.post(app.url("/api/v1/session")).json(&serde_json::json!({"email": ADMIN, "password": PASSWORD}));
    assert_eq!(api.send().await?.headers()["retry-after"], "900");
    // Other accounts are not affected by one account's lock.
    app.add_person(app.state_org(ADMIN).await?, "other@firm.example", Role::Member).await?;
    assert_eq!(sign_in_status(&app, &app.client(), "other@firm.example", PASSWORD, None).await?, 201);
    app.clock.advance_by(Duration::minutes(16));
    assert_eq!(sign_in_status(&app, &client, ADMIN, PASSWORD, None).await?, 201);
    Ok(())
}

#[tokio::test]
async fn one_busy_address_slows_down_but_never_locks_out_other_people() -> anyhow::Result<()> {
    // Behind the operator's reverse proxy (here: loopback), every person arrives from it; the
    // address that counts is the one the proxy forwards.
    let app = TestApp::spawn_with(TestAppOptions {
        extra_toml: "[server]\ntrusted_proxies = [\"127.0.0.1/32\"]\nsign_in_slowdown_ms = 1\n".into(),
        ..Default::default()
    })
    .await?;
    app.create_org("株式会社 共有回線", None, ADMIN).await?;
    let office = "203.0.113.9";
    let from_office = |email: String, password: &'static str| {
        app.client()
            .post(app.url("/api/v1/session"))
            .header("x-forwarded-for", office)
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
    };
    // Password spraying from the office: 40 accounts, one guess each.
    for n in 0..40 {
        let r = from_office(format!("guess{n}@firm.example"), "wrong password guess").await?;
        assert_eq!(r.status(), 401, "slowed, never refused unchecked");
    }
    let counted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM auth_failures WHERE key = $1")
        .bind(format!("address:{office}"))
        .fetch_one(app.state.db().pool())
        .await?;
    assert_eq!(counted, 40, "counted against the forwarded address");
    // A colleague with the right password still gets in from the same address.
    assert_eq!(from_office(ADMIN.to_owned(), PASSWORD).await?.status(), 201);
    Ok(())
}

/// Sets up two-factor authentication through the pages; returns the secret and recovery codes.
async fn enrol(app: &TestApp, client: &reqwest::Client, email: &str) -> anyhow::Result<(String, Vec<String>)> {
    let page = client.get(app.url("/account/two-factor")).send().await?.text().await?;
    assert!(page.contains("<svg"), "a QR code is shown");
    let at = page.find("data-testid=\"totp-secret\">").ok_or_else(|| anyhow::anyhow!("no secret shown"))?;
    let secret: String = page[at + "data-testid=\"totp-secret\">".len()..].chars().take_while(|c| *c != '<').collect();
    let csrf = html::csrf_token(&page).unwrap_or_default();
    let wrong =
        client.post(app.url("/account/two-factor")).form(&[("csrf", csrf.as_str()), ("code", "000000")]).send().await?;
    assert_eq!(wrong.status(), 422);
    let code = two_factor::code_at(&secret, email, app.clock.now())?;
    let done = client
        .post(app.url("/account/two-factor"))
        .form(&[("csrf", csrf.as_str()), ("code", code.as_str())])
        .send()
        .await?
        .text()
        .await?;
    let at = done.find("data-testid=\"recovery-codes\">").ok_or_else(|| anyhow::anyhow!("no recovery codes"))?;
    let codes: Vec<String> = done[at + "data-testid=\"recovery-codes\">".len()..]
        .split("</pre>")
        .next()
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    assert_eq!(codes.len(), 10);
    Ok((secret, codes))
}

#[tokio::test]
async fn two_factor_codes_are_needed_work_once_and_recovery_codes_too() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("株式会社 守り", None, ADMIN).await?;
    let client = app.client_for(ADMIN).await?;
    let (secret, recovery) = enrol(&app, &client, ADMIN).await?;
    // The database holds the secret sealed with the key file's key, and nothing in the
    // database (the sessions included) holds it in the clear.
    let stored: String = sqlx::query_scalar("SELECT totp_secret FROM users WHERE totp_secret IS NOT NULL")
        .fetch_one(app.state.db().pool())
        .await?;
    assert!(stored.starts_with("sealed1.") && !stored.contains(&secret), "{stored}");
    // While someone sets it up, the secret waits in their session (in the database) sealed too.
    app.add_person(app.state_org(ADMIN).await?, "pending@firm.example", Role::Member).await?;
    let pending = app.client_for("pending@firm.example").await?;
    let page = pending.get(app.url("/account/two-factor")).send().await?.text().await?;
    let shown = html::by_test_id(&page, "totp-secret").unwrap_or_default();
    assert!(shown.len() >= 16, "{shown}");
    let sessions: Vec<String> =
        sqlx::query_scalar("SELECT data FROM sessions").fetch_all(app.state.db().pool()).await?;
    assert!(sessions.iter().all(|d| !d.contains(&shown)), "not in a session in the clear");
    // A secret kept before sealing began is sealed at the next start.
    sqlx::query("UPDATE users SET totp_secret = $1 WHERE totp_secret IS NOT NULL")
        .bind(&secret)
        .execute(app.state.db().pool())
        .await?;
    assert_eq!(two_factor::seal_secrets(&app.state).await?, 1);
    assert_eq!(two_factor::seal_secrets(&app.state).await?, 0, "once");

    // The password alone is no longer enough.
    let fresh = app.client();
    assert_eq!(sign_in_status(&app, &fresh, ADMIN, PASSWORD, None).await?, 401);
    app.clock.advance_by(Duration::seconds(30));
    let code = two_factor::code_at(&secret, ADMIN, app.clock.now())?;
    assert_eq!(sign_in_status(&app, &fresh, ADMIN, PASSWORD, Some(&code)).await?, 201);
    // The same code cannot be replayed.
    assert_eq!(sign_in_status(&app, &app.client(), ADMIN, PASSWORD, Some(&code)).await?, 401);
    // A recovery code works, once.
    assert_eq!(sign_in_status(&app, &app.client(), ADMIN, PASSWORD, Some(&recovery[0])).await?, 201);
    assert_eq!(sign_in_status(&app, &app.client(), ADMIN, PASSWORD, Some(&recovery[0])).await?, 401);

    // Through the pages: password, then the code page.
    let browser = app.client_no_redirects();
    let form = browser.get(app.url("/login")).send().await?.text().await?;
    let csrf = html::csrf_token(&form).unwrap_or_default();
    let step1 = browser
        .post(app.url("/login"))
        .form(&[("csrf", csrf.as_str()), ("email", ADMIN), ("password", PASSWORD), ("next", "/org")])
        .send()
        .await?;
    assert_eq!(step1.headers()["location"], "/login/two-factor?next=%2Forg");
    assert_eq!(browser.get(app.url("/org")).send().await?.status(), 303, "not signed in between the steps");
    let page = browser.get(app.url("/login/two-factor?next=%2Forg")).send().await?.text().await?;
    let csrf = html::csrf_token(&page).unwrap_or_default();
    app.clock.advance_by(Duration::seconds(30));
    let code = two_factor::code_at(&secret, ADMIN, app.clock.now())?;
    let step2 = browser
        .post(app.url("/login/two-factor"))
        .form(&[("csrf", csrf.as_str()), ("code", code.as_str()), ("next", "/org")])
        .send()
        .await?;
    assert_eq!(step2.headers()["location"], "/org");
    assert_eq!(browser.get(app.url("/org")).send().await?.status(), 200);
    Ok(())
}

#[tokio::test]
async fn when_the_operator_requires_it_admins_set_up_two_factor_first() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_user("ops@kakehashi.test", "a long operator passphrase", true).await?;
    let operator = app.client();
    app.sign_in(&operator, "ops@kakehashi.test", "a long operator passphrase").await?;
    let org = app.create_org("株式会社 守り", None, ADMIN).await?.0;
    app.add_person(org, "member@firm.example", Role::Member).await?;
    assert_eq!(operator.get(app.url("/api/v1/operator/jobs")).send().await?.status(), 200, "not yet required");
    let r = operator
        .put(app.url("/api/v1/operator/settings"))
        .json(&serde_json::json!({"require_two_factor": true}))
        .send()
        .await?;
    assert_eq!(r.status(), 204);
    // From the next request on, the operator too must set it up before anything else.
    assert_eq!(operator.get(app.url("/api/v1/operator/jobs")).send().await?.status(), 403);

    let admin = app.client_no_redirects();
    app.sign_in(&admin, ADMIN, PASSWORD).await?;
    let r = admin.get(app.url("/org")).send().await?;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/account/two-factor?next=%2Forg");
    let api = admin.get(app.url("/api/v1/org")).send().await?;
    assert_eq!(api.status(), 403);
    let problem: serde_json::Value = api.json().await?;
    assert_eq!(problem["type"], "urn:kakehashi:problem:two-factor");
    // Members are not concerned.
    let member = app.client_for("member@firm.example").await?;
    assert_eq!(member.get(app.url("/api/v1/org")).send().await?.status(), 200);
    // Once set up, the admin goes on.
    let admin_follow = app.client_for(ADMIN).await?;
    enrol(&app, &admin_follow, ADMIN).await?;
    assert_eq!(admin_follow.get(app.url("/api/v1/org")).send().await?.status(), 200);
    Ok(())
}

#[tokio::test]
async fn a_password_reset_link_works_once_and_ends_other_sessions() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_org("株式会社 守り", None, ADMIN).await?;
    let old_session = app.client_for(ADMIN).await?;
    let r =
        app.client().post(app.url("/api/v1/password/forgot")).json(&serde_json::json!({"email": ADMIN})).send().await?;
    assert_eq!(r.status(), 202);
    let r = app
        .client()
        .post(app.url("/api/v1/password/forgot"))
        .json(&serde_json::json!({"email": "nobody@nowhere.example"}))
        .send()
        .await?;
    assert_eq!(r.status(), 202, "the same answer for unknown addresses");
    let body: String =
        sqlx::query_scalar("SELECT body_text FROM outbox WHERE to_addr = $1 AND kind = 'password-reset'")
            .bind(ADMIN)
            .fetch_one(app.state.db().pool())
            .await?;
    let start = body.find("token=").expect("a link") + "token=".len();
    let token: String = body[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();

    let weak = app
        .client()
        .post(app.url("/api/v1/password/reset"))
        .json(&serde_json::json!({"token": token, "password": "short"}))
        .send()
        .await?;
    assert_eq!(weak.status(), 422);
    let done = app
        .client()
        .post(app.url("/api/v1/password/reset"))
        .json(&serde_json::json!({"token": token, "password": "a brand new passphrase"}))
        .send()
        .await?;
    assert_eq!(done.status(), 204);
    assert_eq!(old_session.get(app.url("/api/v1/session")).send().await?.status(), 401, "old sessions ended");
    let again = app
        .client()
        .post(app.url("/api/v1/password/reset"))
        .json(&serde_json::json!({"token": token, "password": "another new passphrase"}))
        .send()
        .await?;
    assert_eq!(again.status(), 410);
    assert_eq!(sign_in_status(&app, &app.client(), ADMIN, "a brand new passphrase", None).await?, 201);

    // An hour later a fresh link no longer works.
    app.client().post(app.url("/api/v1/password/forgot")).json(&serde_json::json!({"email": ADMIN})).send().await?;
    app.clock.advance_by(Duration::minutes(61));
    let body: String = sqlx::query_scalar(
        "SELECT body_text FROM outbox WHERE to_addr = $1 AND kind = 'password-reset' ORDER BY created_at DESC LIMIT 1",
    )
    .bind(ADMIN)
    .fetch_one(app.state.db().pool())
    .await?;
    let start = body.find("token=").expect("a link") + "token=".len();
    let token: String = body[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    let late = app.client().get(app.url(&format!("/password/reset?token={token}"))).send().await?;
    assert_eq!(late.status(), 410);
    Ok(())
}

#[tokio::test]
async fn api_tokens_act_for_their_organisation_with_their_role_until_revoked() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let org = app.create_org("株式会社 連携", None, ADMIN).await?.0;
    let admin = app.client_for(ADMIN).await?;
    let made: serde_json::Value = admin
        .post(app.url("/api/v1/org/tokens"))
        .json(&serde_json::json!({"name": "ERP", "role": "read-only", "days": 30}))
        .send()
        .await?
        .json()
        .await?;
    let secret = made["secret"].as_str().unwrap_or_default().to_owned();
    assert!(secret.starts_with("kkh_"));
    let listed: serde_json::Value = admin.get(app.url("/api/v1/org/tokens")).send().await?.json().await?;
    assert!(!listed.to_string().contains(&secret), "the secret is never listed");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1")
        .bind(&secret)
        .fetch_one(app.state.db().pool())
        .await?;
    assert_eq!(stored, 0, "only a hash is stored");

    let api = reqwest::Client::new();
    let me: serde_json::Value = api.get(app.url("/api/v1/org")).bearer_auth(&secret).send().await?.json().await?;
    assert_eq!(me["profile"]["name"], "株式会社 連携");
    let write = api
        .put(app.url("/api/v1/org/profile"))
        .bearer_auth(&secret)
        .json(&serde_json::json!({"name": "乗っ取り"}))
        .send()
        .await?;
    assert_eq!(write.status(), 403, "read-only");
    assert_eq!(
        api.get(app.url("/org")).bearer_auth(&secret).send().await?.status(),
        401,
        "tokens are for the API only"
    );
    assert_eq!(api.get(app.url("/api/v1/operator/jobs")).bearer_auth(&secret).send().await?.status(), 401);
    // Tools that send their token with every request reach what is public and the reference
    // data, but nothing about the person who made the token.
    for public in ["/healthz", "/api/v1/openapi.json", "/api/v1/questionnaires", "/api/v1/catalogs"] {
        assert_eq!(api.get(app.url(public)).bearer_auth(&secret).send().await?.status(), 200, "{public}");
    }
    for personal in ["/api/v1/session", "/api/v1/session/organisations", "/api/v1/account"] {
        assert_eq!(api.get(app.url(personal)).bearer_auth(&secret).send().await?.status(), 401, "{personal}");
    }
    let password = serde_json::json!({"current": "x", "new": "y"});
    let r = api.put(app.url("/api/v1/account/password")).bearer_auth(&secret).json(&password).send().await?;
    assert_eq!(r.status(), 401);
    assert_eq!(api.get(app.url("/api/v1/org")).bearer_auth("kkh_0000").send().await?.status(), 401);
    let too_strong = admin
        .post(app.url("/api/v1/org/tokens"))
        .json(&serde_json::json!({"name": "x", "role": "admin", "days": 400}))
        .send()
        .await?;
    assert_eq!(too_strong.status(), 422);

    // A token made by a token lives no longer than its maker.
    let made: serde_json::Value = admin
        .post(app.url("/api/v1/org/tokens"))
        .json(&serde_json::json!({"name": "short", "role": "admin", "days": 1}))
        .send()
        .await?
        .json()
        .await?;
    let short = made["secret"].as_str().unwrap_or_default().to_owned();
    let child = |days: i64| {
        api.post(app.url("/api/v1/org/tokens"))
            .bearer_auth(&short)
            .json(&serde_json::json!({"name": "child", "role": "read-only", "days": days}))
            .send()
    };
    let refused = child(366).await?;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await?.contains("token-outlives-maker"));
    assert_eq!(child(1).await?.status(), 201);

    // Expiry, then revocation.
    app.clock.advance_by(Duration::days(31));
    assert_eq!(api.get(app.url("/api/v1/org")).bearer_auth(&secret).send().await?.status(), 401, "expired");
    let admin = app.client_for(ADMIN).await?;
    let fresh: serde_json::Value = admin
        .post(app.url("/api/v1/org/tokens"))
        .json(&serde_json::json!({"name": "ERP2", "role": "member", "days": 30}))
        .send()
        .await?
        .json()
        .await?;
    let fresh_secret = fresh["secret"].as_str().unwrap_or_default().to_owned();
    assert_eq!(api.get(app.url("/api/v1/org")).bearer_auth(&fresh_secret).send().await?.status(), 200);
    let r = admin
        .delete(app.url(&format!("/api/v1/org/tokens/{}", fresh["id"].as_str().unwrap_or_default())))
        .send()
        .await?;
    assert_eq!(r.status(), 204);
    assert_eq!(api.get(app.url("/api/v1/org")).bearer_auth(&fresh_secret).send().await?.status(), 401, "revoked");

    // A token stops when its maker leaves the organisation.
    let other = app.add_person(org, "second-admin@firm.example", Role::Admin).await?;
    let _ = other;
    let second = app.client_for("second-admin@firm.example").await?;
    let t: serde_json::Value = second
        .post(app.url("/api/v1/org/tokens"))
        .json(&serde_json::json!({"name": "leaver", "role": "admin", "days": 30}))
        .send()
        .await?
        .json()
        .await?;
    let leaver_secret = t["secret"].as_str().unwrap_or_default().to_owned();
    assert_eq!(api.get(app.url("/api/v1/org")).bearer_auth(&leaver_secret).send().await?.status(), 200);
    let members: serde_json::Value = admin.get(app.url("/api/v1/org/members")).send().await?.json().await?;
    let leaver = members
        .as_array()
        .and_then(|m| m.iter().find(|m| m["email"] == "second-admin@firm.example"))
        .cloned()
        .unwrap_or_default();
    admin.delete(app.url(&format!("/api/v1/org/members/{}", leaver["id"].as_str().unwrap_or_default()))).send().await?;
    assert_eq!(api.get(app.url("/api/v1/org")).bearer_auth(&leaver_secret).send().await?.status(), 401);
    Ok(())
}

#[tokio::test]
async fn the_operator_disables_accounts_appoints_admins_and_never_sees_secret_links() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_user("ops@kakehashi.test", "a long operator passphrase", true).await?;
    let operator = app.client();
    app.sign_in(&operator, "ops@kakehashi.test", "a long operator passphrase").await?;
    let (org, admin_id) = app.create_org("株式会社 管理者不在", None, ADMIN).await?;
    let member_id = app.add_person(org, "member@firm.example", Role::Member).await?;
    let admin = app.client_for(ADMIN).await?;
    admin
        .post(app.url("/api/v1/org/invitations/colleague"))
        .json(&serde_json::json!({"email": "new@firm.example", "role": "member"}))
        .send()
        .await?;
    let outbox: serde_json::Value = operator.get(app.url("/api/v1/operator/outbox")).send().await?.json().await?;
    let invitation =
        outbox.as_array().and_then(|o| o.iter().find(|m| m["kind"] == "invitation")).cloned().unwrap_or_default();
    assert!(invitation["body_text"].as_str().unwrap_or_default().contains("token=[redacted]"), "{invitation}");

    // The only admin's account is disabled: their session ends; the organisation has no admin.
    let r = operator.post(app.url(&format!("/api/v1/operator/users/{admin_id}/disable"))).send().await?;
    assert_eq!(r.status(), 204);
    assert_eq!(admin.get(app.url("/api/v1/org")).send().await?.status(), 401);
    let no_reason = operator
        .post(app.url(&format!("/api/v1/operator/orgs/{org}/admins")))
        .json(&serde_json::json!({"email": "member@firm.example", "reason": " "}))
        .send()
        .await?;
    assert_eq!(no_reason.status(), 422);
    let r = operator
        .post(app.url(&format!("/api/v1/operator/orgs/{org}/admins")))
        .json(&serde_json::json!({"email": "member@firm.example", "reason": "本人確認: 電話で折り返し確認"}))
        .send()
        .await?;
    assert_eq!(r.status(), 204);
    let member = app.client_for("member@firm.example").await?;
    assert_eq!(member.get(app.url("/api/v1/org/invitations")).send().await?.status(), 200, "now an admin");
    let console = kakehashi_server::platform::tenancy::Acting::console(org, String::new());
    let entries = kakehashi_server::platform::audit::recent_for_org(app.state.db(), &console.own(), None, 50).await?;
    let recovery = entries.iter().find(|e| e.action == "operator.recovery_appoint_admin").expect("audited");
    assert!(recovery.details.contains("電話で折り返し確認"));
    assert_eq!(recovery.object_id.as_deref(), Some(member_id.to_string().as_str()));
    Ok(())
}
