//! Evidence through the API: a file is stored once by its hash and comes back only as a
//! download; HTML with script is served inert; executables, oversized and 1 GB uploads are
//! refused and leave nothing behind; a certificate covers baseline items and shows on the
//! questions that ask for them; another organisation reaches none of it.

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use kakehashi_testkit::{TestApp, TestAppOptions};
use serde_json::{Value, json};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

struct Firm {
    app: TestApp,
    it: reqwest::Client,
}

async fn firm(options: TestAppOptions) -> anyhow::Result<Firm> {
    let app = TestApp::spawn_with(options).await?;
    app.create_org("小さな部品株式会社", None, "it@small-parts.example").await?;
    let it = app.client_for("it@small-parts.example").await?;
    Ok(Firm { app, it })
}

impl Firm {
    async fn upload(&self, query: &str, body: impl AsRef<[u8]>) -> anyhow::Result<reqwest::Response> {
        let body = body.as_ref().to_vec();
        Ok(self.it.post(self.app.url(&format!("/api/v1/evidence/files?{query}"))).body(body).send().await?)
    }

    async fn count(&self, table: &str) -> anyhow::Result<i64> {
        let sql = sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}"));
        Ok(sqlx::query_scalar(sql).fetch_one(self.app.state.db().pool()).await?)
    }

    /// Starts the built-in tier-1 self-check through the API; its id.
    async fn start_tier_one(&self) -> anyhow::Result<String> {
        self.app.start_built_in_self_check(&self.it, 1).await
    }

    /// Files in the store, apart from the folder of unfinished uploads.
    fn stored_files(&self) -> usize {
        walk(self.app.files.path()).into_iter().filter(|p| !p.to_string_lossy().contains(".incoming")).count()
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries.flatten().flat_map(|e| if e.path().is_dir() { walk(&e.path()) } else { vec![e.path()] }).collect()
}

#[tokio::test]
async fn a_file_is_stored_once_and_served_only_as_a_download() -> anyhow::Result<()> {
    let f = firm(TestAppOptions::default()).await?;
    let first = f.upload("name=C%3A%5Cdocs%5C%E8%A6%8F%E7%A8%8B.pdf&issued_on=2026-03-01", PDF).await?;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await?;
    let again: Value = f.upload("name=copy.pdf&title=同じ規程", PDF).await?.json().await?;
    assert_ne!(first["id"], again["id"], "two records…");
    assert_eq!(f.count("evidence_files").await?, 1, "…one stored file");
    assert_eq!(f.stored_files(), 1);

    let view: Value =
        f.it.get(f.app.url(&format!("/api/v1/evidence/{}", first["id"].as_str().unwrap_or_default())))
            .send()
            .await?
            .json()
            .await?;
    assert_eq!(view["title"], "規程.pdf", "the name without its folders is the title");
    assert_eq!(view["file_type"], "pdf");
    assert_eq!(view["size"], PDF.len());
    assert_eq!(view["issued_on"], "2026-03-01");

    let r =
        f.it.get(f.app.url(&format!("/api/v1/evidence/{}/download", first["id"].as_str().unwrap_or_default())))
            .send()
            .await?;
    assert_eq!(r.status(), 200);
    let h = r.headers().clone();
    assert_eq!(h["content-type"], "application/pdf");
    assert_eq!(h["x-content-type-options"], "nosniff");
    let disposition = h["content-disposition"].to_str()?;
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("UTF-8''%E8%A6%8F%E7%A8%8B.pdf"),
        "{disposition}"
    );
    assert_eq!(r.bytes().await?.as_ref(), PDF);
    Ok(())
}

