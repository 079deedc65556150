#!/usr/bin/env bash
# Instructions per sign-up (POST /enrolments), counted by valgrind's callgrind: unlike a time,
# the count is the same whatever else the machine does, so two builds compare exactly.
# A fresh database with one school, ACTIVITIES (default 10) activities whose sessions never
# overlap and PUPILS (default 20) children of one parent; the daemon under callgrind on
# 127.0.0.1 (collecting only inside the dispatcher); the parent logs in and signs every child up
# for every activity, one request after the other (PUPILS x ACTIVITIES sign-ups; a child's later
# sign-ups meet its earlier enrolments, as a real parent's do). MODE=json (default) posts as
# JSON; MODE=form posts the HTML form and follows the redirect to the child's page, as a
# browser does (the flash message is set by the POST and shown by the GET). CLIENTS=N (default
# 1) logs the parent in N times on N keep-alive connections and takes turns: the daemon's
# threads then alternate, each with its own SQLite connection, as under load. Prints the
# instructions per sign-up of the dispatcher and of the parts that matter (CALLGRIND_OUT=FILE
# keeps callgrind's output for callgrind_annotate). Needs valgrind.
#   VERRIJKT_BIN=/tmp/old/build/verrijkt tests/bench/signup_instructions.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VERRIJKT_BIN:-build/verrijkt}
PUPILS=${PUPILS:-20}
ACTIVITIES=${ACTIVITIES:-10}
MODE=${MODE:-json}
SYNCHRONOUS=${SYNCHRONOUS:-full}
CLIENTS=${CLIENTS:-1}
work=$(mktemp -d /tmp/verrijkt-signup-instr.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

python3 - "$work/fixture.json" "$PUPILS" "$ACTIVITIES" <<'EOF'
import datetime, json, sys
path, pupils, activities = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
today = datetime.date.today()
day = lambda n: (today + datetime.timedelta(days=n)).isoformat()
acts = []
for i in range(activities):
    start = 8 * 60 + 30 * (i // 5)
    acts.append({"key": "act-%02d" % i, "school": "noord", "title": "Keuze %02d" % i,
                 "domains": ["sport"], "grades": [5, 8], "capacity": 30,
                 "weekday": i % 5 + 1, "start": "%02d:%02d" % divmod(start, 60),
                 "end": "%02d:%02d" % divmod(start + 30, 60), "from": day(-7),
                 "until": day(60), "signup_from": day(-1) + "T00:00",
                 "signup_until": day(30) + "T23:59"})
kids = [{"key": "k-%03d" % p, "school": "noord", "number": str(1000 + p),
         "first_name": "Kind%d" % p, "last_name": "Bench", "grade": 6} for p in range(pupils)]
doc = {"schools": [{"key": "noord", "name": "Basisschool Noord", "kind": "po"}],
       "activities": acts, "pupils": kids,
       "users": [{"email": "ouder@bench.nl", "role": "parent", "password": "wachtwoord-123",
                  "children": [k["key"] for k in kids]}]}
json.dump(doc, open(path, "w"))
EOF
"$BIN" load --db "$work/bench.db" "$work/fixture.json" > /dev/null
printf '[server]\ntemplates = %s/templates\nstatic = %s/static\n[enrolment]\nmax_per_child = 100\n[database]\nsynchronous = %s\n' \
    "$PWD" "$PWD" "$SYNCHRONOUS" > "$work/config.ini"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" --toggle-collect=dispatch \
    "$BIN" serve --config "$work/config.ini" --db "$work/bench.db" --listen "127.0.0.1:$port" \
    > /dev/null 2> "$work/valgrind.txt" &
pid=$!
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.2; done
python3 - "$port" "$work/bench.db" "$MODE" "$pid" "$CLIENTS" <<'EOF'
import http.client, json, sqlite3, subprocess, sys, urllib.parse
port, db, mode, pid, n_clients = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
class Client:
    def __init__(self):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        self.cookies = {}
    def request(self, method, path, body=None, accept="text/html"):
        headers = {"Accept": accept,
                   "Cookie": "; ".join("%s=%s" % kv for kv in self.cookies.items())}
        if body is not None:
            body = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body, headers)
        res = self.conn.getresponse()
        data = res.read()
        for name, value in res.getheaders():
            if name.lower() == "set-cookie":
                k, v = value.split(";", 1)[0].split("=", 1)
                self.cookies[k] = v
        return res.status, res.getheader("Location"), data
    def login(self):
        self.request("GET", "/login")
        status, _, _ = self.request("POST", "/login", {"email": "ouder@bench.nl",
                                    "password": "wachtwoord-123", "csrf": self.cookies["vcsrf"]})
        assert status == 303, status
        self.csrf = json.loads(self.request("GET", "/parent", accept="application/json")[2])["csrf"]
clients = [Client() for _ in range(n_clients)]
for c in clients:
    c.login()
subprocess.run(["callgrind_control", "--zero", pid], check=True, stdout=subprocess.DEVNULL,
               stderr=subprocess.DEVNULL)
ro = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
pupils = [r[0] for r in ro.execute("SELECT id FROM pupils ORDER BY id")]
acts = [r[0] for r in ro.execute("SELECT id FROM activities ORDER BY id")]
i = 0
for a in acts:
    for p in pupils:
        c = clients[i % n_clients]
        i += 1
        form = {"pupil_id": p, "activity_id": a, "csrf": c.csrf}
        if mode == "json":
            status, _, data = c.request("POST", "/enrolments", form, "application/json")
            assert status == 201, (status, data[:200])
        else:
            status, location, data = c.request("POST", "/enrolments", form)
            assert status == 303, (status, data[:200])
            status, _, data = c.request("GET", location)
            assert status == 200 and b"ingeschreven" in data, status
EOF
kill -TERM "$pid"
wait "$pid" || true
pid=
[ -n "${CALLGRIND_OUT:-}" ] && cp "$work/callgrind.out" "$CALLGRIND_OUT"
n=$((PUPILS * ACTIVITIES))
echo "== sign-ups ($MODE, synchronous $SYNCHRONOUS, $CLIENTS clients) with $BIN: instructions per sign-up ($n sign-ups)"
callgrind_annotate --inclusive=yes --threshold=100 "$work/callgrind.out" 2>/dev/null |
    python3 -c '
import re, sys
n = int(sys.argv[1])
wanted = ["dispatch", "page_enrolment_create", "enrol_pupil", "enrol_in_transaction",
          "check_pupil", "read_facts", "seat_is_free", "enrol_put", "enrol_position",
          "tally_flush", "tally_refresh_pupil", "db_commit", "session_load", "session_flash",
          "consume_flash", "page_parent_child", "render"]
seen = {}
for line in sys.stdin:
    m = re.match(r"\s*([\d,]+) \([^)]*\)\s+\S*:(\w+)", line)
    if m and m.group(2) in wanted and m.group(2) not in seen:
        seen[m.group(2)] = int(m.group(1).replace(",", ""))
for name in wanted:
    if name in seen:
        print("  %-24s %11.0f" % (name, seen[name] / n))
' "$n"
