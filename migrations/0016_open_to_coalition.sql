-- Activities open to the whole coalition, by last day (issue 13): the parent's child page and
-- the round page list a school's own activities (activities_school) or these, so SQLite reads
-- both through indexes instead of scanning every activity of every school and year.
CREATE INDEX activities_coalition ON activities(date_until) WHERE open_to = 'coalition';
