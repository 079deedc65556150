#!/usr/bin/env bash
# The bench pairs of issue 13: the real daemon against its floor, a bare libmicrohttpd server
# (tests/bench/floor.c: the daemon's server options, the same number of threads), both on
# 127.0.0.1 under the same wrk settings, interleaved: daemon, floor, daemon, floor, … ROUNDS
# rounds of DURATION seconds each. Prints every round and the medians: requests (sign-ups) per
# second, p99 latency, server CPU per request (user + system, from /proc), and the ratio daemon /
# floor (the median of the rounds' ratios), with the floor's CPU per request over the daemon's:
# on a busy machine that one moves less. For a round that wrote, the daemon's writer too, from
# its /metrics before and after: the share of the round the write lock was held, the time it
# was held per transaction, and the transactions per group COMMIT. Bounded; passes or fails
# nothing.
#
#   tests/bench/pairs.sh child|signup|all
#   child   GET /parent/children/{id}: a parent logged in, a child with 30 open activities
#           (about 34 KB), CONNECTIONS connections; the floor serves the page's exact bytes.
#   signup  POST /enrolments as JSON by 256 logged-in parents over 256 connections, every
#           request a sign-up no rule refuses (pair_fixture.c); the floor does one INSERT per
#           transaction (WAL, the same synchronous), the writes serialized in its process.
#           With synchronous = full both wait for an fsync per commit, which this disk makes
#           the larger part of either; normal (the floor of issue 13) compares the work.
#
# ROUNDS (3), DURATION (5 seconds), CONNECTIONS (64, child only), THREADS ([server] threads of
# the daemon and of the floor: 4, the daemon's default), SYNCHRONOUS ([database] synchronous of
# both in the signup pair: full (the daemon's default), normal, or both (default): full, then
# normal, each on a fresh database), VERRIJKT_BIN (build/verrijkt).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VERRIJKT_BIN:-build/verrijkt}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-4}
SYNCHRONOUS=${SYNCHRONOUS:-both}
SIGNUP_CONNECTIONS=256
WRK_THREADS=2
what=${1:-all}
case "$what" in
child | signup | all) ;;
*) echo "usage: $0 child|signup|all" >&2; exit 2 ;;
esac
case "$SYNCHRONOUS" in
full | normal | both) ;;
*) echo "$0: SYNCHRONOUS is full, normal or both" >&2; exit 2 ;;
esac
if [ "$ROUNDS" -lt 1 ] || [ "$ROUNDS" -gt 4 ]; then
    echo "$0: ROUNDS is 1..4" >&2
    exit 2
fi

work=$(mktemp -d /tmp/verrijkt-pairs.XXXXXX)
servers=()
stop_servers() {
    for p in "${servers[@]}"; do
        kill "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    servers=()
}
trap 'stop_servers; rm -rf "$work"' EXIT

