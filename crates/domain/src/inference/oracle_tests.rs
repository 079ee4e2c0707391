//! Inference checked against a brute-force oracle: every derivation tree whose branches repeat
//! no control, searched exhaustively on small random crosswalks.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::status::{Need, rules};
use super::*;
use crate::catalog::Relation;

type Shown = [Option<(i8, u32)>; 3];
type Paths = [BTreeSet<(i8, u32)>; 3];

/// A link as the oracle reads the mappings, built without the solver's graph code.
struct OracleLink {
    sources: Vec<NodeRef>,
    target: NodeRef,
    relation: Relation,
    strength: Option<u8>,
    group: bool,
}

fn oracle_links(mappings: &[Mapping]) -> Vec<OracleLink> {
    let seen_from = |m: &Mapping, a: &NodeRef| if &m.sources[0] == a { m.relation } else { m.relation.reverse() };
    let disputed = |m: &Mapping| {
        let a = &m.sources[0];
        mappings.iter().filter(|o| o.sources.len() == 1).any(|o| {
            let same_pair =
                (o.sources[0] == *a && o.target == m.target) || (o.sources[0] == m.target && o.target == *a);
            same_pair && seen_from(o, a) != m.relation
        })
    };
    let mut out = vec![];
    for m in mappings.iter().filter(|m| m.relation != Relation::NoRelation) {
        let group = m.sources.len() > 1;
        let relation = if !group && disputed(m) { Relation::Intersects } else { m.relation };
        out.push(OracleLink {
            sources: m.sources.clone(),
            target: m.target.clone(),
            relation,
            strength: m.strength,
            group,
        });
        for s in &m.sources {
            let back = match (group, relation) {
                (false, r) => r.reverse(),
                (true, Relation::Equal | Relation::Subset) => Relation::Superset,
                (true, _) => Relation::Intersects,
            };
            out.push(OracleLink {
                sources: vec![m.target.clone()],
                target: s.clone(),
                relation: back,
                strength: m.strength,
                group: false,
            });
        }
    }
    out
}

/// Every (strength, hops) reachable for each shown status of `node`, over every derivation tree
/// whose branches do not pass through `visited`, pruned to those no other beats on both.
fn oracle(links: &[OracleLink], answers: &[(NodeRef, Status)], node: &NodeRef, visited: &BTreeSet<NodeRef>) -> Paths {
    const SHOWN: [Status; 3] = [Status::Implemented, Status::Partly, Status::NotImplemented];
    if let Some((_, s)) = answers.iter().find(|(n, _)| n == node) {
        return SHOWN.map(|x| if x == *s { BTreeSet::from([(10, 0)]) } else { BTreeSet::new() });
    }
    let mut inner = visited.clone();
    inner.insert(node.clone());
    let mut found: Paths = Default::default();
    for link in links.iter().filter(|l| &l.target == node) {
        let members: Vec<Paths> = link
            .sources
            .iter()
            .map(|s| if inner.contains(s) { Default::default() } else { oracle(links, answers, s, &inner) })
            .collect();
        let cap = link.strength.map_or(-1, |s| s as i8);
        for rule in rules(link.relation, link.group) {
            let usable = |m: &Paths| -> Vec<(i8, u32)> {
                SHOWN
                    .iter()
                    .zip(m)
                    .filter(|(s, _)| rule.needs.met_by(**s))
                    .flat_map(|(_, p)| p.iter().copied())
                    .collect()
            };
            let combined: Vec<(i8, u32)> = match rule.needs {
                Need::AllImplemented => members.iter().fold(vec![(cap, 0u32)], |acc, m| {
                    acc.iter()
                        .flat_map(|&(s, h)| usable(m).into_iter().map(move |(ms, mh)| (s.min(ms), h.max(mh))))
                        .collect()
                }),
                _ => members.iter().flat_map(usable).map(|(s, h)| (s.min(cap), h)).collect(),
            };
            let k = SHOWN.iter().position(|x| *x == rule.gives).unwrap_or(0);
            found[k].extend(combined.into_iter().map(|(s, h)| (s, h + 1)));
        }
    }
    found.map(pareto)
}

fn pareto(paths: BTreeSet<(i8, u32)>) -> BTreeSet<(i8, u32)> {
    paths
        .iter()
        .copied()
        .filter(|&(s, h)| !paths.iter().any(|&(os, oh)| (os, oh) != (s, h) && os >= s && oh <= h))
        .collect()
}

/// The best of each status: the widest path, then the shortest.
fn best(paths: &Paths) -> Shown {
    paths.each_ref().map(|p| p.iter().copied().max_by_key(|&(s, h)| (s, std::cmp::Reverse(h))))
}

/// What a result means: where a control is shown implemented, a "partly" beside it says nothing
/// more (and the solver may have reached it round a cycle through that very control).
fn effective(mut shown: Shown) -> Shown {
    if shown[0].is_some() {
        shown[1] = None;
    }
    shown
}

fn node() -> impl Strategy<Value = NodeRef> {
    (0..3u8, 0..2u8).prop_map(|(c, k)| NodeRef::new(format!("c{c}"), format!("k{k}")))
}

fn relation() -> impl Strategy<Value = Relation> {
    prop::sample::select(Relation::ALL.to_vec())
}