#[tokio::test]
async fn html_and_svg_with_script_are_inert_text() -> anyhow::Result<()> {
    let f = firm(TestAppOptions::default()).await?;
    for (name, body) in [
        ("page.html", &b"<!doctype html><html><script>alert(document.cookie)</script></html>"[..]),
        ("logo.svg", &b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"[..]),
    ] {
        let r: Value = f.upload(&format!("name={name}"), body).await?.json().await?;
        let url = f.app.url(&format!("/api/v1/evidence/{}/download", r["id"].as_str().unwrap_or_default()));
        let d = f.it.get(url).send().await?;
        let h = d.headers();
        assert_eq!(h["content-type"], "text/plain", "{name}");
        assert!(h["content-disposition"].to_str()?.starts_with("attachment;"));
        assert!(h["content-security-policy"].to_str()?.contains("sandbox"), "{name}");
        assert_eq!(d.bytes().await?.as_ref(), body);
    }
    Ok(())
}

#[tokio::test]
async fn refused_files_leave_nothing_behind() -> anyhow::Result<()> {
    let f = firm(TestAppOptions { max_file_bytes: Some(1024 * 1024), ..TestAppOptions::default() }).await?;
    let r = f.upload("name=setup.pdf", b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0PE\0\0").await?;
    assert_eq!(r.status(), 400, "an executable named .pdf is still an executable");
    assert!(r.text().await?.contains("cannot be kept"));

    static BIG: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        let mut v = b"%PDF-1.7\n".to_vec();
        v.resize(1024 * 1024 + 10, b'x');
        v
    });
    let r = f.upload("name=big.pdf", BIG.as_slice()).await?;
    assert_eq!(r.status(), 413);
    assert!(r.text().await?.contains("at most 1 MB"));

    // 1 GB announced: refused from the headers, before a byte of it is read (and before
    // anything else about the request is looked at).
    let mut tcp = tokio::net::TcpStream::connect(f.app.addr).await?;
    let head = format!(
        "POST /api/v1/evidence/files?name=huge.pdf HTTP/1.1\r\nHost: {}\r\n\
         Content-Length: 1073741824\r\nContent-Type: application/pdf\r\nConnection: close\r\n\r\n",
        f.app.addr
    );
    tcp.write_all(head.as_bytes()).await?;
    let mut response = String::new();
    tcp.read_to_string(&mut response).await?;
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");

    for table in ["evidence", "evidence_files"] {
        assert_eq!(f.count(table).await?, 0, "{table}");
    }
    assert_eq!(f.stored_files(), 0);
    Ok(())
}

/// Makes a file look as old as a sweep needs (ages are the files' own times on disk).
fn age_by_two_days(path: &std::path::Path) -> anyhow::Result<()> {
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 24 * 3600);
    std::fs::File::options().write(true).open(path)?.set_modified(two_days_ago)?;
    Ok(())
}

#[tokio::test]
async fn files_left_by_refused_requests_or_crashes_are_swept_and_each_firm_has_a_quota() -> anyhow::Result<()> {
    let f = firm(TestAppOptions { file_quota_bytes: Some(600), ..TestAppOptions::default() }).await?;
    let kept: Value = f.upload("name=kept.pdf", PDF).await?.json().await?;
    // Refused after its file was stored (the dates are checked once the file is in).
    let refused = f
        .upload(
            "name=late.pdf&issued_on=2026-03-01&expires_on=2026-02-01",
            b"%PDF-1.4
other
",
        )
        .await?;
    assert_eq!(refused.status(), 400);
    assert_eq!(f.stored_files(), 2, "one file nobody refers to");
    // A crash in the middle of an upload leaves its temporary file.
    let interrupted = f.app.files.path().join(".incoming").join("crashed-upload");
    std::fs::write(
        &interrupted,
        b"%PDF-1.4
half",
    )?;

    let files = f.app.state.files();
    let db = f.app.state.db();
    let swept = kakehashi_server::platform::files::sweep(&files, db).await?;
    assert_eq!((swept.unreferenced, swept.interrupted), (0, 0), "nothing a day younger is touched");
    for path in walk(f.app.files.path()) {
        age_by_two_days(&path)?;
    }
    let swept = kakehashi_server::platform::files::sweep(&files, db).await?;
    assert_eq!((swept.unreferenced, swept.interrupted), (1, 1));
    assert_eq!(f.stored_files(), 1);
    assert!(!interrupted.exists());
    let r = f.it.get(f.app.url(&format!("/api/v1/evidence/{}/download", kept["id"].as_str().unwrap_or_default())));
    assert_eq!(r.send().await?.bytes().await?.as_ref(), PDF, "what is referred to stays");

    // The quota: 600 bytes, of which the kept file uses its size.
    let mut large = b"%PDF-1.7\n".to_vec();
    large.resize(600 - PDF.len() + 1, b'x');
    let over = f.upload("name=over.pdf", large.clone()).await?;
    assert_eq!(over.status(), 413);
    assert!(over.text().await?.contains("file storage of 0 MB"), "said in the caller's words");
    assert_eq!(f.count("evidence_files").await?, 1);
    assert_eq!(f.stored_files(), 1, "nothing kept of the refused file");
    let fits = large[..600 - PDF.len()].to_vec();
    assert_eq!(f.upload("name=fits.pdf", fits).await?.status(), 201, "exactly up to the quota");
    Ok(())
}

