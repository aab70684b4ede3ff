-- Enterprise demands (企业诉求, issue 12) name their enterprise by its register id, so a
-- renamed enterprise keeps its demands; NULL for citizens' matters and for tickets stored
-- before (those are matched by name in the enterprise view). Identical in the SQLite and
-- PostgreSQL folders.

ALTER TABLE tickets ADD COLUMN enterprise_id BIGINT;
