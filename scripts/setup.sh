#!/usr/bin/env bash
# Install what 青春帮带 needs on Debian 12, idempotently: the Debian packages that are missing, a
# virtualenv in .venv, and requirements.txt whenever it has changed since the last install.
#
#   bash scripts/setup.sh            what the app needs (PDF fonts and libraries, Python)
#   bash scripts/setup.sh --test     also what the tests need (chromium, poppler-utils)
#   bash scripts/setup.sh --test --postgres
#                                    also a PostgreSQL server, when none is installed
#
# A second run installs nothing and takes well under a second. PYTHON picks the interpreter that
# makes the virtualenv (default: python3).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.qcbd-requirements.sha256"
PYTHON="${PYTHON:-python3}"

# python3-venv gives `python3 -m venv` its pip; libharfbuzz-subset0 lets WeasyPrint subset fonts
# (without it every page takes seconds); fonts-noto-cjk sets the Chinese text of PDFs and pages.
packages=(python3 python3-venv fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
want_postgres=0
for arg in "$@"; do
  case "$arg" in
    --test) packages+=(chromium poppler-utils) ;;
    --postgres) want_postgres=1 ;;
    *) echo "setup.sh: unknown option: $arg" >&2; exit 2 ;;
  esac
done

say() { printf '==> %s\n' "$*"; }

# --- Debian packages ------------------------------------------------------------------------
installed() { [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]; }

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${packages[@]}"; do
    installed "$pkg" || missing+=("$pkg")
  done
  if [ "$want_postgres" = 1 ] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    missing+=(postgresql)
  fi
else
  say "not a Debian system: make sure these are installed yourself: ${packages[*]}"
fi

if [ "${#missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "setup.sh: need root or sudo to run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- virtualenv -----------------------------------------------------------------------------
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c '' 2>/dev/null; then
  say "the virtualenv in .venv is broken (its interpreter moved?): making it again"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  say "creating the virtualenv in .venv with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv "$VENV"
fi

# The stamp covers the requirements and the interpreter, so a rebuilt venv installs again.
want="$({ cat "$ROOT/requirements.txt"; "$VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  say "installing requirements.txt into .venv"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.txt"
  printf '%s\n' "$want" >"$STAMP"
fi

# --- print fonts ---------------------------------------------------------------------------
# Cut-down copies of the Noto CJK faces for PDFs (blueprints/core/print_fonts.py); the app would make them at
# its first PDF otherwise.
if [ "$(ls "$ROOT"/static/fonts/qcbd-*.otf 2>/dev/null | wc -l)" -lt 4 ]; then
  say "making the print fonts in static/fonts"
  (cd "$ROOT" && "$VENV/bin/python" -m blueprints.core.print_fonts)
fi
