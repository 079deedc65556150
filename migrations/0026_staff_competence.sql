-- Staff competence over time (issue 15, part 6; the coalition's kwaliteitsstandaard
-- personeel): a staff member's level (start/basis/vak) with the date it was assessed, and the
-- trainings followed. The level valid on a date is the one of the latest assessment on or
-- before that date; before the first assessment a staff member has none (does not count as
-- basis- or vakbekwaam).
CREATE TABLE staff_levels (
    staff_id    INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    level       TEXT NOT NULL CHECK (level IN ('start', 'basis', 'vak')),
    assessed_on TEXT NOT NULL,
    UNIQUE (staff_id, assessed_on)
);

-- Until now only the current level was kept, without a date. It becomes one assessment dated
-- 2000-01-01 (the staff table has no creation date): "known since always", so that the staff
-- figure of every period stays what it was. staff.level stays as the level of the latest
-- assessment ('start' when there is none), kept so by every write, for the readers that show
-- the current level.
INSERT INTO staff_levels (staff_id, level, assessed_on) SELECT id, level, '2000-01-01' FROM staff;

CREATE TABLE staff_trainings (
    id          INTEGER PRIMARY KEY,
    staff_id    INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    followed_on TEXT NOT NULL
);
CREATE INDEX staff_trainings_staff ON staff_trainings(staff_id, followed_on);
