#!/usr/bin/env bash
# `make bench` (registry import): a school imports a BENCH_IMPORT_ROWS-row list (10 000, the
# largest file the server takes) through POST /api/v1/registry/import, first storing every row,
# then the same file again (which must change nothing). Reports each import's wall time (target
# <= 10 s for 10 000 rows) and the server's peak resident memory (VmHWM, target < 200 MB) beside
# its resident memory before the first import. Writes bench/out/registry-import.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source bench/lib.sh

rows=${BENCH_IMPORT_ROWS:-10000}
scripts/deps.sh bench
bench_workdir shouhu-bench-import
bench_server education caseworker
out=$root/bench/out
mkdir -p "$out"
pid=${bench_pids[-1]}

# Fictional girls with valid GB 11643 numbers of no one (district 230103, born 2012-2015).
python3 - "$rows" >"$bench_work/list.csv" <<'PY'
import sys
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
check = "10X98765432"
n = int(sys.argv[1])
print("姓名,身份证号,学籍号,年级,家庭住址,监护人及联系方式,联系电话,家庭情况,重点关注类别,风险等级", end="\r\n")
for i in range(n):
    y, d = 2012 + i % 4, 1 + i % 28
    first = "230103%04d%02d%02d%03d" % (y, 1 + (i // 28) % 12, d, (i * 2) % 1000)
    idn = first + check[sum(int(a) * b for a, b in zip(first, w)) % 11]
    print(f"测试女童{i},{idn},L{i:08d},四年级,测试街道{i}号,祖母 测试{i} 13800000000,"
          f"138{i:08d},父亲外出务工、母亲外出务工,留守,中", end="\r\n")
PY

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$pid/status"; }
before_kb=$(rss_kb)
import_once() {  # prints "seconds created unchanged"
  local start end
  start=$(date +%s.%N)
  curl -fsS -H "$cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: text/csv' \
    --data-binary @"$bench_work/list.csv" "$shouhu/api/v1/registry/import?mode=valid_rows" \
    -o "$bench_work/report.json" || die "the import failed"
  end=$(date +%s.%N)
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sys.argv[2], r["created"], r["unchanged"], len(r["errors"]))' \
    "$bench_work/report.json" "$(echo "$end - $start" | bc)"
}
read -r first_s first_created first_unchanged first_errors < <(import_once)
read -r again_s again_created again_unchanged again_errors < <(import_once)
peak_kb=$(hwm_kb)
[[ $first_created == "$rows" && $first_errors == 0 ]] || die "first import created $first_created of $rows ($first_errors errors)"
[[ $again_created == 0 && $again_unchanged == "$rows" ]] || die "the second import changed $((rows - again_unchanged)) rows"

{
  echo "## Registry import, $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo
  echo "| import of $rows rows (SQLite) | seconds | target |"
  echo "| --- | ---: | ---: |"
  printf '| first: every row created | %.2f | <= 10 |\n' "$first_s"
  printf '| again: every row unchanged | %.2f | <= 10 |\n' "$again_s"
  echo
  echo "Server resident memory: $((before_kb / 1024)) MB before, peak $((peak_kb / 1024)) MB (target < 200 MB)."
  echo "Machine: $(nproc) CPUs; CPUs busy with other work during the run are not excluded. Rerun: \`bench/registry_import.sh\`."
} | tee "$out/registry-import.md"
