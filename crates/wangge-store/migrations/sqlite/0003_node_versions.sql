-- Boundaries are versioned (issue 4). A node's row holds its current figure (name and
-- boundary) and since when it holds (valid_from; NULL: since the district was set up).
-- A redraw keeps the figure it replaces in node_versions, valid over [valid_from, valid_to).
-- A node replaced by new codes is retired, never deleted: valid_to is set and the node keeps
-- its records, so past briefings stay right and every parent still sums its children.
-- Instants are unix seconds (BIGINT), like every timestamp of the schema. Identical in the
-- SQLite and PostgreSQL folders.

ALTER TABLE nodes ADD COLUMN valid_from BIGINT;
ALTER TABLE nodes ADD COLUMN valid_to BIGINT;

CREATE TABLE node_versions (
    code TEXT NOT NULL REFERENCES nodes (code),
    valid_from BIGINT,
    valid_to BIGINT NOT NULL,
    name TEXT NOT NULL,
    boundary TEXT NOT NULL,
    PRIMARY KEY (code, valid_to),
    CHECK (valid_from IS NULL OR valid_from < valid_to)
);
