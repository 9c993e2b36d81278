#!/usr/bin/env bash
# Measures capplan end to end on the bundled data and on synthetic instances, against the bare
# `clp` binary (Debian package coinor-clp) solving capplan's own exported MPS of the same model.
#
#   bench/run.sh [SIZE...]      (default: bundled bundled-plan M L)
#
# SIZE is bundled (`capplan allocate` as a planner runs it, with every deal's value and
# break-even), bundled-plan (the plan alone: --no-option-values), S, M or L
# (tests/support/instance_gen.cpp), or M-survive: M over 12 months
# with survive_provider_loss 0.3 and onboarding_hours 168, the bundled policy's rules, at about
# the columns of M. Needs a Release build in build/ (scripts/dev run makes one;
# CAPPLAN_BUILD_DIR picks another). Each size runs REPEAT times (default 3), capplan and clp one
# after the other in each run, and prints one markdown row of medians; the ratio is the median
# of the runs' capplan / clp ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${CAPPLAN_BUILD_DIR:-build}"
capplan="$build/capplan"
gen="$build/bench/capplan_gen"
repeat="${REPEAT:-3}"
[ -x "$capplan" ] && [ -x "$gen" ] || { echo "build first: scripts/dev run" >&2; exit 2; }
command -v clp >/dev/null || { echo "needs the clp binary: apt-get install coinor-clp" >&2; exit 2; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(bundled bundled-plan M L)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { python3 -c "import statistics,sys; print(statistics.median(float(v) for v in sys.argv[1:]))" "$@"; }

echo "| size | rows | columns | nonzeros | blocks | build s | solve s | capplan s | capplan RSS MiB | clp s | clp RSS MiB | ratio (min–max) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  dir="$work/$size"
  mkdir -p "$dir"
  args=()
  case "$size" in
    bundled) ;;
    bundled-plan) args=(--no-option-values) ;;
    M-survive)
      "$gen" --size M --months 12 --survive 0.3 --onboarding-hours 168 --out "$dir" ;;
    *)
      "$gen" --size "$size" --out "$dir" ;;
  esac
  [ "$size" = bundled ] || [ "$size" = bundled-plan ] ||
    args=(--catalog "$dir/catalog.json" --demand "$dir/demand.json" --policy "$dir/policy.json")
  # The same model as one LP, for the clp binary (not timed).
  "$capplan" allocate "${args[@]}" --export-mps "$dir/model.mps" --format csv -o "$dir/plan.csv" \
    --quiet || true
  cap_s=() cap_kb=() clp_s=() clp_kb=() build_s=() solve_s=() ratios=()
  for ((run = 1; run <= repeat; run++)); do
    # End to end: load, build, solve, verify, write the JSON plan.
    /usr/bin/time -f "%e %M" -o "$dir/time" "$capplan" allocate "${args[@]}" --format json \
      -o "$dir/plan.json" --log-level info 2>"$dir/log" || true
    read -r s kb <"$dir/time"
    cap_s+=("$s") cap_kb+=("$kb")
    build_s+=("$(sed -n 's/.*build \([0-9.]*\) s, solve.*/\1/p' "$dir/log")")
    solve_s+=("$(sed -n 's/.*solve \([0-9.]*\) s, read.*/\1/p' "$dir/log")")
    /usr/bin/time -f "%e %M" -o "$dir/clptime" clp "$dir/model.mps" -dualsimplex >"$dir/clp.log" 2>&1 || true
    read -r s2 kb2 <"$dir/clptime"
    clp_s+=("$s2") clp_kb+=("$kb2")
    grep -q "Optimal objective" "$dir/clp.log" || echo "warning: clp did not report an optimum for $size" >&2
    ratios+=("$(python3 -c "print($s / $s2 if $s2 > 0 else 0)")")
  done
  read -r rows cols nnz blocks < <(python3 -c "import json; m=json.load(open('$dir/plan.json'))['model']; print(m['rows'], m['columns'], m['nonzeros'], m['blocks'])")
  ratio=$(python3 -c "import statistics,sys; r=[float(v) for v in sys.argv[1:]]; print(f'{statistics.median(r):.2f} ({min(r):.2f}–{max(r):.2f})')" "${ratios[@]}")
  mib() { python3 -c "print(int(float('$1') / 1024))"; }
  echo "| $size | $rows | $cols | $nnz | $blocks | $(median "${build_s[@]}") | $(median "${solve_s[@]}") | $(median "${cap_s[@]}") | $(mib "$(median "${cap_kb[@]}")") | $(median "${clp_s[@]}") | $(mib "$(median "${clp_kb[@]}")") | $ratio |"
  rm -f "$dir/model.mps"
done
