//! The mappings as a graph of links, each direction explicit: a stored mapping gives a forward
//! link and derived reverse links, so that answers carry either way.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::catalog::Relation;

/// A control of some catalog.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct NodeRef {
    pub catalog: String,
    pub key: String,
}

impl NodeRef {
    pub fn new(catalog: impl Into<String>, key: impl Into<String>) -> NodeRef {
        NodeRef { catalog: catalog.into(), key: key.into() }
    }
}

/// One mapping as stored: several sources form a group that jointly relates to the target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// The stored mapping's id, kept in every explanation.
    pub id: String,
    pub sources: Vec<NodeRef>,
    pub target: NodeRef,
    pub relation: Relation,
    pub strength: Option<u8>,
}

/// Mappings between the same two controls that disagree (A equal B and B subset A). Inference
/// treats the pair as `intersects`, the weakest claim both could still mean, and reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub a: NodeRef,
    pub b: NodeRef,
    /// Each mapping's id with its relation, as seen from `a` to `b`.
    pub claims: Vec<(String, Relation)>,
}

/// A directed link: what inference walks.
#[derive(Debug, Clone)]
pub(super) struct Link {
    pub mapping: usize,
    pub sources: Vec<u32>,
    pub target: u32,
    pub relation: Relation,
    pub strength: Option<u8>,
    pub reversed: bool,
    pub group: bool,
}

/// The graph: nodes numbered densely, links by source for the worklist.
#[derive(Debug)]
pub(super) struct Graph {
    pub nodes: Vec<NodeRef>,
    pub index: HashMap<NodeRef, u32>,
    pub links: Vec<Link>,
    pub by_source: Vec<Vec<u32>>,
    pub by_target: Vec<Vec<u32>>,
    pub mapping_ids: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

impl Graph {
    pub fn build(mappings: &[Mapping]) -> Graph {
        let mut g = Graph {
            nodes: vec![],
            index: HashMap::new(),
            links: vec![],
            by_source: vec![],
            by_target: vec![],
            mapping_ids: mappings.iter().map(|m| m.id.clone()).collect(),
            conflicts: vec![],
        };
        let conflicted = find_conflicts(mappings);
        for (i, m) in mappings.iter().enumerate() {
            if m.relation == Relation::NoRelation || m.sources.is_empty() {
                continue;
            }
            let sources: Vec<u32> = m.sources.iter().map(|s| g.node(s)).collect();
            let target = g.node(&m.target);
            let group = sources.len() > 1;
            let relation = if !group && conflicted.pairs.contains(&pair(&m.sources[0], &m.target)) {
                Relation::Intersects
            } else {
                m.relation
            };
            g.push(Link {
                mapping: i,
                sources: sources.clone(),
                target,
                relation,
                strength: m.strength,
                reversed: false,
                group,
            });
            for &s in &sources {
                let back = if !group { relation.reverse() } else { member_seen_from_target(relation) };
                g.push(Link {
                    mapping: i,
                    sources: vec![target],
                    target: s,
                    relation: back,
                    strength: m.strength,
                    reversed: true,
                    group: false,
                });
            }
        }
        g.conflicts = conflicted.list;
        g
    }

    pub fn node(&mut self, n: &NodeRef) -> u32 {
        if let Some(&i) = self.index.get(n) {
            return i;
        }
        let i = self.nodes.len() as u32;
        self.nodes.push(n.clone());
        self.index.insert(n.clone(), i);
        self.by_source.push(vec![]);
        self.by_target.push(vec![]);
        i
    }

    fn push(&mut self, link: Link) {
        let at = self.links.len() as u32;
        for &s in &link.sources {
            if !self.by_source[s as usize].contains(&at) {
                self.by_source[s as usize].push(at);
            }
        }
        self.by_target[link.target as usize].push(at);
        self.links.push(link);
    }
}

/// A group relates to its target as a whole; each member alone is a part of it. Where the group
/// is within the target (`equal`, `subset`), the target asks for more than any member
/// (`superset`); otherwise the member and the target merely overlap.
fn member_seen_from_target(group_relation: Relation) -> Relation {
    match group_relation {
        Relation::Equal | Relation::Subset => Relation::Superset,
        _ => Relation::Intersects,
    }
}

fn pair(a: &NodeRef, b: &NodeRef) -> (NodeRef, NodeRef) {
    if a <= b { (a.clone(), b.clone()) } else { (b.clone(), a.clone()) }
}

struct Conflicts {
    pairs: BTreeSet<(NodeRef, NodeRef)>,
    list: Vec<Conflict>,
}

/// Pairs of controls whose one-to-one mappings (in either direction) claim different relations.
fn find_conflicts(mappings: &[Mapping]) -> Conflicts {
    let mut claims: BTreeMap<(NodeRef, NodeRef), Vec<(String, Relation)>> = BTreeMap::new();
    for m in mappings.iter().filter(|m| m.sources.len() == 1) {
        let (a, b) = pair(&m.sources[0], &m.target);
        let seen_from_a = if m.sources[0] == a { m.relation } else { m.relation.reverse() };
        claims.entry((a, b)).or_default().push((m.id.clone(), seen_from_a));
    }
    let mut out = Conflicts { pairs: BTreeSet::new(), list: vec![] };
    for ((a, b), c) in claims {
        if c.iter().any(|(_, r)| *r != c[0].1) {
            out.pairs.insert((a.clone(), b.clone()));
            out.list.push(Conflict { a, b, claims: c });
        }
    }
    out
}
