-- Crosswalks: mappings between controls of two catalogs. The reverse direction is derived when
-- read, never stored twice. A mapping with several sources is a group that jointly covers its
-- target. References that match no control are kept (key NULL) and listed as unresolved.

CREATE TABLE crosswalks (
    id                TEXT PRIMARY KEY NOT NULL,
    source_catalog_id TEXT NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    target_catalog_id TEXT NOT NULL REFERENCES catalogs (id) ON DELETE CASCADE,
    title             TEXT NOT NULL,
    provenance        TEXT NOT NULL,
    source_name       TEXT NOT NULL,
    mappings_count    INTEGER NOT NULL,
    unresolved_count  INTEGER NOT NULL,
    imported_at       INTEGER NOT NULL,
    imported_by       TEXT REFERENCES users (id)
);

CREATE TABLE mappings (
    id                TEXT PRIMARY KEY NOT NULL,
    crosswalk_id      TEXT NOT NULL REFERENCES crosswalks (id) ON DELETE CASCADE,
    source_catalog_id TEXT NOT NULL,
    target_catalog_id TEXT NOT NULL,
    target_key        TEXT,
    target_ref        TEXT NOT NULL,
    relation          TEXT NOT NULL CHECK (relation IN ('equal', 'subset', 'superset', 'intersects', 'no-relation')),
    strength          INTEGER CHECK (strength BETWEEN 0 AND 10),
    rationale         TEXT,
    position          INTEGER NOT NULL
);
CREATE INDEX mappings_target ON mappings (target_catalog_id, target_key);
CREATE INDEX mappings_crosswalk ON mappings (crosswalk_id, position);

CREATE TABLE mapping_sources (
    mapping_id TEXT NOT NULL REFERENCES mappings (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    source_key TEXT,
    source_ref TEXT NOT NULL,
    PRIMARY KEY (mapping_id, position)
);
CREATE INDEX mapping_sources_key ON mapping_sources (source_key);
