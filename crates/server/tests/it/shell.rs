//! The UI shell: language, layout, static files, error pages and security headers.

use kakehashi_testkit::{TestApp, TestAppOptions, html};

#[tokio::test]
async fn home_is_japanese_by_default_even_for_an_english_browser() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let page = app.client().get(app.url("/")).header("accept-language", "en-US,en;q=0.9").send().await?;
    assert_eq!(page.status(), 200);
    let body = page.text().await?;
    assert_eq!(html::lang(&body).as_deref(), Some("ja"));
    assert_eq!(html::h1(&body).as_deref(), Some("架け橋へようこそ"));
    assert!(body.contains("hreflang=\"en\""), "the switch offers English");
    Ok(())
}

#[tokio::test]
async fn the_language_switch_is_remembered_and_returns_to_the_page() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let plain = app.client_no_redirects();
    let switched = plain.get(app.url("/lang?to=en&next=%2Flogin%3Fnext%3D%252Foperator")).send().await?;
    assert_eq!(switched.status(), 303);
    assert_eq!(switched.headers()["location"], "/login?next=%2Foperator");
    let cookie = switched.headers()["set-cookie"].to_str()?.to_owned();
    assert!(cookie.starts_with("lang=en;") && cookie.contains("Max-Age=31536000"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");

    let browser = app.client();
    let english = browser.get(app.url("/lang?to=en&next=/")).send().await?.text().await?;
    assert_eq!(html::lang(&english).as_deref(), Some("en"));
    assert_eq!(html::h1(&english).as_deref(), Some("Welcome to Kakehashi"));
    // Remembered on the next visit, and switched back.
    let again = browser.get(app.url("/login")).send().await?.text().await?;
    assert_eq!(html::h1(&again).as_deref(), Some("Sign in"));
    let back = browser.get(app.url("/lang?to=ja&next=/login")).send().await?.text().await?;
    assert_eq!(html::h1(&back).as_deref(), Some("サインイン"));
    Ok(())
}

#[tokio::test]
async fn the_switch_refuses_to_send_people_to_other_sites() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    // A tab is dropped by browsers ("/\t/evil" is "//evil").
    for next in ["//evil.example/", "https://evil.example/", "/\\evil.example", "/\t/evil.example/x"] {
        let r = app.client_no_redirects().get(app.url("/lang")).query(&[("to", "en"), ("next", next)]).send().await?;
        assert_eq!(r.headers()["location"], "/", "{next}");
    }
    // Other control characters (which would make an invalid Location header) are refused at
    // the edge, before any page.
    let r = app.client_no_redirects().get(app.url("/lang")).query(&[("to", "en"), ("next", "/a\u{1}b")]).send().await?;
    assert_eq!(r.status(), 400);
    Ok(())
}

#[tokio::test]
async fn error_pages_speak_the_persons_language() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let browser = app.client();
    let missing = browser.get(app.url("/no/such/page")).send().await?;
    assert_eq!(missing.status(), 404);
    assert_eq!(missing.headers()["content-type"], "text/html; charset=utf-8");
    assert_eq!(html::h1(&missing.text().await?).as_deref(), Some("ページが見つかりません"));

    browser.get(app.url("/lang?to=en&next=/")).send().await?;
    let missing = browser.get(app.url("/no/such/page")).send().await?.text().await?;
    assert_eq!(html::h1(&missing).as_deref(), Some("Page not found"));
    let wrong_method = browser.delete(app.url("/")).send().await?;
    assert_eq!(wrong_method.status(), 405);
    assert!(wrong_method.headers().contains_key("allow"), "405 keeps its Allow header");
    assert_eq!(html::h1(&wrong_method.text().await?).as_deref(), Some("That action is not possible here"));
    Ok(())
}

#[tokio::test]
async fn api_errors_are_problem_details() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let r = reqwest::get(app.url("/api/v1/nothing-here")).await?;
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: serde_json::Value = r.json().await?;
    assert_eq!(p["status"], 404);
    assert_eq!(p["title"], "Not Found");
    assert_eq!(p["instance"], "/api/v1/nothing-here");

    // A body the JSON extractor rejects: the problem says why.
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/session"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await?;
    assert_eq!(r.status(), 400);
    let p: serde_json::Value = r.json().await?;
    assert!(p["detail"].as_str().unwrap_or_default().contains("JSON"), "{p}");
    Ok(())
}

#[tokio::test]
async fn every_response_carries_the_security_headers() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    for path in ["/", "/login", "/healthz", "/missing", "/static/app.css"] {
        let r = reqwest::get(app.url(path)).await?;
        let h = r.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert!(h["content-security-policy"].to_str()?.contains("frame-ancestors 'none'"), "{path}");
    }
    Ok(())
}

#[tokio::test]
async fn browsers_are_told_to_keep_to_tls_only_when_the_public_url_is_https() -> anyhow::Result<()> {
    let plain = TestApp::spawn().await?;
    assert!(!reqwest::get(plain.url("/login")).await?.headers().contains_key("strict-transport-security"));
    let tls = TestApp::spawn_with(TestAppOptions {
        extra_toml: "[server]\npublic_url = \"https://kakehashi.example\"\n".into(),
        ..Default::default()
    })
    .await?;
    for path in ["/login", "/healthz", "/missing"] {
        let r = reqwest::get(tls.url(path)).await?;
        assert_eq!(r.headers()["strict-transport-security"], "max-age=63072000", "{path}");
    }
    Ok(())
}

#[tokio::test]
async fn static_files_are_served_with_their_types() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let css = reqwest::get(app.url("/static/app.css")).await?;
    assert_eq!(css.headers()["content-type"], "text/css; charset=utf-8");
    assert!(css.text().await?.contains("@media"));
    let js = reqwest::get(app.url("/static/app.js")).await?;
    assert_eq!(js.headers()["content-type"], "text/javascript; charset=utf-8");
    Ok(())
}

#[tokio::test]
async fn oversized_requests_are_refused_in_the_persons_language() -> anyhow::Result<()> {
    let app = TestApp::spawn().await?;
    let big = "x".repeat(3 * 1024 * 1024);
    let r = app
        .client()
        .post(app.url("/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await?;
    assert_eq!(r.status(), 413);
    assert_eq!(html::h1(&r.text().await?).as_deref(), Some("送信された内容が大きすぎます"));
    Ok(())
}
