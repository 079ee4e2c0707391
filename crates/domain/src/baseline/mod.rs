//! The cross-industry common baseline (共通項): its tiers and themes, and the extraction of
//! items common to several catalogs through their mappings to a hub.

mod common_items;
mod tier;

pub use common_items::{CommonItem, CommonItems, CommonItemsError, HubItem, HubLink, Support, common_items};
pub use tier::Tier;
