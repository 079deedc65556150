-- The coverage report (issue 5, src/domain/reports_compute.c) reads every held session of a
-- period and, per enrolment, its history in order of time. These indexes let both be read
-- from the index alone, without a sort.

-- Held sessions of a period: date range, not cancelled; the rest is what the report needs.
CREATE INDEX sessions_held ON sessions(date, cancelled, activity_id, start_time, end_time);

-- An enrolment's changes in order of time (the register's rule, domain/attendance.h).
CREATE INDEX enrolment_history_time ON enrolment_history(enrolment_id, at);
