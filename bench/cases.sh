#!/usr/bin/env bash
# `make bench` (cases): intake through the API and the case list at growing sizes.
#
# 1. Intake: BENCH_INTAKE_CASES (100 000) POST /api/v1/cases by wrk (2 threads, 32 connections),
#    each a new fictional girl (encrypted identity, blind indexes, timeline, audit), and the
#    group-commit figures the server reports (units of work per commit). The intake runs in
#    stages up to each list size it covers (10 k, then 100 k), so the list is measured on the way.
# 2. List: the case list's p99 at 10 k, 100 k and 1 M cases (sizes above the intake are generated
#    in SQL on the same database; the server keeps running), for the first page, a page filtered
#    by harm type (one case in three matches, at every size), and a deep keyset page, each under
#    wrk --latency; target: p99 at 1 M within 1.5 x of 10 k.
# Writes bench/out/cases.md (cases-postgres.md). Knobs: BENCH_INTAKE_CASES, BENCH_LIST_SIZES
# ("10000 100000 1000000"), BENCH_DURATION (10s), BENCH_CASES_BACKEND (sqlite | postgres: a
# throwaway cluster on 127.0.0.1 started by scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source bench/lib.sh

backend=${BENCH_CASES_BACKEND:-sqlite}
case $backend in
  sqlite) ;;
  postgres)
    # Run again inside a throwaway cluster, which sets SHOUHU_TEST_PG_URL and is removed on exit.
    [[ -n ${SHOUHU_TEST_PG_URL:-} ]] || exec scripts/with-postgres.sh "$0" "$@"
    bench_database=$SHOUHU_TEST_PG_URL
    ;;
  *) die "BENCH_CASES_BACKEND must be sqlite or postgres, not $backend" ;;
esac
intake_cases=${BENCH_INTAKE_CASES:-100000}
read -r -a sizes <<<"${BENCH_LIST_SIZES:-10000 100000 1000000}"
duration=${BENCH_DURATION:-10s}
target_ratio=1.5

scripts/deps.sh bench
bench_workdir shouhu-bench-cases
bench_server womens_federation coordinator
out=$root/bench/out
mkdir -p "$out"
report=cases.md
[[ $backend == postgres ]] && report=cases-postgres.md
raw=$out/cases-$backend  # wrk's own output of each run
mkdir -p "$raw"
busy_before=$(cpu_busy_percent)
[[ $busy_before -le 15 ]] || echo "bench: WARNING: the CPUs are ${busy_before} % busy; figures will be low" >&2

# ---- 1. intake, in stages so that the list can be measured at each size on the way ----
threads=2
intake_elapsed=0
intake_p99=0
batches=0  # write commits and units of work during the intake stages (list reads write audit rows)
jobs=0
sql() {  # runs the SQL on standard input against the bench database
  if [[ $backend == postgres ]]; then
    psql -X -q -t -A -v ON_ERROR_STOP=1 "$bench_database"
  else
    sqlite3 -cmd '.timeout 60000' "$dbfile"
  fi
}
case_count() {
  local n
  n=$(sql <<<'SELECT COUNT(*) FROM cases;')
  [[ $n =~ ^[0-9]+$ ]] || die "cannot count the cases: $n"
  echo "$n"
}
intake_to() {  # total number of cases wanted, created through the API
  local want=$1 have n start wrk_pid failed stage_p99
  have=$(case_count)
  ((want > have)) || return 0
  n=$((want - have))
  echo "bench: intake of $n cases through the API ($have -> $want)" >&2
  local batches_before jobs_before
  batches_before=$(bench_metric shouhu_db_write_batches_total)
  jobs_before=$(bench_metric shouhu_db_write_jobs_total)
  start=$(date +%s.%N)
  # INTAKE_OFFSET keeps every stage's girls new (each thread sends fewer than `have`).
  COOKIE=${cookie#Cookie: } CSRF=$csrf INTAKE_PER_THREAD=$(((n + threads - 1) / threads)) \
    INTAKE_OFFSET=$have \
    wrk -t$threads -c32 -d3600s --latency -s bench/intake.lua "$shouhu" >"$raw/wrk-intake-$want.txt" &
  wrk_pid=$!
  bench_pids+=("$wrk_pid")
  # wrk's threads stop at their quota, its clock does not: stop it once every answer is in.
  while kill -0 "$wrk_pid" 2>/dev/null; do
    (($(case_count) >= want)) && break
    sleep 0.2
  done
  intake_elapsed=$(awk -v t="$intake_elapsed" -v s="$start" -v e="$(date +%s.%N)" \
    'BEGIN { printf "%.1f", t + e - s }')
  kill -INT "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" || true
  batches=$((batches + $(bench_metric shouhu_db_write_batches_total) - batches_before))
  jobs=$((jobs + $(bench_metric shouhu_db_write_jobs_total) - jobs_before))
  failed=$(awk '$1 == "intake_failed" { print $2 }' "$raw/wrk-intake-$want.txt")
  [[ ${failed:-1} == 0 ]] || die "intake: $failed answers were not 201 ($raw/wrk-intake-$want.txt)"
  stage_p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$raw/wrk-intake-$want.txt")")
  intake_p99=$(awk -v a="$intake_p99" -v b="$stage_p99" 'BEGIN { print (b > a ? b : a) }')
}
intake_done() {
  created=$(case_count)
  intake_rate=$(awk -v n="$created" -v t="$intake_elapsed" 'BEGIN { printf "%.0f", n / t }')
  per_commit=$(awk -v j="$jobs" -v b="$batches" 'BEGIN { printf "%.1f", (b > 0 ? j / b : 0) }')
  echo "bench: $created cases in $intake_elapsed s: $intake_rate cases/s, $per_commit units per commit" >&2
}

