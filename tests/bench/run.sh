#!/usr/bin/env bash
# make bench: the demo coalition in a fresh database, the real daemon on 127.0.0.1, and wrk
# against a few pages (bounded: DURATION seconds each, CONNECTIONS connections). Prints the
# figures; it passes or fails nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VERRIJKT_BIN:-build/verrijkt}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
work=$(mktemp -d /tmp/verrijkt-bench.XXXXXX)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

echo "== seed-demo"
start=$(date +%s.%N)
"$BIN" seed-demo --db "$work/bench.db" > "$work/accounts.txt"
echo "seed-demo: $(echo "$(date +%s.%N) - $start" | bc) s"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# wrk's connections all come from 127.0.0.1: more than the default per_ip_limit (20).
printf '[log]\naccess = false\n[server]\nper_ip_limit = 1000\n' > "$work/bench.ini"
"$BIN" serve --config "$work/bench.ini" --db "$work/bench.db" --listen "127.0.0.1:$port" > /dev/null &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done

login() { # email password → cookie header value
    local jar="$work/jar-$1"
    curl -s -c "$jar" "http://127.0.0.1:$port/login" > /dev/null
    local csrf; csrf=$(awk '$6 == "vcsrf" {print $7}' "$jar")
    curl -s -b "$jar" -c "$jar" --data-urlencode "email=$1" --data-urlencode "password=$2" \
        --data-urlencode "csrf=$csrf" "http://127.0.0.1:$port/login" > /dev/null
    echo "vsid=$(awk '$6 == "vsid" {print $7}' "$jar")"
}
lead_cookie=$(login coalitie@verrijkt.demo "$(awk '$2 == "coalitie@verrijkt.demo" {print $3}' "$work/accounts.txt")")
coord_cookie=$(login coordinator@verrijkt.demo "$(awk '$2 == "coordinator@verrijkt.demo" {print $3}' "$work/accounts.txt")")

page() { # name path cookie
    local size
    size=$(curl -s -H "Cookie: $3" "http://127.0.0.1:$port$2" | wc -c)
    echo "== $1: GET $2 ($size bytes)"
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: $3" "http://127.0.0.1:$port$2" |
        grep -E 'Requests/sec|Latency|99%|Non-2xx'
}
page "health" /healthz ""
page "login form" /login ""
page "activities (coordinator)" /activities "$coord_cookie"
page "activities (lead)" /activities "$lead_cookie"
page "pupils (coordinator)" /pupils "$coord_cookie"

VERRIJKT_BIN="$BIN" DURATION="$DURATION" CONNECTIONS="$CONNECTIONS" tests/bench/parent_page.sh

echo "== the bench pairs of issue 13: the daemon against its floor, interleaved (tests/bench/pairs.sh)"
VERRIJKT_BIN="$BIN" ROUNDS="${PAIR_ROUNDS:-3}" DURATION="${PAIR_DURATION:-5}" \
    CONNECTIONS="$CONNECTIONS" tests/bench/pairs.sh all

echo "== allocation of a round (pure computation, no database)"
cc -std=c17 -O2 -Isrc tests/bench/allocate_bench.c src/domain/enrolment/allocate.c src/domain/enrolment/allocate_flow.c src/domain/enrolment/allocate_lottery.c -o "$work/allocate_bench"
"$work/allocate_bench"

echo "== the floor under [database] synchronous: one-row commits, NORMAL and FULL"
tests/bench/sqlite_commit.py

echo "== parent sign-ups: 200 concurrent parents against one activity, and against 50"
VERRIJKT_BIN="$BIN" tests/bench/signup.sh

echo "== memory of 3,000 idle keep-alive connections (tests/bench/idle_connections.sh)"
VERRIJKT_BIN="$BIN" tests/bench/idle_connections.sh || true

echo "== crash test: ${CRASH_KILLS:-30} SIGKILLs while parents sign up and a register is saved"
DURABLE_KILLS="${CRASH_KILLS:-30}" VERRIJKT_BIN="$BIN" "$(dirname "$BIN")/tests/test_http_durable" |
    grep -E '^info|OK|FAILED|ERROR' || true

echo "== coverage report over the demo (report module, no HTTP)"
B="$(dirname "$BIN")" tests/bench/reports.sh || true

echo "== national data set (report module, no HTTP; NATIONAL_SCALE=0.1 for a quick look)"
B="$(dirname "$BIN")" SCALE="${NATIONAL_SCALE:-1.0}" RUNS=3 tests/bench/national.sh || true
