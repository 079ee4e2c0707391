-- Evidence an organisation keeps for its self-check answers: uploaded files (stored once per
-- organisation by SHA-256; the bytes live in the file store, not here), links, statements and
-- external certificates or declarations, which cover baseline items. Evidence is attached to
-- answers and reused across them.

CREATE TABLE evidence_files (
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    sha256     TEXT NOT NULL,
    size       BIGINT NOT NULL,
    file_type  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, sha256)
);

CREATE TABLE evidence (
    id            TEXT PRIMARY KEY NOT NULL,
    org_id        TEXT NOT NULL REFERENCES organisations (id),
    kind          TEXT NOT NULL CHECK (kind IN ('file', 'link', 'statement', 'certificate')),
    title         TEXT NOT NULL,
    sha256        TEXT,
    original_name TEXT,
    link          TEXT,
    statement     TEXT,
    scheme        TEXT,
    number        TEXT,
    issuer        TEXT,
    issued_on     TEXT,
    expires_on    TEXT,
    created_at    BIGINT NOT NULL,
    created_by    TEXT REFERENCES users (id),
    withdrawn_at  BIGINT,
    FOREIGN KEY (org_id, sha256) REFERENCES evidence_files (org_id, sha256),
    CHECK (kind <> 'file' OR sha256 IS NOT NULL),
    CHECK (kind <> 'link' OR link IS NOT NULL),
    CHECK (kind <> 'statement' OR statement IS NOT NULL),
    CHECK (kind <> 'certificate' OR scheme IS NOT NULL)
);
CREATE INDEX evidence_org ON evidence (org_id, created_at);

-- The items a certificate or declaration stands as evidence for.
CREATE TABLE evidence_covers (
    evidence_id TEXT NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    catalog_id  TEXT NOT NULL REFERENCES catalogs (id),
    control_key TEXT NOT NULL,
    PRIMARY KEY (evidence_id, catalog_id, control_key)
);
CREATE INDEX evidence_covers_item ON evidence_covers (catalog_id, control_key);

CREATE TABLE answer_evidence (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    position      BIGINT NOT NULL,
    evidence_id   TEXT NOT NULL REFERENCES evidence (id),
    linked_at     BIGINT NOT NULL,
    linked_by     TEXT REFERENCES users (id),
    PRIMARY KEY (assessment_id, position, evidence_id)
);
