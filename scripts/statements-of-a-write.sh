#!/usr/bin/env bash
# How many SQL statements one `POST /api/v1/companies` costs, counted in
# PostgreSQL's own statement log: run inside scripts/with-postgres.sh.
#
#   scripts/with-postgres.sh scripts/statements-of-a-write.sh [path/to/samverka]
#   IDEMPOTENCY_KEY=k1 scripts/with-postgres.sh scripts/statements-of-a-write.sh   (with the header)
#
# Prints every statement the write sent (BEGIN to COMMIT) and their count.
set -euo pipefail
bin=${1:-target/debug/samverka}
log="$(dirname "$PGDATA")/server.log"
psql -qAt -d samverka -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export SAMVERKA_BIND="127.0.0.1:$port" SAMVERKA_JWT_SECRET=statements-of-a-write-0123456789abcdef
export SAMVERKA_ADMIN_EMAIL=admin@example.se SAMVERKA_ADMIN_PASSWORD=correct-horse-battery RUST_LOG=warn
"$bin" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
token=$(curl -fs "http://127.0.0.1:$port/api/v1/auth/token" -d grant_type=password \
  -d username=admin@example.se -d password=correct-horse-battery | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
# A read first, so that the request's own look-ups are warm (prepared once).
curl -fs "http://127.0.0.1:$port/api/v1/companies?limit=1" -H "Authorization: Bearer $token" >/dev/null
sleep 0.5
before=$(wc -l <"$log")
curl -fs -o /dev/null -w 'POST /companies: %{http_code}\n' "http://127.0.0.1:$port/api/v1/companies" \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  ${IDEMPOTENCY_KEY:+-H "Idempotency-Key: $IDEMPOTENCY_KEY"} \
  -d '{"orgNumber":"556036-0793","name":"Eksjö Mekaniska AB","municipality":"0686","sniCode":"25620","employees":42,"listed":true}'
sleep 0.5
tail -n +"$((before + 1))" "$log" | grep -oE 'LOG:  (statement|execute [^:]*): .*' | sed -E 's/^LOG:  (statement|execute [^:]*): //' | cut -c1-110 | nl
echo "statements: $(tail -n +"$((before + 1))" "$log" | grep -cE 'LOG:  (statement|execute [^:]*):')"
