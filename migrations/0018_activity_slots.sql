-- Weekly slots (issue 14): an activity meets on one or more weekdays, each with its own times.
-- At most one slot per weekday (the primary key): a session is identified by its activity and
-- planned date (sessions.slot_date), so two times on one day would be two sessions on one slot
-- date; an activity that meets twice a day is two activities. activities.weekday, start_time
-- and end_time keep the first slot (the lowest weekday), so that what sorts or filters by them
-- keeps working; the sessions take their times from the slot of their weekday.
CREATE TABLE activity_slots (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_time  TEXT NOT NULL,
    end_time    TEXT NOT NULL,
    CHECK (start_time < end_time),
    PRIMARY KEY (activity_id, weekday)
) WITHOUT ROWID;
INSERT INTO activity_slots (activity_id, weekday, start_time, end_time)
    SELECT id, weekday, start_time, end_time FROM activities;
