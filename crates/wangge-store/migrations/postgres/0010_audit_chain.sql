-- The audit chain (issue 11): each change-log row carries the SHA-256 of the row before it
-- and its own columns (crates/wangge-store/src/chain.rs), so an edited or removed row is
-- found by `wangge audit verify`. Rows written before this migration are hashed once by
-- the first build that opens the store; `audit_chain` records up to which seq and when, and
-- its presence means the store is never sealed again.
-- Identical in the SQLite and PostgreSQL folders.

ALTER TABLE change_log ADD COLUMN chain_hash TEXT;

CREATE TABLE audit_chain (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    sealed_through BIGINT NOT NULL,
    sealed_at BIGINT NOT NULL
);