# ---- 2. the list at growing sizes ----
# Generated cases are like the intake's (same district, one incident each) without ciphertexts:
# the list shows masked identity, so each listed row still decrypts its child's fields; the
# generated rows point at the children the intake created, so that work is real.
grow_to() {  # total number of cases wanted
  local want=$1 have
  have=$(case_count)
  ((want > have)) || return 0
  local numbers="WITH RECURSIVE n(i) AS (SELECT $((have + 1)) UNION ALL SELECT i + 1 FROM n WHERE i < $want)"
  # Afterwards, as a database that grew over time would be: SQLite's write-ahead log checkpointed
  # into the file (not left to the first list requests), PostgreSQL's table vacuumed and analysed.
  local settle="PRAGMA wal_checkpoint(TRUNCATE);"
  [[ $backend == postgres ]] && numbers="WITH n(i) AS (SELECT generate_series($((have + 1)), $want))" &&
    settle="VACUUM ANALYZE cases;"
  sql >>"$bench_work/cli.log" <<SQL
BEGIN;
$numbers
INSERT INTO cases (case_number, child_id, status, harm_types, risk_level, intake_channel,
  reporter_category, discovered_at, reported_at, late, lead_unit_id, district_code, legal_basis,
  age_at_incident, created_by_user, created_by_unit, via_mandatory_report, created_at, updated_at)
SELECT 'G-' || i, 1 + (i % $created),
  CASE i % 4 WHEN 0 THEN 'registered' WHEN 1 THEN 'assessing' WHEN 2 THEN 'handling' ELSE 'closed' END,
  CASE i % 3 WHEN 0 THEN 'rape' WHEN 1 THEN 'child_molestation' ELSE 'domestic_violence' END,
  CASE i % 4 WHEN 0 THEN 'high' WHEN 1 THEN 'medium' WHEN 2 THEN 'low' ELSE '' END,
  'school', '', 1772409600000 - i, 1772416800000 - i, 0, 1, '230103', 'statutory_duty', 12, 1, 1,
  0, 1772416800000 - i, 1772416800000 - i
FROM n;
COMMIT;
$settle
SQL
}

declare -A p99
list_targets=(first harm deep)
list_url() {  # target size
  case $1 in
    first) echo "$shouhu/api/v1/cases?limit=50" ;;
    harm) echo "$shouhu/api/v1/cases?limit=50&harm_type=child_molestation" ;;
    deep) echo "$shouhu/api/v1/cases?limit=50&before=$(($2 / 2))" ;;
  esac
}
for size in "${sizes[@]}"; do
  if ((size <= intake_cases)); then
    intake_to "$size"
  else
    [[ -n ${created:-} ]] || { intake_to "$intake_cases" && intake_done; }
    grow_to "$size"
  fi
  echo "bench: list at $(case_count) cases" >&2
  for t in "${list_targets[@]}"; do
    url=$(list_url "$t" "$size")
    status=$(curl -sS -o /dev/null -w '%{http_code}' -H "$cookie" "$url")
    [[ $status == 200 ]] || die "GET $url answered $status"
    wrk -t2 -c16 -d5s -H "$cookie" "$url" >/dev/null
    wrk -t2 -c16 -d"$duration" --latency -H "$cookie" "$url" >"$raw/wrk-list-$t-$size.txt"
    grep -q 'Non-2xx' "$raw/wrk-list-$t-$size.txt" && die "list $t at $size: non-2xx answers"
    p99[$t,$size]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$raw/wrk-list-$t-$size.txt")")
  done
done
[[ -n ${created:-} ]] || { intake_to "$intake_cases" && intake_done; }
busy_after=$(cpu_busy_percent)

first=${sizes[0]}
last=${sizes[-1]}
verdict="met"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "## Cases benchmark $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Intake: $created cases through POST /api/v1/cases in $intake_elapsed s = **$intake_rate cases/s**" \
    "(wrk -t$threads -c32, in stages up to each list size; worst stage p99 $intake_p99 ms);" \
    "$jobs units of work in $batches commits" \
    "= $per_commit per commit (group commit)."
  echo
  printf '| case list (p99, ms) |'
  for size in "${sizes[@]}"; do printf ' %s cases |' "$size"; done
  echo " $last / $first |"
  printf '| --- |'
  for _ in "${sizes[@]}"; do printf ' ---: |'; done
  echo ' ---: |'
  for t in "${list_targets[@]}"; do
    printf '| %s |' "$(list_url "$t" "$last" | sed "s|$shouhu||; s|before=[0-9]*|before=(size / 2)|")"
    for size in "${sizes[@]}"; do printf ' %s |' "${p99[$t,$size]}"; done
    r=$(awk -v a="${p99[$t,$last]}" -v b="${p99[$t,$first]}" 'BEGIN { printf "%.2f", a / b }')
    awk -v r="$r" -v m="$target_ratio" 'BEGIN { exit !(r > m) }' && verdict="NOT met"
    echo " $r |"
  done
  echo
  echo "Target (p99 at $last within ${target_ratio}x of $first): $verdict."
  echo "- Shouhu ${BUILD_DIR:-build}/shouhu at $commit, $backend, a coordinator's session; list load" \
    "wrk -t2 -c16 -d$duration --latency after 5 s warm-up; every list request is audited."
  echo "- Machine: $(nproc) CPUs; busy with other work before / after: $busy_before % / $busy_after %."
  echo "- Rerun: \`BENCH_CASES_BACKEND=$backend bench/cases.sh\` (or \`make bench\`); raw output in bench/out/cases-$backend/."
} >"$out/$report"
echo
cat "$out/$report"
