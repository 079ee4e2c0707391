//! Inference: answers carried through the mapping graph to every control they reach. For each
//! control and each status it can be shown to have, the best path is kept (the strongest
//! weakest link, then the fewest steps); the control's status is the best-ranked of those.
//! Each search is a fixpoint with a worklist; steps only shrink, so it ends, cycles included.

use std::collections::{HashMap, VecDeque};

use serde::{Deserialize, Serialize};

use super::graph::{Conflict, Graph, Mapping, NodeRef};
use super::status::{Need, Status, rules};
use crate::catalog::Relation;

/// The statuses a path can show, in rank order: one label slot each.
const SHOWN: [Status; 3] = [Status::Implemented, Status::Partly, Status::NotImplemented];

fn slot(s: Status) -> Option<usize> {
    SHOWN.iter().position(|x| *x == s)
}

/// How a label was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Answered,
    Link(u32),
}

/// The best path found to one status of one node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Label {
    /// The weakest strength along the path; -1 where a mapping gave none.
    strength: i8,
    hops: u32,
    via: Via,
}

type Labels = [Option<Label>; 3];

fn strength_of(s: Option<u8>) -> i8 {
    s.map_or(-1, |s| s.min(10) as i8)
}

/// One step of an explanation: the mapping used, in which direction, and what it rested on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub mapping_id: String,
    /// The relation as walked (a reversed subset reads as superset).
    pub relation: Relation,
    /// True where the stored mapping was walked from its target back to its source.
    pub reversed: bool,
    /// A declared group of sources.
    pub group: bool,
    /// The controls this step rested on, with the status each contributed.
    pub from: Vec<(NodeRef, Status)>,
}

/// A status derived for a control that was not answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derived {
    pub node: NodeRef,
    pub status: Status,
    /// The weakest strength on the path, where every mapping on it gave one.
    pub strength: Option<u8>,
    pub hops: u32,
    /// The last step; earlier ones are the derivations of its `from` controls.
    pub step: Step,
    /// The answered controls at the start of the path.
    pub answers: Vec<NodeRef>,
    /// Another path shows the opposite: implemented one way, not implemented another.
    pub contested: bool,
}

/// The outcome of one inference run.
#[derive(Debug)]
pub struct Inference {
    graph: Graph,
    labels: Vec<Labels>,
    answered: HashMap<NodeRef, Status>,
}

/// Carries `answers` through `mappings`. Answered controls keep their answers.
///
/// "Best path" is the widest path (its weakest mapping as strong as can be), then the shortest
/// at that width. The best path to a target need not extend the best path to its source, so
/// the width is not propagated: for each strength that occurs, from the strongest down, the
/// shortest paths using only mappings at least that strong are found, and each label is
/// settled at the first strength that reaches it.
pub fn infer(mappings: &[Mapping], answers: &[(NodeRef, Status)]) -> Inference {
    let mut graph = Graph::build(mappings);
    let answered: HashMap<NodeRef, Status> = answers.iter().cloned().collect();
    for n in answered.keys() {
        graph.node(n);
    }
    let mut widths: Vec<i8> = graph.links.iter().map(|l| strength_of(l.strength)).collect();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    widths.dedup();
    let mut labels: Vec<Labels> = vec![[None; 3]; graph.nodes.len()];
    for (n, status) in &answered {
        if let Some(k) = slot(*status) {
            labels[graph.index[n] as usize][k] = Some(Label { strength: 10, hops: 0, via: Via::Answered });
        }
    }
    for width in widths {
        let hops = shortest_paths(&graph, &answered, width);
        for (node, found) in labels.iter_mut().zip(hops) {
            for (label, reached) in node.iter_mut().zip(found) {
                if label.is_none() {
                    *label = reached.map(|(hops, via)| Label { strength: width, hops, via });
                }
            }
        }
    }
    Inference { graph, labels, answered }
}

/// Fewest steps to each status of each node, along mappings at least `width` strong.
type Reach = [Option<(u32, Via)>; 3];

fn shortest_paths(graph: &Graph, answered: &HashMap<NodeRef, Status>, width: i8) -> Vec<Reach> {
    let mut reach: Vec<Reach> = vec![[None; 3]; graph.nodes.len()];
    let mut fixed = vec![false; graph.nodes.len()];
    let mut work: VecDeque<u32> = VecDeque::new();
    let mut queued = vec![false; graph.nodes.len()];
    // In node order, so that every run walks the same way.
    let mut starts: Vec<(u32, Status)> = answered.iter().map(|(n, s)| (graph.index[n], *s)).collect();
    starts.sort_unstable_by_key(|(i, _)| *i);
    for (i, status) in starts {
        let i = i as usize;
        fixed[i] = true;
        if let Some(k) = slot(status) {
            reach[i][k] = Some((0, Via::Answered));
            queued[i] = true;
            work.push_back(i as u32);
        }
    }
    while let Some(n) = work.pop_front() {
        queued[n as usize] = false;
        for &l in &graph.by_source[n as usize] {
            let target = graph.links[l as usize].target as usize;
            if fixed[target] || strength_of(graph.links[l as usize].strength) < width {
                continue;
            }
            let mut improved = false;
            for (status, hops) in offers(graph, &reach, l) {
                let k = slot(status).unwrap_or(0);
                let better = |(cur, via): (u32, Via)| (hops, preference(graph, l)) < (cur, via_preference(graph, via));
                if reach[target][k].is_none_or(better) {
                    reach[target][k] = Some((hops, Via::Link(l)));
                    improved = true;
                }
            }
            if improved && !std::mem::replace(&mut queued[target], true) {
                work.push_back(target as u32);
            }
        }
    }
    reach
}

