//! The scoring rule shown to the supplier, and the tier it reaches.
//!
//! - Points as in IPA's self-check: implemented 4, partly 2, not implemented 0, per question;
//!   "not applicable" is left out (neither points nor maximum). A theme's score and the overall
//!   score are points over the maximum of the questions that count, as a percentage.
//! - Only answers the supplier gave or confirmed count: an answer inferred from another
//!   framework counts once the supplier confirms it.
//! - The tier is the highest baseline tier T such that the questionnaire has items of tier T and
//!   every item of tiers 1..=T is met: implemented, or not applicable with a reason a reviewer
//!   accepted. The provisional tier, shown before review, takes any reason as given.

use serde::{Deserialize, Serialize};

use super::scale::Answer;
use crate::baseline::Tier;

/// One question's state, as scoring sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemState {
    pub theme: String,
    /// The baseline tier of the item, for questionnaires made from the baseline.
    pub tier: Option<Tier>,
    pub answer: Option<Answer>,
    /// Given or confirmed by the supplier (an unconfirmed inferred answer does not count).
    pub counts: bool,
    /// A reviewer accepted the reason of a "not applicable".
    pub reason_accepted: bool,
}

impl ItemState {
    fn counted(&self) -> Option<&Answer> {
        self.answer.as_ref().filter(|_| self.counts)
    }

