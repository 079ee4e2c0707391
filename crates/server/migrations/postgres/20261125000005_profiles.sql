-- Profiles: selections of controls from imported catalogs (NIST's baselines, later our own
-- tiered baseline), stored resolved: one row per selected control.

CREATE TABLE profiles (
    id            TEXT PRIMARY KEY NOT NULL,
    title         TEXT NOT NULL,
    version       TEXT NOT NULL,
    oscal_uuid    TEXT,
    oscal_version TEXT,
    source_name   TEXT NOT NULL,
    imported_at   BIGINT NOT NULL,
    imported_by   TEXT REFERENCES users (id),
    UNIQUE (title, version)
);

CREATE TABLE profile_controls (
    profile_id  TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    catalog_id  TEXT NOT NULL REFERENCES catalogs (id),
    control_key TEXT NOT NULL,
    tier        BIGINT,
    position    BIGINT NOT NULL,
    PRIMARY KEY (profile_id, catalog_id, control_key)
);

-- Ids a profile named that matched no control of its catalog.
CREATE TABLE profile_unresolved (
    profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    reference  TEXT NOT NULL,
    PRIMARY KEY (profile_id, reference)
);
