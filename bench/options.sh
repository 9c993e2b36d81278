#!/usr/bin/env bash
# Deals benchmark (docs/MODEL.md, "Deals to decide" and "Integer mode"):
#   1. a synthetic instance (default size M, ~100k+ columns) whose five take-or-pay commitments
#      become options: one plan deciding them (`--no-option-values`) against the full report
#      with each option's value and break-even, side by side in one run;
#   2. integer mode on the bundled data with every offering in whole deployment units: time to
#      the proven gap target, and with the target at 0 under a time limit.
#
#   bench/options.sh [SIZE]
#
# Needs a Release build with the generator (CAPPLAN_BUILD_BENCH=ON; CAPPLAN_BUILD_DIR picks it).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${CAPPLAN_BUILD_DIR:-build}"
capplan="$build/capplan"
gen="$build/bench/capplan_gen"
[ -x "$capplan" ] && [ -x "$gen" ] || { echo "build first (CAPPLAN_BUILD_BENCH=ON)" >&2; exit 2; }
size="${1:-M}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$gen" --size "$size" --out "$work"
python3 - "$work/catalog.json" <<'PY'
import json, sys
path = sys.argv[1]
cat = json.load(open(path))
for i, (cid, c) in enumerate(sorted(cat["commitments"].items())):
    c["status"] = "option"
    c.pop("min_spend_usd_per_year", None)
    c["reservation_usd_per_mw_month"] = 10000.0 + 10000.0 * i
    c["min_spend_usd_per_mw_year"] = 2e6
json.dump(cat, open(path, "w"))
PY
args=(--catalog "$work/catalog.json" --demand "$work/demand.json" --policy "$work/policy.json")

timed() {  # timed NAME ARGS...: wall seconds and peak RSS of capplan ARGS
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$capplan" "$@" >"$work/$name.out" 2>"$work/$name.err" || true
  read -r s kb <"$work/$name.time"
  echo "$s $((kb / 1024))"
}

read -r plan_s plan_mib < <(timed plan allocate "${args[@]}" --format json --no-option-values)
read -r deals_s deals_mib < <(timed deals allocate "${args[@]}" --format json)
cols=$(python3 -c "import json; print(json.load(open('$work/deals.out'))['model']['columns'])")
python3 - "$work/deals.out" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
print("| option | signed | MW | of MW | value $M | break-even |")
print("|---|---|---|---|---|---|")
for o in plan["options"]:
    be = o.get("breakeven_price_factor")
    print(f"| {o['id']} | {o['signed']} | {o['size_mw']:.0f} | {o['size_max_mw']:.0f} | "
          f"{(o.get('value_usd') or 0) / 1e6:.1f} | {be if be is None else round(be, 3)} |")
PY
echo
echo "| size | columns | options | one plan s | with values and break-even s | ratio | RSS MiB |"
echo "|---|---|---|---|---|---|---|"
echo "| $size | $cols | 5 | $plan_s | $deals_s | $(python3 -c "print(f'{$deals_s/$plan_s:.2f}')") | $deals_mib |"

# Integer mode on the bundled data, every offering in whole units of its catalog unit_chips
# (64 where the catalog gives none).
python3 - "$work/units.json" <<'PY'
import json, sys
cat = json.load(open("data/catalog.json"))
offerings = {k: {"unit_chips": v.get("unit_chips", 64)} for k, v in cat["offerings"].items()}
json.dump({"schema": "capplan.scenario/v1", "name": "whole-units", "description": "units",
           "patch": {"catalog": {"offerings": offerings}}}, open(sys.argv[1], "w"))
PY
read -r lp_s _ < <(timed lp allocate --format json --no-option-values)
read -r int_s _ < <(timed int allocate --scenario "$work/units.json" --integer --format json --no-option-values)
read -r int0_s _ < <(timed int0 allocate --scenario "$work/units.json" --integer --mip-gap 0 --time-limit 10 --format json --no-option-values)
summary() { python3 -c "import json; j=json.load(open('$1')); i=j['integer']; print(j['status'], f\"gap {100*i['mip_gap']:.4f}% rounding \${i['rounding_usd']/1e6:.1f}M\")"; }
echo
echo "| bundled | s | result |"
echo "|---|---|---|"
echo "| LP | $lp_s | |"
echo "| --integer (gap target 0.001) | $int_s | $(summary "$work/int.out") |"
echo "| --integer --mip-gap 0 --time-limit 10 | $int0_s | $(summary "$work/int0.out") |"
