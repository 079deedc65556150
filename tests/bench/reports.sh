#!/usr/bin/env bash
# The coverage report's time on the demo coalition (tests/bench/reports_bench.c): every school,
# the current school year and last school year, and one school. Prints figures; passes or fails
# nothing. B is the build folder (default build), which must hold verrijkt and its objects.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
work=$(mktemp -d /tmp/verrijkt-reports.XXXXXX)
trap 'rm -rf "$work"' EXIT
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc -I"$B/gen" tests/bench/reports_bench.c \
    $(find src -name '*.c' ! -name main.c | sed "s|^src/|$B/obj/|; s|\.c\$|.o|") $B/obj/gen/migrations.o \
    -lmicrohttpd -ljansson -lsodium -lsqlite3 -linih -lcsv -lpthread -o "$work/reports_bench"
"$B/verrijkt" seed-demo --db "$work/demo.db" > /dev/null
year_from=$(date +%Y)-08-01
if [ "$(date +%m)" -lt 8 ]; then year_from=$(( $(date +%Y) - 1 ))-08-01; fi
last_from=$(( ${year_from%%-*} - 1 ))-08-01
last_to=${year_from%%-*}-07-31
"$work/reports_bench" "$work/demo.db"
"$work/reports_bench" "$work/demo.db" "$last_from" "$last_to"
"$work/reports_bench" "$work/demo.db" "$last_from" "$last_to" 1
