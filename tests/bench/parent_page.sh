#!/usr/bin/env bash
# The parent's child page (GET /parent/children/{id}, logged in, the demo parent's first child)
# under wrk on the real daemon at 127.0.0.1: requests per second and latency. Bounded by
# DURATION seconds and CONNECTIONS connections; prints figures, passes or fails nothing.
# VERRIJKT_BIN picks the binary (default build/verrijkt), so two builds can be compared in one
# run: VERRIJKT_BIN=/tmp/old/verrijkt tests/bench/parent_page.sh; tests/bench/parent_page.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VERRIJKT_BIN:-build/verrijkt}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
work=$(mktemp -d /tmp/verrijkt-parent-bench.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

"$BIN" seed-demo --db "$work/bench.db" > "$work/accounts.txt"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# wrk's connections all come from 127.0.0.1: more than the default per_ip_limit (20).
printf '[log]\naccess = false\n[server]\nper_ip_limit = 1000\n' > "$work/bench.ini"
"$BIN" serve --config "$work/bench.ini" --db "$work/bench.db" --listen "127.0.0.1:$port" > /dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done

jar="$work/jar"
curl -s -c "$jar" "http://127.0.0.1:$port/login" > /dev/null
csrf=$(awk '$6 == "vcsrf" {print $7}' "$jar")
password=$(awk '$2 == "ouder@verrijkt.demo" {print $3}' "$work/accounts.txt")
curl -s -b "$jar" -c "$jar" --data-urlencode "email=ouder@verrijkt.demo" \
    --data-urlencode "password=$password" --data-urlencode "csrf=$csrf" \
    "http://127.0.0.1:$port/login" > /dev/null
cookie="vsid=$(awk '$6 == "vsid" {print $7}' "$jar")"
child=$(curl -s -H "Cookie: $cookie" -H 'Accept: application/json' \
    "http://127.0.0.1:$port/parent" | python3 -c 'import json,sys; print(json.load(sys.stdin)["children"][0]["id"])')
path="/parent/children/$child"
size=$(curl -s -H "Cookie: $cookie" "http://127.0.0.1:$port$path" | wc -c)
# The server's own CPU time (user + system, from /proc) per request: unlike requests per second
# it hardly depends on what else the machine is doing, so two builds compare fairly.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
echo "== parent's child page: GET $path ($size bytes) with $BIN"
before=$(cpu_ticks)
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: $cookie" \
    "http://127.0.0.1:$port$path" > "$work/wrk.txt"
after=$(cpu_ticks)
grep -E 'Requests/sec|Latency|99%|Non-2xx' "$work/wrk.txt"
requests=$(awk '/requests in/ {print $1}' "$work/wrk.txt")
awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "server CPU per request: %.1f us (%d requests)\n", t / hz / n * 1e6, n }'
