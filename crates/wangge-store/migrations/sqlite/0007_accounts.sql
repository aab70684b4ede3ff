-- Accounts, their sessions and what administrators did to them (issue 10). A seat signs in
-- with a name and a password; the password is kept only as an argon2 hash (PHC string) and a
-- session token only as its SHA-256 digest, so a copy of the database holds no password and
-- no usable token. Account administration is not a change to the district, so it has its own
-- append-only log instead of the change log. Identical in the SQLite and PostgreSQL folders.

CREATE TABLE accounts (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    node_code TEXT NOT NULL,
    administrator BIGINT NOT NULL DEFAULT 0,
    disabled BIGINT NOT NULL DEFAULT 0,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_digest TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts (name),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_by_account ON sessions (account);

CREATE TABLE account_log (
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    account TEXT NOT NULL,
    action TEXT NOT NULL
);