fn mapping() -> impl Strategy<Value = Mapping> {
    (prop::collection::btree_set(node(), 1..=2), node(), relation(), prop::option::of(0..=10u8)).prop_filter_map(
        "a control does not map to itself",
        |(sources, target, relation, strength)| {
            (!sources.contains(&target)).then(|| Mapping {
                id: String::new(),
                sources: sources.into_iter().collect(),
                target,
                relation,
                strength,
            })
        },
    )
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_best_path_found_is_the_best_path_there_is(
        mut mappings in prop::collection::vec(mapping(), 0..8),
        answers in prop::collection::btree_map(node(), status(), 0..4),
    ) {
        for (i, m) in mappings.iter_mut().enumerate() {
            m.id = format!("m{i}");
        }
        let answers: Vec<(NodeRef, Status)> = answers.into_iter().collect();
        let result = infer(&mappings, &answers);
        let links = oracle_links(&mappings);
        for c in 0..3u8 {
            for k in 0..2u8 {
                let n = NodeRef::new(format!("c{c}"), format!("k{k}"));
                let answered = answers.iter().find(|(a, _)| *a == n).map(|(_, s)| *s);
                match answered {
                    Some(a) => {
                        prop_assert_eq!(result.status(&n), Some(a), "an answer is never overwritten");
                        prop_assert!(result.derived(&n).is_none(), "answered {:?} was derived", n);
                    }
                    None => prop_assert_eq!(
                        effective(result.shown(&n)),
                        effective(best(&oracle(&links, &answers, &n, &BTreeSet::new()))),
                        "node {:?}", n
                    ),
                }
            }
        }
    }
}

fn n(c: &str, k: &str) -> NodeRef {
    NodeRef::new(c, k)
}

fn m(id: &str, sources: &[NodeRef], target: NodeRef, relation: Relation, strength: Option<u8>) -> Mapping {
    Mapping { id: id.into(), sources: sources.to_vec(), target, relation, strength }
}

#[test]
fn the_stronger_of_two_equal_paths_wins_whatever_the_order() {
    let a = n("ipa", "1");
    let (b, c) = (n("base", "b"), n("base", "c"));
    let t = n("csf", "t");
    let maps = vec![
        m("weak", std::slice::from_ref(&b), t.clone(), Relation::Superset, Some(3)),
        m("strong", std::slice::from_ref(&c), t.clone(), Relation::Superset, Some(9)),
        m("ab", std::slice::from_ref(&a), b, Relation::Equal, Some(10)),
        m("ac", std::slice::from_ref(&a), c, Relation::Equal, Some(10)),
    ];
    for order in [maps.clone(), maps.iter().rev().cloned().collect()] {
        let r = infer(&order, &[(a.clone(), Status::Implemented)]);
        let d = r.derived(&t).expect("derived");
        assert_eq!((d.status, d.strength, d.step.mapping_id.as_str()), (Status::Implemented, Some(9), "strong"));
        assert_eq!(d.answers, vec![a.clone()]);
    }
}

#[test]
fn a_group_covers_its_target_and_the_reverse_of_a_subset_carries_back() {
    let (x, y, t) = (n("a", "x"), n("a", "y"), n("b", "t"));
    let maps = vec![m("g", &[x.clone(), y.clone()], t.clone(), Relation::Equal, None)];
    let r = infer(&maps, &[(x.clone(), Status::Implemented), (y.clone(), Status::Implemented)]);
    let d = r.derived(&t).expect("derived");
    assert!(d.step.group && d.status == Status::Implemented);
    assert_eq!(d.answers, vec![x.clone(), y.clone()]);
    let r = infer(&maps, &[(x.clone(), Status::Implemented)]);
    assert_eq!(r.status(&t), Some(Status::Partly));
    let r = infer(&maps, &[(t.clone(), Status::Implemented)]);
    assert_eq!(r.status(&x), Some(Status::Implemented), "the target asks for more than each member");
}

#[test]
fn contradicting_mappings_are_reported_and_read_as_intersects() {
    let (a, b) = (n("x", "a"), n("y", "b"));
    let maps = vec![
        m("eq", std::slice::from_ref(&a), b.clone(), Relation::Equal, None),
        m("sub", std::slice::from_ref(&b), a.clone(), Relation::Subset, None),
    ];
    let r = infer(&maps, &[(a.clone(), Status::Implemented)]);
    assert_eq!(r.conflicts().len(), 1);
    assert_eq!(r.conflicts()[0].claims.len(), 2);
    assert_eq!(r.status(&b), Some(Status::Partly));
}

#[test]
fn cycles_through_several_catalogs_end_and_change_nothing_answered() {
    let (a, b, c) = (n("x", "a"), n("y", "b"), n("z", "c"));
    let maps = vec![
        m("ab", std::slice::from_ref(&a), b.clone(), Relation::Equal, None),
        m("bc", std::slice::from_ref(&b), c.clone(), Relation::Equal, None),
        m("ca", std::slice::from_ref(&c), a.clone(), Relation::Equal, None),
    ];
    let r = infer(&maps, &[(a.clone(), Status::NotImplemented)]);
    assert_eq!(r.status(&a), Some(Status::NotImplemented));
    assert_eq!(r.status(&c), Some(Status::NotImplemented));
    assert_eq!(r.derived(&c).map(|d| d.hops), Some(1), "the shorter way round, via the reverse of ca");
}
