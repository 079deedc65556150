-- The year turns over (issue 14). rollovers: each rollover into a school year, once per year
-- (the key makes a second run for the same year change nothing): when it ran, by whom (0: the
-- command line), how many pupils moved up a group and how many left (the highest grade of
-- their school's kind). starts_on: the new year's first day (1 August); activities that ended
-- before the latest rollover's starts_on are archived (out of today's lists, still in the
-- reports of their year).
CREATE TABLE rollovers (
    school_year TEXT PRIMARY KEY,  -- "2027-2028"
    starts_on   TEXT NOT NULL,     -- "2027-08-01"
    ran_at      TEXT NOT NULL,
    by_user     INTEGER NOT NULL DEFAULT 0,
    moved       INTEGER NOT NULL,
    leavers     INTEGER NOT NULL
);
-- The grade a pupil had until a day (the last day of the school year before a rollover moved
-- the pupil up): a report of a past period groups its pupils by the grade they had then, so
-- that it reads the same after the rollover.
CREATE TABLE pupil_grades (
    pupil_id INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    until    TEXT NOT NULL,
    grade    INTEGER NOT NULL,
    PRIMARY KEY (pupil_id, until)
) WITHOUT ROWID;
