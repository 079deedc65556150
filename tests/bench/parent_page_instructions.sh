#!/usr/bin/env bash
# Instructions per request of the parent's child page, counted by valgrind's callgrind: unlike a
# time, the count is the same whatever else the machine does, so two builds compare exactly.
# The daemon under callgrind on 127.0.0.1 (collecting only inside the dispatcher), a parent
# logged in, then REQUESTS (default 300) sequential GETs of the first child's page. Prints the
# handler's instructions per request. Needs valgrind.
#   PAGE=demo (default): the demo in a fresh database, the demo parent's first child.
#   PAGE=pair: the page of the bench pair (tests/bench/pairs.sh child): one child with 30
#              open activities (tests/bench/pair_fixture.c), about 34 KB.
#   VERRIJKT_BIN=/tmp/old/build/verrijkt tests/bench/parent_page_instructions.sh
#   CALLGRIND_OUT=FILE keeps callgrind's output for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VERRIJKT_BIN:-build/verrijkt}
REQUESTS=${REQUESTS:-300}
work=$(mktemp -d /tmp/verrijkt-instructions.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

PAGE=${PAGE:-demo}
case "$PAGE" in
demo)
    "$BIN" seed-demo --db "$work/bench.db" > "$work/accounts.txt"
    email=ouder@verrijkt.demo
    password=$(awk '$2 == "ouder@verrijkt.demo" {print $3}' "$work/accounts.txt")
    ;;
pair)
    cc -std=c17 -O2 -D_GNU_SOURCE -Isrc -Itests/http tests/bench/pair_fixture.c \
        tests/http/harness.c -lcurl -ljansson -lsodium -lpthread -o "$work/pair_fixture"
    read -r email password < <("$work/pair_fixture" child "$work/child.json")
    "$BIN" load --db "$work/bench.db" "$work/child.json" > /dev/null
    ;;
*) echo "$0: PAGE is demo or pair" >&2; exit 2 ;;
esac
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" --toggle-collect=dispatch \
    "$BIN" serve --db "$work/bench.db" --listen "127.0.0.1:$port" > /dev/null 2> "$work/valgrind.txt" &
pid=$!
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.2; done
jar="$work/jar"
curl -s -c "$jar" "http://127.0.0.1:$port/login" > /dev/null
csrf=$(awk '$6 == "vcsrf" {print $7}' "$jar")
curl -s -b "$jar" -c "$jar" --data-urlencode "email=$email" \
    --data-urlencode "password=$password" --data-urlencode "csrf=$csrf" \
    "http://127.0.0.1:$port/login" > /dev/null
child=$(curl -s -b "$jar" -H 'Accept: application/json' "http://127.0.0.1:$port/parent" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["children"][0]["id"])')
for _ in $(seq "$REQUESTS"); do
    curl -s -b "$jar" "http://127.0.0.1:$port/parent/children/$child" > /dev/null
done
kill -TERM "$pid"
wait "$pid" || true
pid=
total=$(callgrind_annotate --inclusive=yes "$work/callgrind.out" 2>/dev/null |
    awk '/page_parent_child/ && !seen { gsub(",", "", $1); print $1; seen = 1 }')
[ -n "${CALLGRIND_OUT:-}" ] && cp "$work/callgrind.out" "$CALLGRIND_OUT"
echo "== parent's child page ($PAGE) with $BIN: $((total / REQUESTS)) instructions per request ($REQUESTS requests)"
