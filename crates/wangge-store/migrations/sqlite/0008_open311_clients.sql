-- Open311 clients (issue 10): each integrator that files requests (a 12345 hotline bridge, a
-- city app) has a key of its own, so one can be revoked without touching the others and
-- every ticket it files names it in the audit trail. Only the key's SHA-256 digest is kept.
-- Issuing and revoking are logged in account_log. Identical in the SQLite and PostgreSQL folders.

CREATE TABLE open311_clients (
    name TEXT PRIMARY KEY,
    key_digest TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
