# Shared by the bench scripts (sourced, not run): clean-up of the processes a bench starts, free
# loopback ports, readiness waits, wrk's latency units, CPU load, and a throwaway Shouhu server on
# SQLite (or the PostgreSQL database in $bench_database) with one signed-in account. Expects `set -euo pipefail` and $root (the repository).

bench_pids=()
bench_work=""
bench_cleanup() {
  local rc=$?
  for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${bench_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $rc -ne 0 && -n $bench_work ]]; then
    for log in "$bench_work"/*.log "$bench_work"/nginx/error.log; do
      [[ -s $log ]] && { echo "--- last lines of $log" >&2; tail -n 20 "$log" >&2; }
    done
  fi
  [[ -n $bench_work ]] && rm -rf "$bench_work"
}

# bench_workdir PREFIX: a temporary folder removed (with every started process) on exit.
bench_workdir() {
  bench_work=$(mktemp -d "/tmp/$1.XXXXXX")
  chmod 755 "$bench_work"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

die() {
  echo "bench: $*" >&2
  exit 1
}

free_port() {  # a loopback port nobody listens on, other than the ones given
  local port
  for _ in $(seq 200); do
    port=$(shuf -i 20000-60999 -n 1)
    [[ " $* " == *" $port "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "no free loopback port found"
}

wait_ready() {  # url pid
  local url=$1 pid=$2
  for _ in $(seq 150); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || die "process for $url exited during start-up"
    sleep 0.1
  done
  die "$url did not answer within 15 s"
}

to_ms() {  # wrk latency "812.00us" / "1.23ms" / "1.01s" -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n *= 1; else if (v ~ /m$/) n *= 60000;
    else if (v ~ /s$/) n *= 1000
    printf "%.2f", n }'
}

cpu_busy_percent() {  # over one second, from /proc/stat (idle and iowait count as idle)
  local a b
  a=$(awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  sleep 1
  b=$(awk '/^cpu / { print $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9, $5 + $6 }' /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); t = y[1] - x[1];
    printf "%.0f", (t > 0 ? 100 * (t - (y[2] - x[2])) / t : 0) }'
}

# bench_server KIND ROLE: migrates $bench_work/bench.db (or $bench_database when set), adds unit BENCH (KIND, district 230103)
# and user `bench` (ROLE), starts `shouhu serve` on a free port and signs in. Sets $bin, $dbfile,
# $shouhu (base URL), $cookie ("Cookie: shouhu_session=...") and $csrf.
bench_server() {
  local kind=$1 role=$2
  if [[ -n ${BENCH_SHOUHU_BIN:-} ]]; then
    # An already built server, e.g. an older build kept to compare against in the same conditions.
    [[ -x $BENCH_SHOUHU_BIN ]] || die "BENCH_SHOUHU_BIN=$BENCH_SHOUHU_BIN is not an executable"
    bin=$(realpath "$BENCH_SHOUHU_BIN")
  else
    make --no-print-directory -C "$root" build TARGETS=shouhu
    bin=$(realpath "$root/${BUILD_DIR:-build}")/shouhu
  fi
  unset SHOUHU_CONFIG SHOUHU_LISTEN SHOUHU_DATABASE SHOUHU_STATIC_ROOT SHOUHU_PASSWORD_HASH_COST
  dbfile=$bench_work/bench.db
  local db=${bench_database:-sqlite:$dbfile} password
  password="k$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  export SHOUHU_KEY_FILE=$bench_work/shouhu.keys
  {
    "$bin" keys init --file "$SHOUHU_KEY_FILE"
    "$bin" --database "$db" migrate
    "$bin" --database "$db" unit add --code BENCH --name 基准单位 --kind "$kind" --district 230103
    printf '%s\n' "$password" | "$bin" --database "$db" user add --username bench \
      --name 基准用户 --unit BENCH --role "$role" --password-stdin
  } >"$bench_work/cli.log" 2>&1
  # A port found free can be taken by another process before the server binds it (other work on
  # the machine): then the server exits at once, and another port is tried.
  local port pid attempt
  for attempt in 1 2 3; do
    port=$(free_port)
    SHOUHU_LOG_LEVEL=warn "$bin" --database "$db" serve --listen "127.0.0.1:$port" \
      >"$bench_work/server.log" 2>&1 &
    pid=$!
    bench_pids+=("$pid")
    shouhu=http://127.0.0.1:$port
    for _ in $(seq 150); do
      curl -fsS -o /dev/null "$shouhu/healthz" 2>/dev/null && break 2
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && die "$shouhu/healthz did not answer within 15 s"
    grep -q 'Address already in use' "$bench_work/server.log" ||
      die "the server exited during start-up"
    echo "bench: port $port was taken meanwhile; trying another" >&2
  done
  curl -fsS -o /dev/null "$shouhu/healthz" 2>/dev/null || die "the server could not listen"
  local status
  status=$(curl -sS -o "$bench_work/login.json" -w '%{http_code}' -c "$bench_work/cookies" \
    -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"bench\",\"password\":\"$password\"}" "$shouhu/api/v1/auth/login")
  [[ $status == 200 ]] || die "login answered $status: $(cat "$bench_work/login.json")"
  local session
  session=$(awk '$6 == "shouhu_session" { print $7 }' "$bench_work/cookies")
  [[ -n $session ]] || die "login set no shouhu_session cookie"
  cookie="Cookie: shouhu_session=$session"
  csrf=$(sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p' "$bench_work/login.json")
  [[ -n $csrf ]] || die "login returned no csrf_token"
}

bench_metric() {  # the value of a Prometheus counter at $shouhu/metrics
  curl -fsS "$shouhu/metrics" | awk -v m="$1" '$1 == m { print $2 }'
}
