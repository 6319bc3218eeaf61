#!/usr/bin/env bash
# Runs CMD... against a throwaway PostgreSQL 15 cluster listening on 127.0.0.1 only, with
# SHOUHU_TEST_PG_URL set to its database shouhu_test. The cluster is stopped and its directory
# removed on exit, whatever happens; the script exits with CMD's status.
# Usage: scripts/with-postgres.sh ./build/storage_contract_test
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
for tool in initdb pg_ctl pg_isready createdb; do
  if [[ ! -x "$PG_BIN/$tool" ]]; then
    echo "with-postgres: $PG_BIN/$tool not found (install postgresql-15)" >&2
    exit 2
  fi
done

# initdb and postgres refuse to run as root: run them as the postgres user then.
as_pg=()
dir=$(mktemp -d /tmp/shouhu-pg.XXXXXX)
if [[ $(id -u) -eq 0 ]]; then
  chown postgres: "$dir"
  as_pg=(runuser -u postgres --)
fi
data="$dir/data"
log="$dir/server.log"

cleanup() {
  if [[ -f "$data/postmaster.pid" ]]; then
    "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
    2>/dev/null || echo $((20000 + RANDOM % 20000))
}

"${as_pg[@]}" "$PG_BIN/initdb" -D "$data" -A trust -U shouhu --no-sync -E UTF8 --locale=C.UTF-8 \
  >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

# A free port can be taken between choosing and binding it: try a few.
port=""
for _ in 1 2 3 4 5; do
  candidate=$(free_port)
  if "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 30 start \
    -o "-k $dir -h 127.0.0.1 -p $candidate -c fsync=on -c synchronous_commit=on" >/dev/null; then
    port=$candidate
    break
  fi
done
if [[ -z "$port" ]]; then
  echo "with-postgres: PostgreSQL did not start; server log follows" >&2
  cat "$log" >&2 || true
  exit 1
fi

for _ in $(seq 1 60); do
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
"$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U shouhu shouhu_test

export SHOUHU_TEST_PG_URL="postgresql://shouhu@127.0.0.1:$port/shouhu_test"
set +e
"$@"
status=$?
set -e
exit "$status"
