-- The district schema, PostgreSQL flavour. Kept line for line parallel to
-- ../sqlite/0001_district.sql: the two differ only in
-- (1) record ids: SQLite's `INTEGER PRIMARY KEY` makes the id the rowid, so each table is one
--     B-tree instead of a table plus a key index (bulk saving is markedly faster); PostgreSQL
--     spells the same 64-bit key `BIGINT PRIMARY KEY`;
-- (2) change_log.seq: `INTEGER PRIMARY KEY AUTOINCREMENT` versus `BIGSERIAL PRIMARY KEY`.
-- Portable column types only, because one code path (sqlx::Any) reads both:
-- BIGINT for ids, counts, 0/1 flags and unix-second timestamps; TEXT; DOUBLE PRECISION.

-- At most one district per database: the row is the claim that save_district succeeded.
CREATE TABLE district (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    root_code TEXT NOT NULL
);

-- boundary: a GeoJSON MultiPolygon geometry; staff: a JSON array of staff members.
CREATE TABLE nodes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    parent_code TEXT REFERENCES nodes (code),
    micro_kind TEXT,
    boundary TEXT NOT NULL,
    staff TEXT NOT NULL
);

CREATE TABLE houses (
    id BIGINT PRIMARY KEY,
    code TEXT NOT NULL,
    micro_grid TEXT NOT NULL REFERENCES nodes (code),
    address TEXT NOT NULL,
    lon DOUBLE PRECISION NOT NULL,
    lat DOUBLE PRECISION NOT NULL
);

CREATE TABLE people (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    phone TEXT NOT NULL,
    house_id BIGINT NOT NULL REFERENCES houses (id)
);

-- person_id carries no foreign key: the domain does not require the person to be registered
-- (an isolation may concern a visitor not in the population register).
CREATE TABLE isolations (
    id BIGINT PRIMARY KEY,
    person_id BIGINT NOT NULL,
    micro_grid TEXT NOT NULL REFERENCES nodes (code),
    kind TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    planned_end BIGINT NOT NULL,
    released_at BIGINT
);

CREATE TABLE follow_ups (
    id BIGINT PRIMARY KEY,
    isolation_id BIGINT NOT NULL REFERENCES isolations (id),
    due_at BIGINT NOT NULL,
    done_at BIGINT,
    temperature_c DOUBLE PRECISION,
    result TEXT
);

CREATE TABLE enterprises (
    id BIGINT PRIMARY KEY,
    name TEXT NOT NULL,
    micro_grid TEXT NOT NULL REFERENCES nodes (code),
    sector TEXT NOT NULL,
    above_designated_size BIGINT NOT NULL CHECK (above_designated_size IN (0, 1)),
    headcount BIGINT NOT NULL,
    status TEXT NOT NULL,
    resumed_at BIGINT,
    workers_back BIGINT NOT NULL
);

CREATE TABLE tickets (
    id BIGINT PRIMARY KEY,
    source TEXT NOT NULL,
    category TEXT NOT NULL,
    summary TEXT NOT NULL,
    micro_grid TEXT NOT NULL REFERENCES nodes (code),
    lon DOUBLE PRECISION,
    lat DOUBLE PRECISION,
    owning_unit TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    accepted_at BIGINT,
    resolved_at BIGINT,
    closed_at BIGINT,
    deadline BIGINT NOT NULL,
    CHECK ((lon IS NULL) = (lat IS NULL))
);

CREATE TABLE tasks (
    id BIGINT PRIMARY KEY,
    title TEXT NOT NULL,
    owner_unit TEXT NOT NULL REFERENCES nodes (code),
    created_at BIGINT NOT NULL,
    deadline BIGINT NOT NULL
);

CREATE TABLE task_items (
    id BIGINT PRIMARY KEY,
    task_id BIGINT NOT NULL REFERENCES tasks (id),
    person_name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    address TEXT NOT NULL,
    micro_grid TEXT REFERENCES nodes (code),
    outcome TEXT,
    reported_at BIGINT
);

-- seq: BIGSERIAL here, AUTOINCREMENT in SQLite (the one difference the DDL must make).
-- payload: the serde_json text of the Change; entity/entity_id repeat what it names so the
-- history of one record can be found without parsing every payload.
CREATE TABLE change_log (
    seq BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    payload TEXT NOT NULL
);

-- The audit question "who changed this record, when" walks one record's history.
CREATE INDEX change_log_by_record ON change_log (entity, entity_id, seq);
