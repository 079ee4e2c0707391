//! Crosswalks: NIST's CSF 2.0 → SP 800-53 and SP 800-171r3 → SP 800-53 tables imported as
//! `intersects`, unresolved targets listed, mappings read in both directions, groups, the
//! matrix, and OSCAL mapping collections out and back in.

use kakehashi_testkit::{TestApp, external, nist};

const OPERATOR: (&str, &str) = ("ops@kakehashi.test", "a long operator passphrase");

struct World {
    app: TestApp,
    op: reqwest::Client,
    sp53: String,
    csf: String,
    sp171: String,
}

async fn world() -> anyhow::Result<World> {
    let app = TestApp::spawn().await?;
    app.create_user(OPERATOR.0, OPERATOR.1, true).await?;
    let op = app.client();
    app.sign_in(&op, OPERATOR.0, OPERATOR.1).await?;
    let mut ids = Vec::new();
    for path in [nist::SP800_53, nist::CSF, nist::SP800_171] {
        let r: serde_json::Value = op
            .post(app.url("/api/v1/catalogs"))
            .query(&[("name", path)])
            .body(nist::file(path))
            .send()
            .await?
            .json()
            .await?;
        ids.push(r["id"].as_str().unwrap_or_default().to_owned());
    }
    Ok(World { sp53: ids[0].clone(), csf: ids[1].clone(), sp171: ids[2].clone(), app, op })
}

async fn import(w: &World, from: &str, to: &str, name: &str, body: Vec<u8>) -> anyhow::Result<reqwest::Response> {
    Ok(w.op
        .post(w.app.url("/api/v1/crosswalks"))
        .query(&[("source", from), ("target", to), ("name", name)])
        .body(body)
        .send()
        .await?)
}

#[tokio::test]
async fn nists_crosswalks_import_with_their_gaps_listed() -> anyhow::Result<()> {
    let w = world().await?;
    let r =
        import(&w, &w.csf, &w.sp53, "olir186.csv", nist::file("derived/csf-2.0_to_sp800-53r5.2.0_olir186.csv")).await?;
    assert_eq!(r.status(), 201);
    let csf: serde_json::Value = r.json().await?;
    assert_eq!(csf["mappings"], 746);
    let mut missing: Vec<String> = csf["unresolved"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| u["reference"].as_str().unwrap_or_default().to_owned())
        .collect();
    missing.sort();
    assert_eq!(missing, ["IA-13", "SA-15(13)", "SA-24", "SI-2(7)"], "the four 5.2.0 controls absent from 5.0.1");
    let r = import(
        &w,
        &w.sp171,
        &w.sp53,
        "171.csv",
        nist::file("derived/sp800-171r3_to_sp800-53r5.1.1_source_controls.csv"),
    )
    .await?;
    let sp171: serde_json::Value = r.json().await?;
    assert_eq!(sp171["mappings"], 157);
    assert_eq!(sp171["unresolved"].as_array().map(Vec::len), Some(0));

    let detail: serde_json::Value =
        w.op.get(w.app.url(&format!("/api/v1/crosswalks/{}", csf["id"].as_str().unwrap_or_default())))
            .send()
            .await?
            .json()
            .await?;
    assert!(detail["summary"]["provenance"].as_str().unwrap_or_default().starts_with("NIST, relation type unstated"));

    // PM-11 is reached from CSF (incoming, read as intersects) and from nothing else in 800-171.
    let pm11: serde_json::Value =
        w.op.get(w.app.url(&format!("/api/v1/catalogs/{}/controls/PM-11/mappings", w.sp53)))
            .send()
            .await?
            .json()
            .await?;
    let from_csf: Vec<&serde_json::Value> =
        pm11.as_array().into_iter().flatten().filter(|m| m["direction"] == "incoming").collect();
    assert!(from_csf.iter().any(|m| m["others"][0]["label"] == "GV.OC-01" && m["relation"] == "intersects"));
    // And GV.OC-01 sees PM-11 going out.
    let gv: serde_json::Value =
        w.op.get(w.app.url(&format!("/api/v1/catalogs/{}/controls/GV.OC-01/mappings", w.csf)))
            .send()
            .await?
            .json()
            .await?;
    assert!(
        gv.as_array().into_iter().flatten().any(|m| m["direction"] == "outgoing" && m["others"][0]["label"] == "PM-11")
    );

    // The matrix: every active CSF item with a mapping, and what of 800-53 is reached.
    let m: serde_json::Value =
        w.op.get(w.app.url("/api/v1/crosswalk-matrix"))
            .query(&[("from", &w.csf), ("to", &w.sp53)])
            .send()
            .await?
            .json()
            .await?;
    assert_eq!(m["total"], 219, "categories and subcategories: without the status list none is marked withdrawn");
    assert_eq!(m["by_relation"]["intersects"], 738, "746 rows, 8 of them to the four controls absent from 5.0.1");
    assert!(m["covered"].as_u64().unwrap_or_default() >= 106);
    Ok(())
}

