-- Why a change was made, when the person making it had to say (改派 of a task part, for
-- instance): kept on the change-log row, which is the audit trail. NULL when none was asked.
ALTER TABLE change_log ADD COLUMN reason TEXT;