flags=(-std=c17 -O2 -D_GNU_SOURCE -Wall -Wextra -Wformat=2 -Wshadow -Werror)
cc "${flags[@]}" tests/bench/floor.c -lmicrohttpd -lsqlite3 -lpthread -o "$work/floor"
cc "${flags[@]}" -Isrc -Itests/http tests/bench/pair_fixture.c tests/http/harness.c \
    -lcurl -ljansson -lsodium -lpthread -o "$work/pair_fixture"

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_up() { # url: any HTTP answer
    for _ in $(seq 100); do
        curl -s -o /dev/null "$1" && return 0
        sleep 0.1
    done
    echo "$0: no answer at $1" >&2
    return 1
}
# The daemon serving db at 127.0.0.1:port with [database] synchronous (default full), its pid
# in $daemon.
serve() { # db port [synchronous]
    printf '[server]\nthreads = %s\nconnection_limit = 1000\nper_ip_limit = 1000\n[enrolment]\nmax_per_child = 100\n[database]\nsynchronous = %s\n[metrics]\nenabled = true\nallow = 127.0.0.1\n' \
        "$THREADS" "${3:-full}" > "$work/daemon.ini"
    metrics_url="http://127.0.0.1:$2/metrics"
    "$BIN" serve --config "$work/daemon.ini" --db "$1" --listen "127.0.0.1:$2" > /dev/null 2>&1 &
    daemon=$!
    servers+=("$daemon")
    wait_up "http://127.0.0.1:$2/healthz"
}
# The floor (floor.c arguments), its pid in $floor.
floor_serve() { # page|insert FILE PORT [synchronous]
    "$work/floor" "$1" "$2" "$3" "$THREADS" "${@:4}" &
    floor=$!
    servers+=("$floor")
    wait_up "http://127.0.0.1:$3/"
}
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# One wrk run against the server with pid $1: "rate p99_ms cpu_us non2xx timeouts" on stdout,
# rate counting the 2xx answers only.
measure() { # pid connections wrk-arguments…
    local pid=$1 connections=$2 before after
    shift 2
    before=$(cpu_ticks "$pid")
    wrk -t"$WRK_THREADS" -c"$connections" -d"${DURATION}s" --timeout 10s --latency "$@" \
        > "$work/wrk.txt"
    after=$(cpu_ticks "$pid")
    awk -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /m$/) return v * 60000
            return v * 1000
        }
        / 99%/ { p99 = ms($2) }
        /requests in/ { n = $1; t = $4; sub(/,$/, "", t); seconds = ms(t) / 1000 }
        /Non-2xx/ { bad = $NF }
        /Socket errors/ { timeouts = $NF }
        END {
            good = n - bad
            printf "%.1f %.2f %.1f %d %d\n", good / seconds, p99, ticks / hz / (n ? n : 1) * 1e6,
                bad, timeouts
        }' "$work/wrk.txt"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The daemon's write lock so far (its /metrics): "held_us groups members".
writer_figures() {
    curl -s "$metrics_url" | awk '
        $1 == "verrijkt_write_lock_held_microseconds_total" { h = $2 }
        $1 == "verrijkt_write_groups_total" { g = $2 }
        $1 == "verrijkt_write_group_members_total" { m = $2 }
        END { print h + 0, g + 0, m + 0 }'
}

# ROUNDS interleaved rounds; the figures per round and their medians.
pair() { # unit connections daemon-wrk-arguments (with {R} for the round) :: floor-wrk-arguments
    local unit=$1 connections=$2 a=() b=() r
    shift 2
    while [ "$1" != :: ]; do a+=("$1"); shift; done
    shift
    b=("$@")
    : > "$work/figures"
    echo "load average at start: $(load_average)"
    for r in $(seq "$ROUNDS"); do
        local d f
        local w0 w1
        w0=$(writer_figures)
        d=$(measure "$daemon" "$connections" "${a[@]//\{R\}/$r}")
        w1=$(writer_figures)
        f=$(measure "$floor" "$connections" "${b[@]//\{R\}/$r}")
        echo "$r $d $f" >> "$work/figures"
        echo "$r $d $f" | awk -v unit="$unit" '{
            printf "  round %d  verrijkt %8.0f %s p99 %7.2f ms  cpu %6.1f us/req  non-2xx %d timeouts %d\n", $1, $2, unit, $3, $4, $5, $6
            printf "           floor    %8.0f %s p99 %7.2f ms  cpu %6.1f us/req  non-2xx %d timeouts %d\n", $7, unit, $8, $9, $10, $11
            printf "           ratio    %8.3f  (CPU per request: floor / verrijkt %.3f)\n", ($7 > 0 ? $2 / $7 : 0), ($4 > 0 ? $9 / $4 : 0) }'
        echo "$w0 $w1" | awk -v seconds="$DURATION" '$6 > $3 {
            printf "           writer   busy %.2f of the round, held %.0f us per transaction committed in a group, %.2f transactions per COMMIT\n",
                ($4 - $1) / (seconds * 1e6), ($4 - $1) / ($6 - $3), ($6 - $3) / ($5 - $2) }'
    done
    local rate fr p99 fp99 cpu fcpu ratio cpu_ratio
    rate=$(awk '{print $2}' "$work/figures" | median)
    p99=$(awk '{print $3}' "$work/figures" | median)
    cpu=$(awk '{print $4}' "$work/figures" | median)
    fr=$(awk '{print $7}' "$work/figures" | median)
    fp99=$(awk '{print $8}' "$work/figures" | median)
    fcpu=$(awk '{print $9}' "$work/figures" | median)
    ratio=$(awk '{print ($7 > 0 ? $2 / $7 : 0)}' "$work/figures" | median)
    cpu_ratio=$(awk '{print ($4 > 0 ? $9 / $4 : 0)}' "$work/figures" | median)
    printf '  median of %d  verrijkt %.0f %s p99 %.2f ms cpu %.1f us/req | floor %.0f %s p99 %.2f ms cpu %.1f us/req\n' \
        "$ROUNDS" "$rate" "$unit" "$p99" "$cpu" "$fr" "$unit" "$fp99" "$fcpu"
    printf '  RATIO %.3f (median of the rounds\x27 ratios; CPU per request floor / verrijkt %.3f, which depends less on the load)\n' \
        "$ratio" "$cpu_ratio"
    echo "load average at end: $(load_average)"
}

