-- Every kind of record carries a version, as tickets do since 0002: raised by one on every
-- stored change, so a write made on an older version is refused instead of silently
-- overwriting somebody else's (two seats releasing one isolation, for instance). Rows stored
-- before this migration start at 0. Identical in the SQLite and PostgreSQL folders.

ALTER TABLE houses ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE isolations ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE follow_ups ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE enterprises ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE task_items ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
