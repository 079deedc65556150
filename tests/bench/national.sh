#!/usr/bin/env bash
# The report module on a generated national data set (issue 5, "fast at national scale"):
# tests/bench/national_gen.c writes 1,500 schools, ~400,000 pupils, 30,000 activities and
# ~20 million attendance marks of last school year into a fresh database (migrations of the
# program); tests/bench/national_bench.c then times the coverage report and the dashboard's
# other pieces (staff, waiting lists, trends) without HTTP: the school year for every school,
# one school, one month, and the year less its first day; then tests/bench/tally_bench.c times
# a register save with the summary tables kept up to date (it changes marks of the database:
# flips each mark of 50 sessions). Prints figures; passes or fails nothing. Not part of make
# test.
#
#   B=build tests/bench/national.sh            full size (generation takes several minutes)
#   SCALE=0.1 B=build tests/bench/national.sh  a tenth (150 schools, ~2 million marks)
#   KEEP=1 …                                   keep the database (its path is printed)
#   DB=/tmp/x.db …                             use (or make, when missing) this database
#   RUNS=5                                     runs per measurement
# B is the build folder (default build), which must hold verrijkt and its objects.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
SCALE=${SCALE:-1.0}
RUNS=${RUNS:-5}
KEEP=${KEEP:-0}
work=$(mktemp -d /tmp/verrijkt-national.XXXXXX)
db=${DB:-$work/national.db}
cleanup() {
    if [ "$KEEP" = 1 ]; then echo "kept: $db"; rm -f "$work"/national_gen "$work"/national_bench "$work"/tally_bench
    else rm -rf "$work"; fi
}
trap cleanup EXIT
# The objects of today's sources only: a folder of objects can hold some of files since moved.
objs="$(find src -name '*.c' ! -name main.c | sed "s|^src/|$B/obj/|; s|\.c\$|.o|") $B/obj/gen/migrations.o"
for prog in national_gen national_bench tally_bench; do
    cc -std=c17 -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -Isrc -I"$B/gen" "tests/bench/$prog.c" \
        $objs -lmicrohttpd -ljansson -lsodium -lsqlite3 -linih -lcsv -lpthread -o "$work/$prog"
done

# Last school year: wholly in the past, so every session of it is held.
year=$(( $(date +%Y) - 1 ))
if [ "$(date +%m)" -lt 8 ]; then year=$(( year - 1 )); fi
if [ ! -e "$db" ]; then
    echo "== generating SCALE=$SCALE, school year $year-$((year + 1)) into $db"
    start=$(date +%s.%N)
    "$work/national_gen" "$db" "$year" "$SCALE" 2> "$work/gen.log" || { cat "$work/gen.log"; exit 1; }
    echo "generation: $(echo "$(date +%s.%N) - $start" | bc) s, $(du -h "$db" | cut -f1)"
fi
school=$(sqlite3 "$db" "SELECT id FROM schools ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM schools)")
echo "== school year, every school"
"$work/national_bench" "$db" "$year-08-01" "$((year + 1))-07-31" 0 "$RUNS"
echo "== school year, one school ($school)"
"$work/national_bench" "$db" "$year-08-01" "$((year + 1))-07-31" "$school" "$RUNS"
echo "== one month (November), every school"
"$work/national_bench" "$db" "$year-11-01" "$year-11-30" 0 "$RUNS"
echo "== from the second day of the school year, every school (each pupil's days, not the year)"
"$work/national_bench" "$db" "$year-08-02" "$((year + 1))-07-31" 0 "$RUNS"
echo "== the cost of a write: a register saved again, with the summary tables kept up to date"
"$work/tally_bench" "$db" 50
