//! Common items (共通項): the items of a hub catalog (our baseline, or CSF 2.0) that at least
//! k of n chosen catalogs address, each with the controls that support it, ranked.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::catalog::Relation;

/// An item of the hub, in the hub's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubItem {
    pub key: String,
    pub withdrawn: bool,
}

/// A mapping between a control of another catalog and a hub item, seen from the control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubLink {
    pub catalog: String,
    pub control: String,
    pub hub_key: String,
    pub relation: Relation,
}

/// The controls of one catalog that address a hub item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Support {
    pub catalog: String,
    pub controls: Vec<(String, Relation)>,
}

impl Support {
    /// Whether some control of this catalog asks at least what the item asks.
    pub fn covers_fully(&self) -> bool {
        self.controls.iter().any(|(_, r)| matches!(r, Relation::Equal | Relation::Superset))
    }
}

/// One hub item and the catalogs behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommonItem {
    pub hub_key: String,
    /// How many of the chosen catalogs address it.
    pub covered_by: usize,
    /// How many of those ask at least what it asks (`equal` or `superset`).
    pub fully: usize,
    /// In the order the catalogs were chosen.
    pub support: Vec<Support>,
}

/// The result of one extraction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommonItems {
    pub n: usize,
    pub k: usize,
    /// Ranked: most catalogs first, then most full coverage, then the hub's order.
    pub items: Vec<CommonItem>,
    /// Withdrawn hub items that would have qualified, left out and listed.
    pub withdrawn: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommonItemsError {
    #[error("choose at least one catalog to compare")]
    NoCatalogs,
    #[error("k must be between 1 and the number of catalogs chosen ({n}); it was {k}")]
    KOutOfRange { k: usize, n: usize },
}

/// For one hub item: each catalog's controls addressing it.
type ControlsByCatalog<'a> = BTreeMap<&'a str, Vec<(String, Relation)>>;

/// The hub items addressed by at least `k` of `catalogs` through `links` (`no-relation` links
/// address nothing; links from other catalogs are ignored).
pub fn common_items(
    hub: &[HubItem],
    catalogs: &[String],
    links: &[HubLink],
    k: usize,
) -> Result<CommonItems, CommonItemsError> {
    let chosen: Vec<&String> = {
        let mut seen = BTreeSet::new();
        catalogs.iter().filter(|c| seen.insert(c.as_str())).collect()
    };
    let n = chosen.len();
    if n == 0 {
        return Err(CommonItemsError::NoCatalogs);
    }
    if k == 0 || k > n {
        return Err(CommonItemsError::KOutOfRange { k, n });
    }
    let mut by_item: BTreeMap<&str, ControlsByCatalog> = BTreeMap::new();
    for l in links.iter().filter(|l| l.relation != Relation::NoRelation && chosen.contains(&&l.catalog)) {
        let controls = by_item.entry(&l.hub_key).or_default().entry(&l.catalog).or_default();
        if !controls.iter().any(|(c, r)| *c == l.control && *r == l.relation) {
            controls.push((l.control.clone(), l.relation));
        }
    }
    let mut items = Vec::new();
    let mut withdrawn = Vec::new();
    for (position, item) in hub.iter().enumerate() {
        let Some(per_catalog) = by_item.get(item.key.as_str()) else { continue };
        let support: Vec<Support> = chosen
            .iter()
            .filter_map(|c| {
                per_catalog.get(c.as_str()).map(|ctl| Support { catalog: (*c).clone(), controls: ctl.clone() })
            })
            .collect();
        if support.len() < k {
            continue;
        }
        if item.withdrawn {
            withdrawn.push(item.key.clone());
            continue;
        }
        let fully = support.iter().filter(|s| s.covers_fully()).count();
        items.push((position, CommonItem { hub_key: item.key.clone(), covered_by: support.len(), fully, support }));
    }
    items.sort_by_key(|(position, i)| (std::cmp::Reverse(i.covered_by), std::cmp::Reverse(i.fully), *position));
    Ok(CommonItems { n, k, items: items.into_iter().map(|(_, i)| i).collect(), withdrawn })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hub(keys: &[&str]) -> Vec<HubItem> {
        keys.iter().map(|k| HubItem { key: (*k).into(), withdrawn: false }).collect()
    }

    fn link(catalog: &str, control: &str, hub_key: &str, relation: Relation) -> HubLink {
        HubLink { catalog: catalog.into(), control: control.into(), hub_key: hub_key.into(), relation }
    }

    fn names(c: &[&str]) -> Vec<String> {
        c.iter().map(|s| (*s).into()).collect()
    }

    #[test]
    fn items_are_ranked_by_how_many_catalogs_address_them_then_how_fully() {
        let links = vec![
            link("a", "a1", "h2", Relation::Intersects),
            link("b", "b1", "h2", Relation::Intersects),
            link("a", "a2", "h1", Relation::Equal),
            link("b", "b2", "h1", Relation::Subset),
            link("c", "c1", "h1", Relation::Superset),
            link("c", "c2", "h3", Relation::NoRelation),
            link("z", "z1", "h3", Relation::Equal),
            link("a", "a3", "h3", Relation::Equal),
            link("b", "b3", "h3", Relation::Equal),
        ];
        let r = common_items(&hub(&["h1", "h2", "h3"]), &names(&["a", "b", "c"]), &links, 2).expect("k is in range");
        let order: Vec<(&str, usize, usize)> =
            r.items.iter().map(|i| (i.hub_key.as_str(), i.covered_by, i.fully)).collect();
        assert_eq!(order, vec![("h1", 3, 2), ("h3", 2, 2), ("h2", 2, 0)]);
        assert_eq!(r.items[0].support[1].controls, vec![("b2".to_string(), Relation::Subset)]);
        let r = common_items(&hub(&["h1", "h2", "h3"]), &names(&["a", "b", "c"]), &links, 3).expect("k is in range");
        assert_eq!(r.items.len(), 1);
    }

    #[test]
    fn k_out_of_range_and_no_catalogs_are_refused_and_withdrawn_items_listed() {
        let links = vec![link("a", "a1", "h1", Relation::Equal)];
        assert_eq!(
            common_items(&hub(&["h1"]), &names(&["a"]), &links, 2),
            Err(CommonItemsError::KOutOfRange { k: 2, n: 1 })
        );
        assert_eq!(
            common_items(&hub(&["h1"]), &names(&["a", "a"]), &links, 2),
            Err(CommonItemsError::KOutOfRange { k: 2, n: 1 })
        );
        assert_eq!(
            common_items(&hub(&["h1"]), &names(&["a"]), &links, 0),
            Err(CommonItemsError::KOutOfRange { k: 0, n: 1 })
        );
        assert_eq!(common_items(&hub(&["h1"]), &[], &links, 1), Err(CommonItemsError::NoCatalogs));
        let mut h = hub(&["h1"]);
        h[0].withdrawn = true;
        let r = common_items(&h, &names(&["a"]), &links, 1).expect("k is in range");
        assert!(r.items.is_empty());
        assert_eq!(r.withdrawn, vec!["h1".to_string()]);
    }
}
