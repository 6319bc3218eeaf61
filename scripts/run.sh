#!/usr/bin/env bash
# Starts Shouhu locally on SQLite with the fictional demo district (used by `make run`, which
# builds first). The demo accounts' one-time passwords are printed on the first start only.
#
# Overrides: SHOUHU_LISTEN (default 127.0.0.1:8080), SHOUHU_DATABASE (default
# sqlite:data/shouhu.db), SHOUHU_KEY_FILE (default data/shouhu.keys, created if missing),
# SHOUHU_STATIC_ROOT (default web/dist, built here first: npm ci from the committed lock file,
# then vite build; set it to serve another folder and skip the build);
# every other SHOUHU_* variable (SHOUHU_CONFIG=FILE for a TOML file) reaches each command as is.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${BUILD_DIR:-build}/shouhu
if [[ ! -x $bin ]]; then
  echo "run: $bin is missing; build it with 'make build' (or use 'make run')" >&2
  exit 1
fi

listen=${SHOUHU_LISTEN:-127.0.0.1:8080}
database=${SHOUHU_DATABASE:-sqlite:data/shouhu.db}
if [[ -z ${SHOUHU_STATIC_ROOT:-} ]]; then
  scripts/web.sh build
  SHOUHU_STATIC_ROOT=$PWD/web/dist
fi
export SHOUHU_STATIC_ROOT

mkdir -p data
# The demo key of the field encryption lives beside the database, outside it; a real deployment
# keeps it elsewhere (SHOUHU_KEY_FILE) and backs it up apart from the data.
export SHOUHU_KEY_FILE=${SHOUHU_KEY_FILE:-$PWD/data/shouhu.keys}
if [[ ! -f $SHOUHU_KEY_FILE ]]; then
  "$bin" keys init --file "$SHOUHU_KEY_FILE"
fi
# --database is an option of `shouhu` itself, so it comes before the subcommand.
"$bin" --database "$database" migrate
"$bin" --database "$database" demo load

echo
echo "Shouhu is starting on http://${listen}  (static files: ${SHOUHU_STATIC_ROOT}; Ctrl-C stops)"
echo
exec "$bin" --database "$database" serve --listen "$listen"
