-- Catalogs of controls (frameworks, guidelines), platform-wide reference data.

CREATE TABLE catalogs (
    id             TEXT PRIMARY KEY NOT NULL,
    title          TEXT NOT NULL,
    version        TEXT NOT NULL,
    issuer         TEXT,
    licence_note   TEXT,
    oscal_uuid     TEXT,
    oscal_version  TEXT,
    languages      TEXT NOT NULL,
    source_name    TEXT NOT NULL,
    source_sha256  TEXT NOT NULL,
    controls_count BIGINT NOT NULL,
    imported_at    BIGINT NOT NULL,
    imported_by    TEXT REFERENCES users (id),
    UNIQUE (title, version)
);

CREATE TABLE catalog_controls (
    catalog_id TEXT NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    label      TEXT NOT NULL,
    norm_label TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('group', 'control')),
    parent_key TEXT,
    class      TEXT,
    withdrawn  BIGINT NOT NULL CHECK (withdrawn IN (0, 1)),
    position   BIGINT NOT NULL,
    PRIMARY KEY (catalog_id, key)
);
CREATE INDEX catalog_controls_label ON catalog_controls (catalog_id, norm_label);
CREATE INDEX catalog_controls_parent ON catalog_controls (catalog_id, parent_key);

CREATE TABLE catalog_texts (
    catalog_id TEXT NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    lang       TEXT NOT NULL,
    title      TEXT,
    statement  TEXT,
    guidance   TEXT,
    PRIMARY KEY (catalog_id, key, lang)
);
