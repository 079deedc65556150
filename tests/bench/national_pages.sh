#!/usr/bin/env bash
# The lead's pages over HTTP on the national data set (issue 13): the real daemon at 127.0.0.1
# on a database that tests/bench/national.sh made (KEEP=1 or DB=…), each page RUNS times one
# after the other with curl. Prints per page the bytes, the fastest and the median wall time,
# and the server's own CPU time per request (user + system from /proc, which hardly depends on
# what else the machine does). Passes or fails nothing. Not part of make test.
#
#   DB=/tmp/national.db tests/bench/national_pages.sh
#   VERRIJKT_BIN=/tmp/old/verrijkt DB=… tests/bench/national_pages.sh   another build
#   RUNS=9                                                            requests per page
# The pages: the dashboard of last school year (every school: its first page, and sorted by
# reach), the coverage report as JSON (every school), as the lead's HTML (its first page) and
# of one school (its coordinator's, HTML and JSON), the progress report of that year's fourth
# quarter (the lead's first page), the school's yearly review, and the activity book's first
# page. Adds two accounts to the database the first time (bench-lead@…, bench-coordinator@…).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VERRIJKT_BIN:-build/verrijkt}
RUNS=${RUNS:-7}
: "${DB:?DB=path of a national database (tests/bench/national.sh with KEEP=1)}"
work=$(mktemp -d /tmp/verrijkt-national-pages.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

year=$(( $(date +%Y) - 1 ))
if [ "$(date +%m)" -lt 8 ]; then year=$(( year - 1 )); fi
period="from=$year-08-01&to=$((year + 1))-07-31"
school_id=$(sqlite3 "$DB" "SELECT id FROM schools ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM schools)")
school_key=$(sqlite3 "$DB" "SELECT key FROM schools WHERE id = $school_id")
password=bench-password-national
for who in lead coordinator; do
    if [ -z "$(sqlite3 "$DB" "SELECT id FROM users WHERE email = 'bench-$who@verrijkt.test'")" ]; then
        extra=(); [ "$who" = coordinator ] && extra=(--school "$school_key")
        echo "$password" | "$BIN" user add --db "$DB" --email "bench-$who@verrijkt.test" \
            --role "$who" "${extra[@]}" > /dev/null
    fi
done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --db "$DB" --listen "127.0.0.1:$port" > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done

# The session cookie of a login as who.
login() {
    local jar="$work/jar-$1"
    curl -s -c "$jar" "http://127.0.0.1:$port/login" > /dev/null
    local csrf; csrf=$(awk '$6 == "vcsrf" {print $7}' "$jar")
    curl -s -b "$jar" -c "$jar" --data-urlencode "email=bench-$1@verrijkt.test" \
        --data-urlencode "password=$password" --data-urlencode "csrf=$csrf" \
        "http://127.0.0.1:$port/login" > /dev/null
    echo "vsid=$(awk '$6 == "vsid" {print $7}' "$jar")"
}
lead=$(login lead)
coordinator=$(login coordinator)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }

# time_page LABEL COOKIE PATH [ACCEPT]: RUNS requests after one to warm up.
time_page() {
    local label=$1 cookie=$2 path=$3 accept=${4:-text/html}
    local out="$work/times" status
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" -H "Accept: $accept" \
        "http://127.0.0.1:$port$path")
    : > "$out"
    local before; before=$(cpu_ticks)
    for _ in $(seq "$RUNS"); do
        curl -s -o /dev/null -w '%{time_total} %{size_download}\n' -H "Cookie: $cookie" \
            -H "Accept: $accept" "http://127.0.0.1:$port$path" >> "$out"
    done
    local after; after=$(cpu_ticks)
    sort -n "$out" | awk -v label="$label" -v status="$status" -v runs="$RUNS" \
        -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
        { t[NR] = $1 * 1000; bytes = $2 }
        END { printf "%-44s %s %9d B  min %7.1f ms  median %7.1f ms  server CPU %7.1f ms\n",
                     label, status, bytes, t[1], t[int((NR + 1) / 2)], ticks / hz / runs * 1000 }'
}

echo "== $BIN, $DB, school year $year-$((year + 1)), school $school_id ($school_key); load $(cut -d' ' -f1-3 /proc/loadavg)"
time_page "dashboard (lead, HTML)" "$lead" "/dashboard?$period"
time_page "dashboard sorted by reach (lead, HTML)" "$lead" "/dashboard?$period&sort=reach_pct&dir=desc"
time_page "dashboard (lead, JSON)" "$lead" "/dashboard?$period" application/json
time_page "coverage report (lead, JSON)" "$lead" "/reports/coverage?$period" application/json
time_page "coverage report (lead, HTML, first page)" "$lead" "/reports/coverage?$period"
time_page "progress report (lead, HTML, first page)" "$lead" "/reports/progress?quarter=$year-Q4"
time_page "coverage report (coordinator, HTML)" "$coordinator" "/reports/coverage?$period"
time_page "coverage report (coordinator, JSON)" "$coordinator" "/reports/coverage?$period" application/json
time_page "dashboard (coordinator, HTML)" "$coordinator" "/dashboard?$period"
time_page "school review (lead, HTML)" "$lead" "/reports/schools/$school_id"
time_page "activity book, first page (lead, HTML)" "$lead" "/activity-book?$period"
time_page "activity book, first page (coordinator)" "$coordinator" "/activity-book?$period"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
