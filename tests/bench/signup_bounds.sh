#!/usr/bin/env bash
# How far the sign-up pair (tests/bench/pairs.sh signup) could go if a sign-up did less: an
# upper bound, not a build to ship. Builds three daemons from the current commit in a
# throwaway git worktree and runs the pair for each, alternated, under synchronous = normal:
#   whole  the sign-up as it is: rules, enrolment, history, notice and mail, tallies, one
#          transaction;
#   lean   without the tallies' flush before COMMIT (the dirty list is still written by the
#          triggers, as a flush after the commit would need) and without the notice and its
#          mail: what moving both out of the transaction could buy at the very most;
#   bare   lean, and without the clash check and the enrolment's history: a sign-up that only
#          checks eligibility and seats and writes its row, which breaks rules on purpose.
# The edits are exact text replacements in the worktree; the script stops when one no longer
# matches the source. Loopback only, bounded by pairs.sh; passes or fails nothing.
#   ROUNDS (2, rounds of pairs.sh per run), ALTERNATIONS (2, runs of each build, alternated),
#   DURATION (5 seconds per round), THREADS (4).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-2}
ALTERNATIONS=${ALTERNATIONS:-2}
if [ "$ALTERNATIONS" -lt 1 ] || [ "$ALTERNATIONS" -gt 4 ]; then
    echo "$0: ALTERNATIONS is 1..4" >&2
    exit 2
fi
repo=$PWD
work=$(mktemp -d /tmp/verrijkt-bounds.XXXXXX)
tree="$work/tree"
trap 'git -C "$repo" worktree remove --force "$tree" 2>/dev/null || true; rm -rf "$work"' EXIT
git worktree add --detach -q "$tree" HEAD

# Replace the exact text old by new in file (relative to the worktree); stop when it is not
# there exactly once.
replace() { # file old new
    python3 - "$tree/$1" "$2" "$3" <<'EOF'
import sys
path, old, new = sys.argv[1:4]
text = open(path).read()
if text.count(old) != 1:
    sys.exit("signup_bounds.sh: %s: the text to replace is there %d times: %s"
             % (path, text.count(old), old))
open(path, "w").write(text.replace(old, new))
EOF
}

build() { # name
    make -C "$tree" -j2 build/verrijkt > "$work/make-$1.txt" 2>&1 ||
        { tail -20 "$work/make-$1.txt" >&2; exit 1; }
    cp "$tree/build/verrijkt" "$work/verrijkt-$1"
}

build whole
replace src/main.c "db_set_before_commit(tally_flush);" "(void)tally_flush;"
replace src/domain/enrolment/enrol.c \
    '(notice && notify_parents(db, pupil_id, activity_id, notice, "")))' '(notice && 0))'
build lean
replace src/domain/enrolment/enrol.c \
    "int overlap = enrol_clash(db, req->pupil_id, req->activity_id, today, out->other_title);" \
    "int overlap = 0;"
replace src/domain/enrolment/enrol.c \
    "if (id <= 0 || enrol_record(db, id, from, to, user_id, stamp, note) ||" \
    "(void)user_id; (void)note; if (id <= 0 ||"
build bare

for run in $(seq "$ALTERNATIONS"); do
    for name in whole lean bare; do
        echo "== run $run, $name"
        SYNCHRONOUS=normal ROUNDS=$ROUNDS VERRIJKT_BIN="$work/verrijkt-$name" \
            tests/bench/pairs.sh signup 2>&1 | grep -E "writer|median of|RATIO" || true
    done
done
