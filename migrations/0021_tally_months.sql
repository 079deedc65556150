-- Per pupil and school year, a summary per calendar month of the days taken part (a packed
-- months array, domain/tally.h): which days of the month, the minutes present in it, and the
-- first and last day of the month with minutes present. The trends read it instead of every
-- event of every pupil (issue 13: the dashboard at national scale). Kept with the other pupil
-- rows by tally_flush; every pupil is noted here so that the next flush fills it.
CREATE TABLE tally_pupil_months (
    year     INTEGER NOT NULL,
    pupil_id INTEGER NOT NULL,
    months   BLOB NOT NULL,
    PRIMARY KEY (year, pupil_id)
) WITHOUT ROWID;
CREATE INDEX tally_pupil_months_pupil ON tally_pupil_months(pupil_id);
INSERT INTO tally_dirty SELECT 'p', id FROM pupils WHERE true ON CONFLICT DO NOTHING;
