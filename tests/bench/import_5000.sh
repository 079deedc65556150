#!/usr/bin/env bash
# The pupil import (issue 14) of a 5,000-line export: `verrijkt import-pupils --dry-run` (parse
# and preview), then over HTTP on the real daemon the upload's preview (POST /pupils/import,
# multipart) and the confirm (POST /pupils/import/confirm, everything written in one
# transaction), then the same file confirmed again (nothing changes). Prints wall-clock times;
# passes or fails nothing. VERRIJKT_BIN picks the binary (default build/verrijkt).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VERRIJKT_BIN:-build/verrijkt}
ROWS=${ROWS:-5000}
work=$(mktemp -d /tmp/verrijkt-import-bench.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

"$BIN" seed-demo --db "$work/bench.db" > "$work/accounts.txt"
coordinator=$(sqlite3 "$work/bench.db" "SELECT email FROM users WHERE role = 'coordinator' ORDER BY id LIMIT 1")
school=$(sqlite3 "$work/bench.db" "SELECT s.key FROM users u JOIN schools s ON s.id = u.school_id WHERE u.email = '$coordinator'")
school_id=$(sqlite3 "$work/bench.db" "SELECT id FROM schools WHERE key = '$school'")
password=$(awk -v e="$coordinator" '$2 == e {print $3}' "$work/accounts.txt")
python3 - "$ROWS" > "$work/export.csv" <<'PY'
import sys
n = int(sys.argv[1])
out = ["Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Jaargroep;Klas"]
for i in range(n):
    g = 1 + i % 8
    out.append(f'{900000 + i};Kind{i};{"van" if i % 3 == 0 else ""};"Achter, {i}";{g};{g}{"ABC"[i % 3]}')
sys.stdout.write("\r\n".join(out) + "\r\n")
PY
size=$(wc -c < "$work/export.csv")
now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f s", b - a }'; }

echo "== pupil import: $ROWS lines ($size bytes) for school $school with $BIN"
t=$(now)
"$BIN" import-pupils --db "$work/bench.db" --school "$school" "$work/export.csv" --dry-run > "$work/dry.txt" || true
echo "cli --dry-run (parse + preview):    $(took "$t")  [$(head -1 "$work/dry.txt" | cut -d';' -f1)]"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
printf '[log]\naccess = false\n' > "$work/bench.ini"
"$BIN" serve --config "$work/bench.ini" --db "$work/bench.db" --listen "127.0.0.1:$port" > /dev/null 2>&1 &
pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.1; done
jar="$work/jar"
curl -s -c "$jar" "http://127.0.0.1:$port/login" > /dev/null
csrf=$(awk '$6 == "vcsrf" {print $7}' "$jar")
curl -s -b "$jar" -c "$jar" --data-urlencode "email=$coordinator" \
    --data-urlencode "password=$password" --data-urlencode "csrf=$csrf" \
    "http://127.0.0.1:$port/login" > /dev/null
csrf=$(curl -s -b "$jar" -H 'Accept: application/json' "http://127.0.0.1:$port/" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')

# The preview page's confirm form as a browser posts it (its hidden fields), into confirm.body.
confirm_body() {
    python3 - "$work/preview.html" > "$work/confirm.body" <<'PY'
import html, re, sys, urllib.parse
page = open(sys.argv[1], encoding="utf-8").read()
form = page[page.index('action="/pupils/import/confirm"'):]
fields = dict((html.unescape(n), html.unescape(v)) for n, v in
              re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
sys.stdout.write(urllib.parse.urlencode(fields))
PY
}

# curl's own figures: status and seconds from sending to the last byte of the answer.
for round in first again; do
    read -r code secs < <(curl -s -o "$work/preview.html" -w '%{http_code} %{time_total}\n' \
        -b "$jar" -H 'Expect:' -F "csrf=$csrf" -F "school=$school_id" \
        -F "file=@$work/export.csv;type=text/csv" "http://127.0.0.1:$port/pupils/import")
    echo "http upload -> preview ($round):   $secs s  [status $code, $(wc -c < "$work/preview.html") bytes]"
    confirm_body
    read -r code secs < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -b "$jar" \
        -H 'Expect:' -H 'Content-Type: application/x-www-form-urlencoded' \
        --data-binary "@$work/confirm.body" "http://127.0.0.1:$port/pupils/import/confirm")
    echo "http confirm -> write ($round):    $secs s  [status $code, $(wc -c < "$work/confirm.body") bytes posted]"
done
echo "pupils of $school now: $(sqlite3 "$work/bench.db" "SELECT count(*) FROM pupils WHERE school_id = $school_id")"
