#!/usr/bin/env bash
# `make bench` (second part): statistics at 1 M cases, side by side with the equivalent
# hand-written SQL aggregate on the same database. Builds the server, migrates a throwaway database
# (SQLite, or PostgreSQL with BENCH_STATS_BACKEND=postgres: a throwaway cluster started by
# scripts/with-postgres.sh), fills it with 1 M fictional cases (one incident each; ten districts,
# ten years; police stages, protection orders, services and interviews for a share of them) in a
# few SQL statements, then for each statistic and scope times the API call (curl,
# as a leader: session, query, aggregation, suppression, JSON) and the hand-written query (the
# sqlite3 or psql CLI with its own timer, rows to /dev/null), the median of BENCH_STATS_RUNS runs
# after one warm-up each. Prints the ratio API / SQL per statistic and writes it to
# bench/out/stats.md (bench/out/stats-postgres.md). Target: every ratio <= 3.
#
# Knobs (environment): BENCH_STATS_CASES (1000000), BENCH_STATS_RUNS (3),
# BENCH_STATS_BACKEND (sqlite | postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

cases=${BENCH_STATS_CASES:-1000000}
runs=${BENCH_STATS_RUNS:-3}
backend=${BENCH_STATS_BACKEND:-sqlite}
target_ratio=3
case $backend in
  sqlite | postgres) ;;
  *)
    echo "bench-stats: BENCH_STATS_BACKEND must be sqlite or postgres, not $backend" >&2
    exit 2
    ;;
esac

scripts/deps.sh
if [[ $backend == postgres && -z ${BENCH_STATS_PG_URL:-} ]]; then
  # Run again inside a throwaway cluster (127.0.0.1 only, removed on exit).
  exec scripts/with-postgres.sh env BENCH_STATS_PG_URL=@from-with-postgres "$0" "$@"
fi
if [[ ${BENCH_STATS_PG_URL:-} == @from-with-postgres ]]; then
  BENCH_STATS_PG_URL=$SHOUHU_TEST_PG_URL
fi
make --no-print-directory build TARGETS=shouhu
bin=$(realpath "${BUILD_DIR:-build}")/shouhu
unset SHOUHU_CONFIG SHOUHU_LISTEN SHOUHU_DATABASE SHOUHU_STATIC_ROOT SHOUHU_PASSWORD_HASH_COST

work=$(mktemp -d /tmp/shouhu-bench-stats.XXXXXX)
pids=()
cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $rc -ne 0 ]]; then
    for log in "$work/cli.log" "$work/server.log"; do
      [[ -s $log ]] && { echo "--- last lines of $log" >&2; tail -n 20 "$log" >&2; }
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
die() {
  echo "bench-stats: $*" >&2
  exit 1
}

dbfile=$work/stats.db
if [[ $backend == postgres ]]; then
  pg_url=$BENCH_STATS_PG_URL
  db=$pg_url
else
  db=sqlite:$dbfile
fi
password="k$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export SHOUHU_KEY_FILE=$work/shouhu.keys
{
  "$bin" keys init --file "$SHOUHU_KEY_FILE"
  "$bin" --database "$db" migrate
  "$bin" --database "$db" unit add --code BENCH --name 基准领导小组 --kind leadership \
    --district 230103
  printf '%s\n' "$password" | "$bin" --database "$db" user add --username leader \
    --name 基准领导 --unit BENCH --role leader --password-stdin
} >"$work/cli.log" 2>&1

# --- 1 M fictional cases: ten districts (230100..230109), reported over 2016..2025.
echo "bench-stats: generating $cases cases ($backend)" >&2
start=$(date +%s.%N)
if [[ $backend == postgres ]]; then
  psql -X -q -v ON_ERROR_STOP=1 "$pg_url" <<SQL >>"$work/cli.log" 2>&1
BEGIN;
INSERT INTO children (id, district_code, created_at) OVERRIDING SYSTEM VALUE
SELECT i, '23010' || (i % 10), 0 FROM generate_series(1, $cases) i;
INSERT INTO cases (id, case_number, child_id, status, harm_types, risk_level, intake_channel,
  reporter_category, discovered_at, reported_at, late, lead_unit_id, district_code, legal_basis,
  age_at_incident, created_by_user, created_by_unit, via_mandatory_report, created_at, updated_at)
