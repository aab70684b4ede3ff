-- Every time a person's personal data was shown unmasked (issue 11 item 6): who asked, when,
-- whose, and why, as the seat typed it. Reading is not a change to the district, so like the
-- account log it has its own append-only table rather than the change log. Identical in the
-- SQLite and PostgreSQL folders.

CREATE TABLE reveal_log (
    at BIGINT NOT NULL,
    account TEXT NOT NULL,
    person_id BIGINT NOT NULL,
    reason TEXT NOT NULL
);

CREATE INDEX reveal_log_by_time ON reveal_log (at);
