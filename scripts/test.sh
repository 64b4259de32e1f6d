#!/usr/bin/env bash
# Run the whole test suite: first on SQLite, then, where a PostgreSQL server is installed, again on
# a throwaway PostgreSQL cluster that this script starts, and stops and deletes on the way out.
#
#   bash scripts/test.sh                  everything
#   bash scripts/test.sh -k login         extra arguments go to pytest (both passes)
#   QCBD_SKIP_PG=1 bash scripts/test.sh   the SQLite pass only
#
# Exits non-zero when either pass fails (pytest's exit code of the first pass that failed).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

setup_args=(--test)
# In CI the PostgreSQL pass must not vanish because a fresh machine lacks the server.
if [ "${CI:-}" = true ] && [ "${QCBD_SKIP_PG:-}" != 1 ]; then
  setup_args+=(--postgres)
fi
bash scripts/setup.sh "${setup_args[@]}"

# shellcheck source=scripts/_pg.sh
. scripts/_pg.sh

# The tests must not touch the developer's instance/ (database, secret key) or a configured database.
TEST_TMP="$(mktemp -d /tmp/qcbd-test.XXXXXX)"
cleanup() {
  pg_throwaway_stop
  rm -rf "$TEST_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
export QCBD_INSTANCE="$TEST_TMP/instance"
unset DATABASE_URL TEST_DATABASE_URL

run_pytest() {
  # run_pytest LABEL [ENV=VALUE...] -- PYTEST_ARGS...; prints a banner and returns pytest's status.
  local label="$1"; shift
  local envs=()
  while [ "$1" != -- ]; do envs+=("$1"); shift; done
  shift
  printf '\n==> pytest on %s\n' "$label"
  local status=0
  env "${envs[@]}" "$ROOT/.venv/bin/python" -m pytest "$@" || status=$?
  return "$status"
}

sqlite_status=0
run_pytest SQLite -- "$@" || sqlite_status=$?

pg_status=skipped
if [ "${QCBD_SKIP_PG:-}" = 1 ]; then
  printf '\n==> PostgreSQL pass skipped (QCBD_SKIP_PG=1)\n'
elif ! pg_bin_dir >/dev/null; then
  printf '\n==> PostgreSQL pass skipped: no server binaries in /usr/lib/postgresql/*/bin\n'
else
  printf '\n==> starting a throwaway PostgreSQL cluster\n'
  if pg_throwaway_start; then
    pg_status=0
    run_pytest "PostgreSQL $(basename "$(dirname "$PG_BIN")")" TEST_DATABASE_URL="$PG_TEST_URL" -- "$@" \
      || pg_status=$?
  else
    echo "could not start the throwaway PostgreSQL cluster" >&2
    pg_status=1
  fi
fi

printf '\n==> SQLite: %s   PostgreSQL: %s\n' \
  "$([ "$sqlite_status" = 0 ] && echo passed || echo "failed (exit $sqlite_status)")" \
  "$(case "$pg_status" in 0) echo passed ;; skipped) echo skipped ;; *) echo "failed (exit $pg_status)" ;; esac)"

if [ "$sqlite_status" != 0 ]; then
  exit "$sqlite_status"
elif [ "$pg_status" != 0 ] && [ "$pg_status" != skipped ]; then
  exit "$pg_status"
fi
