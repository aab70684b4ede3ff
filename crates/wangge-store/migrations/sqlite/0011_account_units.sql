-- Unit handlers (issue 11): an account may work the tickets of one unit (a department such
-- as `dept:market`, or a grid) within its area; NULL for every other role.
-- Identical in the SQLite and PostgreSQL folders.

ALTER TABLE accounts ADD COLUMN unit TEXT;
