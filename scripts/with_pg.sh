#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster on 127.0.0.1.
#   scripts/with_pg.sh pytest ...
# The cluster lives in a temp dir, is tuned for speed (no fsync: it is disposable)
# and is removed when the command ends. DATABASE_URL is exported to the command.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then echo "with_pg: PostgreSQL not installed (run 'make deps')" >&2; exit 1; fi
PORT=${ZHIBEN_PG_PORT:-54329}
DIR=$(mktemp -d /tmp/zhiben-pg.XXXXXX)
as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = "0" ]; then chown postgres "$DIR"; fi
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT
as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o \
  "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres zhiben
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/zhiben"
echo "with_pg: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT"
"$@"
