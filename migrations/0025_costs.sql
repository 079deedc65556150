-- Costs (issue 15, part 4): the coalition accounts for the money (seed 000_…: "format plan van
-- aanpak met begrotingstool"). Amounts are whole euro cents, so that sums stay exact.
-- Per activity: the cost of one held session (a provider's fee) and a fixed amount (materials,
-- one-off fees), counted once when the activity holds a session in the period. An activity
-- without a row costs nothing.
CREATE TABLE activity_costs (
    activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
    per_session INTEGER NOT NULL DEFAULT 0 CHECK (per_session BETWEEN 0 AND 100000000000),
    fixed       INTEGER NOT NULL DEFAULT 0 CHECK (fixed BETWEEN 0 AND 100000000000)
);

-- Per school a budget per school year (1 August – 31 July), named by its first year: 2025 is
-- "2025-2026". The lead sets it; the school's coordinator sees it.
CREATE TABLE school_budgets (
    school_id INTEGER NOT NULL REFERENCES schools(id) ON DELETE CASCADE,
    year      INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2998),
    amount    INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 100000000000),
    PRIMARY KEY (school_id, year)
) WITHOUT ROWID;
