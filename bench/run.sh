#!/usr/bin/env bash
# `make bench`: measures Shouhu against nginx on this machine, in one run, over loopback only.
# Builds the server, creates a throwaway SQLite database with one unit and one coordinator (through
# the CLI, default password-hash cost), starts `shouhu serve` and nginx on free loopback ports,
# signs in with curl, files BENCH_CASES (300) fictional cases through POST /api/v1/cases, then runs
# wrk (after a warm-up) against: nginx serving a ~200-byte JSON file, GET /healthz, the
# authenticated GET /api/v1/auth/me, the audited single-case read GET /api/v1/cases/{id} (masked
# view, rotating over every case filed) and the audited 50-row case list GET /api/v1/cases?limit=50
# (the first page and keyset `before=` pages in rotation). Prints requests/s, p99 latency, the
# ratios to nginx and the targets, and writes the same with the machine's facts to
# bench/out/latest.md. Any answer outside 200-299 fails the run.
#
# Knobs (environment): BENCH_THREADS (2), BENCH_CONNECTIONS (64), BENCH_DURATION (10s),
# BENCH_WARMUP (2s), BENCH_CASES (300), BENCH_SHOUHU_BIN (a server binary to measure instead of
# building build/shouhu; the commit printed is then the checkout's, not the binary's). Every
# process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source bench/lib.sh

threads=${BENCH_THREADS:-2}
connections=${BENCH_CONNECTIONS:-64}
duration=${BENCH_DURATION:-10s}
warmup=${BENCH_WARMUP:-2s}
case_count=${BENCH_CASES:-300}
[[ $case_count =~ ^[0-9]+$ && $case_count -ge 100 ]] || die "BENCH_CASES must be a number >= 100"
# Targets, in per cent of nginx's static-file rate in the same run (docs/PERFORMANCE.md).
declare -A target=([me]=85 [case]=33)

scripts/deps.sh bench
bench_workdir shouhu-bench
work=$bench_work
out=$root/bench/out
mkdir -p "$out"

# --- Shouhu: database, unit BENCH and coordinator `bench` through the CLI, the server, a session.
# Sets $bin, $dbfile, $shouhu, $cookie and $csrf (bench/lib.sh).
bench_server womens_federation coordinator
status=$(curl -sS -o /dev/null -w '%{http_code}' -H "$cookie" "$shouhu/api/v1/auth/me")
[[ $status == 200 ]] || die "GET /api/v1/auth/me with the session answered $status"

