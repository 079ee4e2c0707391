-- Questionnaires of the self-check: made from a profile or from tiers of our baseline, one
-- question per assessable item, laid out on screens (one per theme, small themes sharing).
-- They are templates, readable by everyone signed in; the texts stay in the catalogs.

CREATE TABLE questionnaires (
    id              TEXT PRIMARY KEY NOT NULL,
    title           TEXT NOT NULL,
    source          TEXT NOT NULL,
    profile_id      TEXT REFERENCES profiles (id),
    baseline_tier   BIGINT CHECK (baseline_tier BETWEEN 1 AND 4),
    questions_count BIGINT NOT NULL,
    screens_count   BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    created_by      TEXT REFERENCES users (id),
    created_by_org  TEXT REFERENCES organisations (id)
);

CREATE TABLE questions (
    questionnaire_id TEXT NOT NULL REFERENCES questionnaires (id) ON DELETE CASCADE,
    position         BIGINT NOT NULL,
    catalog_id       TEXT NOT NULL REFERENCES catalogs (id),
    control_key      TEXT NOT NULL,
    theme_key        TEXT NOT NULL,
    tier             BIGINT CHECK (tier BETWEEN 1 AND 4),
    screen           BIGINT NOT NULL,
    PRIMARY KEY (questionnaire_id, position),
    UNIQUE (questionnaire_id, catalog_id, control_key)
);
