-- Rental housing and the 房东十二分制 (issue 12): a let house keeps its rooms and landlord
-- (rental_rooms NULL: not let; 0: let, rooms not given), and every scoring event of a
-- landlord is a row of landlord_marks (never edited; a correction is another event).
-- Identical in the SQLite and PostgreSQL folders.

ALTER TABLE houses ADD COLUMN rental_rooms BIGINT;
ALTER TABLE houses ADD COLUMN landlord_id BIGINT;

CREATE TABLE landlord_marks (
    id BIGINT PRIMARY KEY,
    landlord_id BIGINT NOT NULL,
    house_id BIGINT NOT NULL,
    duty TEXT NOT NULL,
    item TEXT NOT NULL,
    points BIGINT NOT NULL,
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 0
);

CREATE INDEX landlord_marks_by_landlord ON landlord_marks (landlord_id, recorded_at);
