#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 server for the repository tests and prints its URL.
# Usage: eval "$(scripts/start-test-postgres.sh)"   (exports TEST_DATABASE_URL)
# Stop it with: scripts/start-test-postgres.sh stop
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA=${SOULCASTER_TEST_PGDATA:-/tmp/soulcaster-test-pg}
PORT=${SOULCASTER_TEST_PGPORT:-55432}
RUNAS=()
# PostgreSQL refuses to run as root; use the postgres account the Debian package creates.
if [ "$(id -u)" = 0 ]; then RUNAS=(runuser -u postgres --); fi

if [ "${1:-}" = stop ]; then
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi
if [ ! -x "$PGBIN/initdb" ]; then
  echo "PostgreSQL 15 server binaries not found in $PGBIN (apt-get install postgresql-15)" >&2
  exit 1
fi
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
rm -rf "$PGDATA"
mkdir -p "$PGDATA"
[ ${#RUNAS[@]} -gt 0 ] && chown postgres "$PGDATA"
"${RUNAS[@]}" "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 >/dev/null
"${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w \
  -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PGDATA -c fsync=off -c max_connections=200" start >/dev/null
echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
