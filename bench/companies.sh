#!/usr/bin/env bash
# The company directory under load, on SQLite and on PostgreSQL: run on
# demand (never in CI). Builds the release binary, seeds N companies
# (default 100,000) with `samverka seed-bench`, starts the server, and
# drives it with wrk from a second process on 127.0.0.1.
#
#   bench/companies.sh [N]            both databases
#   BENCH_DB=sqlite bench/companies.sh   one of them
#
# Prints one table: scenario, requests/s, p50, p99, errors (non-2xx and
# socket errors), plus rows/s for the export and the change feed, and the
# server's peak memory (VmHWM).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
PORT=${BENCH_PORT:-18080}
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
cargo build --release --quiet
BIN=target/release/samverka

run_one() { # $1 = label, DATABASE_URL set
  local label=$1
  echo "== $label: seeding $N companies" >&2
  "$BIN" seed-bench --companies "$N" >&2
  SAMVERKA_BIND=127.0.0.1:$PORT SAMVERKA_LOG_FORMAT=json RUST_LOG=warn SAMVERKA_RATE_LIMIT_PER_MINUTE=0 \
    SAMVERKA_JWT_SECRET=bench-secret-bench-secret-bench-secret-0000 \
    SAMVERKA_ADMIN_EMAIL=bench@example.com SAMVERKA_ADMIN_PASSWORD='bench password 123' \
    "$BIN" serve >"$WORK/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -sf "$BASE/health/ready" >/dev/null && break; sleep 0.1; done
  export TOKEN
  TOKEN=$(curl -sf "$BASE/api/v1/auth/token" -d grant_type=password -d username=bench@example.com \
    -d 'password=bench password 123' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/companies?limit=500" \
    | python3 -c 'import json,sys; [print(c["id"]) for c in json.load(sys.stdin)["items"]]' >"$WORK/ids.txt"
  # A cursor deep in the list: follow 100 pages of 500 (page 10,000 of 5).
  local cursor=""
  for _ in $(seq 1 100); do
    cursor=$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/companies?limit=500${cursor:+&cursor=$cursor}" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["nextCursor"] or "")')
    [ -n "$cursor" ] || break
  done

  scenario() { # name, path, [lua]
    local name=$1 path=$2 script=${3:-bench/auth.lua}
    IDS_FILE="$WORK/ids.txt" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$script" "$BASE$path" >"$WORK/wrk.txt" 2>&1 || true
    python3 - "$label" "$name" "$WORK/wrk.txt" <<'PY'
import re, sys
label, name, path = sys.argv[1:4]
text = open(path).read()
def unit(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    if not m: return float("nan")
    x = float(m.group(1)); return {"us": x / 1000, "ms": x, "s": x * 1000}[m.group(2)]
rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
p50 = re.search(r"^\s+50%\s+(\S+)", text, re.M); p99 = re.search(r"^\s+99%\s+(\S+)", text, re.M)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
print(f"| {label:8} | {name:34} | {float(rps.group(1)) if rps else 0:10.0f} | {unit(p50.group(1)) if p50 else 0:8.2f} | {unit(p99.group(1)) if p99 else 0:8.2f} | {errors:6} |")
PY
  }
  scenario "list: 50 of one municipality" "/api/v1/companies?municipality=0686&limit=50"
  scenario "list: page 1 (limit 5)" "/api/v1/companies?limit=5"
  [ -n "$cursor" ] && scenario "list: deep page (after 50,000)" "/api/v1/companies?limit=5&cursor=$cursor"
  scenario "get by id (500 ids)" "/api/v1/companies/x" bench/get_by_id.lua
  scenario "search q=mekaniska, 50 hits" "/api/v1/companies?q=mekaniska&limit=50"
  scenario "search q=557012 (orgNumber)" "/api/v1/companies?q=557012&limit=50"

  local start end rows
  start=$(date +%s.%N)
  rows=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Accept: text/csv' "$BASE/api/v1/companies/export" | wc -l)
  end=$(date +%s.%N)
  python3 -c "print(f'| $label | export CSV (all)                   | {($rows - 1) / ($end - $start):10.0f} rows/s over {$rows - 1} rows in {$end - $start:.2f} s |')"
  start=$(date +%s.%N)
  rows=$(python3 - "$BASE" <<'PY'
import json, os, sys, urllib.request
base, since, total = sys.argv[1], "", 0
while True:
    req = urllib.request.Request(f"{base}/api/v1/companies/changes?limit=500&since={since}",
                                 headers={"Authorization": "Bearer " + os.environ["TOKEN"]})
    page = json.load(urllib.request.urlopen(req))
    total += len(page["items"]); since = page["since"]
    if page["nextCursor"] is None: break
print(total)
PY
)
  end=$(date +%s.%N)
  python3 -c "print(f'| $label | change feed (all, pages of 500)     | {$rows / ($end - $start):10.0f} rows/s over {$rows} rows in {$end - $start:.2f} s |')"
  echo "| $label | server peak memory (VmHWM)          | $(grep VmHWM /proc/$pid/status | awk '{print $2/1024 " MiB"}') |"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

echo "| db       | scenario                           |  requests/s |  p50 ms |  p99 ms | errors |"
echo "|----------|------------------------------------|------------:|--------:|--------:|-------:|"
if [ "${BENCH_DB:-both}" != postgres ]; then
  DATABASE_URL="sqlite://$WORK/bench.db?mode=rwc" run_one sqlite
fi
if [ "${BENCH_DB:-both}" != sqlite ]; then
  # with-postgres exports DATABASE_URL; run this script's PostgreSQL half inside it.
  if [ -z "${SAMVERKA_BENCH_INNER:-}" ]; then
    SAMVERKA_BENCH_INNER=1 BENCH_DB=postgres scripts/with-postgres.sh "$0" "$N" | tail -n +3
  else
    run_one postgres
  fi
fi
