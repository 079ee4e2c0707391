-- Review of self-checks. Submitting a self-check to an organisation grants it (through the
-- one sharing mechanism, `grants`) and records the submission. Each reviewer's verdict on an
-- answer names the answer version it was about, and carries its own version so that two
-- reviewers cannot overwrite each other unseen. Threads keep every verdict and reply.

CREATE TABLE submissions (
    assessment_id TEXT NOT NULL REFERENCES assessments (id),
    reviewer_org  TEXT NOT NULL REFERENCES organisations (id),
    grant_id      TEXT NOT NULL REFERENCES grants (id),
    submitted_at  INTEGER NOT NULL,
    submitted_by  TEXT REFERENCES users (id),
    PRIMARY KEY (assessment_id, reviewer_org)
);
CREATE INDEX submissions_reviewer ON submissions (reviewer_org, submitted_at);

CREATE TABLE verdicts (
    assessment_id  TEXT NOT NULL REFERENCES assessments (id),
    reviewer_org   TEXT NOT NULL REFERENCES organisations (id),
    position       INTEGER NOT NULL,
    verdict        TEXT NOT NULL CHECK (verdict IN ('accepted', 'asked', 'rejected')),
    answer_version INTEGER NOT NULL,
    version        INTEGER NOT NULL,
    decided_at     INTEGER NOT NULL,
    decided_by     TEXT REFERENCES users (id),
    PRIMARY KEY (assessment_id, reviewer_org, position)
);

CREATE TABLE review_comments (
    id             TEXT PRIMARY KEY NOT NULL,
    assessment_id  TEXT NOT NULL REFERENCES assessments (id),
    reviewer_org   TEXT NOT NULL REFERENCES organisations (id),
    position       INTEGER NOT NULL,
    author_org     TEXT NOT NULL REFERENCES organisations (id),
    author         TEXT REFERENCES users (id),
    kind           TEXT NOT NULL CHECK (kind IN ('accepted', 'asked', 'rejected', 'reply')),
    body           TEXT,
    answer_version INTEGER,
    created_at     INTEGER NOT NULL
);
CREATE INDEX review_comments_thread ON review_comments (assessment_id, reviewer_org, position, created_at);
