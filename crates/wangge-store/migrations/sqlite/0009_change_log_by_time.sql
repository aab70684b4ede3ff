-- Views of the past (briefings, `stats --as-of`) read the changes committed after an
-- instant to undo them; without this index every such read scans the whole log.
-- Identical in the SQLite and PostgreSQL folders.

CREATE INDEX change_log_by_time ON change_log (at);
