-- Self-checks: an organisation's answers to one questionnaire. Every change of an answer
-- raises its version (two people cannot overwrite each other unseen) and is kept in the
-- history.

CREATE TABLE assessments (
    id               TEXT PRIMARY KEY NOT NULL,
    org_id           TEXT NOT NULL REFERENCES organisations (id),
    questionnaire_id TEXT NOT NULL REFERENCES questionnaires (id),
    state            TEXT NOT NULL CHECK (state IN ('draft', 'submitted')),
    created_at       BIGINT NOT NULL,
    created_by       TEXT REFERENCES users (id),
    updated_at       BIGINT NOT NULL
);
CREATE INDEX assessments_org ON assessments (org_id, updated_at);

CREATE TABLE answers (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    position      BIGINT NOT NULL,
    value         TEXT NOT NULL CHECK (value IN ('implemented', 'partly', 'not-implemented', 'not-applicable')),
    reason        TEXT,
    note          TEXT,
    origin        TEXT NOT NULL CHECK (origin IN ('answered', 'inferred', 'confirmed')),
    version       BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    updated_by    TEXT REFERENCES users (id),
    PRIMARY KEY (assessment_id, position)
);

CREATE TABLE answer_history (
    assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    position      BIGINT NOT NULL,
    version       BIGINT NOT NULL,
    value         TEXT NOT NULL,
    reason        TEXT,
    note          TEXT,
    origin        TEXT NOT NULL,
    changed_at    BIGINT NOT NULL,
    changed_by    TEXT REFERENCES users (id),
    PRIMARY KEY (assessment_id, position, version)
);