OVERRIDING SYSTEM VALUE
SELECT i, 'B-' || i, i, 'registered',
  CASE i % 7 WHEN 0 THEN 'rape' WHEN 1 THEN 'child_molestation'
    WHEN 2 THEN 'child_molestation,sexual_harassment' WHEN 3 THEN 'domestic_violence'
    WHEN 4 THEN 'indecent_assault' WHEN 5 THEN 'abandonment_neglect' ELSE 'bullying' END,
  'medium',
  CASE i % 5 WHEN 0 THEN 'mandatory_report' WHEN 1 THEN 'hotline_12338' WHEN 2 THEN 'police_110'
    WHEN 3 THEN 'school' ELSE 'walk_in' END,
  CASE i % 5 WHEN 0 THEN 'school_kindergarten' ELSE '' END,
  at - 3600000 - (i % 9 = 0)::int * 172800000, at, (i % 9 = 0)::int, 1, '23010' || (i % 10),
  'statutory_duty', CASE WHEN i % 23 = 0 THEN -1 ELSE i % 18 END, 1, 1, (i % 5 = 0)::int, at, at
FROM (SELECT i, 1451577600000 + ((i::bigint * 7919) % 315532800) * 1000 AS at
      FROM generate_series(1, $cases) i) t;
INSERT INTO incidents (id, case_id, occurred_on, place_type, district_code, online,
  perpetrator_relationship, perpetrator_count)
OVERRIDING SYSTEM VALUE
SELECT id, id,
  to_char(to_timestamp(reported_at / 1000 + 28800 - (id % 60) * 86400) AT TIME ZONE 'UTC',
    'YYYY-MM-DD'),
  CASE id % 9 WHEN 0 THEN 'home' WHEN 1 THEN 'school' WHEN 2 THEN 'online' WHEN 3 THEN 'hotel'
    WHEN 4 THEN 'public_place' WHEN 5 THEN 'internet_cafe' WHEN 6 THEN 'transport'
    WHEN 7 THEN 'off_campus_training' ELSE '' END,
  district_code, (id % 4 = 0)::int,
  CASE id % 12 WHEN 0 THEN 'partner' WHEN 1 THEN 'parent_caregiver' WHEN 2 THEN 'other_family'
    WHEN 3 THEN 'teacher_school_staff' WHEN 4 THEN 'schoolmate' WHEN 5 THEN 'online_contact'
    WHEN 6 THEN 'neighbour_family_friend' WHEN 7 THEN 'stranger' WHEN 8 THEN 'unknown'
    WHEN 9 THEN 'other_acquaintance' WHEN 10 THEN 'employer' ELSE '' END,
  1 + (id % 13 = 0)::int
FROM cases;
-- Proceedings and assistance: 受案 for every third case, 立案 for every sixth (some late),
-- a protection order for every 20th, a service for every 4th, an interview for every other.
INSERT INTO proceedings (case_id, kind, stage, at, recorded_by_unit, created_at)
SELECT id, 'stage', 'police_registered', reported_at + (id % 50) * 3600000, 1, 0
FROM cases WHERE id % 3 = 0;
INSERT INTO proceedings (case_id, kind, stage, at, recorded_by_unit, created_at)
SELECT id, 'stage', CASE WHEN id % 36 = 0 THEN 'case_not_filed' ELSE 'case_filed' END,
  reported_at + (id % 50) * 3600000 + (id % 120) * 3600000, 1, 0
FROM cases WHERE id % 6 = 0;
INSERT INTO protection_orders (case_id, applied_at, urgent, decided_at, outcome, applied_by_unit,
  created_at)
SELECT id, reported_at + 18000000, (id % 40 = 0)::int,
  CASE WHEN id % 60 = 0 THEN 0 ELSE reported_at + 18000000 + (id % 100) * 3600000 END,
  CASE WHEN id % 60 = 0 THEN '' ELSE 'granted' END, 1, 0
