-- Organisations, memberships, relationships between organisations, invitations, grants, API
-- tokens, and what sign-in needs (rate limiting, TOTP, password resets).

CREATE TABLE organisations (
    id                     TEXT PRIMARY KEY NOT NULL,
    name                   TEXT NOT NULL,
    corporate_number       TEXT UNIQUE,
    country                TEXT NOT NULL,
    industry               TEXT,
    size_band              TEXT,
    prefecture             TEXT,
    region                 TEXT,
    incident_contact_name  TEXT,
    incident_contact_email TEXT,
    incident_contact_phone TEXT,
    support_provider       TEXT,
    -- The mail domain the organisation's admin confirmed as its own, to recognise the firm.
    mail_domain            TEXT UNIQUE,
    created_at             BIGINT NOT NULL,
    updated_at             BIGINT NOT NULL
);

CREATE TABLE memberships (
    id         TEXT PRIMARY KEY NOT NULL,
    org_id     TEXT NOT NULL REFERENCES organisations (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    role       TEXT NOT NULL CHECK (role IN ('admin', 'member', 'reviewer', 'read-only')),
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE relationships (
    id           TEXT PRIMARY KEY NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('buyer-supplier', 'association-member', 'parent-subsidiary')),
    from_org     TEXT NOT NULL REFERENCES organisations (id),
    to_org       TEXT NOT NULL REFERENCES organisations (id),
    state        TEXT NOT NULL CHECK (state IN ('pending', 'active', 'ended')),
    requested_by TEXT NOT NULL REFERENCES organisations (id),
    created_at   BIGINT NOT NULL,
    accepted_at  BIGINT,
    ended_at     BIGINT,
    ended_by     TEXT REFERENCES organisations (id),
    CHECK (from_org <> to_org)
);
-- At most one pending or active link of a kind between the same two organisations.
CREATE UNIQUE INDEX relationships_live ON relationships (kind, from_org, to_org) WHERE state <> 'ended';
CREATE INDEX relationships_to ON relationships (to_org);

CREATE TABLE invitations (
    id               TEXT PRIMARY KEY NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    purpose          TEXT NOT NULL CHECK (purpose IN ('relationship', 'colleague')),
    inviter_org      TEXT NOT NULL REFERENCES organisations (id),
    inviter_user     TEXT NOT NULL REFERENCES users (id),
    email            TEXT NOT NULL,
    firm_name        TEXT,
    corporate_number TEXT,
    kind             TEXT,
    inviter_side     TEXT,
    role             TEXT,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    used_at          BIGINT,
    revoked_at       BIGINT
);
CREATE INDEX invitations_inviter ON invitations (inviter_org);

CREATE TABLE grants (
    id          TEXT PRIMARY KEY NOT NULL,
    owner_org   TEXT NOT NULL REFERENCES organisations (id),
    grantee_org TEXT NOT NULL REFERENCES organisations (id),
    object_kind TEXT NOT NULL,
    object_id   TEXT,
    purpose     TEXT NOT NULL,
    expires_at  BIGINT,
    revoked_at  BIGINT,
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    revoked_by  TEXT REFERENCES users (id),
    CHECK (owner_org <> grantee_org)
);
CREATE INDEX grants_grantee ON grants (grantee_org, object_kind);
CREATE INDEX grants_owner ON grants (owner_org);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    org_id       TEXT NOT NULL REFERENCES organisations (id),
    created_by   TEXT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'member', 'reviewer', 'read-only')),
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
CREATE INDEX api_tokens_org ON api_tokens (org_id);

-- Failed sign-in attempts, by account and by address, for rate limiting.
CREATE TABLE auth_failures (
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX auth_failures_key ON auth_failures (key, at);

CREATE TABLE password_resets (
    id         TEXT PRIMARY KEY NOT NULL,
    user_id    TEXT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);

ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

CREATE TABLE recovery_codes (
    user_id   TEXT NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    used_at   BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- Platform-wide switches set by the operator (e.g. two-factor authentication required).
CREATE TABLE platform_settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- The organisation an audited action was about (its objects), beside the one that acted.
ALTER TABLE audit_log ADD COLUMN subject_org_id TEXT;
CREATE INDEX audit_actor_org ON audit_log (actor_org_id);
CREATE INDEX audit_subject_org ON audit_log (subject_org_id);
