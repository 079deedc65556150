-- Summary tables for the reports at national scale (issue 5; src/domain/tally*.c). The
-- reports read these instead of every attendance mark. They are derived data: kept up to date
-- in the same transaction as each write (the triggers below note what changed in tally_dirty;
-- db_commit has domain/tally.c bring those rows up to date just before COMMIT) and equal to a
-- full recomputation (tally_rebuild; the tests compare the two).

-- What changed in the open transaction and still has to be brought up to date; empty outside
-- a transaction. kind 'p': a pupil (the pupil's rows); 's': a session (its activity's rows);
-- 'a': an activity (its rows); 'A': an activity whose sessions changed (its rows and those of
-- every pupil enrolled in it or marked at one of its sessions).
CREATE TABLE tally_dirty (
    kind TEXT NOT NULL CHECK (kind IN ('p', 's', 'a', 'A')),
    id   INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- Each session that is not cancelled, with its marks counted. minutes: the session's length
-- (0 when its times are unreadable); present_minutes is present × minutes.
CREATE TABLE tally_session (
    session_id      INTEGER PRIMARY KEY,
    activity_id     INTEGER NOT NULL,
    date            TEXT NOT NULL,
    minutes         INTEGER NOT NULL,
    present         INTEGER NOT NULL,
    absent          INTEGER NOT NULL,
    excused         INTEGER NOT NULL,
    involvement_sum INTEGER NOT NULL,
    involvement_n   INTEGER NOT NULL
);
CREATE INDEX tally_session_activity ON tally_session(activity_id);
-- The sessions of a stretch of days, read from the index alone.
CREATE INDEX tally_session_date ON tally_session(date, activity_id, minutes, present, absent,
                                                 excused, involvement_sum, involvement_n);

-- The same summed per activity and calendar month ('YYYY-MM'): sessions is the number of
-- sessions that are not cancelled, minutes the sum of their lengths.
CREATE TABLE tally_activity_month (
    month           TEXT NOT NULL,
    activity_id     INTEGER NOT NULL,
    sessions        INTEGER NOT NULL,
    minutes         INTEGER NOT NULL,
    present         INTEGER NOT NULL,
    absent          INTEGER NOT NULL,
    excused         INTEGER NOT NULL,
    involvement_sum INTEGER NOT NULL,
    involvement_n   INTEGER NOT NULL,
    present_minutes INTEGER NOT NULL,
    PRIMARY KEY (month, activity_id)
) WITHOUT ROWID;
CREATE INDEX tally_activity_month_activity ON tally_activity_month(activity_id);

-- Per pupil and school year (year: the calendar year it starts in, 1 August): the pupil's
-- activities of that year, each with the first day the pupil took part (a session not
-- cancelled on a day the pupil was enrolled by the register's rule and had not left, or a
-- mark), the last day with a 'present' mark and the minutes present (acts, a packed array,
-- domain/tally.h). events: every day the pupil took part in an activity, with the minutes
-- present that day; read only for periods that do not start at the beginning of the year.
CREATE TABLE tally_pupil_year (
    year     INTEGER NOT NULL,
    pupil_id INTEGER NOT NULL,
    acts     BLOB NOT NULL,
    PRIMARY KEY (year, pupil_id)
) WITHOUT ROWID;
CREATE INDEX tally_pupil_year_pupil ON tally_pupil_year(pupil_id);
CREATE TABLE tally_pupil_events (
    year     INTEGER NOT NULL,
    pupil_id INTEGER NOT NULL,
    events   BLOB NOT NULL,
    PRIMARY KEY (year, pupil_id)
);
CREATE INDEX tally_pupil_events_pupil ON tally_pupil_events(pupil_id);

-- ---- what changes a tally -------------------------------------------------------------------
-- Each trigger notes a row once (NOT EXISTS rather than OR IGNORE: a statement's own conflict
-- clause, such as the loader's, would override the trigger's).

CREATE TRIGGER tally_attendance_insert AFTER INSERT ON attendance BEGIN
    INSERT INTO tally_dirty SELECT 'p', NEW.pupil_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = NEW.pupil_id);
    INSERT INTO tally_dirty SELECT 's', NEW.session_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 's' AND id = NEW.session_id);
