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
forbid samverka-persistence actix-web utoipa samverka-http samverka-seed
forbid samverka-seed actix-web utoipa samverka-http
forbid samverka-http samverka-seed
forbid samverka-migration samverka-domain samverka-persistence samverka-http actix-web

# The HTTP layer writes through domain commands and persistence's writers:
# it builds no rows, names no status or role as a string, and decides access
# only through `domain::policy`.
forbid_source() {
  local what=$1 pattern=$2; shift 2
  local found
  found=$(grep -rnE "$pattern" "$@" | grep -vE '^[^:]+:[0-9]+:\s*//' | grep -vE 'example' || true)
  if [ -n "$found" ]; then
    echo "boundary broken: $what" >&2
    echo "$found" >&2
    fail=1
  fi
}
forbid_source "crates/http builds database rows or imports sea-orm" \
  'ActiveModel|sea_orm|samverka_persistence::\{?[^}]*\bSet\b|\bSet\(' crates/http/src
forbid_source "crates/http names a status or role as a string (use the domain enums)" \
  '"(confirmed|waitlisted|cancelled|published|draft|completed|archived|planned|held|admin|officer|integration|woman|unspecified)"' crates/http/src
forbid_source "a principal is matched outside domain::policy and account" \
  'Principal::User' crates src tests
if grep -qE '^sea-orm' crates/http/Cargo.toml; then
  echo "boundary broken: crates/http depends on sea-orm directly" >&2
  fail=1
fi

if [ "$fail" -ne 0 ]; then exit 1; fi
echo "crate boundaries hold"
