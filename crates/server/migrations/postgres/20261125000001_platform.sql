-- Platform tables: people, sessions, durable jobs, the mail outbox and the audit log.
-- Times are Unix milliseconds. Ids are UUIDv7 text. Flags are 0/1 integers: the Any driver
-- cannot decode SQLite booleans.

CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_operator   BIGINT NOT NULL DEFAULT 0 CHECK (is_operator IN (0, 1)),
    locale        TEXT NOT NULL DEFAULT 'ja',
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT
);

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT REFERENCES users (id) ON DELETE CASCADE,
    data       TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

CREATE TABLE jobs (
    id           TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    unique_key   TEXT UNIQUE,
    state        TEXT NOT NULL CHECK (state IN ('pending', 'running', 'done', 'failed')),
    run_at       BIGINT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    last_error   TEXT,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX jobs_due ON jobs (state, run_at);

CREATE TABLE outbox (
    id              TEXT PRIMARY KEY NOT NULL,
    kind            TEXT NOT NULL,
    to_addr         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body_text       TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'held', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_created ON outbox (created_at);

CREATE TABLE audit_log (
    seq           BIGINT PRIMARY KEY NOT NULL,
    at            BIGINT NOT NULL,
    actor_user_id TEXT,
    actor_org_id  TEXT,
    action        TEXT NOT NULL,
    object_kind   TEXT,
    object_id     TEXT,
    details       TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_object ON audit_log (object_kind, object_id);

-- The head of the chain: one row, updated first in every appending transaction, so that
-- appends are serialised on both backends.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY NOT NULL CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
