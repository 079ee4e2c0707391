//! Signing in and out, the route guard, and CSRF protection.

use kakehashi_testkit::{TestApp, html};

const OPERATOR: (&str, &str) = ("ops@kakehashi.test", "a long operator passphrase");
const MEMBER: (&str, &str) = ("member@kakehashi.test", "another long passphrase");

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("kakehashi_session="))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn signing_in_rotates_the_session_and_signing_out_ends_it() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let browser = app.client_no_redirects();

    let form = browser.get(app.url("/login")).send().await?;
    let before = session_cookie(&form).expect("the sign-in form starts a session for its token");
    assert!(before.len() > 20);
    let form = form.text().await?;
    let token = html::csrf_token(&form).expect("token");

    let signed_in = browser
        .post(app.url("/login"))
        .form(&[("csrf", token.as_str()), ("email", OPERATOR.0), ("password", OPERATOR.1), ("next", "/operator")])
        .send()
        .await?;
    assert_eq!(signed_in.status(), 303);
    assert_eq!(signed_in.headers()["location"], "/operator");
    let after = session_cookie(&signed_in).expect("a new session cookie");
    assert_ne!(before, after, "the session id changes at sign-in");
    let set_cookie = signed_in.headers()["set-cookie"].to_str()?.to_owned();
    assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"), "{set_cookie}");

    let page = browser.get(app.url("/operator")).send().await?;
    assert_eq!(page.status(), 200);
    let page = page.text().await?;
    assert!(page.contains("試験 花子 さんでサインインしています"));

    let token = html::csrf_token(&page).expect("sign-out form token");
    let out = browser.post(app.url("/logout")).form(&[("csrf", token.as_str())]).send().await?;
    assert_eq!(out.status(), 303);
    let again = browser.get(app.url("/operator")).send().await?;
    assert_eq!(again.status(), 303, "signed out: sent to sign in again");
    assert_eq!(again.headers()["location"], "/login?next=%2Foperator");
    Ok(())
}

#[tokio::test]
async fn wrong_passwords_and_unknown_people_get_the_same_answer() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let browser = app.client();
    for (email, password) in
        [(OPERATOR.0, "not the password at all"), ("nobody@kakehashi.test", OPERATOR.1), ("not an address", "x")]
    {
        let form = browser.get(app.url("/login")).send().await?.text().await?;
        let token = html::csrf_token(&form).expect("token");
        let r = browser
            .post(app.url("/login"))
            .form(&[("csrf", token.as_str()), ("email", email), ("password", password)])
            .send()
            .await?;
        assert_eq!(r.status(), 401, "{email}");
        let body = r.text().await?;
        assert!(body.contains("メールアドレスまたはパスワードが正しくありません。"), "{email}");
    }
    let api = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .json(&serde_json::json!({"email": OPERATOR.0, "password": "wrong password here"}))
        .send()
        .await?;
    assert_eq!(api.status(), 401);
    Ok(())
}

#[tokio::test]
async fn forms_without_the_sessions_token_are_refused_and_change_nothing() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let browser = app.client();
    app.sign_in(&browser, OPERATOR.0, OPERATOR.1).await?;

    for token in ["", "0000", "forged-token-value"] {
        let r = browser
            .post(app.url("/operator/test-mail"))
            .form(&[("csrf", token), ("to", "x@example.jp")])
            .send()
            .await?;
        assert_eq!(r.status(), 403, "token {token:?}");
        let body = r.text().await?;
        assert!(body.contains("フォームの有効期限が切れました"), "explains what to do");
    }
    let no_field = browser.post(app.url("/operator/test-mail")).form(&[("to", "x@example.jp")]).send().await?;
    assert_eq!(no_field.status(), 403);
    let outbox: serde_json::Value = browser.get(app.url("/api/v1/operator/outbox")).send().await?.json().await?;
    assert_eq!(outbox.as_array().map(Vec::len), Some(0), "nothing was queued");
    Ok(())
}

#[tokio::test]
async fn api_writes_started_by_another_site_are_refused() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let browser = app.client();
    app.sign_in(&browser, OPERATOR.0, OPERATOR.1).await?;
    let cross = browser
        .post(app.url("/api/v1/operator/test-mail"))
        .header("origin", "https://evil.example")
        .json(&serde_json::json!({"to": "x@example.jp"}))
        .send()
        .await?;
    assert_eq!(cross.status(), 403);
    let fetched = browser
        .post(app.url("/api/v1/operator/test-mail"))
        .header("sec-fetch-site", "cross-site")
        .json(&serde_json::json!({"to": "x@example.jp"}))
        .send()
        .await?;
    assert_eq!(fetched.status(), 403);
    let same = browser
        .post(app.url("/api/v1/operator/test-mail"))
        .header("origin", app.base.as_str())
        .json(&serde_json::json!({"to": "x@example.jp"}))
        .send()
        .await?;
    assert_eq!(same.status(), 201);
    Ok(())
}

#[tokio::test]
async fn operator_routes_refuse_everyone_else() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_user(MEMBER.0, MEMBER.1, false).await?;
    let anonymous = reqwest::Client::new();
    let r = anonymous.get(app.url("/api/v1/operator/jobs")).send().await?;
    assert_eq!(r.status(), 401);

    let member = app.client();
    app.sign_in(&member, MEMBER.0, MEMBER.1).await?;
    let r = member.get(app.url("/api/v1/operator/jobs")).send().await?;
    assert_eq!(r.status(), 403);
    let r = member.get(app.url("/operator")).send().await?;
    assert_eq!(r.status(), 403);
    assert_eq!(html::h1(&r.text().await?).as_deref(), Some("権限がありません"));
    let me: serde_json::Value = member.get(app.url("/api/v1/session")).send().await?.json().await?;
    assert_eq!(me["is_operator"], false);
    assert_eq!(me["email"], MEMBER.0);
    Ok(())
}

#[tokio::test]
async fn a_disabled_account_loses_its_sessions_at_the_next_request() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let id = app.create_user(MEMBER.0, MEMBER.1, false).await?;
    let member = app.client();
    app.sign_in(&member, MEMBER.0, MEMBER.1).await?;
    assert_eq!(member.get(app.url("/api/v1/session")).send().await?.status(), 200);
    sqlx::query("UPDATE users SET disabled_at = 1 WHERE id = $1")
        .bind(id.to_string())
        .execute(app.state.db().pool())
        .await?;
    assert_eq!(member.get(app.url("/api/v1/session")).send().await?.status(), 401);
    Ok(())
}

#[tokio::test]
async fn after_sign_in_people_return_only_to_pages_of_this_site() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let browser = app.client_no_redirects();
    let form = browser.get(app.url("/login?next=//evil.example")).send().await?.text().await?;
    assert!(form.contains("name=\"next\" value=\"/\""), "an outside target is replaced by the home page");
    let token = html::csrf_token(&form).expect("token");
    let r = browser
        .post(app.url("/login"))
        .form(&[
            ("csrf", token.as_str()),
            ("email", OPERATOR.0),
            ("password", OPERATOR.1),
            ("next", "https://evil.example"),
        ])
        .send()
        .await?;
    assert_eq!(r.headers()["location"], "/");
    Ok(())
}