FROM cases WHERE id % 20 = 0;
INSERT INTO services (case_id, service_type, unit_id, delivered_on, sessions, amount_fen,
  recorded_by_unit, created_at)
SELECT id, CASE id % 3 WHEN 0 THEN 'procuratorate_judicial_aid' WHEN 1 THEN 'health_counselling'
    ELSE 'civil_affairs_living_aid' END, 1, '2020-01-01', id % 3, (id % 3 = 0)::int * 100000,
  1, 0
FROM cases WHERE id % 4 = 0;
INSERT INTO interviews (case_id, at, conducted_by_unit, created_at)
SELECT id, reported_at + 86400000, 1, 0 FROM cases WHERE id % 2 = 0;
COMMIT;
ANALYZE;
SQL
else
  sqlite3 "$dbfile" <<SQL >>"$work/cli.log"
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $cases)
INSERT INTO children (id, district_code, created_at) SELECT i, '23010' || (i % 10), 0 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $cases),
  t(i, at) AS (SELECT i, 1451577600000 + ((i * 7919) % 315532800) * 1000 FROM n)
INSERT INTO cases (id, case_number, child_id, status, harm_types, risk_level, intake_channel,
  reporter_category, discovered_at, reported_at, late, lead_unit_id, district_code, legal_basis,
  age_at_incident, created_by_user, created_by_unit, via_mandatory_report, created_at, updated_at)
SELECT i, 'B-' || i, i, 'registered',
  CASE i % 7 WHEN 0 THEN 'rape' WHEN 1 THEN 'child_molestation'
    WHEN 2 THEN 'child_molestation,sexual_harassment' WHEN 3 THEN 'domestic_violence'
    WHEN 4 THEN 'indecent_assault' WHEN 5 THEN 'abandonment_neglect' ELSE 'bullying' END,
  'medium',
  CASE i % 5 WHEN 0 THEN 'mandatory_report' WHEN 1 THEN 'hotline_12338' WHEN 2 THEN 'police_110'
    WHEN 3 THEN 'school' ELSE 'walk_in' END,
  CASE i % 5 WHEN 0 THEN 'school_kindergarten' ELSE '' END,
  at - 3600000 - (i % 9 = 0) * 172800000, at, i % 9 = 0, 1, '23010' || (i % 10), 'statutory_duty',
  CASE WHEN i % 23 = 0 THEN -1 ELSE i % 18 END, 1, 1, i % 5 = 0, at, at
FROM t;
INSERT INTO incidents (id, case_id, occurred_on, place_type, district_code, online,
  perpetrator_relationship, perpetrator_count)
SELECT id, id, date(reported_at / 1000 + 28800 - (id % 60) * 86400, 'unixepoch'),
  CASE id % 9 WHEN 0 THEN 'home' WHEN 1 THEN 'school' WHEN 2 THEN 'online' WHEN 3 THEN 'hotel'
    WHEN 4 THEN 'public_place' WHEN 5 THEN 'internet_cafe' WHEN 6 THEN 'transport'
    WHEN 7 THEN 'off_campus_training' ELSE '' END,
  district_code, id % 4 = 0,
  CASE id % 12 WHEN 0 THEN 'partner' WHEN 1 THEN 'parent_caregiver' WHEN 2 THEN 'other_family'
    WHEN 3 THEN 'teacher_school_staff' WHEN 4 THEN 'schoolmate' WHEN 5 THEN 'online_contact'
    WHEN 6 THEN 'neighbour_family_friend' WHEN 7 THEN 'stranger' WHEN 8 THEN 'unknown'
    WHEN 9 THEN 'other_acquaintance' WHEN 10 THEN 'employer' ELSE '' END,
  1 + (id % 13 = 0)
FROM cases;
-- Proceedings and assistance: 受案 for every third case, 立案 for every sixth (some late),
-- a protection order for every 20th, a service for every 4th, an interview for every other.
INSERT INTO proceedings (case_id, kind, stage, at, recorded_by_unit, created_at)
SELECT id, 'stage', 'police_registered', reported_at + (id % 50) * 3600000, 1, 0
FROM cases WHERE id % 3 = 0;
INSERT INTO proceedings (case_id, kind, stage, at, recorded_by_unit, created_at)
SELECT id, 'stage', CASE WHEN id % 36 = 0 THEN 'case_not_filed' ELSE 'case_filed' END,
  reported_at + (id % 50) * 3600000 + (id % 120) * 3600000, 1, 0
