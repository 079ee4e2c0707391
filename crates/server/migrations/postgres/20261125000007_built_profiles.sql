-- Profiles built in Kakehashi (common items, baseline tiers, chosen controls) record the
-- organisation that published them; imported profiles have none.

ALTER TABLE profiles ADD COLUMN built_by_org TEXT REFERENCES organisations (id);