#[tokio::test]
async fn links_statements_and_certificates_are_checked() -> anyhow::Result<()> {
    let f = firm(TestAppOptions::default()).await?;
    for (body, says) in [
        (json!({"kind": "link", "title": "規程", "link": "javascript:alert(1)"}), "https:// or http://"),
        (json!({"kind": "statement", "title": "鍵", "statement": " "}), "Write the statement"),
        (json!({"kind": "certificate", "title": "ISMS", "scheme": "iso9001"}), "kind of certificate"),
        (json!({"kind": "certificate", "title": "ISMS", "scheme": "isms", "covers": ["no-such-item"]}), "has no item"),
        (
            json!({"kind": "certificate", "title": "P", "scheme": "pmark", "issued_on": "2026-04-01", "expires_on": "2026-03-01"}),
            "before the issue date",
        ),
        (json!({"kind": "link", "title": "x", "link": "https://a.example", "issued_on": "令和8年"}), "not a date"),
        (json!({"kind": "file", "title": "no file"}), "hoose a file"),
    ] {
        let r = f.it.post(f.app.url("/api/v1/evidence")).json(&body).send().await?;
        assert_eq!(r.status(), 400, "{body}");
        let text = r.text().await?;
        assert!(text.contains(says), "{body}: {text}");
    }
    assert_eq!(f.count("evidence").await?, 0);
    Ok(())
}

#[tokio::test]
async fn a_certificate_stands_as_evidence_for_the_items_it_covers() -> anyhow::Result<()> {
    let f = firm(TestAppOptions::default()).await?;
    let id = f.start_tier_one().await?;
    let view: Value = f.it.get(f.app.url(&format!("/api/v1/assessments/{id}"))).send().await?.json().await?;
    let (first, second) =
        (view["questions"][0]["question"]["key"].clone(), view["questions"][1]["question"]["key"].clone());

    let cert = json!({"kind": "certificate", "title": "SECURITY ACTION 二つ星", "scheme": "security-action-2",
        "number": "SA-12345", "issuer": "IPA", "issued_on": "2025-04-01", "expires_on": "2027-03-31", "covers": [first]});
    let r = f.it.post(f.app.url("/api/v1/evidence")).json(&cert).send().await?;
    assert_eq!(r.status(), 201);
    let statement =
        json!({"kind": "statement", "title": "更新の手順", "statement": "毎月第一月曜に全台を更新します。"});
    let s: Value = f.it.post(f.app.url("/api/v1/evidence")).json(&statement).send().await?.json().await?;

    let attach = |position: i64, ids: Value| {
        f.it.put(f.app.url(&format!("/api/v1/assessments/{id}/evidence")))
            .json(&json!({"position": position, "evidence_ids": ids}))
            .send()
    };
    assert_eq!(attach(1, json!([s["id"]])).await?.status(), 204);
    assert_eq!(attach(99, json!([s["id"]])).await?.status(), 400, "no such question");
    assert_eq!(attach(1, json!([kakehashi_domain::ids::EvidenceId::new()])).await?.status(), 400, "no such evidence");

    let view: Value = f.it.get(f.app.url(&format!("/api/v1/assessments/{id}"))).send().await?.json().await?;
    assert_eq!(view["questions"][0]["evidence"][0]["scheme"], "security-action-2", "covered: {first}");
    assert_eq!(view["questions"][0]["evidence"][0]["covers"], json!([first]));
    assert_eq!(
        view["questions"][1]["evidence"][0]["statement"], "毎月第一月曜に全台を更新します。",
        "attached: {second}"
    );
    assert_eq!(view["questions"][2]["evidence"], json!([]));

    // Withdrawn evidence cannot be attached anew, but stays visible where it was.
    let sid = s["id"].as_str().unwrap_or_default();
    assert_eq!(f.it.delete(f.app.url(&format!("/api/v1/evidence/{sid}"))).send().await?.status(), 204);
    assert_eq!(attach(2, json!([sid])).await?.status(), 400);
    let view: Value = f.it.get(f.app.url(&format!("/api/v1/assessments/{id}"))).send().await?.json().await?;
    assert_eq!(view["questions"][1]["evidence"][0]["withdrawn"], true);

    // Another firm reaches none of it.
    f.app.create_org("別の会社", None, "it@other.example").await?;
    let other = f.app.client_for("it@other.example").await?;
    assert_eq!(other.get(f.app.url(&format!("/api/v1/evidence/{sid}"))).send().await?.status(), 404);
    assert_eq!(other.get(f.app.url(&format!("/api/v1/evidence/{sid}/download"))).send().await?.status(), 404);
    let theirs: Vec<Value> = other.get(f.app.url("/api/v1/evidence")).send().await?.json().await?;
    assert!(theirs.is_empty());
    Ok(())
}

