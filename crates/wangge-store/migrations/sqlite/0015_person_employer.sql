-- A person's workplace (工作单位, issue 12 item 5): the enterprise by its register id, so a
-- renamed enterprise keeps its workers; NULL when the register does not say. Identical in
-- the SQLite and PostgreSQL folders.

ALTER TABLE people ADD COLUMN employer_id BIGINT;
