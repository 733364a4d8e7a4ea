#!/usr/bin/env bash
# The evaluation suite of issue #13: certified adaptive routing on six real data sets of
# different difficulty, 5 seeds x targets 1% and 5%, against random sampling.
#
#   scripts/suite.sh run DATASET [TARGET [SEED]]   one process per (target, seed) under nice -n 15,
#                                                  skipping those whose report.json exists
#   scripts/suite.sh report [DATASET...]           merges the seeds per target and writes
#                                                  compare.txt and seeds.csv per data set, and
#                                                  docs/experiments/suite/seeds.csv for all
#   scripts/suite.sh list                          the data sets and their experiment options
#
# Layout: docs/experiments/suite/DATASET/target-T/sS/report.json (one seed), target-T/report.json
# (merged), target-T/logs/sS.log and sS.commit (the commit and any uncommitted change to the
# loop and the CLI the run started on); tabular sets also random/ (random at rate 1 with the
# full-supervision ceiling, 5 seeds), the baseline whose curve `medlabel compare` pools.
# Fashion-MNIST reuses the committed random (25%, 50%, 75%) and 33-epoch ceiling reports of
# docs/experiments/fashion-mnist-6* and -10*. The scikit-learn files come from Debian's
# python3-sklearn: scripts/fetch-data.sh sklearn.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUITE=docs/experiments/suite
SK=.cache/sklearn/usr/lib/python3/dist-packages/sklearn/datasets/data
TARGETS=(0.01 0.05)
SEEDS=(1 2 3 4 5)
DATASETS=(fashion-mnist-6 fashion-mnist-10 digits wdbc wbc wine)
cd "$ROOT"

# The experiment options of a data set (data, model, split sizes), shared by all its runs.
options() {
  # One CNN training thread: the suite runs one process at a time under nice on a shared machine.
  local fm=(--dataset idx:/usr/share/datasets/fashion-mnist --model cnn --warm-start
    --mirror-invariant --initial 1000 --batch 2000 --batches 4 --validation 3500 --threads 1)
  local tabular=(--initial 20 --batch 50 --batches all --validation 200 --test 100)
  case "$1" in
  fashion-mnist-6) echo "${fm[*]} --classes 0,1,3,5,8,9 --test 6000" ;;
  fashion-mnist-10) echo "${fm[*]} --test 10000" ;;
  digits) echo "--dataset csv:$SK/digits.csv.gz --no-header --label-column 65 --model svm" \
    "--initial 50 --batch 100 --batches all --validation 500 --test 300" ;;
  wdbc) echo "--dataset csv:$SK/breast_cancer.csv --no-header --skip-rows 1 --label-column 31" \
    "--model svm ${tabular[*]}" ;;
  wbc) echo "--dataset csv:apps/cli/fixtures/wbc/wbc_original.csv --label-column Class" \
    "--ignore-columns Id --model svm ${tabular[*]}" ;;
  wine) echo "--dataset csv:$SK/wine_data.csv --no-header --skip-rows 1 --label-column 14" \
    "--model logreg --initial 9 --batch 20 --batches all --validation 60 --test 40" ;;
  *)
    echo "suite: unknown data set $1 (one of ${DATASETS[*]})" >&2
    exit 2
    ;;
  esac
}

# Reports whose random runs and ceilings make random's pooled curve.
baselines() {
  case "$1" in
  fashion-mnist-6) ls docs/experiments/fashion-mnist-6{,-random50}/report.json ;;
  fashion-mnist-10) ls docs/experiments/fashion-mnist-10{,-random50,-random75}/report.json ;;
  *) echo "$SUITE/$1/random/report.json" ;;
  esac
}

# experiment DATASET OUT LOG [OPTIONS...]: one experiment process, skipped when OUT has a report.
experiment() {
  local dataset="$1" out="$2" log="$3"
  shift 3
  if [[ -f "$out/report.json" ]]; then
    echo "suite: $out done" >&2
    return
  fi
  mkdir -p "$(dirname "$log")"
  { git rev-parse HEAD; git status --short packages/loop apps/cli; } >"${log%.log}.commit"
  echo "suite: $dataset -> $out ($(date -u +%H:%M:%S))" >&2
  # shellcheck disable=SC2046 # the options are words
  nice -n 15 npx medlabel experiment $(options "$dataset") "$@" --out "$out" >"$log" 2>&1
}

run() {
  local dataset="$1" targets=("${TARGETS[@]}") seeds=("${SEEDS[@]}")
  [[ -n "${2:-}" ]] && targets=("$2")
  [[ -n "${3:-}" ]] && seeds=("$3")
  case "$dataset" in
  fashion-mnist-*) ;;
  *)
    experiment "$dataset" "$SUITE/$dataset/random" "$SUITE/$dataset/random/logs/random.log" \
      --strategies random --random-rate 1 --seed-list "$(IFS=,; echo "${SEEDS[*]}")"
    ;;
  esac
  for target in "${targets[@]}"; do
    for seed in "${seeds[@]}"; do
      local dir="$SUITE/$dataset/target-$target"
      experiment "$dataset" "$dir/s$seed" "$dir/logs/s$seed.log" --strategies adaptive \
        --target-error "$target" --seed-list "$seed" --no-full
    done
  done
}

