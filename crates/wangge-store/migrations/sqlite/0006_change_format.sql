-- The format of each change-log row's payload and before (issue 13): the JSON is written
-- by the store's own numbered wire types (wangge-store src/wire/), no longer by the domain's
-- serde derives, so a renamed domain field cannot silently change what is stored. A reader
-- decodes each row by its number. Rows written before this migration hold exactly format 1
-- and get that number from the default; the store names the format on every row it writes.
-- Identical in the SQLite and PostgreSQL folders.

ALTER TABLE change_log ADD COLUMN payload_format BIGINT NOT NULL DEFAULT 1;
