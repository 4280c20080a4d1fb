#!/usr/bin/env bash
# Samverka at national scale: run on demand, never in CI (about 15 minutes
# per database at N = 1,000,000 on a 2-core machine).
#
#   bench/run.sh                       SQLite and PostgreSQL, N = 100,000 and 1,000,000
#   bench/run.sh 100000                one size (several may be given)
#   BENCH_DB=sqlite bench/run.sh       one database
#   BENCH_DURATION=30s bench/run.sh    longer wrk runs (default 10s each)
#   BENCH_SCENARIOS=s1s2 bench/run.sh  only the hot reads (S1, S2) and their nginx ceiling
#   BENCH_SCENARIOS=officer bench/run.sh  S1, S2 and the officer's scenarios (S7, S8)
#   BENCH_BINARY=path bench/run.sh     measure another build (before/after a change)
#   BENCH_PEER=none bench/run.sh       without Datasette beside
#
# Installs what it needs from Debian's packages (wrk, nginx-light; PostgreSQL
# through scripts/with-postgres.sh) and, from PyPI into target/bench-venv,
# the peer (Datasette, pinned, with a current SQLite through pysqlite3),
# builds the release binary once, and runs bench/bench.py per database. Prints one Markdown table: every scenario with
# requests/s (or rows/s), p50/p99 latency, errors, its ratio to nginx serving
# the same bytes, and the server's peak memory and start-up time.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
ARGS=()
for n in "${SIZES[@]}"; do ARGS+=(--companies "$n"); done

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ "${BENCH_PEER:-datasette}" = datasette ]; then
  venv=target/bench-venv
  if [ ! -x "$venv/bin/datasette" ]; then
    echo "bench: installing Datasette into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "datasette==0.65.5" "pysqlite3-binary==0.5.4.post2"
  fi
  export BENCH_DATASETTE="$PWD/$venv/bin/datasette"
  BENCH_PEER_FILE="$(mktemp -d)/peer-{n}.json"
  export BENCH_PEER_FILE
fi
cargo build --release --quiet

header=--header
if [ "${BENCH_DB:-both}" != postgres ]; then
  python3 bench/bench.py --db sqlite $header "${ARGS[@]}"
  header=""
fi
if [ "${BENCH_DB:-both}" != sqlite ]; then
  scripts/with-postgres.sh python3 bench/bench.py --db postgres $header "${ARGS[@]}"
fi