#[tokio::test]
async fn the_pages_add_evidence_keep_what_was_typed_and_attach_it_to_answers() -> anyhow::Result<()> {
    use kakehashi_testkit::html::{by_test_id, csrf_token};
    use reqwest::multipart::{Form, Part};
    let f = firm(TestAppOptions::default()).await?;
    let page = f.it.get(f.app.url("/evidence")).send().await?.text().await?;
    let csrf = csrf_token(&page).unwrap_or_default();
    let post = |form: Form| f.it.post(f.app.url(&format!("/evidence?csrf={csrf}"))).multipart(form).send();

    let bad = Form::new().text("kind", "link").text("title", "社内の規程ページ").text("link", "javascript:alert(1)");
    let r = post(bad).await?;
    assert_eq!(r.status(), 422);
    let html = r.text().await?;
    assert!(by_test_id(&html, "problem").is_some_and(|p| p.contains("https://")), "{html}");
    assert!(html.contains("value=\"社内の規程ページ\""), "what was typed comes back");

    let file = Part::bytes(PDF.to_vec()).file_name("情報セキュリティ規程.pdf").mime_str("application/octet-stream")?;
    let r = post(Form::new().text("kind", "file").text("title", "").part("file", file)).await?;
    assert_eq!(r.status(), 200, "saved, then the list");
    let exe = Part::bytes(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0".to_vec()).file_name("規程.pdf");
    let r = post(Form::new().text("kind", "file").part("file", exe)).await?;
    assert_eq!(r.status(), 422);
    let list: Vec<Value> = f.it.get(f.app.url("/api/v1/evidence")).send().await?.json().await?;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["title"], "情報セキュリティ規程.pdf");
    let evidence_id = list[0]["id"].as_str().unwrap_or_default().to_owned();
    let d = f.it.get(f.app.url(&format!("/evidence/{evidence_id}/download"))).send().await?;
    assert!(d.headers()["content-disposition"].to_str()?.starts_with("attachment"));

    // On the first screen of a self-check, tick it for the first question.
    let id = f.start_tier_one().await?;
    let screen = f.it.get(f.app.url(&format!("/self-checks/{id}"))).send().await?.text().await?;
    assert!(by_test_id(&screen, "evidence-0").is_some_and(|e| e.contains("情報セキュリティ規程.pdf")), "offered");
    let form: Vec<(String, String)> = [("screen", "0"), ("a-0", "implemented"), ("evs-0", "1"), ("ev-0", &evidence_id)]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let action = f.app.url(&format!("/self-checks/{id}/answers?csrf={csrf}"));
    let r = f.it.post(action).multipart(kakehashi_testkit::html::multipart(&form)).send().await?;
    assert_eq!(r.status(), 200);
    let view: Value = f.it.get(f.app.url(&format!("/api/v1/assessments/{id}"))).send().await?.json().await?;
    assert_eq!(view["questions"][0]["evidence"][0]["id"], evidence_id.as_str());
    assert_eq!(view["questions"][0]["evidence"][0]["attached"], true);
    Ok(())
}

/// A screen refused for another question's mistake writes nothing, and names the file chosen
/// beside a question so the person can choose it again (browsers cannot keep a chosen file).
#[tokio::test]
async fn a_refused_screen_asks_for_the_chosen_file_again_by_name() -> anyhow::Result<()> {
    use kakehashi_testkit::html::{by_test_id, csrf_token};
    use reqwest::multipart::{Form, Part};
    let f = firm(TestAppOptions::default()).await?;
    let id = f.start_tier_one().await?;
    let screen = f.it.get(f.app.url(&format!("/self-checks/{id}"))).send().await?.text().await?;
    let csrf = csrf_token(&screen).unwrap_or_default();
    let file = Part::bytes(PDF.to_vec()).file_name("更新手順.pdf").mime_str("application/pdf")?;
    // Question 1 with a file; question 2 "not applicable" without the reason it needs.
    let form = Form::new()
        .text("screen", "0")
        .text("a-0", "implemented")
        .part("evfile-0", file)
        .text("a-1", "not-applicable")
        .text("reason-1", "");
    let action = f.app.url(&format!("/self-checks/{id}/answers?csrf={csrf}"));
    let r = f.it.post(action).multipart(form).send().await?;
    assert_eq!(r.status(), 422);
    let html = r.text().await?;
    let again = by_test_id(&html, "file-again-0").unwrap_or_default();
    assert!(again.contains("「更新手順.pdf」") && again.contains("もう一度選んで"), "{again}");
    assert_eq!(f.count("evidence").await?, 0, "nothing is written");
    assert_eq!(f.count("answers").await?, 0, "nothing is written");
    Ok(())
}
