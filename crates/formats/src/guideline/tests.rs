use super::*;

const YAML: &str = r#"
title: 取引先向けセキュリティ基準（例）
version: 2026
issuer: 架け橋工業会
language: ja
items:
  - id: org
    label: "1"
    kind: group
    title: {ja: 組織的対策, en: Organisational measures}
  - id: org-1
    parent: org
    label: "1-1"
    title: {ja: 責任者を決める, en: Name who is responsible}
    statement: 情報セキュリティの責任者を決め、社内に知らせている。
  - id: org-2
    parent: org
    label: "1-2"
    title: 古い項目
    withdrawn: yes
"#;

const CSV: &str = "id,label,parent,kind,title_ja,title_en,statement_ja,withdrawn\n\
org,1,,group,組織的対策,Organisational measures,,\n\
org-1,1-1,org,,責任者を決める,Name who is responsible,情報セキュリティの責任者を決め、社内に知らせている。,\n\
org-2,1-2,org,,古い項目,,,yes\n";

fn meta() -> GuidelineMeta {
    GuidelineMeta {
        title: "取引先向けセキュリティ基準（例）".into(),
        version: "2026".into(),
        issuer: Some("架け橋工業会".into()),
        licence_note: None,
    }
}

#[test]
fn yaml_and_csv_give_the_same_catalog() {
    let from_yaml = read_yaml("g.yaml", YAML.as_bytes()).expect("yaml reads");
    let from_csv = read_csv("g.csv", CSV.as_bytes(), meta(), "ja").expect("csv reads");
    assert_eq!(from_yaml, from_csv);
    assert_eq!(from_yaml.meta.languages, vec!["ja", "en"]);
    assert_eq!(from_yaml.assessable().count(), 2);
    let item = &from_yaml.controls[1];
    assert_eq!((item.label.as_str(), item.parent.as_deref()), ("1-1", Some("org")));
    assert_eq!(item.texts[0].lang, "ja", "the document's language first");
    assert!(from_yaml.controls[2].withdrawn);
}

#[test]
fn csv_reads_from_utf8_with_bom_and_from_shift_jis() {
    let plain = read_csv("g.csv", CSV.as_bytes(), meta(), "ja").expect("utf-8");
    let bom = [&[0xEF, 0xBB, 0xBF][..], CSV.as_bytes()].concat();
    assert_eq!(read_csv("g.csv", &bom, meta(), "ja").expect("bom"), plain);
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(CSV);
    assert!(!lossy);
    assert_eq!(read_csv("g.csv", &sjis, meta(), "ja").expect("shift_jis"), plain);
}

#[test]
fn problems_name_the_place() {
    let unknown_column = "id,titel\nx,y\n";
    let e = read_csv("g.csv", unknown_column.as_bytes(), meta(), "ja").expect_err("refused");
    assert_eq!(e.location, Location::Line { line: 1, column: 2 });
    let bad_kind = "id,kind\na,control\nb,chapter\n";
    let e = read_csv("g.csv", bad_kind.as_bytes(), meta(), "ja").expect_err("refused");
    assert_eq!(e.location, Location::Line { line: 3, column: 1 });
    let duplicate = "id\na\na\n";
    assert!(read_csv("g.csv", duplicate.as_bytes(), meta(), "ja").expect_err("refused").problem.contains("twice"));
    let orphan = "id,parent\na,zz\n";
    assert!(read_csv("g.csv", orphan.as_bytes(), meta(), "ja").expect_err("refused").problem.contains("zz"));
    let no_title = GuidelineMeta { title: " ".into(), ..meta() };
    assert!(read_csv("g.csv", CSV.as_bytes(), no_title, "ja").is_err());

    let broken = YAML.replace("    kind: group\n", "    kind: group\n   bad indent: [\n");
    let e = read_yaml("g.yaml", broken.as_bytes()).expect_err("refused");
    assert!(matches!(e.location, Location::Line { line, .. } if line > 1), "{e}");
    let typo = YAML.replace("statement:", "statment:");
    assert!(read_yaml("g.yaml", typo.as_bytes()).expect_err("refused").problem.contains("statment"));
    let bad_lang = YAML.replace("en: Organisational", "English: Organisational");
    assert!(read_yaml("g.yaml", bad_lang.as_bytes()).expect_err("refused").problem.contains("English"));
}

#[test]
fn yaml_alias_bombs_are_refused() {
    // The schema has no nested lists, so the first anchored list is refused where it stands,
    // before any alias is expanded (serde-saphyr's alias budget bounds the rest).
    let mut bomb =
        String::from("title: t\nversion: v\nitems:\n  - id: i0\n    title: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        let refs = vec![format!("*a{p}"); 10].join(", ");
        bomb.push_str(&format!("  - id: i{i}\n    title: &a{i} [{refs}]\n"));
    }
    let e = read_yaml("bomb.yaml", bomb.as_bytes()).expect_err("refused");
    assert_eq!(e.location, Location::Line { line: 5, column: 16 }, "{e}");
}
