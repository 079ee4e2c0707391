//! The real NIST files shipped in content/catalogs (see its PROVENANCE.md), read whole.

mod support;

use support::catalogs_dir;

use kakehashi_domain::catalog::{Catalog, ControlKind};
use kakehashi_formats::oscal::read_catalog;

fn read(path: &str) -> Catalog {
    let file = catalogs_dir().join(path);
    let bytes = std::fs::read(&file)
        .unwrap_or_else(|e| panic!("{}: {e} (NIST's files ship in content/catalogs)", file.display()));
    read_catalog(path, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn sp800_53r5_json_has_its_1189_controls_and_enhancements() {
    let c = read("nist/sp800-53r5/NIST_SP-800-53_rev5.0.1_catalog.json");
    assert_eq!(c.meta.version, "5.0.1");
    assert_eq!(c.controls.iter().filter(|c| c.kind == ControlKind::Group).count(), 20);
    assert_eq!(c.assessable().count(), 1189);
    let ac23 = c.controls.iter().find(|c| c.key == "ac-2.3").expect("ac-2.3");
    assert_eq!(ac23.label, "AC-2(3)");
    assert_eq!(ac23.parent.as_deref(), Some("ac-2"));
    let ac2 = c.controls.iter().find(|c| c.key == "ac-2").expect("ac-2");
    let statement = ac2.texts[0].statement.as_deref().unwrap_or_default();
    assert!(statement.starts_with("a. Define and document the types of accounts"), "{statement}");
    assert!(!statement.contains("{{"), "parameters are filled in");
    assert!(c.controls.iter().filter(|c| c.withdrawn).count() > 100);
}

#[test]
fn csf_2_xml_has_functions_categories_and_subcategories() {
    let c = read("nist/csf-2.0/NIST_CSF_v2.0_catalog.xml");
    assert_eq!(c.controls.iter().filter(|c| c.kind == ControlKind::Group).count(), 6);
    assert_eq!(c.assessable().count(), 219, "34 categories and 185 subcategories, withdrawn ones included");
    let po = c.controls.iter().find(|c| c.label == "GV.PO-01").expect("GV.PO-01");
    assert_eq!(po.parent.as_deref(), Some("GV.PO"));
    // Categories and functions are labelled by their ids, not by NIST's sort numbers.
    let oc = c.controls.iter().find(|c| c.key == "GV.OC").expect("GV.OC");
    assert_eq!(oc.label, "GV.OC");
    assert_eq!(c.controls.iter().find(|c| c.key == "GV").map(|c| c.label.as_str()), Some("GV"));
    assert!(
        po.texts[0].statement.as_deref().unwrap_or_default().starts_with("Policy for managing cybersecurity risks")
    );
    assert_eq!(
        c.controls.iter().filter(|c| c.withdrawn).count(),
        0,
        "this rendition does not say: a status list is needed"
    );
}

#[test]
fn sp800_171r3_xml_has_97_active_and_33_withdrawn_requirements() {
    let c = read("nist/sp800-171r3/NIST_SP800-171_rev3_catalog.xml");
    let requirements: Vec<_> = c.controls.iter().filter(|c| c.class.as_deref() == Some("requirement")).collect();
    assert_eq!(requirements.len(), 130);
    assert_eq!(requirements.iter().filter(|c| c.withdrawn).count(), 33);
    let r = c.controls.iter().find(|c| c.key == "SP_800_171_03.09.01").expect("03.09.01");
    assert_eq!(r.label, "03.09.01");
    assert_eq!(c.controls.iter().filter(|c| c.kind == ControlKind::Group).count(), 17);
    // Each requirement reads whole: the words NIST keeps in a nested SR- control are its own.
    assert!(c.controls.iter().all(|c| c.class.as_deref() != Some("security_requirement")));
    let account = c.controls.iter().find(|c| c.key == "SP_800_171_03.01.01").expect("03.01.01");
    assert!(account.texts[0].statement.as_deref().is_some_and(|s| s.contains("account")), "{account:?}");
    // Families in NIST's order of numbers, not the file's.
    let families: Vec<&str> =
        c.controls.iter().filter(|c| c.kind == ControlKind::Group).map(|c| c.label.as_str()).collect();
    assert_eq!(&families[..3], ["03.01", "03.02", "03.03"]);
}

#[test]
fn sp800_53b_baselines_select_what_nist_lists_from_the_catalog_they_name() {
    let catalog = read("nist/sp800-53r5/NIST_SP-800-53_rev5.0.1_catalog.json");
    let source: Vec<kakehashi_domain::catalog::SourceControl> = catalog
        .assessable()
        .map(|c| kakehashi_domain::catalog::SourceControl { key: &c.key, label: &c.label, parent: c.parent.as_deref() })
        .collect();
    for (name, expected) in [("LOW", 149), ("MODERATE", 287), ("HIGH", 370), ("PRIVACY", 96)] {
        let path = format!("nist/sp800-53r5/NIST_SP-800-53_rev5.1.1_{name}-baseline_profile.json");
        let bytes = std::fs::read(catalogs_dir().join(&path)).expect("the baseline");
        let profile = kakehashi_formats::oscal::read_profile(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(profile.imports.len(), 1);
        assert_eq!(profile.imports[0].resource_title.as_deref(), Some(catalog.meta.title.as_str()), "{name}");
        let selection = profile.imports[0].select(&source);
        assert_eq!(selection.keys.len() + selection.unresolved.len(), expected, "{name}");
        assert!(selection.unresolved.is_empty(), "{name}: {:?}", selection.unresolved);
    }
}
