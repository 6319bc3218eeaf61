#!/usr/bin/env bash
# `make bench`: measures Shouhu against nginx on this machine, in one run, over loopback only.
# Builds the server, creates a throwaway SQLite database with one unit and one user (through the
# CLI, default password-hash cost), starts `shouhu serve` and nginx on free loopback ports, logs in
# with curl, then runs wrk (after a warm-up) against: nginx serving a ~200-byte JSON file,
# GET /healthz, and the authenticated GET /api/v1/auth/me. Prints requests/s, p99 latency and the
# ratios to nginx, and writes the same with the machine's facts to bench/out/latest.md.
#
# Knobs (environment): BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_DURATION (10s),
# BENCH_WARMUP (2s). Every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source bench/lib.sh

threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-64}
duration=${BENCH_DURATION:-10s}
warmup=${BENCH_WARMUP:-2s}
target_ratio=60  # percent: authenticated JSON read vs nginx static file (docs/PERFORMANCE.md)

scripts/deps.sh bench
make --no-print-directory build TARGETS=shouhu
bin=$(realpath "${BUILD_DIR:-build}")/shouhu  # the Makefile honours BUILD_DIR too

# The run is defined here, not by the caller's environment.
unset SHOUHU_CONFIG SHOUHU_LISTEN SHOUHU_DATABASE SHOUHU_STATIC_ROOT SHOUHU_PASSWORD_HASH_COST

work=$(mktemp -d /tmp/shouhu-bench.XXXXXX)
chmod 755 "$work"  # nginx's workers may run as another user and must read www/
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ $rc -ne 0 ]]; then
    for log in "$work/cli.log" "$work/server.log" "$work/nginx/error.log"; do
      [[ -s $log ]] && { echo "--- last lines of $log" >&2; tail -n 20 "$log" >&2; }
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# A loopback port nothing listens on (nothing answers a connect), different from those in $@.

# Waits until URL answers 200, failing early if process PID has exited.

# --- Shouhu: database, one unit and one user through the CLI, then the server.
db=sqlite:$work/bench.db
# (The password may not contain the username.)
password="k$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
# --database is an option of `shouhu` itself, so it comes before the subcommand.
export SHOUHU_KEY_FILE=$work/shouhu.keys  # the field-encryption key file the server needs
{
  "$bin" keys init --file "$SHOUHU_KEY_FILE"
  "$bin" --database "$db" migrate
  "$bin" --database "$db" unit add --code BENCH --name 基准单位 --kind womens_federation \
    --district 230103
  printf '%s\n' "$password" | "$bin" --database "$db" user add --username bench --name 基准用户 \
    --unit BENCH --role coordinator --password-stdin
} >"$work/cli.log" 2>&1

shouhu_port=$(free_port)
# Log level warn: neither server writes a line per request (nginx has access_log off).
SHOUHU_LOG_LEVEL=warn "$bin" --database "$db" serve --listen "127.0.0.1:$shouhu_port" \
  >"$work/server.log" 2>&1 &
pids+=($!)
shouhu=http://127.0.0.1:$shouhu_port
wait_ready "$shouhu/healthz" "${pids[-1]}"

status=$(curl -sS -o "$work/login.json" -w '%{http_code}' -c "$work/cookies" \
  -H 'Content-Type: application/json' \
  --data-binary "{\"username\":\"bench\",\"password\":\"$password\"}" "$shouhu/api/v1/auth/login")
[[ $status == 200 ]] || die "login answered $status: $(cat "$work/login.json")"
session=$(awk '$6 == "shouhu_session" { print $7 }' "$work/cookies")
[[ -n $session ]] || die "login set no shouhu_session cookie"
cookie="Cookie: shouhu_session=$session"
status=$(curl -sS -o /dev/null -w '%{http_code}' -H "$cookie" "$shouhu/api/v1/auth/me")
[[ $status == 200 ]] || die "GET /api/v1/auth/me with the session answered $status"

# --- nginx: generated configuration in the temporary folder, not a daemon, a child of this script.
mkdir -p "$work/nginx/www" "$work/nginx/tmp"
cp bench/static.json "$work/nginx/www/static.json"
chmod -R a+rX "$work/nginx"
nginx_port=$(free_port "$shouhu_port")
sed -e "s|@DIR@|$work/nginx|g" -e "s|@PORT@|$nginx_port|g" bench/nginx.conf.template \
  >"$work/nginx/nginx.conf"
