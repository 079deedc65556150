#!/usr/bin/env bash
# The parent's child page's list reads at national scale (tests/bench/parent_reads_bench.c) on a
# database that tests/bench/national.sh made (KEEP=1 or DB=…), migrated first by this build.
# Prints figures; passes or fails nothing. B is the build folder (default build), which must
# hold verrijkt and its objects.
#   DB=/tmp/national.db tests/bench/parent_reads.sh [PUPIL_ID [NOW]]
set -euo pipefail
cd "$(dirname "$0")/../.."
B=${B:-build}
: "${DB:?DB=path of a national database (tests/bench/national.sh with KEEP=1)}"
work=$(mktemp -d /tmp/verrijkt-parent-reads.XXXXXX)
trap 'rm -rf "$work"' EXIT
cc -std=c17 -O2 -D_GNU_SOURCE -Isrc -I"$B/gen" tests/bench/parent_reads_bench.c \
    $(find src -name '*.c' ! -name main.c | sed "s|^src/|$B/obj/|; s|\.c\$|.o|") $B/obj/gen/migrations.o \
    -lmicrohttpd -ljansson -lsodium -lsqlite3 -linih -lcsv -lpthread -o "$work/parent_reads_bench"
"$B/verrijkt" migrate --db "$DB" > /dev/null
"$work/parent_reads_bench" "$DB" "$@"
