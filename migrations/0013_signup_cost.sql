-- A cheap sign-up (issue 13): indexes that match the rules' queries, and triggers that note
-- what changed without temporary tables, with an enrolment noted as itself so that a sign-up
-- refreshes only that pupil's rows of that one activity (src/domain/reports/tally_pupils.c).
--
-- The query plans of the sign-up's statements (EXPLAIN QUERY PLAN, SQLite 3.40; README
-- "What a sign-up costs" lists them all):
--   check_pupil, a pending round:  SEARCH ra USING COVERING INDEX round_activities_activity
--   enrol_active_count:            SEARCH e USING COVERING INDEX enrolments_pupil_active
--                                  (pupil_id=? AND status=?), SEARCH a USING INTEGER PRIMARY KEY
--   enrol_clash:                   SEARCH s USING INDEX sessions_activity_date, SEARCH e USING
--                                  COVERING INDEX enrolments_pupil_active, SEARCH o USING
--                                  COVERING INDEX sessions_held (date=? AND cancelled=? AND
--                                  activity_id=?)

-- "Is this activity in a round that is still open?" looked at every round's activities.
CREATE INDEX round_activities_activity ON round_activities(activity_id, round_id);

-- A pupil's active enrolments (the maximum per child, overlaps) from the index alone; it
-- replaces enrolments_pupil (pupil_id, status), its prefix.
CREATE INDEX enrolments_pupil_active ON enrolments(pupil_id, status, activity_id);
DROP INDEX enrolments_pupil;

-- ---- tally_dirty with a kind for one enrolment ----------------------------------------------
-- kind 'e': an enrolment whose status or history changed (that pupil's rows of that activity);
-- the other kinds as in 0008_tallies.sql. The triggers add a row with ON CONFLICT DO NOTHING:
-- unlike OR IGNORE it holds whatever conflict clause the statement that fired it has, and
-- unlike INSERT … SELECT … WHERE NOT EXISTS it needs no temporary copy of tally_dirty.

DROP TRIGGER tally_attendance_insert;
DROP TRIGGER tally_attendance_update;
DROP TRIGGER tally_attendance_delete;
DROP TRIGGER tally_sessions_insert;
DROP TRIGGER tally_sessions_update;
DROP TRIGGER tally_sessions_delete;
DROP TRIGGER tally_enrolments_insert;
DROP TRIGGER tally_enrolments_update;
DROP TRIGGER tally_enrolments_delete;
DROP TRIGGER tally_history_insert;
DROP TRIGGER tally_history_update;
DROP TRIGGER tally_history_delete;
DROP TRIGGER tally_pupils_left;
DROP TRIGGER tally_pupils_delete;

CREATE TABLE tally_dirty_new (
    kind TEXT NOT NULL CHECK (kind IN ('p', 'e', 's', 'a', 'A')),
    id   INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;
INSERT INTO tally_dirty_new SELECT kind, id FROM tally_dirty;
DROP TABLE tally_dirty;
ALTER TABLE tally_dirty_new RENAME TO tally_dirty;

CREATE TRIGGER tally_attendance_insert AFTER INSERT ON attendance BEGIN
    INSERT INTO tally_dirty VALUES ('p', NEW.pupil_id), ('s', NEW.session_id)
    ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER tally_attendance_update AFTER UPDATE ON attendance BEGIN
    INSERT INTO tally_dirty VALUES ('p', OLD.pupil_id), ('s', OLD.session_id),
                                   ('p', NEW.pupil_id), ('s', NEW.session_id)
    ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER tally_attendance_delete AFTER DELETE ON attendance BEGIN
    INSERT INTO tally_dirty VALUES ('p', OLD.pupil_id), ('s', OLD.session_id)
    ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER tally_sessions_insert AFTER INSERT ON sessions BEGIN
    INSERT INTO tally_dirty VALUES ('A', NEW.activity_id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER tally_sessions_update
AFTER UPDATE OF activity_id, date, start_time, end_time, cancelled ON sessions BEGIN
    INSERT INTO tally_dirty VALUES ('A', OLD.activity_id), ('A', NEW.activity_id)
    ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER tally_sessions_delete AFTER DELETE ON sessions BEGIN
    INSERT INTO tally_dirty VALUES ('A', OLD.activity_id) ON CONFLICT DO NOTHING;
END;

-- An enrolment that stays the same pupil's in the same activity is noted as itself; one that
-- moves (the loader may) or goes notes its pupils, whose rows are then recomputed whole.
CREATE TRIGGER tally_enrolments_insert AFTER INSERT ON enrolments BEGIN
    INSERT INTO tally_dirty VALUES ('e', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER tally_enrolments_update AFTER UPDATE ON enrolments
WHEN OLD.id = NEW.id AND OLD.pupil_id = NEW.pupil_id AND OLD.activity_id = NEW.activity_id
BEGIN
    INSERT INTO tally_dirty VALUES ('e', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER tally_enrolments_move AFTER UPDATE ON enrolments
WHEN OLD.id <> NEW.id OR OLD.pupil_id <> NEW.pupil_id OR OLD.activity_id <> NEW.activity_id
BEGIN
    INSERT INTO tally_dirty VALUES ('p', OLD.pupil_id), ('p', NEW.pupil_id)
    ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER tally_enrolments_delete AFTER DELETE ON enrolments BEGIN
    INSERT INTO tally_dirty VALUES ('p', OLD.pupil_id) ON CONFLICT DO NOTHING;
END;

-- The history alone may change too (the loader, a correction). An enrolment that is gone is
-- skipped by the flush: its own trigger noted the pupil.
CREATE TRIGGER tally_history_insert AFTER INSERT ON enrolment_history BEGIN
    INSERT INTO tally_dirty VALUES ('e', NEW.enrolment_id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER tally_history_update AFTER UPDATE ON enrolment_history BEGIN
    INSERT INTO tally_dirty VALUES ('e', OLD.enrolment_id), ('e', NEW.enrolment_id)
    ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER tally_history_delete AFTER DELETE ON enrolment_history BEGIN
    INSERT INTO tally_dirty VALUES ('e', OLD.enrolment_id) ON CONFLICT DO NOTHING;
END;

CREATE TRIGGER tally_pupils_left AFTER UPDATE OF left_on ON pupils BEGIN
    INSERT INTO tally_dirty VALUES ('p', NEW.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER tally_pupils_delete AFTER DELETE ON pupils BEGIN
    INSERT INTO tally_dirty VALUES ('p', OLD.id) ON CONFLICT DO NOTHING;
END;
