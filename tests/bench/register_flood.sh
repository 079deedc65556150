#!/usr/bin/env bash
# A flood of refused registrations against the login page (issue 12): the demo coalition on the
# real daemon at 127.0.0.1; the login page's latency under wrk (one connection) alone, then while
# FLOOD connections post /register with a wrong link code as fast as they can (wrong codes are
# counted, so after a few the answers are 429). A refused registration must cost no Argon2
# hash, so the login page stays as fast as alone. Prints the figures (median and 90th
# percentile, and their ratio to the page alone, measured in the same run since the machine is
# shared), the flood's answers by status; passes or fails nothing.
#   tests/bench/register_flood.sh                       DURATION=10 FLOOD=8 by default
#   VERRIJKT_BIN=/tmp/old/build/verrijkt tests/bench/register_flood.sh   another build
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VERRIJKT_BIN:-build/verrijkt}
DURATION=${DURATION:-10}
FLOOD=${FLOOD:-8}
work=$(mktemp -d /tmp/verrijkt-register-flood.XXXXXX)
pid=
flood_pid=
trap '[ -n "$flood_pid" ] && kill "$flood_pid" 2>/dev/null; [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

"$BIN" seed-demo --db "$work/bench.db" > /dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
# wrk's connections all come from 127.0.0.1: more than the default per_ip_limit (20).
printf '[log]\naccess = false\n[server]\nper_ip_limit = 1000\n' > "$work/bench.ini"
"$BIN" serve --config "$work/bench.ini" --db "$work/bench.db" --listen "127.0.0.1:$port" \
    > /dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port"

# The anonymous visitor's CSRF cookie and the form's token, as a browser gets them.
jar="$work/jar"
page=$(curl -s -c "$jar" "$url/register")
cookie=$(awk '$6 == "vcsrf" {print $7}' "$jar")
token=$(printf '%s' "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)

cat > "$work/flood.lua" <<EOF
wrk.method = "POST"
wrk.body = "email=flood%40example.nl&name=Flood&password=wachtwoord-123&code=AAAA-AAAA&csrf=$token"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "vcsrf=$cookie"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do total[status] = (total[status] or 0) + n end
  end
  local line = "flood answers:"
  for status, n in pairs(total) do line = line .. " " .. status .. " ×" .. n end
  print(line)
end
EOF

# wrk's "50%" and "90%" latency lines, in ms.
percentile() { # file percent
    awk -v p="$2%" '$1 == p {
        v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v);
        if (unit == "us") v /= 1000; else if (unit == "s") v *= 1000; printf "%.2f", v }' "$1"
}

login_page() { # output file
    wrk -t1 -c1 -d"${DURATION}s" --latency "$url/login" > "$1"
}

echo "== the login page alone (1 connection, ${DURATION} s)"
login_page "$work/alone.txt"
alone50=$(percentile "$work/alone.txt" 50)
alone90=$(percentile "$work/alone.txt" 90)
echo "median ${alone50} ms, 90th percentile ${alone90} ms"

echo "== the login page while $FLOOD connections post /register with a wrong code"
wrk -t2 -c"$FLOOD" -d"$((DURATION + 2))s" -s "$work/flood.lua" "$url/register" \
    > "$work/flood.txt" 2>&1 &
flood_pid=$!
sleep 1
login_page "$work/during.txt"
wait "$flood_pid" || true
flood_pid=
during50=$(percentile "$work/during.txt" 50)
during90=$(percentile "$work/during.txt" 90)
echo "median ${during50} ms, 90th percentile ${during90} ms"
echo "ratio to alone: median $(echo "scale=1; $during50 / $alone50" | bc)×," \
     "90th percentile $(echo "scale=1; $during90 / $alone90" | bc)×"
grep -E "Requests/sec|flood answers" "$work/flood.txt" | sed 's/^/register flood: /'
