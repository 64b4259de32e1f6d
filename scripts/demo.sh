#!/usr/bin/env bash
# Set up and start 青春帮带 with a demo school: install what is missing, bring the database up to
# date with the migrations, seed the demo data (once: a database that has data is left alone), then
# serve the app on http://127.0.0.1:${PORT:-5000} until Ctrl-C.
#
# The database is DATABASE_URL when set, else SQLite in instance/qcbd.sqlite3.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh

export PATH="$ROOT/.venv/bin:$PATH"
PORT="${PORT:-5000}"

# Say which database, without printing a password that DATABASE_URL may hold.
where="$(sed -E 's#(://[^:/@]*):.*@#\1:***@#' <<<"${DATABASE_URL:-SQLite in ${QCBD_INSTANCE:-instance}/qcbd.sqlite3}")"
printf '==> migrating the database (%s)\n' "$where"
flask --app wsgi db upgrade

printf '==> seeding the demo school\n'
flask --app wsgi demo seed

# The seed step prints the logins only when it creates the school; show them on every start.
logins="$(python - 2>/dev/null <<'PY'
from app import create_app, db
from demo.school import demo_logins

with create_app().app_context():
    for login in demo_logins(db.session):
        print(f"     {login.staff_no:<8} {login.password:<12} {login.label} {login.name}")
PY
)" || logins=""
if [ -z "$logins" ]; then
  logins="     T0001    tiandi2026   admin (the seed step prints the other logins on an empty database)"
fi

cat <<EOF

  ==========================================================================
   青春帮带 is starting on  http://127.0.0.1:${PORT}/

   Demo logins (工号 / 密码):
${logins}

   Stop with Ctrl-C.
  ==========================================================================

EOF

exec flask --app wsgi run --host 127.0.0.1 --port "$PORT"
