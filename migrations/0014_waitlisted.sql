-- The pupils waiting now (issue 13, the dashboard at national scale: domain/reports/
-- reports_waiting.c): the waiting-list enrolments alone, a few percent of all, instead of a
-- pass over every enrolment. Partial: a sign-up that is placed does not touch it.
CREATE INDEX IF NOT EXISTS enrolments_waitlisted ON enrolments(activity_id, pupil_id) WHERE status = 'waitlisted';
