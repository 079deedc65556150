-- The client address of the request that made each change (issue 12: behind trusted proxies,
-- the address they forwarded); '' for the command line and for rows from before.
ALTER TABLE audit_log ADD COLUMN address TEXT NOT NULL DEFAULT '';
