#!/usr/bin/env bash
# The crate boundaries of STYLE.md, checked: the domain knows no database and
# no HTTP; persistence knows no HTTP; migrations know nothing of ours.
set -euo pipefail
cd "$(dirname "$0")/.."

fail=0
forbid() {
  local crate=$1; shift
  local deps
  deps=$(cargo tree --locked -p "$crate" -e normal --prefix none --format '{p}' | awk '{print $1}' | sort -u)
  for banned in "$@"; do
    if grep -qx "$banned" <<<"$deps"; then
      echo "boundary broken: $crate depends on $banned" >&2
      fail=1
    fi
  done
}

forbid samverka-domain sea-orm sea-orm-migration sqlx actix-web utoipa samverka-persistence samverka-http
forbid samverka-persistence actix-web utoipa samverka-http
forbid samverka-migration samverka-domain samverka-persistence samverka-http actix-web

if [ "$fail" -ne 0 ]; then exit 1; fi
echo "crate boundaries hold"