    /// Met for the tier: implemented, or not applicable with a reason (accepted, unless
    /// `provisional`).
    pub fn met(&self, provisional: bool) -> bool {
        match self.counted() {
            Some(Answer::Implemented) => true,
            Some(Answer::NotApplicable { .. }) => provisional || self.reason_accepted,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    pub questions: usize,
    /// Questions with an answer that counts.
    pub answered: usize,
    pub points: u32,
    pub max: u32,
}

impl Score {
    /// Points over the maximum, rounded down; none while nothing counts.
    pub fn percent(&self) -> Option<u32> {
        (self.max > 0).then(|| self.points * 100 / self.max)
    }

    fn add(&mut self, item: &ItemState) {
        self.questions += 1;
        if let Some(answer) = item.counted() {
            self.answered += 1;
            if let Some(p) = answer.points() {
                self.points += p;
                self.max += 4;
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scoring {
    pub overall: Score,
    /// In the order themes first appear.
    pub by_theme: Vec<(String, Score)>,
    /// Reached with reviewed reasons.
    #[serde(default)]
    pub tier: Option<Tier>,
    /// Reached taking every "not applicable" reason as given (before review).
    #[serde(default)]
    pub provisional_tier: Option<Tier>,
    /// The next tier the questionnaire asks about, and what stands between the firm and it.
    #[serde(default)]
    pub next: Option<NextTier>,
}

/// The next tier, and how far it is: items not met yet, and among them the "not applicable"
/// answers that only wait for a reviewer to accept their reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextTier {
    pub tier: Tier,
    pub missing: usize,
    pub awaiting_review: usize,
}

pub fn score(items: &[ItemState]) -> Scoring {
    let mut overall = Score::default();
    let mut by_theme: Vec<(String, Score)> = Vec::new();
    for item in items {
        overall.add(item);
        match by_theme.iter_mut().find(|(t, _)| *t == item.theme) {
            Some((_, s)) => s.add(item),
            None => {
                let mut s = Score::default();
                s.add(item);
                by_theme.push((item.theme.clone(), s));
            }
        }
    }
    Scoring { overall, by_theme, tier: tier(items, false), provisional_tier: tier(items, true), next: next_tier(items) }
}

/// The first tier above the one reached that the questionnaire has items of, and what is left
/// to reach it (see [`NextTier`]).
pub fn next_tier(items: &[ItemState]) -> Option<NextTier> {
    let reached = tier(items, false);
    let next = Tier::ALL.into_iter().find(|t| Some(*t) > reached && items.iter().any(|i| i.tier == Some(*t)))?;
    let unmet: Vec<&ItemState> = items.iter().filter(|i| i.tier.is_some_and(|t| t <= next) && !i.met(false)).collect();
    let awaiting_review = unmet.iter().filter(|i| i.met(true)).count();
    Some(NextTier { tier: next, missing: unmet.len(), awaiting_review })
}

/// The highest tier reached (see the module's rule).
pub fn tier(items: &[ItemState], provisional: bool) -> Option<Tier> {
    let mut reached = None;
    for t in Tier::ALL {
        let of_tier: Vec<&ItemState> = items.iter().filter(|i| i.tier == Some(t)).collect();
        if of_tier.is_empty() || !of_tier.iter().all(|i| i.met(provisional)) {
            break;
        }
        reached = Some(t);
    }
    reached
}

/// The items to work on next: the unmet items of the tier after the one reached, most nearly
/// done first (partly, then not implemented, then unanswered or unconfirmed, then a "not
/// applicable" whose reason is not yet accepted), in questionnaire order within each. Indexes
/// into `items`.
pub fn next_steps(items: &[ItemState]) -> Vec<usize> {
    let next = match tier(items, false) {
        None => Tier::Basic,
        Some(t) => match Tier::ALL.iter().find(|x| **x > t) {
            Some(n) => *n,
            None => return vec![],
        },
    };
    let mut unmet: Vec<(u8, usize)> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.tier.is_some_and(|t| t <= next) && !i.met(false))
        .map(|(n, i)| {
            let rank = match i.counted() {
                Some(Answer::Partly) => 0,
                Some(Answer::NotImplemented) => 1,
                None => 2,
                _ => 3,
            };
            (rank, n)
        })
        .collect();
    unmet.sort_unstable();
    unmet.into_iter().map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(tier: u8, answer: Option<Answer>) -> ItemState {
        ItemState {
            theme: format!("t{tier}"),
            tier: Tier::try_from(tier).ok(),
            answer,
            counts: true,
            reason_accepted: false,
        }
    }

    #[test]
    fn points_leave_not_applicable_out_and_inferred_answers_count_once_confirmed() {
        let mut items = vec![
            item(1, Some(Answer::Implemented)),
            item(1, Some(Answer::Partly)),
            item(1, Some(Answer::NotApplicable { reason: "no Wi-Fi".into() })),
            item(2, Some(Answer::Implemented)),
        ];
        items[3].counts = false;
        let s = score(&items);
        assert_eq!((s.overall.points, s.overall.max, s.overall.percent()), (6, 8, Some(75)));
        assert_eq!(s.overall.answered, 3);
        assert_eq!(s.by_theme[1].1.answered, 0, "the inferred answer waits for confirmation");
    }

    #[test]
    fn the_tier_needs_every_item_up_to_it_and_accepted_reasons() {
        let na = || Some(Answer::NotApplicable { reason: "no office".into() });
        let mut items =
            vec![item(1, Some(Answer::Implemented)), item(1, na()), item(2, Some(Answer::Implemented)), item(3, None)];
        let s = score(&items);
        assert_eq!((s.tier, s.provisional_tier), (None, Some(Tier::SelfCheck)));
        let next = next_tier(&items).expect("tier 1 is next");
        assert_eq!((next.tier, next.missing, next.awaiting_review), (Tier::Basic, 1, 1), "only the reason waits");
        items[1].reason_accepted = true;
        assert_eq!(tier(&items, false), Some(Tier::SelfCheck));
        let next = next_tier(&items).expect("tier 3 is next");
        assert_eq!((next.tier, next.missing, next.awaiting_review), (Tier::SupplyChain, 1, 0), "the unanswered item");
        items[2].answer = Some(Answer::Partly);
        assert_eq!(tier(&items, false), Some(Tier::Basic));
        assert_eq!(next_steps(&items), vec![2], "the partly item of tier 2 is next");
    }

    #[test]
    fn next_steps_put_the_nearly_done_first() {
        let items = vec![
            item(1, None),
            item(1, Some(Answer::NotImplemented)),
            item(1, Some(Answer::Partly)),
            item(2, Some(Answer::Partly)),
        ];
        assert_eq!(next_steps(&items), vec![2, 1, 0], "tier 1 first; tier 2 waits");
        assert_eq!(tier(&[], false), None);
    }
}
