-- The school's contact line for parents (issue 10, point 4): how to reach the coordinator of
-- the verrijkte schooldag, printed on the parent letters. Optional; '' when not filled in.
ALTER TABLE schools ADD COLUMN contact TEXT NOT NULL DEFAULT '';
