//! Inference and common-items speed (issue targets: inference across CSF 2.0 ↔ SP 800-53 ↔
//! SP 800-171r3 under 5 ms; common items over at least five catalogs and 5,000 mappings under
//! 10 ms). Pure computation on the domain's functions, the data read beforehand:
//! - inference: NIST's real catalogs and crosswalks (CSF→800-53, 800-171r3→800-53) plus our
//!   baseline's mappings, every active 800-171r3 requirement answered;
//! - common items: the baseline as hub against its six mapped catalogs (real), and a synthetic
//!   set of six catalogs with 5,400 mappings to CSF's 106 subcategories (a fixed-seed generator).
//!
//! `cargo bench -p kakehashi-server --bench inference`

use std::collections::HashMap;

use kakehashi_content::catalogs::BASELINE;
use kakehashi_domain::baseline::{HubItem, HubLink, common_items};
use kakehashi_domain::catalog::{Catalog, Crosswalk, Relation, normalise_label};
use kakehashi_domain::inference::{Mapping, NodeRef, Status, infer};
use kakehashi_formats::baseline::{TargetCatalog, read_baseline};
use kakehashi_formats::oscal::read_catalog;
use kakehashi_testkit::nist;

fn main() {
    divan::main();
}

/// Key or any spelling of a label → key.
fn index(c: &Catalog) -> HashMap<String, String> {
    let mut m = HashMap::new();
    for control in &c.controls {
        m.insert(normalise_label(&control.label), control.key.clone());
        m.insert(control.key.clone(), control.key.clone());
    }
    m
}

fn mappings_of(x: &Crosswalk, from: (&str, &Catalog), to: (&str, &Catalog), out: &mut Vec<Mapping>) {
    let (a, b) = (index(from.1), index(to.1));
    let find = |m: &HashMap<String, String>, r: &str| m.get(r).or_else(|| m.get(&normalise_label(r))).cloned();
    for (i, r) in x.records.iter().enumerate() {
        let sources: Option<Vec<NodeRef>> =
            r.sources.iter().map(|s| find(&a, s).map(|k| NodeRef::new(from.0, k))).collect();
        let (Some(sources), Some(target)) = (sources, find(&b, &r.target)) else { continue };
        out.push(Mapping {
            id: format!("{}-{i}", x.title),
            sources,
            target: NodeRef::new(to.0, target),
            relation: r.relation,
            strength: r.strength,
        });
    }
}

struct Nist {
    csf: Catalog,
    sp171: Catalog,
    mappings: Vec<Mapping>,
}

fn nist_world() -> Nist {
    let csf = read_catalog("csf", &nist::file(nist::CSF)).expect("CSF");
    let sp53 = read_catalog("53", &nist::file(nist::SP800_53)).expect("800-53");
    let sp171 = read_catalog("171", &nist::file(nist::SP800_171)).expect("800-171");
    let mut mappings = Vec::new();
    let csv = |path: &str| kakehashi_formats::crosswalk_csv::read(path, &nist::file(path), None).expect("crosswalk");
    mappings_of(&csv("derived/csf-2.0_to_sp800-53r5.2.0_olir186.csv"), ("csf", &csf), ("53", &sp53), &mut mappings);
    mappings_of(
        &csv("derived/sp800-171r3_to_sp800-53r5.1.1_source_controls.csv"),
        ("171", &sp171),
        ("53", &sp53),
        &mut mappings,
    );
    let baseline = read_baseline(BASELINE.path, BASELINE.bytes).expect("baseline");
    for f in &baseline.frameworks {
        let target = match &f.target {
            TargetCatalog::Title(_) if f.key == "csf" => ("csf", &csf),
            TargetCatalog::Title(_) if f.key == "sp800-171" => ("171", &sp171),
            TargetCatalog::Title(_) => ("53", &sp53),
            TargetCatalog::BuiltIn(_) => continue,
        };
        mappings_of(&f.crosswalk, ("baseline", &baseline.catalog), target, &mut mappings);
    }
    Nist { csf, sp171, mappings }
}

#[divan::bench(sample_count = 50)]
fn infer_800_171_answers_through_800_53_to_csf(bencher: divan::Bencher) {
    let w = nist_world();
    let answers: Vec<(NodeRef, Status)> = w
        .sp171
        .assessable()
        .filter(|c| !c.withdrawn)
        .map(|c| (NodeRef::new("171", c.key.clone()), Status::Implemented))
        .collect();
    assert!(w.mappings.len() > 1_000, "{} mappings", w.mappings.len());
    eprintln!("{} mappings, {} answers", w.mappings.len(), answers.len());
    let reached = infer(&w.mappings, &answers);
    let csf_known =
        w.csf.assessable().filter(|c| reached.status(&NodeRef::new("csf", c.key.clone())).is_some()).count();
    assert!(csf_known > 0, "answers reach CSF");
    bencher.bench_local(|| infer(divan::black_box(&w.mappings), divan::black_box(&answers)));
}

/// A fixed-seed generator, so that every run measures the same data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below
    }
}

#[divan::bench(sample_count = 50)]
fn common_items_six_catalogs_5400_mappings(bencher: divan::Bencher) {
    let csf = read_catalog("csf", &nist::file(nist::CSF)).expect("CSF");
    let hub: Vec<HubItem> = csf
        .assessable()
        .filter(|c| c.class.as_deref() == Some("subcategory"))
        .map(|c| HubItem { key: c.key.clone(), withdrawn: c.withdrawn })
        .collect();
    let catalogs: Vec<String> = (0..6).map(|i| format!("catalog-{i}")).collect();
    let mut rng = Lcg(2026);
    let links: Vec<HubLink> = (0..5_400)
        .map(|i| HubLink {
            catalog: catalogs[i % 6].clone(),
            control: format!("c-{}", rng.next(300)),
            hub_key: hub[rng.next(hub.len())].key.clone(),
            relation: Relation::ALL[rng.next(4)],
        })
        .collect();
    bencher.bench_local(|| {
        common_items(divan::black_box(&hub), &catalogs, divan::black_box(&links), 4).expect("k in range")
    });
}
