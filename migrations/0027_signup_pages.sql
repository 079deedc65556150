-- Fewer pages per sign-up (issue 13).
--
-- A pupil's sessions by activity and date answer from the index alone: the clash check
-- (src/domain/enrolment/clash.c) reads the sessions of the pupil's other activities in the
-- days and hours of the one signed up for, and the tallies read an enrolment's sessions
-- (enrolled_span, read_marks_one); each row was a search in the table for its times and its
-- cancellation. The new index has the old one's columns first, so every query that used it
-- still can.
DROP INDEX sessions_activity_date;
CREATE INDEX sessions_activity_date ON sessions(activity_id, date, cancelled, start_time,
                                                end_time);

-- enrolment_history_time (enrolment_id, at) answers everything enrolment_history_enrolment
-- (enrolment_id) did, its prefix, also the foreign key's look-up when an enrolment goes; one
-- index less to write at every change of an enrolment.
DROP INDEX enrolment_history_enrolment;