FROM cases WHERE id % 6 = 0;
INSERT INTO protection_orders (case_id, applied_at, urgent, decided_at, outcome, applied_by_unit,
  created_at)
SELECT id, reported_at + 18000000, id % 40 = 0,
  CASE WHEN id % 60 = 0 THEN 0 ELSE reported_at + 18000000 + (id % 100) * 3600000 END,
  CASE WHEN id % 60 = 0 THEN '' ELSE 'granted' END, 1, 0
FROM cases WHERE id % 20 = 0;
INSERT INTO services (case_id, service_type, unit_id, delivered_on, sessions, amount_fen,
  recorded_by_unit, created_at)
SELECT id, CASE id % 3 WHEN 0 THEN 'procuratorate_judicial_aid' WHEN 1 THEN 'health_counselling'
    ELSE 'civil_affairs_living_aid' END, 1, '2020-01-01', id % 3, (id % 3 = 0) * 100000,
  1, 0
FROM cases WHERE id % 4 = 0;
INSERT INTO interviews (case_id, at, conducted_by_unit, created_at)
SELECT id, reported_at + 86400000, 1, 0 FROM cases WHERE id % 2 = 0;
COMMIT;
ANALYZE;
SQL
fi
generated=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
echo "bench-stats: generated in ${generated} s" >&2

port=$(shuf -i 20000-60999 -n 1)
SHOUHU_LOG_LEVEL=warn "$bin" --database "$db" serve --listen "127.0.0.1:$port" \
  >"$work/server.log" 2>&1 &
pids+=($!)
base=http://127.0.0.1:$port
for _ in $(seq 300); do
  curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
  kill -0 "${pids[-1]}" 2>/dev/null || die "the server exited during start-up"
  sleep 0.1
done
status=$(curl -sS -o "$work/login.json" -w '%{http_code}' -c "$work/cookies" \
  -H 'Content-Type: application/json' \
  --data-binary "{\"username\":\"leader\",\"password\":\"$password\"}" "$base/api/v1/auth/login")
[[ $status == 200 ]] || die "login answered $status: $(cat "$work/login.json")"
cookie="Cookie: shouhu_session=$(awk '$6 == "shouhu_session" { print $7 }' "$work/cookies")"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

api_seconds() {  # path -> median seconds
  local url=$base$1 code
  code=$(curl -sS -o "$work/answer.json" -w '%{http_code}' -H "$cookie" "$url")
  [[ $code == 200 ]] || die "$1 answered $code: $(head -c 300 "$work/answer.json")"
  for _ in $(seq "$runs"); do curl -sS -o /dev/null -w '%{time_total}\n' -H "$cookie" "$url"; done |
    median
}

