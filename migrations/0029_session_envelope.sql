-- Where an activity's sessions fall, as columns of the activity (issue 13): the first filter
-- of the clash rule (PRODUCT.md 2, src/domain/enrolment/clash.c).
--
-- A sign-up checks the new activity's sessions against the sessions of every activity the
-- child is in or waits for: an index range per activity, a quarter of a sign-up's work when
-- a child has many. Two activities can only clash when one has a session on a weekday and at
-- an hour where the other has one, so the check first passes over the activities whose
-- sessions all fall on other weekdays, or all end before or start after the new ones. The
-- columns hold what that needs, over all of an activity's sessions (cancelled and past ones
-- too, so that they only ever say more than the sessions that count):
--   session_days   bit w set when a session falls on weekday w (strftime '%w': 0 Sunday …
--                  6 Saturday; every bit for a date strftime cannot read); 0: no sessions
--   session_start  the earliest start_time; NULL: no sessions
--   session_end    the latest end_time; NULL: no sessions
-- sessions stays the truth; the columns are written only by the triggers below: a new session
-- widens them at once, a changed or removed one has them computed again for its activity.
ALTER TABLE activities ADD COLUMN session_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE activities ADD COLUMN session_start TEXT;
ALTER TABLE activities ADD COLUMN session_end TEXT;

UPDATE activities SET
    session_days = coalesce((SELECT sum(DISTINCT coalesce(1 << CAST(strftime('%w', s.date)
                                                                     AS INTEGER), 127))
                             FROM sessions s WHERE s.activity_id = activities.id), 0),
    session_start = (SELECT min(s.start_time) FROM sessions s
                     WHERE s.activity_id = activities.id),
    session_end = (SELECT max(s.end_time) FROM sessions s WHERE s.activity_id = activities.id);

CREATE TRIGGER session_envelope_insert AFTER INSERT ON sessions BEGIN
    UPDATE activities SET
        session_days = session_days | coalesce(1 << CAST(strftime('%w', NEW.date) AS INTEGER),
                                               127),
        session_start = CASE WHEN session_start IS NULL OR NEW.start_time < session_start
                             THEN NEW.start_time ELSE session_start END,
        session_end = CASE WHEN session_end IS NULL OR NEW.end_time > session_end
                           THEN NEW.end_time ELSE session_end END
    WHERE id = NEW.activity_id;
END;
CREATE TRIGGER session_envelope_update
AFTER UPDATE OF activity_id, date, start_time, end_time ON sessions BEGIN
    UPDATE activities SET
        session_days = coalesce((SELECT sum(DISTINCT coalesce(1 << CAST(strftime('%w', s.date)
                                                                         AS INTEGER), 127))
                                 FROM sessions s WHERE s.activity_id = activities.id), 0),
        session_start = (SELECT min(s.start_time) FROM sessions s
                         WHERE s.activity_id = activities.id),
        session_end = (SELECT max(s.end_time) FROM sessions s
                       WHERE s.activity_id = activities.id)
    WHERE id IN (OLD.activity_id, NEW.activity_id);
END;
CREATE TRIGGER session_envelope_delete AFTER DELETE ON sessions BEGIN
    UPDATE activities SET
        session_days = coalesce((SELECT sum(DISTINCT coalesce(1 << CAST(strftime('%w', s.date)
                                                                         AS INTEGER), 127))
                                 FROM sessions s WHERE s.activity_id = activities.id), 0),
        session_start = (SELECT min(s.start_time) FROM sessions s
                         WHERE s.activity_id = activities.id),
        session_end = (SELECT max(s.end_time) FROM sessions s
                       WHERE s.activity_id = activities.id)
    WHERE id = OLD.activity_id;
END;
