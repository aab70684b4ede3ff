-- The language an account reads (issue 11): its BCP 47 tag, `zh-CN` unless the account
-- chose English (`en`). Identical in the SQLite and PostgreSQL folders.

ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT 'zh-CN';