sql_seconds() {  # query -> median seconds (the CLI's own timer; rows go to /dev/null)
  local q=$1 times
  if [[ $backend == postgres ]]; then
    {
      echo '\o /dev/null'
      echo "$q;"
      echo '\timing on'
      for _ in $(seq "$runs"); do echo "$q;"; done
    } | psql -X -q -v ON_ERROR_STOP=1 "$pg_url" >"$work/sql.out" 2>&1 || true
    times=$(sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' "$work/sql.out" | awk '{ print $1 / 1000 }')
  else
    {
      echo ".output /dev/null"
      echo "$q;"
      echo ".timer on"
      for _ in $(seq "$runs"); do echo "$q;"; done
    } | sqlite3 "$dbfile" >"$work/sql.out" 2>&1 || true
    times=$(sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' "$work/sql.out")
  fi
  [[ $(wc -l <<<"$times") -eq $runs && -n $times ]] ||
    die "the hand-written SQL did not run: $(head -c 400 "$work/sql.out")"
  median <<<"$times"
}

# The period: everything generated. From 2016-01-01 00:00 to 2026-01-01 00:00, Beijing time.
from_ms=1451577600000
to_ms=1767196800000
period="from=2016-01-01&to=2025-12-31"
where="c.reported_at >= $from_ms AND c.reported_at < $to_ms"
if [[ $backend == postgres ]]; then
  local_time="(to_timestamp(c.reported_at / 1000 + 28800) AT TIME ZONE 'UTC')"
  year="to_char($local_time, 'YYYY')"
  month="to_char($local_time, 'MM')"
  rep_day="($local_time)::date"
  delay="($rep_day - i.occurred_on::date)"
  month_later="(i.occurred_on::date + interval '1 month')::date"
else
  year="strftime('%Y', c.reported_at / 1000 + 28800, 'unixepoch')"
  month="strftime('%m', c.reported_at / 1000 + 28800, 'unixepoch')"
  rep_day="date(c.reported_at / 1000 + 28800, 'unixepoch')"
  delay="(julianday($rep_day) - julianday(i.occurred_on))"
  month_later="date(i.occurred_on, '+1 month')"
fi
declare -A sql=(
  [cases_by_month]="SELECT $year, $month, COUNT(*) FROM cases c WHERE $where @D GROUP BY 1, 2"
  [age_band]="SELECT $year, CASE WHEN c.age_at_incident < 0 THEN 'nr' WHEN c.age_at_incident <= 6 THEN 'a' WHEN c.age_at_incident <= 12 THEN 'b' WHEN c.age_at_incident <= 15 THEN 'c' ELSE 'd' END, COUNT(*) FROM cases c WHERE $where @D GROUP BY 1, 2"
  [harm_type]="SELECT $year, c.harm_types, COUNT(*) FROM cases c WHERE $where @D GROUP BY 1, 2"
  [relationship_group]="SELECT $year, CASE WHEN i.perpetrator_relationship IN ('online_contact', 'stranger') THEN i.perpetrator_relationship WHEN i.perpetrator_relationship IN ('', 'unknown') THEN 'unknown' ELSE 'acquaintance' END, COUNT(*) FROM cases c JOIN incidents i ON i.case_id = c.id WHERE $where @D GROUP BY 1, 2"
  [report_delay]="SELECT $year, CASE WHEN $delay <= 3 THEN 'a' WHEN $delay <= 5 THEN 'b' WHEN $delay <= 14 THEN 'c' WHEN $rep_day <= $month_later THEN 'd' ELSE 'e' END, COUNT(*) FROM cases c JOIN incidents i ON i.case_id = c.id WHERE $where @D GROUP BY 1, 2"
)
# The response-time and assistance tables. stage_clocks: the data holds only 受案 -> 立案, whose
# limit (3 days, no complex cases in the data) is a fixed span, so SQL can read that clock alone.
if [[ $backend == postgres ]]; then least=LEAST; else least=MIN; fi
now_ms=$(($(date +%s) * 1000))
band="CASE WHEN p.at - c.reported_at <= 86400000 THEN 'a' WHEN p.at - c.reported_at <= 259200000 THEN 'b' WHEN p.at - c.reported_at <= 604800000 THEN 'c' ELSE 'd' END"
sql+=(
  [report_to_police]="SELECT '', '', COUNT(*) FROM cases c WHERE $where @D UNION ALL SELECT p.stage, $band, COUNT(*) FROM proceedings p JOIN cases c ON c.id = p.case_id WHERE $where @D AND p.kind = 'stage' AND p.stage IN ('police_registered', 'case_filed', 'case_not_filed') GROUP BY 1, 2"
  [stage_clocks]="SELECT CASE WHEN f.at IS NULL THEN (CASE WHEN $now_ms - r.at <= 259200000 THEN 'running' ELSE 'overdue' END) WHEN f.at - r.at <= 259200000 THEN 'met' ELSE 'missed' END, COUNT(*) FROM proceedings r JOIN cases c ON c.id = r.case_id LEFT JOIN proceedings f ON f.case_id = r.case_id AND f.kind = 'stage' AND f.stage IN ('case_filed', 'case_not_filed') WHERE $where @D AND r.kind = 'stage' AND r.stage = 'police_registered' GROUP BY 1"
  [protection_orders]="SELECT o.urgent, CASE WHEN o.outcome = '' THEN 'p' WHEN o.decided_at - o.applied_at <= 86400000 THEN 'a' WHEN o.decided_at - o.applied_at <= 259200000 THEN 'b' ELSE 'c' END, COUNT(*) FROM protection_orders o JOIN cases c ON c.id = o.case_id WHERE $where @D GROUP BY 1, 2"
  [interviews_per_girl]="SELECT g.y, $least(COALESCE(n.k, 0), 3), COUNT(*) FROM (SELECT DISTINCT $year AS y, c.child_id AS child_id FROM cases c WHERE $where @D) g LEFT JOIN (SELECT c2.child_id AS child_id, COUNT(*) AS k FROM interviews iv JOIN cases c2 ON c2.id = iv.case_id GROUP BY c2.child_id) n ON n.child_id = g.child_id GROUP BY 1, 2"
  [services_by_unit]="SELECT s.service_type, s.unit_id, COUNT(*) FROM services s JOIN cases c ON c.id = s.case_id WHERE $where @D GROUP BY 1, 2"
  [service_money]="SELECT $year, s.service_type, SUM(s.amount_fen), COUNT(DISTINCT s.case_id) FROM services s JOIN cases c ON c.id = s.case_id WHERE $where @D AND s.amount_fen > 0 GROUP BY 1, 2"
)
stats=(cases_by_month age_band harm_type relationship_group report_delay report_to_police
  stage_clocks protection_orders interviews_per_girl services_by_unit service_money)

out=$root/bench/out
mkdir -p "$out"
rows=()
worst=0
# In a variable: quotes written inside ${var//pattern/replacement} would be removed by the shell,
# leaving `= 230103`, which PostgreSQL refuses (text = integer).
district_filter="AND c.district_code = '230103'"
for scope in district all; do
  for s in "${stats[@]}"; do
    if [[ $scope == district ]]; then
      q=${sql[$s]//@D/$district_filter}
      path="/api/v1/stats/tables/$s?$period&district_code=230103"
    else
      q=${sql[$s]//@D/}
      path="/api/v1/stats/tables/$s?$period"
    fi
    echo "bench-stats: $s ($scope)" >&2
    a=$(api_seconds "$path")
    b=$(sql_seconds "$q")
    r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    worst=$(awk -v w="$worst" -v r="$r" 'BEGIN { print (r > w ? r : w) }')
    rows+=("$(printf '| %s | %s | %.0f ms | %.0f ms | %s |' "$s" \
      "$([[ $scope == district ]] && echo "one district (~$((cases / 10)) cases)" || echo "all ($cases cases)")" \
      "$(awk -v x="$a" 'BEGIN { print x * 1000 }')" "$(awk -v x="$b" 'BEGIN { print x * 1000 }')" "$r")")
  done
done

if awk -v w="$worst" -v t="$target_ratio" 'BEGIN { exit !(w <= t) }'; then
  verdict="met: every statistic within ${worst}× of its hand-written SQL (target ≤ ${target_ratio}×)"
else
  verdict="NOT met: the slowest statistic takes ${worst}× its hand-written SQL (target ≤ ${target_ratio}×)"
fi
if [[ $backend == postgres ]]; then
  backend_name="PostgreSQL $(psql -X -At "$pg_url" -c 'SHOW server_version' | cut -d' ' -f1)"
  timer="psql \\timing"
  report=stats-postgres.md
else
  backend_name=SQLite
  timer="sqlite3 \`.timer\`"
  report=stats.md
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
{
  echo "## Statistics benchmark $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "$cases cases (one incident each; stages, orders, services, interviews for a share),"
  echo "$backend_name, period 2016-01-01..2025-12-31, leader's"
  echo "view (suppressed); median of $runs runs after a warm-up. API: curl time_total of the GET;"
  echo "SQL: $timer of the hand-written aggregate, rows to /dev/null."
  echo
  echo "| statistic | scope | API | hand-written SQL | ratio |"
  echo "| --- | --- | ---: | ---: | ---: |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Verdict: $verdict."
  echo
  echo "Machine: $(nproc) × $cpu; commit $commit; data generated in ${generated} s."
} | tee "$out/$report"
