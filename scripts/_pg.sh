# shellcheck shell=bash
# A throwaway PostgreSQL cluster for the test suite; sourced by scripts/test.sh.
#
#   pg_throwaway_start   initdb into a fresh temp dir, start it listening on a unix socket in that
#                        dir only (no TCP port), create a database; sets PG_TEST_URL
#   pg_throwaway_stop    stop the server and delete the temp dir; safe to call twice
#
# As root, initdb refuses to run, so the server runs as the `postgres` system user.

# PG_BIN and PG_TEST_URL are read by the script that sources this file.
# shellcheck disable=SC2034
PG_BIN=""
PG_TMP=""
# shellcheck disable=SC2034
PG_TEST_URL=""

pg_bin_dir() {
  # The newest installed server version, e.g. /usr/lib/postgresql/15/bin.
  local initdb
  initdb="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)"
  [ -n "$initdb" ] && dirname "$initdb"
}

_pg_as_owner() {
  # Run a server command as the cluster's owner, from a directory that owner can read.
  if [ "$(id -u)" = 0 ]; then
    (cd "$PG_TMP" && runuser -u postgres -- "$@")
  else
    (cd "$PG_TMP" && "$@")
  fi
}

pg_throwaway_start() {
  PG_BIN="$(pg_bin_dir)" || { echo "no PostgreSQL server binaries found" >&2; return 1; }
  PG_TMP="$(mktemp -d /tmp/qcbd-pg.XXXXXX)"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$PG_TMP"
  fi
  _pg_as_owner "$PG_BIN/initdb" -D "$PG_TMP/data" -U qcbd -A trust -E UTF8 --locale=C.UTF-8 \
    --no-sync >"$PG_TMP/initdb.log" 2>&1 || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  # Durability is worthless here; speed is not.
  _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$PG_TMP/server.log" >&2; return 1; }
  "$PG_BIN/createdb" -h "$PG_TMP" -U qcbd qcbd_test
  PG_TEST_URL="postgresql+psycopg://qcbd@/qcbd_test?host=$PG_TMP"
}

pg_throwaway_stop() {
  [ -n "$PG_TMP" ] || return 0
  if [ -f "$PG_TMP/data/postmaster.pid" ]; then
    _pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_TMP"
  PG_TMP=""
}
