#!/usr/bin/env bash
# The TypeScript client (clients/typescript, @samverka/client) run with Node
# against a live server with the demo data: sign in, list companies page by
# page, create one with an Idempotency-Key, read a problem.
#   scripts/client-smoke.sh [path/to/samverka]   (default: target/debug/samverka)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/debug/samverka}
work=$(mktemp -d /tmp/samverka-smoke.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SAMVERKA_BIND="127.0.0.1:$port" DATABASE_URL="sqlite://$work/smoke.db?mode=rwc" SAMVERKA_DEMO_DATA=true SAMVERKA_ALLOW_HTTP_WEBHOOKS=true \
  SAMVERKA_JWT_SECRET=client-smoke-secret-0123456789abcdef RUST_LOG=warn "$bin" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 150); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.2
done
cd clients/typescript
npm ci --no-audit --no-fund --loglevel=error
npm run --silent generate
npm run --silent build
SAMVERKA_URL="http://127.0.0.1:$port" node dist/src/smoke.js