nginx -p "$work/nginx/" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=($!)
wait_ready "http://127.0.0.1:$nginx_port/static.json" "${pids[-1]}"

# --- Measurements.
# Other work on the machine skews every figure: measure how busy the CPUs are while both servers
# sit idle, and say so in the results.
busy_before=$(cpu_busy_percent)
if [[ $busy_before -gt 15 ]]; then
  echo "bench: WARNING: the CPUs are ${busy_before} % busy with other work; figures will be low" >&2
fi
out=$root/bench/out
mkdir -p "$out"


names=()
declare -A rps p99 bytes errors
measure() {  # name url [curl/wrk header]
  local name=$1 url=$2 header=${3:-}
  local hdr=()
  [[ -n $header ]] && hdr=(-H "$header")
  bytes[$name]=$(curl -sS -o /dev/null -w '%{size_download}' "${hdr[@]}" "$url")
  echo "wrk: $name ($url): warm-up $warmup, then $duration" >&2
  wrk -t"$threads" -c"$connections" -d"$warmup" "${hdr[@]}" "$url" >/dev/null
  wrk -t"$threads" -c"$connections" -d"$duration" --latency "${hdr[@]}" "$url" \
    >"$out/wrk-$name.txt"
  rps[$name]=$(awk '/^Requests\/sec:/ { print $2 }' "$out/wrk-$name.txt")
  p99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out/wrk-$name.txt")")
  local non2xx socket
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out/wrk-$name.txt")
  socket=$(sed -n 's/^ *Socket errors: //p' "$out/wrk-$name.txt")
  errors[$name]="${non2xx:+non-2xx: $non2xx; }${socket:-none}"
  [[ -n ${rps[$name]} ]] || die "could not read wrk's output for $name (bench/out/wrk-$name.txt)"
  [[ -z $non2xx ]] || die "$name: $non2xx responses were not 2xx (bench/out/wrk-$name.txt)"
  names+=("$name")
}

measure nginx "http://127.0.0.1:$nginx_port/static.json"
measure healthz "$shouhu/healthz"
measure me "$shouhu/api/v1/auth/me" "$cookie"
busy_after=$(cpu_busy_percent)

ratio() { awk -v a="${rps[$1]}" -v b="${rps[nginx]}" 'BEGIN { printf "%.0f", 100 * a / b }'; }
declare -A label=(
  [nginx]="nginx, static JSON file"
  [healthz]="Shouhu GET /healthz"
  [me]="Shouhu GET /api/v1/auth/me (authenticated)"
)
me_ratio=$(ratio me)
if [[ $me_ratio -ge $target_ratio ]]; then
  verdict="met: authenticated read at $me_ratio % of nginx (target ≥ $target_ratio %)"
else
  verdict="NOT met: authenticated read at $me_ratio % of nginx (target ≥ $target_ratio %)"
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git status --porcelain --untracked-files=no 2>/dev/null) ]] || commit="$commit (with local changes)"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
  echo "## Benchmark run $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "| target | response body | requests/s | p99 latency | vs nginx | socket errors |"
  echo "| --- | ---: | ---: | ---: | ---: | --- |"
  for name in "${names[@]}"; do
    printf '| %s | %s B | %.0f | %s ms | %s %% | %s |\n' "${label[$name]}" "${bytes[$name]}" \
      "${rps[$name]}" "${p99[$name]}" "$(ratio "$name")" "${errors[$name]}"
  done
  echo
  echo "Ratios: healthz/nginx $(ratio healthz) %, me/nginx $me_ratio %. Target $verdict."
  echo
  echo "- Load: wrk -t$threads -c$connections -d$duration --latency, after a $warmup warm-up" \
    "per target; keep-alive, loopback, client and servers on the same machine."
  echo "- Shouhu: ${BUILD_DIR:-build}/shouhu (RelWithDebInfo) at commit $commit, SQLite, default" \
    "password-hash cost, log level warn; nginx: worker_processes auto, access_log off."
  echo "- Machine: $(nproc) CPUs ($cpu), $mem, kernel $(uname -srm);" \
    "CPUs busy with other work just before / after the run: $busy_before % / $busy_after %."
  echo "- Tools: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-3), $(nginx -v 2>&1 | sed 's/^nginx version: //')."
  echo "- Raw wrk output: bench/out/wrk-{nginx,healthz,me}.txt. Rerun: \`make bench\`."
} >"$out/latest.md"

echo
cat "$out/latest.md"
