//! Our common baseline, checked as a whole: every item written in Japanese and English with
//! what to do, why, a first step and evidence; mapped to CSF 2.0, SP 800-171r3 and SP 800-53r5;
//! every id it names found (and active) in NIST's real catalogs and in our id-only lists.

use std::collections::{BTreeMap, BTreeSet};
mod support;

use support::catalogs_dir;

use kakehashi_content::catalogs::{BASELINE, REFERENCE_LISTS};
use kakehashi_domain::baseline::Tier;
use kakehashi_domain::catalog::{Catalog, normalise_label};
use kakehashi_formats::baseline::{Baseline, TargetCatalog, read_baseline};
use kakehashi_formats::guideline::read_yaml;
use kakehashi_formats::oscal::read_catalog;

fn nist(path: &str) -> Catalog {
    let file = catalogs_dir().join(path);
    let bytes = std::fs::read(&file)
        .unwrap_or_else(|e| panic!("{}: {e} (NIST's files ship in content/catalogs)", file.display()));
    read_catalog(path, &bytes).unwrap_or_else(|e| panic!("{e}"))
}

fn baseline() -> Baseline {
    read_baseline(BASELINE.path, BASELINE.bytes).unwrap_or_else(|e| panic!("{e}"))
}

/// Key or any spelling of the label → withdrawn?
fn index(c: &Catalog) -> BTreeMap<String, bool> {
    let mut m = BTreeMap::new();
    for control in c.assessable() {
        m.insert(control.key.clone(), control.withdrawn);
        m.insert(normalise_label(&control.label), control.withdrawn);
    }
    m
}

#[test]
fn every_item_is_written_in_both_languages_with_a_first_step_and_evidence() {
    let b = baseline();
    let items: Vec<_> = b.catalog.assessable().collect();
    assert!(items.len() >= 40, "{} items", items.len());
    for item in &items {
        for lang in ["ja", "en"] {
            let t = item.texts.iter().find(|t| t.lang == lang).unwrap_or_else(|| panic!("{} has no {lang}", item.key));
            for (field, value) in [
                ("title", &t.title),
                ("what to do", &t.statement),
                ("why", &t.guidance),
                ("first step", &t.first_step),
                ("evidence", &t.evidence),
            ] {
                let v = value.as_deref().unwrap_or_default();
                assert!(v.trim().chars().count() >= 4, "{} {lang}: {field} is empty", item.key);
            }
            let ja = t.lang == "ja";
            let has_kana =
                t.statement.as_deref().unwrap_or_default().chars().any(|c| ('\u{3040}'..='\u{30ff}').contains(&c));
            assert_eq!(has_kana, ja, "{} {lang}: the text is in the wrong language", item.key);
        }
    }
}

#[test]
fn the_four_tiers_cover_the_fifteen_themes_with_few_first_tier_items() {
    let b = baseline();
    let per_tier = |t: Tier| b.tiers.iter().filter(|(_, x)| *x == t).count();
    assert!((1..=12).contains(&per_tier(Tier::Basic)), "tier 1 has at most 12 items");
    for t in Tier::ALL {
        assert!(per_tier(t) > 0, "tier {t:?} is empty");
    }
    let themes: BTreeSet<&str> = b.catalog.assessable().filter_map(|c| c.parent.as_deref()).collect();
    assert_eq!(themes.len(), 15, "{themes:?}");
    let social =
        b.catalog.assessable().any(|c| c.texts.iter().any(|t| t.title.as_deref().unwrap_or_default().contains("SNS")));
    let telework = b
        .catalog
        .assessable()
        .any(|c| c.texts.iter().any(|t| t.title.as_deref().unwrap_or_default().contains("テレワーク")));
    assert!(social && telework, "social media and telework have items");
}

