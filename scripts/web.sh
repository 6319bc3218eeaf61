#!/usr/bin/env bash
# The web UI (web/): install its npm packages from the committed lock file, build it into
# web/dist, and check it. Used by `make run` (build) and scripts/test.sh (check, e2e, lighthouse).
#
#   scripts/web.sh deps        npm ci, skipped when web/node_modules matches package-lock.json
#   scripts/web.sh build       deps, then vite build into web/dist
#   scripts/web.sh check       generated files up to date, Prettier, ESLint, vue-tsc, Vitest
#   scripts/web.sh e2e         browser tests against a real server ($BUILD_DIR/shouhu, web/dist)
#   scripts/web.sh lighthouse  accessibility >= 95 on the login, workbench and case pages
#   scripts/web.sh size        first-load JavaScript (gzip) of web/dist
set -euo pipefail
cd "$(dirname "$0")/../web"

need_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "web: node and npm are missing; run scripts/deps.sh" >&2
    exit 1
  fi
  local version major minor
  version=$(node -p 'process.versions.node')
  major=${version%%.*}
  minor=$(echo "$version" | cut -d. -f2)
  if [[ $major -lt 20 || ($major -eq 20 && $minor -lt 19) ]]; then
    echo "web: Node $version is too old; Vite needs Node 20.19 or later" >&2
    exit 1
  fi
}

deps() {
  need_node
  local stamp=node_modules/.shouhu-lock.sha256 sum
  sum=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [[ -f $stamp && $(cat "$stamp") == "$sum" ]]; then return 0; fi
  echo "web: npm ci" >&2
  npm ci --no-audit --no-fund --loglevel=error
  echo "$sum" >"$stamp"
}

case "${1:-build}" in
  deps) deps ;;
  build)
    deps
    npx vite build --logLevel warn
    ;;
  check)
    deps
    node scripts/gen-api.mjs --check
    npx prettier --check --log-level warn .
    npx eslint . --max-warnings 0
    npx vue-tsc --noEmit -p tsconfig.json
    npx vitest run
    ;;
  e2e)
    deps
    node e2e/run.mjs
    ;;
  lighthouse)
    deps
    CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} node e2e/lighthouse.mjs
    ;;
  size)
    node scripts/bundle-size.mjs "${@:2}"
    ;;
  *)
    echo "usage: $0 deps|build|check|e2e|lighthouse|size" >&2
    exit 2
    ;;
esac
