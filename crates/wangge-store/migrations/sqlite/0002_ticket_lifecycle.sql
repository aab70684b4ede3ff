-- Tickets carry their lifecycle (issue 3): the event list (JSON) is the truth, and
-- priority, status and supervision are projections of it kept as plain columns. A ticket
-- that could not be placed waits in triage with no micro-grid. `version` guards against
-- two seats writing the same ticket at once.
--
-- Rows written before this migration get an empty event list; the store rebuilds their
-- events from their timestamps when it reads them (wangge_domain::lifecycle::events_from_stamps).
-- SQLite cannot drop NOT NULL from a column: the table is rebuilt.

CREATE TABLE tickets_v2 (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    priority TEXT NOT NULL,
    summary TEXT NOT NULL,
    micro_grid TEXT REFERENCES nodes (code),
    lon DOUBLE PRECISION,
    lat DOUBLE PRECISION,
    owning_unit TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    accepted_at BIGINT,
    resolved_at BIGINT,
    closed_at BIGINT,
    deadline BIGINT NOT NULL,
    status TEXT NOT NULL,
    supervised BIGINT NOT NULL CHECK (supervised IN (0, 1)),
    version BIGINT NOT NULL,
    events TEXT NOT NULL,
    CHECK ((lon IS NULL) = (lat IS NULL))
);

INSERT INTO tickets_v2
SELECT id, source, category, 'normal', summary, micro_grid, lon, lat, owning_unit, received_at,
       accepted_at, resolved_at, closed_at, deadline,
       CASE WHEN closed_at IS NOT NULL THEN 'closed'
            WHEN resolved_at IS NOT NULL THEN 'resolved'
            WHEN accepted_at IS NOT NULL THEN 'accepted'
            ELSE 'received' END,
       0, 1, ''
FROM tickets;

DROP TABLE tickets;
ALTER TABLE tickets_v2 RENAME TO tickets;

-- The change log is also the audit trail: each row keeps the record as it was before.
ALTER TABLE change_log ADD COLUMN before TEXT;