report() {
  local dataset target all=()
  for dataset in "$@"; do
    local targets=()
    for target in "${TARGETS[@]}"; do
      local dir="$SUITE/$dataset/target-$target" seeds=()
      mapfile -t seeds < <(ls "$dir"/s*/report.json 2>/dev/null)
      [[ ${#seeds[@]} -eq 0 ]] && continue
      npx medlabel merge-reports --out "$dir" "${seeds[@]}" >/dev/null
      targets+=("$dir/report.json")
    done
    [[ ${#targets[@]} -eq 0 ]] && continue
    local args=()
    while read -r baseline; do args+=(--baseline "$baseline"); done < <(baselines "$dataset")
    npx medlabel compare --per-seed --csv "$SUITE/$dataset/seeds.csv" "${args[@]}" \
      "${targets[@]}" >"$SUITE/$dataset/compare.txt"
    echo "suite: $SUITE/$dataset/compare.txt" >&2
    all+=("$SUITE/$dataset")
  done
  [[ ${#all[@]} -gt 0 ]] || return 0
  # One table for the whole suite: the first file's header, every file's rows.
  awk 'FNR > 1 || NR == 1' "${all[@]/%//seeds.csv}" >"$SUITE/seeds.csv"
  summary "${all[@]}" >"$SUITE/summary.md"
  npx prettier --log-level warn --write "$SUITE/summary.md"
  cat "$SUITE/summary.md"
}

# summary DATASET_DIR...: a Markdown row per data set and target: its seeds from seeds.csv
# (columns by name), random's labels for the mean accuracy from compare.txt.
summary() {
  local files=() dir
  for dir in "$@"; do files+=("$dir/compare.txt" "$dir/seeds.csv"); done
  awk -F, '
    { sub(/\r$/, "") } # toCsv ends lines with CRLF
    FNR == 1 { split(FILENAME, part, "/"); name = part[length(part) - 1] }
    FILENAME ~ /compare.txt$/ {
      # "adaptive (targetError 0.01, ...): ..." when the data set has both targets, else "adaptive: ..."
      target = match($0, /^adaptive \(targetError [0-9.]+/) ? substr($0, 23, RLENGTH - 22) : /^adaptive:/ ? "only" : ""
      if (target == "") next
      sub(/.*random needs /, ""); sub(/^more than its curve has/, "beyond its curve")
      random[name SUBSEP target] = $0
      next
    }
    FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["strategy"] == "adaptive" {
      k = name SUBSEP $col["targetError"]
      if (!(k in seeds)) order[++keys] = k
      seeds[k]++; wrong[k] += $col["autoAcceptedWrong"]; accepted[k] += $col["autoAccepted"]
      above[k] += $col["withinTarget"] == "false"
      certified[k] += $col["batchesCertified"]; batches[k] += $col["batches"]
      human[k] += $col["humanLabels"]; acc[k] += $col["finalTestAccuracy"]
      e = $col["observedError"]
      if (e != "" && (!(k in lo) || e + 0 < lo[k])) lo[k] = e + 0
      if (e != "" && (!(k in hi) || e + 0 > hi[k])) hi[k] = e + 0
    }
    END {
      print "| data set | target | auto-accepted wrong (pooled) | per seed | seeds above target | batches certified | human labels (mean) | final accuracy (mean) | random needs for it (x humans) |"
      print "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
      for (j = 1; j <= keys; j++) {
        k = order[j]; split(k, kt, SUBSEP)
        pooled = accepted[k] > 0 ? sprintf("%.2f%% (%d of %d)", 100 * wrong[k] / accepted[k], wrong[k], accepted[k]) : "nothing accepted"
        range = (k in lo) ? sprintf("%.2f-%.2f%%", 100 * lo[k], 100 * hi[k]) : "-"
        needs = (k in random) ? random[k] : random[kt[1] SUBSEP "only"]
        printf "| %s | %g%% | %s | %s | %d of %d | %d of %d | %.0f | %.2f%% | %s |\n", kt[1], 100 * kt[2], pooled, range, above[k], seeds[k], certified[k], batches[k], human[k] / seeds[k], 100 * acc[k] / seeds[k], needs
      }
    }' "${files[@]}"
}

case "${1:-}" in
run)
  [[ -n "${2:-}" ]] || { echo "usage: scripts/suite.sh run DATASET [TARGET [SEED]]" >&2; exit 2; }
  options "$2" >/dev/null
  run "${@:2}"
  ;;
report)
  shift
  if [[ $# -eq 0 ]]; then report "${DATASETS[@]}"; else report "$@"; fi
  ;;
list)
  for dataset in "${DATASETS[@]}"; do echo "$dataset: $(options "$dataset")"; done
  ;;
*)
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
  ;;
esac
