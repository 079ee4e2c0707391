//! The four tiers of our baseline. Each includes the ones below it: a firm at tier 3 does the
//! items of tiers 1 to 3.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Tier {
    /// The few basic measures every firm can take today.
    Basic = 1,
    /// The level of a short self-check and a written basic policy.
    SelfCheck = 2,
    /// What every firm in a supply chain should meet, with evidence.
    SupplyChain = 3,
    /// For suppliers holding important data or connected to a buyer's network; meant for
    /// third-party verification.
    Standard = 4,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::Basic, Tier::SelfCheck, Tier::SupplyChain, Tier::Standard];

    pub fn number(self) -> u8 {
        self as u8
    }

    /// The UI string key naming this tier.
    pub fn label_key(self) -> &'static str {
        match self {
            Tier::Basic => "tier-1",
            Tier::SelfCheck => "tier-2",
            Tier::SupplyChain => "tier-3",
            Tier::Standard => "tier-4",
        }
    }

    /// Whether a firm aiming at `self` must do an item of tier `item`.
    pub fn includes(self, item: Tier) -> bool {
        item <= self
    }
}

impl TryFrom<u8> for Tier {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Tier::ALL
            .into_iter()
            .find(|t| t.number() == n)
            .ok_or_else(|| format!("tier {n} does not exist: use 1, 2, 3 or 4"))
    }
}

impl From<Tier> for u8 {
    fn from(t: Tier) -> u8 {
        t.number()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_are_cumulative_and_numbered_one_to_four() {
        assert!(Tier::SupplyChain.includes(Tier::Basic));
        assert!(!Tier::SelfCheck.includes(Tier::Standard));
        assert_eq!(Tier::try_from(3), Ok(Tier::SupplyChain));
        assert!(Tier::try_from(5).is_err());
    }
}