END;
CREATE TRIGGER tally_attendance_update AFTER UPDATE ON attendance BEGIN
    INSERT INTO tally_dirty SELECT 'p', OLD.pupil_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = OLD.pupil_id);
    INSERT INTO tally_dirty SELECT 's', OLD.session_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 's' AND id = OLD.session_id);
    INSERT INTO tally_dirty SELECT 'p', NEW.pupil_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = NEW.pupil_id);
    INSERT INTO tally_dirty SELECT 's', NEW.session_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 's' AND id = NEW.session_id);
END;
CREATE TRIGGER tally_attendance_delete AFTER DELETE ON attendance BEGIN
    INSERT INTO tally_dirty SELECT 'p', OLD.pupil_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = OLD.pupil_id);
    INSERT INTO tally_dirty SELECT 's', OLD.session_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 's' AND id = OLD.session_id);
END;

CREATE TRIGGER tally_sessions_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO tally_dirty SELECT 'A', NEW.activity_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'A' AND id = NEW.activity_id);
END;
CREATE TRIGGER tally_sessions_update
AFTER UPDATE OF activity_id, date, start_time, end_time, cancelled ON sessions BEGIN
    INSERT INTO tally_dirty SELECT 'A', OLD.activity_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'A' AND id = OLD.activity_id);
    INSERT INTO tally_dirty SELECT 'A', NEW.activity_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'A' AND id = NEW.activity_id);
END;
CREATE TRIGGER tally_sessions_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO tally_dirty SELECT 'A', OLD.activity_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'A' AND id = OLD.activity_id);
END;

CREATE TRIGGER tally_enrolments_insert AFTER INSERT ON enrolments BEGIN
    INSERT INTO tally_dirty SELECT 'p', NEW.pupil_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = NEW.pupil_id);
END;
CREATE TRIGGER tally_enrolments_update AFTER UPDATE ON enrolments BEGIN
    INSERT INTO tally_dirty SELECT 'p', OLD.pupil_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = OLD.pupil_id);
    INSERT INTO tally_dirty SELECT 'p', NEW.pupil_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = NEW.pupil_id);
END;
CREATE TRIGGER tally_enrolments_delete AFTER DELETE ON enrolments BEGIN
    INSERT INTO tally_dirty SELECT 'p', OLD.pupil_id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = OLD.pupil_id);
END;

-- A change of status is written with its history row; the history alone may change too
-- (the loader, a correction). A NULL pupil (the enrolment is gone) is ignored: the
-- enrolment's own trigger noted the pupil.
CREATE TRIGGER tally_history_insert AFTER INSERT ON enrolment_history BEGIN
    INSERT INTO tally_dirty SELECT 'p', e.pupil_id FROM enrolments e WHERE e.id = NEW.enrolment_id
    AND NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = e.pupil_id);
END;
CREATE TRIGGER tally_history_update AFTER UPDATE ON enrolment_history BEGIN
    INSERT INTO tally_dirty SELECT DISTINCT 'p', e.pupil_id FROM enrolments e
    WHERE e.id IN (OLD.enrolment_id, NEW.enrolment_id)
    AND NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = e.pupil_id);
END;
CREATE TRIGGER tally_history_delete AFTER DELETE ON enrolment_history BEGIN
    INSERT INTO tally_dirty SELECT 'p', e.pupil_id FROM enrolments e WHERE e.id = OLD.enrolment_id
    AND NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = e.pupil_id);
END;

-- A pupil who leaves stops taking part from that day (the register's rule).
CREATE TRIGGER tally_pupils_left AFTER UPDATE OF left_on ON pupils BEGIN
    INSERT INTO tally_dirty SELECT 'p', NEW.id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = NEW.id);
END;
CREATE TRIGGER tally_pupils_delete AFTER DELETE ON pupils BEGIN
    INSERT INTO tally_dirty SELECT 'p', OLD.id
    WHERE NOT EXISTS (SELECT 1 FROM tally_dirty WHERE kind = 'p' AND id = OLD.id);
END;

-- Everything that is already there is brought up to date by the first commit (or report).
INSERT INTO tally_dirty SELECT 'A', id FROM activities;
INSERT INTO tally_dirty SELECT 'p', id FROM pupils;

-- The report reads every pupil of the period by school and grade: from this index alone.
CREATE INDEX pupils_report ON pupils(school_id, grade, id, priority, left_on);
