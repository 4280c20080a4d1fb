#!/usr/bin/env bash
# Runs Schemathesis (PyPI) against a Samverka server started here on a fresh
# SQLite database with the demo data, once per role, with all its checks, a
# fixed seed and a time bound per role. Exit status: Schemathesis's (any
# failure fails).
#
#   scripts/schemathesis.sh [SECONDS_PER_ROLE]      (default 60)
#
# Environment:
#   SAMVERKA_BIN        the server binary (default target/debug/samverka; built by `cargo test`)
#   SCHEMATHESIS_SEED   the seed (default 1)
#   SCHEMATHESIS_ROLES  which roles, in order (default: company provider officer integration admin)
# Schemathesis is installed with pip when `st` is missing (the version below).
# One worker: with two, CPython 3.11's ast.parse (called by Hypothesis from
# threads) sometimes fails with "AST constructor recursion depth mismatch".
# The configuration (per-operation exceptions, with reasons) is schemathesis.toml.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
seed=${SCHEMATHESIS_SEED:-1}
roles=${SCHEMATHESIS_ROLES:-company provider officer integration admin}
bin=${SAMVERKA_BIN:-target/debug/samverka}
version=4.32.5

if ! command -v st >/dev/null 2>&1 || [ "$(st --version 2>/dev/null | awk '{print $3}')" != "$version" ]; then
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$version"
  hash -r
fi
[ -x "$bin" ] || { echo "schemathesis: $bin missing (run cargo build or cargo test first)" >&2; exit 2; }

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
admin_email="schemathesis-admin@example.se"
admin_password="schemathesis admin password"

DATABASE_URL="sqlite://$work/st.db?mode=rwc" SAMVERKA_BIND="127.0.0.1:$port" SAMVERKA_DEMO_DATA=true \
  SAMVERKA_ADMIN_EMAIL="$admin_email" SAMVERKA_ADMIN_PASSWORD="$admin_password" \
  SAMVERKA_RATE_LIMIT_PER_MINUTE=0 SAMVERKA_JWT_SECRET="schemathesis-$(date +%s%N)" \
  "$bin" serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fs "$base/health/ready" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
password_token() {
  curl -fs "$base/api/v1/auth/token" -d grant_type=password --data-urlencode "username=$1" --data-urlencode "password=$2" | json "['access_token']"
}
admin=$(password_token "$admin_email" "$admin_password")
call() { # METHOD PATH [JSON]
  curl -fs -X "$1" "$base$2" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' ${3:+-d "$3"}
}

# One account per role, bound to demo data: an Eksjö officer, a user of an
# Eksjö company, the provider of the demo offers, a Vetlanda+Sävsjö integration.
company_id=$(call GET '/api/v1/companies?municipality=0686&limit=1' | json "['items'][0]['id']")
provider=$(call GET '/api/v1/training-offers?limit=1' | json "['items'][0]['provider']")
user_password="schemathesis user password"
make_user() { # EMAIL ROLE BINDING_JSON
  call POST /api/v1/users "{\"email\":\"$1\",\"displayName\":\"Schemathesis $2\",\"role\":\"$2\",$3,\"password\":\"$user_password\"}" >/dev/null
  password_token "$1" "$user_password"
}
declare -A token
token[admin]=$admin
token[officer]=$(make_user st-officer@example.se officer '"municipality":"0686"')
token[company]=$(make_user st-company@example.se company "\"companyId\":\"$company_id\"")
token[provider]=$(make_user st-provider@example.se provider "\"provider\":\"$provider\"")
client=$(call POST /api/v1/api-clients '{"name":"Schemathesis integration","municipalities":["0685","0684"]}')
client_id=$(echo "$client" | json "['clientId']")
client_secret=$(echo "$client" | json "['clientSecret']")
token[integration]=$(curl -fs "$base/api/v1/auth/token" -u "$client_id:$client_secret" -d grant_type=client_credentials | json "['access_token']")

status=0
for role in $roles; do
  printf '\n== schemathesis as %s (%ss, seed %s)\n' "$role" "$seconds" "$seed"
  st run "$base/api-docs/openapi.json" \
    --header "Authorization: Bearer ${token[$role]}" \
    --checks all --seed "$seed" --max-time "$seconds" --workers 1 \
    --report junit --report-dir "target/schemathesis/$role" \
    || status=1
done
if [ "$status" -ne 0 ]; then
  echo "schemathesis: failures (server log: last 40 lines)" >&2
  tail -n 40 "$work/server.log" >&2
fi
exit "$status"
