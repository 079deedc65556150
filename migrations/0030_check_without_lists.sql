-- The CHECKs of the rows a sign-up and a register write, without a list (issue 13).
--
-- SQLite evaluates a CHECK of the form x IN ('a', 'b', 'c') (three items or more) by building
-- a temporary b-tree of the list each time a statement runs: a sign-up built three (its
-- enrolment and, through the tally triggers, two rows of tally_dirty), 28 k of its 687 k
-- instructions; a register saved builds one per mark. The same rule written with = and OR is
-- compared in place. Nothing about the stored rows changes, so the definitions are edited in
-- the schema itself, as SQLite's documentation describes for a changed CHECK (ALTER TABLE,
-- "making other kinds of table schema changes"): no table is copied, which at national scale
-- would mean millions of enrolments and marks. The schema is then read again (RESET) and its
-- version moved (a table made and dropped), so that every connection reads the new text.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (status IN (''enrolled'', ''waitlisted'', ''cancelled''))',
                  'CHECK (status = ''enrolled'' OR status = ''waitlisted'''
                  || ' OR status = ''cancelled'')')
WHERE type = 'table' AND name = 'enrolments';
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (status IN (''present'', ''absent'', ''excused''))',
                  'CHECK (status = ''present'' OR status = ''absent'' OR status = ''excused'')')
WHERE type = 'table' AND name = 'attendance';
UPDATE sqlite_schema
SET sql = replace(sql, 'CHECK (kind IN (''p'', ''e'', ''s'', ''a'', ''A''))',
                  'CHECK (kind = ''p'' OR kind = ''e'' OR kind = ''s'' OR kind = ''a'''
                  || ' OR kind = ''A'')')
WHERE type = 'table' AND name = 'tally_dirty';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_version_moved (x);
DROP TABLE schema_version_moved;