# --- Data: BENCH_CASES fictional girls filed through the API by wrk (bench/intake.lua), one
# connection group; wrk's clock does not stop at the quota, so it is stopped once all are in.
sql() { sqlite3 -cmd '.timeout 60000' "$dbfile"; }
cases_in_db() {
  local n
  n=$(sql <<<'SELECT COUNT(*) FROM cases;')
  [[ $n =~ ^[0-9]+$ ]] || die "cannot count the cases: $n"
  echo "$n"
}
echo "bench: filing $case_count fictional cases through POST /api/v1/cases" >&2
COOKIE=${cookie#Cookie: } CSRF=$csrf INTAKE_PER_THREAD=$case_count INTAKE_OFFSET=0 \
  wrk -t1 -c8 -d600s -s bench/intake.lua "$shouhu" >"$out/wrk-intake.txt" 2>&1 &
intake_pid=$!
bench_pids+=("$intake_pid")
have=0
stalled=0
while kill -0 "$intake_pid" 2>/dev/null; do
  now=$(cases_in_db)
  ((now >= case_count)) && break
  if ((now == have)); then
    # Failed intakes make no case: give up after 10 s without progress.
    ((++stalled < 50)) || break
  else
    stalled=0
  fi
  have=$now
  sleep 0.2
done
kill -INT "$intake_pid" 2>/dev/null || true
wait "$intake_pid" || true
failed=$(awk '$1 == "intake_failed" { print $2 }' "$out/wrk-intake.txt")
[[ ${failed:-1} == 0 ]] || die "intake: ${failed:-?} answers were not 201 (bench/out/wrk-intake.txt)"
have=$(cases_in_db)
((have >= case_count)) || die "intake: only $have of $case_count cases were filed"
mapfile -t case_ids < <(sql <<<'SELECT id FROM cases ORDER BY id;')
((${#case_ids[@]} == have)) || die "could not read the case ids"

# The case read rotates over every case; the list over the first page and up to eight keyset
# pages, each with a full 50 rows (at least 50 cases older than `before`).
for id in "${case_ids[@]}"; do echo "/api/v1/cases/$id"; done >"$work/paths-case.txt"
{
  echo "/api/v1/cases?limit=50"
  step=$(((have - 50) / 8))
  ((step > 0)) || step=1
  for ((k = 50; k < have && k <= 50 + 7 * step; k += step)); do
    echo "/api/v1/cases?limit=50&before=${case_ids[k]}"
  done
} >"$work/paths-list.txt"
list_pages=$(wc -l <"$work/paths-list.txt")

# Check the answers once before measuring: the coordinator sees a case masked, a page has 50 rows.
body=$(curl -sS -H "$cookie" "$shouhu/api/v1/cases/${case_ids[0]}")
[[ $body == *'"view":"masked"'* ]] || die "GET /api/v1/cases/${case_ids[0]} is not the masked view: ${body:0:300}"
while read -r path; do
  rows=$(curl -sS -H "$cookie" "$shouhu$path" | grep -o '"case_number":' | wc -l)
  [[ $rows == 50 ]] || die "GET $path answered $rows rows, not 50"
done <"$work/paths-list.txt"
# --- nginx: generated configuration in the temporary folder, not a daemon, a child of this script.
mkdir -p "$work/nginx/www" "$work/nginx/tmp"
cp bench/static.json "$work/nginx/www/static.json"
chmod -R a+rX "$work/nginx"
nginx_port=$(free_port "${shouhu##*:}")
sed -e "s|@DIR@|$work/nginx|g" -e "s|@PORT@|$nginx_port|g" bench/nginx.conf.template \
  >"$work/nginx/nginx.conf"
nginx -p "$work/nginx/" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
bench_pids+=($!)
wait_ready "http://127.0.0.1:$nginx_port/static.json" "${bench_pids[-1]}"

# --- Measurements.
# Other work on the machine skews every figure: measure how busy the CPUs are while both servers
# sit idle, and say so in the results.
busy_before=$(cpu_busy_percent)
if [[ $busy_before -gt 15 ]]; then
  echo "bench: WARNING: the CPUs are ${busy_before} % busy with other work; figures will be low" >&2
fi

names=()
declare -A rps p99 bytes errors
# paths_statuses FILE: dies unless bench/paths.lua counted answers, all of them 2xx.
paths_statuses() {
  local file=$1 ok other first
  ok=$(awk '$1 == "status_2xx" { print $2 }' "$file")
  other=$(awk '$1 == "status_other" { print $2 }' "$file")
  first=$(awk '$1 == "status_other_first" { print $2 }' "$file")
  [[ -n $ok && -n $other ]] || die "no status counts from bench/paths.lua in $file"
  [[ $other == 0 ]] || die "$other of $((ok + other)) answers were not 2xx (first: $first) in $file"
  [[ $ok -gt 0 ]] || die "no answers at all in $file"
}
measure() {  # name url [header [paths file: GET those paths in rotation, url being the base]]
  local name=$1 url=$2 header=${3:-} paths=${4:-}
  local hdr=() script=() first=$url
  [[ -n $header ]] && hdr=(-H "$header")
  if [[ -n $paths ]]; then
    script=(-s "$root/bench/paths.lua")
    first=$url$(head -n 1 "$paths")
  fi
  bytes[$name]=$(curl -sS -o /dev/null -w '%{size_download}' "${hdr[@]}" "$first")
  echo "wrk: $name ($first${paths:+ and $(($(wc -l <"$paths") - 1)) more}): warm-up $warmup, then $duration" >&2
  BENCH_PATHS=$paths wrk -t"$threads" -c"$connections" -d"$warmup" "${hdr[@]}" "${script[@]}" \
    "$url" >"$out/wrk-$name-warmup.txt"
  [[ -z $paths ]] || paths_statuses "$out/wrk-$name-warmup.txt"
  BENCH_PATHS=$paths wrk -t"$threads" -c"$connections" -d"$duration" --latency "${hdr[@]}" \
    "${script[@]}" "$url" >"$out/wrk-$name.txt"
  rm -f "$out/wrk-$name-warmup.txt"
  rps[$name]=$(awk '/^Requests\/sec:/ { print $2 }' "$out/wrk-$name.txt")
  p99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out/wrk-$name.txt")")
  local non2xx socket
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out/wrk-$name.txt")
  socket=$(sed -n 's/^ *Socket errors: //p' "$out/wrk-$name.txt")
  errors[$name]="${non2xx:+non-2xx: $non2xx; }${socket:-none}"
  [[ -n ${rps[$name]} ]] || die "could not read wrk's output for $name (bench/out/wrk-$name.txt)"
  [[ -z $non2xx ]] || die "$name: $non2xx responses were not 2xx (bench/out/wrk-$name.txt)"
  [[ -z $paths ]] || paths_statuses "$out/wrk-$name.txt"
  names+=("$name")
}

audit_rows() { sql <<<'SELECT COUNT(*) FROM audit_log;'; }
measure nginx "http://127.0.0.1:$nginx_port/static.json"
measure healthz "$shouhu/healthz"
measure me "$shouhu/api/v1/auth/me" "$cookie"
# Group commit: how many units of work (here, audit rows) shared each durable commit.
declare -A per_commit
measure_writes() {  # name url header paths
  local batches jobs
  batches=$(bench_metric shouhu_db_write_batches_total)
  jobs=$(bench_metric shouhu_db_write_jobs_total)
  measure "$@"
  batches=$(($(bench_metric shouhu_db_write_batches_total) - batches))
  jobs=$(($(bench_metric shouhu_db_write_jobs_total) - jobs))
  per_commit[$1]=$(awk -v j="$jobs" -v b="$batches" 'BEGIN { printf "%.1f", (b > 0 ? j / b : 0) }')
}
audit_before=$(audit_rows)
measure_writes case "$shouhu" "$cookie" "$work/paths-case.txt"
measure_writes list "$shouhu" "$cookie" "$work/paths-list.txt"
audit_after=$(audit_rows)
busy_after=$(cpu_busy_percent)

ratio() { awk -v a="${rps[$1]}" -v b="${rps[nginx]}" 'BEGIN { printf "%.2f", a / b }'; }
percent() { awk -v a="${rps[$1]}" -v b="${rps[nginx]}" 'BEGIN { printf "%.0f", 100 * a / b }'; }
declare -A label=(
  [nginx]="nginx, static JSON file"
  [healthz]="Shouhu GET /healthz"
  [me]="Shouhu GET /api/v1/auth/me (authenticated)"
  [case]="Shouhu GET /api/v1/cases/{id} (coordinator, masked, audited; $have ids in rotation)"
  [list]="Shouhu GET /api/v1/cases?limit=50 (coordinator, 50 masked rows, audited; first page and $((list_pages - 1)) before= pages)"
)
verdicts=()
target_text() { [[ -n ${target[$1]:-} ]] && awk -v t="${target[$1]}" 'BEGIN { printf "≥ %.2f×", t / 100 }' || echo "—"; }
for name in me case; do
  if [[ $(percent "$name") -ge ${target[$name]} ]]; then v=met; else v="NOT met"; fi
  verdicts+=("$name $(ratio "$name")× (target $(target_text "$name")): $v")
done

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z $(git status --porcelain --untracked-files=no 2>/dev/null) ]] || commit="$commit (with local changes)"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
  echo "## Benchmark run $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "| target | response body | requests/s | p99 latency | vs nginx | target | socket errors |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
  for name in "${names[@]}"; do
    printf '| %s | %s B | %.0f | %s ms | %s× | %s | %s |\n' "${label[$name]}" "${bytes[$name]}" \
      "${rps[$name]}" "${p99[$name]}" "$(ratio "$name")" "$(target_text "$name")" "${errors[$name]}"
  done
  echo
  echo "Ratios to nginx: healthz $(ratio healthz)×, me $(ratio me)×, case read $(ratio case)×," \
    "case list $(ratio list)×. Targets: $(IFS=';'; echo "${verdicts[*]}" | sed 's/;/; /g')."
  echo
  echo "- Load: wrk -t$threads -c$connections -d$duration --latency, after a $warmup warm-up" \
    "per target; keep-alive, loopback, client and servers on the same machine. The case read" \
    "and the list rotate over their paths with bench/paths.lua, which counts every answer's" \
    "status (any outside 200-299 fails the run)."
  echo "- Data: $have fictional cases filed through POST /api/v1/cases before the measurements;" \
    "the case read and list wrote $((audit_after - audit_before)) audit rows (one per request," \
    "warm-ups included), each committed before its answer (SQLite synchronous = FULL);" \
    "units of work per commit (group commit): case read ${per_commit[case]}, list ${per_commit[list]}."
  echo "- Shouhu: ${BENCH_SHOUHU_BIN:-${BUILD_DIR:-build}/shouhu} (RelWithDebInfo) at commit $commit, SQLite, default" \
    "password-hash cost, log level warn; nginx: worker_processes auto, access_log off."
  echo "- Machine: $(nproc) CPUs ($cpu), $mem, kernel $(uname -srm);" \
    "CPUs busy with other work just before / after the run: $busy_before % / $busy_after %."
  echo "- Tools: $(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1-3), $(nginx -v 2>&1 | sed 's/^nginx version: //')."
  echo "- Raw wrk output: bench/out/wrk-{nginx,healthz,me,case,list,intake}.txt. Rerun:" \
    "\`bench/run.sh\` (or \`make bench\`)."
} >"$out/latest.md"

echo
cat "$out/latest.md"
