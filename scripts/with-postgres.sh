#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster, then removes it,
# whatever happens.
#
#   scripts/with-postgres.sh cargo test --workspace
#
# The cluster is made with `initdb --auth=trust` as the `postgres` user in a
# temporary directory and listens on a free port of 127.0.0.1 only. The
# command sees:
#   SAMVERKA_TEST_POSTGRES_URL  the maintenance database (tests create and drop their own)
#   DATABASE_URL                an empty database `samverka` (for running the server)
# Debian's postgresql package is installed first when no binaries are found.
# Fails (never skips) when the cluster cannot be started.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

find_bindir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

bindir=$(find_bindir || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: PostgreSQL binaries missing; installing Debian's postgresql" >&2
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq postgresql >/dev/null
  bindir=$(find_bindir)
fi

# initdb refuses to run as root: run the server as `postgres`.
run_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

tmp=$(mktemp -d /tmp/samverka-pg.XXXXXX)
chmod 755 "$tmp"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$tmp"

cleanup() {
  status=$?
  if [ -f "$tmp/data/postmaster.pid" ]; then
    run_pg "$bindir/pg_ctl" -D "$tmp/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      run_pg "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

run_pg "$bindir/initdb" -D "$tmp/data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 || {
  cat "$tmp/initdb.log" >&2
  echo "with-postgres: initdb failed" >&2
  exit 1
}
# Durability is not what these tests measure: fsync off makes them fast.
run_pg "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null || {
  cat "$tmp/server.log" >&2 || true
  echo "with-postgres: the cluster did not start" >&2
  exit 1
}
"$bindir/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qAt -c 'CREATE DATABASE samverka' >/dev/null

export SAMVERKA_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/samverka"
export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres PGDATA="$tmp/data" SAMVERKA_PG_BINDIR="$bindir"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
