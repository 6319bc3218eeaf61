#!/usr/bin/env bash
# Installs the Debian 12 packages Shouhu needs. Idempotent: when every package is already
# installed it does not touch apt at all, so repeated runs cost a fraction of a second.
#
#   scripts/deps.sh          build, test and run dependencies
#   scripts/deps.sh bench    the above plus the benchmark tools (wrk, nginx-light)
set -euo pipefail

core=(
  build-essential g++ cmake ninja-build pkg-config
  libboost1.81-all-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libsodium-dev libssl-dev libcurl4-openssl-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  clang-format curl ca-certificates
  libxlsxwriter-dev libcsv-dev python3
)
bench=(wrk nginx-light)
# The web UI's browser tests: Debian's Chromium and CJK fonts for the screenshots.
web=(chromium fonts-noto-cjk)

case "${1:-core}" in
  core) wanted=("${core[@]}" "${web[@]}") ;;
  bench) wanted=("${core[@]}" "${web[@]}" "${bench[@]}") ;;
  *)
    echo "usage: $0 [core|bench]" >&2
    exit 2
    ;;
esac

# Node and npm build the web UI. Only when `node` is missing: a machine may already have a newer
# Node from elsewhere whose package conflicts with Debian's npm. (Vite needs Node 20.19 or later;
# scripts/web.sh says so when the installed one is older.)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  wanted+=(nodejs npm)
fi

# One dpkg-query for all: it prints "ii name" for each installed package and nothing for unknown ones.
# (It exits 1 when any package is unknown to dpkg; that only means "missing" here.)
installed=" $({ dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${wanted[@]}" 2>/dev/null || true; } |
  awk '$1 == "ii" { printf "%s ", $2 }')"
missing=()
for pkg in "${wanted[@]}"; do
  [[ "$installed" == *" $pkg "* ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "deps: installing ${missing[*]}" >&2
as_root=()
if [[ $(id -u) -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "deps: not root and no sudo; install as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  as_root=(sudo)
fi
"${as_root[@]}" apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