#[tokio::test]
async fn relations_read_in_reverse_and_groups_cover_together() -> anyhow::Result<()> {
    let w = world().await?;
    let csv = "source,target,relation,strength,rationale\nAC-02 + IA-02,PR.AA-01,superset,8,アカウント管理と識別で満たす\nac-3,PR.AA-05,subset,5,\nSC-7,GV.OC-01,no-relation,,\n";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(csv);
    let r = import(&w, &w.sp53, &w.csf, "ours-sjis.csv", sjis.to_vec()).await?;
    assert_eq!(r.status(), 201);
    let imported: serde_json::Value = r.json().await?;
    assert_eq!(imported["unresolved"].as_array().map(Vec::len), Some(0), "labels in any form resolve: {imported}");

    // From the CSF side, the subset reads as a superset, and the group is shown whole.
    let aa05: serde_json::Value =
        w.op.get(w.app.url(&format!("/api/v1/catalogs/{}/controls/PR.AA-05/mappings", w.csf)))
            .send()
            .await?
            .json()
            .await?;
    assert_eq!(aa05[0]["relation"], "superset");
    assert_eq!(aa05[0]["direction"], "incoming");
    let aa01: serde_json::Value =
        w.op.get(w.app.url(&format!("/api/v1/catalogs/{}/controls/PR.AA-01/mappings", w.csf)))
            .send()
            .await?
            .json()
            .await?;
    assert_eq!(aa01[0]["relation"], "subset");
    let others: Vec<&str> =
        aa01[0]["others"].as_array().into_iter().flatten().map(|o| o["label"].as_str().unwrap_or_default()).collect();
    assert_eq!(others, ["AC-2", "IA-2"]);
    assert_eq!(aa01[0]["rationale"], "アカウント管理と識別で満たす", "Shift_JIS was read");
    let ac2: serde_json::Value =
        w.op.get(w.app.url(&format!("/api/v1/catalogs/{}/controls/ac-2/mappings", w.sp53)))
            .send()
            .await?
            .json()
            .await?;
    assert_eq!(ac2[0]["together_with"][0], "IA-2");
    assert_eq!(ac2[0]["strength"], 8);

    // The control page shows both directions with provenance.
    let page = w.op.get(w.app.url(&format!("/catalogs/{}/controls/PR.AA-01", w.csf))).send().await?.text().await?;
    assert!(page.contains("AC-2 + IA-2") && page.contains("ours-sjis.csv"), "group and provenance on the page");
    let m: serde_json::Value =
        w.op.get(w.app.url("/api/v1/crosswalk-matrix"))
            .query(&[("from", &w.csf), ("to", &w.sp53)])
            .send()
            .await?
            .json()
            .await?;
    assert_eq!(m["by_relation"]["subset"], 2, "both members of the group, read from CSF");
    assert_eq!(m["by_relation"]["superset"], 1);
    Ok(())
}

#[tokio::test]
async fn mapping_collections_export_valid_oscal_and_import_back() -> anyhow::Result<()> {
    let w = world().await?;
    let csv = "source,target,relation,strength,rationale\nAC-2 + IA-2,PR.AA-01,superset,8,together\nAC-3,PR.AA-05,subset,,\nZZ-9,PR.AA-05,intersects,,\n";
    let first: serde_json::Value =
        import(&w, &w.sp53, &w.csf, "ours.csv", csv.as_bytes().to_vec()).await?.json().await?;
    let id = first["id"].as_str().unwrap_or_default().to_owned();
    let oscal = w.op.get(w.app.url(&format!("/api/v1/crosswalks/{id}/oscal"))).send().await?.bytes().await?;
    let dir = tempfile::tempdir()?;
    let file = dir.path().join("mapping.json");
    std::fs::write(&file, &oscal)?;
    external::trestle_validates(&file, "mapping")?;

    let again: serde_json::Value = import(&w, &w.sp53, &w.csf, "mapping.json", oscal.to_vec()).await?.json().await?;
    let before: serde_json::Value =
        w.op.get(w.app.url(&format!("/api/v1/crosswalks/{id}/csv")))
            .send()
            .await?
            .text()
            .await
            .map(serde_json::Value::String)?;
    let after: serde_json::Value =
        w.op.get(w.app.url(&format!("/api/v1/crosswalks/{}/csv", again["id"].as_str().unwrap_or_default())))
            .send()
            .await?
            .text()
            .await
            .map(serde_json::Value::String)?;
    assert_eq!(before, after, "the same mappings after a round trip through OSCAL");
    assert_eq!(again["unresolved"][0]["reference"], "ZZ-9", "an unresolved reference stays listed");
    Ok(())
}

#[tokio::test]
async fn bad_crosswalks_are_refused_and_nothing_is_stored() -> anyhow::Result<()> {
    let w = world().await?;
    let mappings_before: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM mappings").fetch_one(w.app.state.db().pool()).await?;
    let unknown = kakehashi_domain::ids::CatalogId::new().to_string();
    let r = import(&w, &unknown, &w.csf, "x.csv", b"source,target\nAC-2,GV.OC-01\n".to_vec()).await?;
    assert_eq!(r.status(), 400);
    let r = import(
        &w,
        &w.sp53,
        &w.csf,
        "bad.csv",
        b"source,target,relation\nAC-2,GV.OC-01,equal\nAC-3,GV.OC-02,kinda\n".to_vec(),
    )
    .await?;
    assert_eq!(r.status(), 400);
    let problem: serde_json::Value = r.json().await?;
    assert!(problem["detail"].as_str().unwrap_or_default().contains("bad.csv: line 3, column 3"), "{problem}");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mappings").fetch_one(w.app.state.db().pool()).await?;
    assert_eq!(stored, mappings_before, "nothing of the refused files was stored");
    Ok(())
}
