-- Tickets carry their lifecycle (issue 3): the event list (JSON) is the truth, and
-- priority, status and supervision are projections of it kept as plain columns. A ticket
-- that could not be placed waits in triage with no micro-grid. `version` guards against
-- two seats writing the same ticket at once.
--
-- Rows written before this migration get an empty event list; the store rebuilds their
-- events from their timestamps when it reads them (wangge_domain::lifecycle::events_from_stamps).

ALTER TABLE tickets ALTER COLUMN micro_grid DROP NOT NULL;
ALTER TABLE tickets ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE tickets ADD COLUMN status TEXT NOT NULL DEFAULT 'received';
ALTER TABLE tickets ADD COLUMN supervised BIGINT NOT NULL DEFAULT 0 CHECK (supervised IN (0, 1));
ALTER TABLE tickets ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE tickets ADD COLUMN events TEXT NOT NULL DEFAULT '';
UPDATE tickets SET status = CASE WHEN closed_at IS NOT NULL THEN 'closed'
                                 WHEN resolved_at IS NOT NULL THEN 'resolved'
                                 WHEN accepted_at IS NOT NULL THEN 'accepted'
                                 ELSE 'received' END;

-- The change log is also the audit trail: each row keeps the record as it was before.
ALTER TABLE change_log ADD COLUMN before TEXT;
