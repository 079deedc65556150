#!/usr/bin/env bash
# What idle keep-alive connections cost the daemon (issue 13: 3,000 of them should cost no more
# than a few MB): the demo in a fresh database, the daemon on 127.0.0.1 with room for them
# ([server] connection_limit and per_ip_limit raised), then COUNT (3000) connections that each
# make one request (GET /healthz, keep-alive) and stay open. Prints the daemon's resident memory
# (VmRSS) before, with every connection open, and after they closed. Bounded (the connections
# close after HOLD seconds); passes or fails nothing. Loopback only.
#   COUNT=3000 HOLD=3 tests/bench/idle_connections.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VERRIJKT_BIN:-build/verrijkt}
COUNT=${COUNT:-3000}
HOLD=${HOLD:-3}
work=$(mktemp -d /tmp/verrijkt-idle.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
"$BIN" seed-demo --db "$work/demo.db" > /dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf '[server]\nconnection_limit = %d\nper_ip_limit = %d\ntimeout = 60\n' \
    $((COUNT + 100)) $((COUNT + 100)) > "$work/config.ini"
ulimit -n $((COUNT + 200)) 2>/dev/null || true
"$BIN" serve --config "$work/config.ini" --db "$work/demo.db" --listen "127.0.0.1:$port" \
    > "$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"; }
before=$(rss)
python3 - "$port" "$COUNT" "$HOLD" "$pid" <<'PY'
import socket, sys, time
port, count, hold, pid = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
socks = []
for i in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    socks.append(s)
answered = 0
for s in socks:
    s.settimeout(10)
    if s.recv(4096).startswith(b"HTTP/1.1 200"):
        answered += 1
time.sleep(0.5)
rss = [l.split()[1] for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")][0]
print(f"open: {count} connections, {answered} answered 200, daemon VmRSS {rss} kB")
time.sleep(hold)
for s in socks:
    s.close()
PY
sleep 1
after=$(rss)
echo "before: VmRSS $before kB; after they closed: VmRSS $after kB"
