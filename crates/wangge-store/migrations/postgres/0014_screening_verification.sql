-- The community's check of a complete screening part (社区核验, issue 12): who checked it
-- and when; NULL until then. Identical in the SQLite and PostgreSQL folders.

ALTER TABLE tasks ADD COLUMN verified_by TEXT;
ALTER TABLE tasks ADD COLUMN verified_at BIGINT;
