## The common baseline (共通項)

nav-baseline = Common baseline
baseline-title = Kakehashi common baseline
baseline-hint = Measures common to firms in every industry, in four tiers. Each item says what to do, why, where to start and what counts as evidence.
baseline-tiers = Tiers
baseline-themes = Themes
baseline-all-tiers = All tiers
baseline-all-themes = All themes
baseline-tier-cumulative = Choosing a tier shows every item needed up to it (the tiers below included).
baseline-count = { $count } items
tier-1 = Tier 1 Basics for today
tier-2 = Tier 2 Self-check level
tier-3 = Tier 3 Supply-chain basic
tier-4 = Tier 4 Standard (for third-party checks)