/// Between equally short paths, the one whose last mapping says most: equal, superset, a
/// covering group, subset, intersects; then the mapping stored first. Never "the first found".
fn preference(graph: &Graph, l: u32) -> (u8, u32) {
    let link = &graph.links[l as usize];
    let rank = match (link.group, link.relation) {
        (false, Relation::Equal) => 0,
        (false, Relation::Superset) => 1,
        (true, _) => 2,
        (false, Relation::Subset) => 3,
        _ => 4,
    };
    (rank, l)
}

fn via_preference(graph: &Graph, via: Via) -> (u8, u32) {
    match via {
        Via::Answered => (0, 0),
        Via::Link(l) => preference(graph, l),
    }
}

/// What link `l` offers its target: the steps to each status its rules can show, from the
/// steps its sources are known to need.
fn offers(graph: &Graph, reach: &[Reach], l: u32) -> Vec<(Status, u32)> {
    let link = &graph.links[l as usize];
    let fewest = |m: u32, need: Need| {
        SHOWN
            .iter()
            .zip(reach[m as usize])
            .filter(|(st, _)| need.met_by(**st))
            .filter_map(|(_, r)| r.map(|r| r.0))
            .min()
    };
    let mut out = Vec::new();
    for rule in rules(link.relation, link.group) {
        let hops = match rule.needs {
            // Every source is needed: the path is as long as the longest of theirs.
            Need::AllImplemented => link.sources.iter().try_fold(0u32, |h, &m| Some(h.max(fewest(m, rule.needs)?))),
            Need::AnyDone | Need::AnyNot => link.sources.iter().filter_map(|&m| fewest(m, rule.needs)).min(),
        };
        if let Some(h) = hops {
            out.push((rule.gives, h + 1));
        }
    }
    out
}

impl Inference {
    /// The status of `node`: its answer, or the best derived, or nothing.
    pub fn status(&self, node: &NodeRef) -> Option<Status> {
        if let Some(s) = self.answered.get(node) {
            return Some(*s);
        }
        self.best(*self.graph.index.get(node)?).map(|(s, _)| s)
    }

    /// The best-ranked status shown for node `i`, with its label.
    fn best(&self, i: u32) -> Option<(Status, Label)> {
        SHOWN.iter().zip(self.labels[i as usize]).find_map(|(s, lb)| lb.map(|lb| (*s, lb)))
    }

    /// The derivation of an unanswered node, with its explanation.
    pub fn derived(&self, node: &NodeRef) -> Option<Derived> {
        let i = *self.graph.index.get(node)?;
        let (status, label) = self.best(i)?;
        let Via::Link(l) = label.via else { return None };
        let link = &self.graph.links[l as usize];
        let labels = &self.labels[i as usize];
        Some(Derived {
            node: node.clone(),
            status,
            strength: u8::try_from(label.strength).ok(),
            hops: label.hops,
            step: Step {
                mapping_id: self.graph.mapping_ids[link.mapping].clone(),
                relation: link.relation,
                reversed: link.reversed,
                group: link.group,
                from: link
                    .sources
                    .iter()
                    .filter_map(|&s| self.best(s).map(|(st, _)| (self.graph.nodes[s as usize].clone(), st)))
                    .collect(),
            },
            answers: self.answers_behind(i, status),
            contested: labels[0].is_some() && labels[2].is_some(),
        })
    }

    /// Every derived node, in the order nodes were first seen.
    pub fn all_derived(&self) -> impl Iterator<Item = Derived> + '_ {
        self.graph.nodes.iter().filter_map(|n| self.derived(n))
    }

    /// Every status node `n` was shown to have, as (strength, hops) of the best path: for tests.
    #[cfg(test)]
    pub(super) fn shown(&self, n: &NodeRef) -> [Option<(i8, u32)>; 3] {
        match self.graph.index.get(n) {
            Some(&i) => self.labels[i as usize].map(|lb| lb.map(|lb| (lb.strength, lb.hops))),
            None => [None; 3],
        }
    }

    /// Mappings that disagree about the same pair of controls.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.graph.conflicts
    }

    /// The answered nodes the label for `status` of node `i` rests on, following each step's
    /// sources in the statuses its rule needed.
    fn answers_behind(&self, i: u32, status: Status) -> Vec<NodeRef> {
        let mut out = Vec::new();
        let mut stack = vec![(i, status)];
        let mut seen = std::collections::HashSet::new();
        while let Some((n, st)) = stack.pop() {
            if !seen.insert((n, st)) {
                continue;
            }
            let Some(label) = slot(st).and_then(|k| self.labels[n as usize][k]) else { continue };
            match label.via {
                Via::Answered => out.push(self.graph.nodes[n as usize].clone()),
                Via::Link(l) => {
                    let link = &self.graph.links[l as usize];
                    let needs: Vec<Need> =
                        rules(link.relation, link.group).iter().filter(|r| r.gives == st).map(|r| r.needs).collect();
                    for &m in &link.sources {
                        for (k, s) in SHOWN.iter().enumerate() {
                            if self.labels[m as usize][k].is_some() && needs.iter().any(|nd| nd.met_by(*s)) {
                                stack.push((m, *s));
                            }
                        }
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }
}
