#!/usr/bin/env bash
# Measures capplan end to end on the bundled data and on synthetic instances, against the bare
# `clp` binary (Debian package coinor-clp) solving capplan's own exported MPS of the same model.
#
#   bench/run.sh [bundled] [S] [M] [L]      (default: bundled M L)
#
# Needs a Release build in build/ (scripts/dev run makes one; CAPPLAN_BUILD_DIR picks another).
# Prints one markdown row per size.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${CAPPLAN_BUILD_DIR:-build}"
capplan="$build/capplan"
gen="$build/bench/capplan_gen"
[ -x "$capplan" ] && [ -x "$gen" ] || { echo "build first: scripts/dev run" >&2; exit 2; }
command -v clp >/dev/null || { echo "needs the clp binary: apt-get install coinor-clp" >&2; exit 2; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(bundled M L)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "| size | rows | columns | nonzeros | blocks | load s | build s | solve s | write s | capplan s | capplan RSS MiB | clp s | clp RSS MiB | ratio |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
  dir="$work/$size"
  mkdir -p "$dir"
  args=()
  if [ "$size" != bundled ]; then
    "$gen" --size "$size" --out "$dir"
    args=(--catalog "$dir/catalog.json" --demand "$dir/demand.json" --policy "$dir/policy.json")
  fi
  # End to end: load, build, solve, verify, write the JSON plan.
  /usr/bin/time -f "%e %M" -o "$dir/time" "$capplan" allocate "${args[@]}" --format json \
    -o "$dir/plan.json" --log-level info 2>"$dir/log" || true
  read -r cap_s cap_kb <"$dir/time"
  load_s=$(sed -n 's/.*inputs loaded in \([0-9.]*\) s.*/\1/p' "$dir/log")
  build_s=$(sed -n 's/.*build \([0-9.]*\) s, solve.*/\1/p' "$dir/log")
  solve_s=$(sed -n 's/.*solve \([0-9.]*\) s, read.*/\1/p' "$dir/log")
  write_s=$(sed -n 's/.*written in \([0-9.]*\) s.*/\1/p' "$dir/log")
  read -r rows cols nnz blocks < <(python3 -c "import json,sys; m=json.load(open('$dir/plan.json'))['model']; print(m['rows'], m['columns'], m['nonzeros'], m['blocks'])")
  # The same model as one LP, solved by the clp binary.
  "$capplan" allocate "${args[@]}" --export-mps "$dir/model.mps" --format csv -o "$dir/plan.csv" --quiet || true
  /usr/bin/time -f "%e %M" -o "$dir/clptime" clp "$dir/model.mps" -dualsimplex >"$dir/clp.log" 2>&1 || true
  read -r clp_s clp_kb <"$dir/clptime"
  grep -q "Optimal objective" "$dir/clp.log" || echo "warning: clp did not report an optimum for $size" >&2
  ratio=$(python3 -c "print(f'{$cap_s/$clp_s:.2f}' if $clp_s > 0 else 'n/a')")
  echo "| $size | $rows | $cols | $nnz | $blocks | $load_s | $build_s | $solve_s | $write_s | $cap_s | $((cap_kb / 1024)) | $clp_s | $((clp_kb / 1024)) | $ratio |"
done