#[test]
fn every_item_maps_to_nist_and_every_id_it_names_exists_and_is_active() {
    let b = baseline();
    let nist_catalogs = [
        ("csf", index(&nist("nist/csf-2.0/NIST_CSF_v2.0_catalog.xml"))),
        ("sp800-171", index(&nist("nist/sp800-171r3/NIST_SP800-171_rev3_catalog.xml"))),
        ("sp800-53", index(&nist("nist/sp800-53r5/NIST_SP-800-53_rev5.0.1_catalog.json"))),
    ];
    // CSF's OSCAL file does not flag withdrawn subcategories: take them from NIST's CPRT list.
    let cprt = std::fs::read_to_string(catalogs_dir().join("derived/csf-2.0_core_from_cprt.csv")).expect("CPRT list");
    let withdrawn_csf: BTreeSet<String> = cprt
        .lines()
        .filter(|l| l.contains(",withdrawn,"))
        .filter_map(|l| l.split(',').nth(1))
        .map(normalise_label)
        .collect();
    let lists: BTreeMap<&str, BTreeMap<String, bool>> = REFERENCE_LISTS
        .iter()
        .map(|l| (l.name, index(&read_yaml(l.path, l.bytes).unwrap_or_else(|e| panic!("{e}")))))
        .collect();
    let items: Vec<String> = b.catalog.assessable().map(|c| c.key.clone()).collect();
    let mut mapped: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for f in &b.frameworks {
        let known = match &f.target {
            TargetCatalog::Title(_) => {
                &nist_catalogs.iter().find(|(k, _)| *k == f.key).unwrap_or_else(|| panic!("{}", f.key)).1
            }
            TargetCatalog::BuiltIn(name) => {
                lists.get(name.as_str()).unwrap_or_else(|| panic!("no built-in list {name}"))
            }
        };
        for r in &f.crosswalk.records {
            let target = normalise_label(&r.target);
            let withdrawn = known.get(&r.target).or_else(|| known.get(&target));
            assert_eq!(
                withdrawn,
                Some(&false),
                "{}: {} → {} is not an active id ({})",
                f.key,
                r.sources.join("+"),
                r.target,
                r.origin
            );
            assert!(!(f.key == "csf" && withdrawn_csf.contains(&target)), "{} is withdrawn in CSF 2.0", r.target);
            assert!(r.rationale.as_deref().is_some_and(|s| !s.trim().is_empty()));
            for s in &r.sources {
                assert!(items.contains(s), "{s} is not an item");
                mapped.entry(f.key.as_str()).or_default().insert(s.clone());
            }
        }
    }
    for item in b.catalog.assessable() {
        for f in ["csf", "sp800-53"] {
            assert!(mapped[f].contains(&item.key), "{} has no mapping to {f}", item.key);
        }
        // SP 800-171r3 has nothing on business continuity (jp-facts); every other item maps.
        if item.parent.as_deref() != Some("continuity") {
            assert!(mapped["sp800-171"].contains(&item.key), "{} has no mapping to SP 800-171r3", item.key);
        }
    }
    let japanese = ["ipa-self-check", "ipa-five", "meti"];
    let with_jp = b
        .catalog
        .assessable()
        .filter(|c| japanese.iter().any(|f| mapped.get(f).is_some_and(|m| m.contains(&c.key))))
        .count();
    assert_eq!(with_jp, items.len(), "every item cites an IPA or METI number");
}

#[test]
fn tier_one_is_at_most_twelve_questions_on_at_most_four_screens() {
    let b = baseline();
    let theme_order: Vec<&str> =
        b.catalog.controls.iter().filter(|c| c.parent.is_none()).map(|c| c.key.as_str()).collect();
    for (up_to, most_screens) in [(Tier::Basic, 4), (Tier::SelfCheck, 15)] {
        let mut themes: Vec<&str> = b
            .tiers
            .iter()
            .filter(|(_, t)| up_to.includes(*t))
            .filter_map(|(key, _)| b.catalog.controls.iter().find(|c| &c.key == key)?.parent.as_deref())
            .collect();
        themes.sort_by_key(|t| theme_order.iter().position(|x| x == t));
        let screens = kakehashi_domain::assess::screens(themes.iter().copied());
        eprintln!("up to {up_to:?}: {} questions on {} screens", themes.len(), screens.len());
        assert!(screens.len() <= most_screens);
        if up_to == Tier::Basic {
            assert!(themes.len() <= 12);
        }
    }
}
