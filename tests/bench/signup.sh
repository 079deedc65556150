#!/usr/bin/env bash
# Load benchmark of parent sign-ups (issue 3): 200 concurrent parents against one activity
# (ROUNDS rounds, default 25) and against 50 activities, on the real daemon at 127.0.0.1.
# Builds tests/bench/signup_bench.c with the HTTP harness and runs it against $VERRIJKT_BIN
# (default build/verrijkt; use a release build). Prints sign-ups per second, latency
# percentiles and a consistency check; exits non-zero only when the check fails (or the
# benchmark cannot run). SYNCHRONOUS=normal|full sets [database] synchronous of the daemon;
# SYNCHRONOUS=both runs the benchmark once with each, to compare them.
set -euo pipefail
cd "$(dirname "$0")/../.."
export VERRIJKT_BIN=${VERRIJKT_BIN:-build/verrijkt}
ROUNDS=${ROUNDS:-25}
work=$(mktemp -d /tmp/verrijkt-signup-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

echo "== parent sign-ups (POST /enrolments), 200 concurrent parents"
cc -std=c17 -O2 -D_GNU_SOURCE -Wall -Wextra -Wformat=2 -Wshadow -Werror -Isrc -Itests/http \
    tests/bench/signup_bench.c tests/http/harness.c -lcurl -ljansson -lpthread \
    -o "$work/signup_bench"
if [ "${SYNCHRONOUS:-}" = both ]; then
    for mode in normal full; do
        echo "== synchronous = $mode"
        SYNCHRONOUS=$mode "$work/signup_bench" "$ROUNDS"
    done
else
    "$work/signup_bench" "$ROUNDS"
fi