login() { # port email password → the session cookie
    local jar="$work/jar-$2" csrf
    curl -s -c "$jar" "http://127.0.0.1:$1/login" > /dev/null
    csrf=$(awk '$6 == "vcsrf" {print $7}' "$jar")
    curl -s -b "$jar" -c "$jar" --data-urlencode "email=$2" --data-urlencode "password=$3" \
        --data-urlencode "csrf=$csrf" "http://127.0.0.1:$1/login" > /dev/null
    echo "vsid=$(awk '$6 == "vsid" {print $7}' "$jar")"
}

child_pair() {
    local credentials port fport cookie child path size
    credentials=$("$work/pair_fixture" child "$work/child.json")
    "$BIN" load --db "$work/child.db" "$work/child.json" > /dev/null
    port=$(free_port)
    serve "$work/child.db" "$port"
    # shellcheck disable=SC2086 # "email password"
    cookie=$(login "$port" $credentials)
    child=$(curl -s -H "Cookie: $cookie" -H 'Accept: application/json' \
        "http://127.0.0.1:$port/parent" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["children"][0]["id"])')
    path="/parent/children/$child"
    curl -s -f -H "Cookie: $cookie" -o "$work/child.html" "http://127.0.0.1:$port$path"
    size=$(wc -c < "$work/child.html")
    fport=$(free_port)
    floor_serve page "$work/child.html" "$fport"
    curl -s "http://127.0.0.1:$fport$path" | cmp -s - "$work/child.html" ||
        echo "  (the floor's answer differs from the page)"
    echo "== pair: the parent's child page, GET $path ($size bytes, 30 open activities), wrk -t$WRK_THREADS -c$CONNECTIONS, ${DURATION} s x $ROUNDS rounds, $THREADS server threads"
    pair "req/s" "$CONNECTIONS" -H "Cookie: $cookie" "http://127.0.0.1:$port$path" :: \
        -H "Cookie: $cookie" "http://127.0.0.1:$fport$path"
    stop_servers
}

signup_pair() { # synchronous
    local port fport lines
    rm -f "$work"/signup.db* "$work"/floor.db*
    "$work/pair_fixture" signup "$work/signup.json" "$ROUNDS"
    "$BIN" load --db "$work/signup.db" "$work/signup.json" > /dev/null
    port=$(free_port)
    serve "$work/signup.db" "$port" "$1"
    "$work/pair_fixture" sessions "$port" "$work/signup.db" "$ROUNDS" "$work"
    fport=$(free_port)
    floor_serve insert "$work/floor.db" "$fport" "$1"
    lines=$(wc -l < "$work/signups-1.txt")
    echo "== pair: sign-ups, POST /enrolments as JSON, 256 logged-in parents, wrk -t$WRK_THREADS -c$SIGNUP_CONNECTIONS, ${DURATION} s x $ROUNDS rounds, $THREADS server threads, synchronous = $1 (both servers), $lines distinct sign-ups per round"
    local script=tests/bench/pairs_signup.lua
    pair "sign-ups/s" "$SIGNUP_CONNECTIONS" \
        -s "$script" "http://127.0.0.1:$port/enrolments" -- "$work/signups-{R}.txt" "$WRK_THREADS" :: \
        -s "$script" "http://127.0.0.1:$fport/enrolments" -- "$work/signups-{R}.txt" "$WRK_THREADS"
    stop_servers
}

[ "$what" = signup ] || child_pair
if [ "$what" != child ]; then
    [ "$SYNCHRONOUS" = normal ] || signup_pair full
    [ "$SYNCHRONOUS" = full ] || signup_pair normal
fi
