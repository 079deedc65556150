#!/usr/bin/env bash
# The browser tests: start the daemon as the HTTP harness does (a fresh database in a temp
# folder loaded with tests/http/fixture.json, a free port, the binary $VERRIJKT_BIN or
# build/verrijkt, the source tree's templates and static files), run each
# tests/e2e/*.test.mjs with node against it, stop the daemon, and print one final line
# "N passed, N failed". Screenshots go to tests/e2e/screenshots/. A test that needs the demo
# rather than the fixture starts a daemon of its own the same way (lib.mjs startDemoDaemon).
# Needs: node, /usr/bin/chromium, `npm install` in tests/e2e (make deps-test does it).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BIN=${VERRIJKT_BIN:-build/verrijkt}
case $BIN in /*) ;; *) BIN="$ROOT/$BIN" ;; esac

passed=0
failed=0
dir=$(mktemp -d /tmp/verrijkt-e2e.XXXXXX)
pid=

finish() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        local i
        for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null
    fi
    rm -rf "$dir"
}
trap finish EXIT

summary() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
    exit $?
}

fail_setup() {
    echo "not ok - $1"
    failed=$((failed + 1))
    summary
}

[ -x "$BIN" ] || fail_setup "the daemon binary $BIN is not built"
command -v node >/dev/null || fail_setup "node is not installed"
[ -x /usr/bin/chromium ] || fail_setup "/usr/bin/chromium is not installed"
[ -d tests/e2e/node_modules/playwright-core ] ||
    fail_setup "tests/e2e/node_modules is missing: cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install"

db="$dir/e2e.db"
"$BIN" load --db "$db" tests/http/fixture.json >"$dir/load.log" 2>&1 ||
    fail_setup "loading the fixture failed: $(cat "$dir/load.log")"
# per_ip_limit: the browsers' parallel connections all come from 127.0.0.1.
printf '[server]\ntemplates = %s/templates\nstatic = %s/static\nper_ip_limit = 200\n' "$ROOT" "$ROOT" \
    >"$dir/config.ini"

# A free port: the kernel picks one for a socket bound to port 0, and we take it over.
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$BIN" serve --config "$dir/config.ini" --db "$db" --listen "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
pid=$!
up=
for _ in $(seq 1 100); do
    if curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
[ -n "$up" ] || fail_setup "the daemon did not start: $(cat "$dir/serve.log")"

mkdir -p tests/e2e/screenshots
# E2E_ONLY=name runs only tests/e2e/name.test.mjs (while writing a test).
for test in tests/e2e/${E2E_ONLY:-*}.test.mjs; do
    results="$dir/$(basename "$test").results"
    E2E_DB="$db" BASE_URL="http://127.0.0.1:$port" RESULTS_FILE="$results" timeout 300 node "$test"
    rc=$?
    if [ -f "$results" ]; then
        read -r p f <"$results"
        passed=$((passed + p))
        failed=$((failed + f))
    fi
    if [ "$rc" -ne 0 ] && { [ ! -f "$results" ] || [ "${f:-0}" -eq 0 ]; }; then
        echo "not ok - $test exited with status $rc"
        failed=$((failed + 1))
    fi
done

# Stop the daemon: it must exit 0 (a sanitizer report or a crash would not).
kill -TERM "$pid"
status=
for _ in $(seq 1 100); do
    if ! kill -0 "$pid" 2>/dev/null; then wait "$pid"; status=$?; break; fi
    sleep 0.1
done
pid_was=$pid
pid=
if [ "$status" != 0 ]; then
    kill -KILL "$pid_was" 2>/dev/null
    echo "not ok - the daemon did not stop cleanly (status ${status:-timeout})"
    tail -20 "$dir/serve.log"
    failed=$((failed + 1))
fi
summary
