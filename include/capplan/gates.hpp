// Plan gates: thresholds a CI job sets on a plan (`capplan allocate --fail-on-unmet X
// --max-cost X`) or on the deltas between two plans (`capplan diff --max-cost-increase PCT
// ...`). Each checked gate is a value: its name (the flag), the limit, the quantity measured,
// whether it passed and a one-line message in the units and number style of the table output.
// A gate fails when its quantity is strictly above its limit. Unchecked gates (limit absent)
// give no result. Pure: the same plan(s) and limits give the same results.
//
// Units: usd, tokens_per_s, percent, percentage points (pp), power_mw (facility MW).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace capplan {

struct Plan;
struct PlanDiff;

struct GateResult {
  std::string name;  // the flag: "--max-cost", "--fail-on-unmet", "--max-cost-increase", ...
  std::string unit;  // "usd" | "tokens_per_s" | "percent" | "pp" | "mw"
  double limit = 0;
  double value = 0;  // the quantity compared with the limit
  bool passed = true;
  std::string message;  // "gate --max-cost: objective $244.34B, above $200.00B"
};

// Gates of `capplan allocate`; absent = not checked.
struct PlanGates {
  std::optional<double> max_unmet_tokens_per_s;  // --fail-on-unmet: total unmet in any period
  std::optional<double> max_cost_usd;            // --max-cost: the plan's objective
};

// Gates of `capplan diff`; absent = not checked.
struct DiffGates {
  // Cost over the periods both plans cover (PlanDiff::common_cost_usd), relative increase in
  // percent: a plan over a shorter horizon cannot pass by being shorter.
  std::optional<double> max_cost_increase_pct;
  std::optional<double> max_unmet_tokens_per_s;  // PlanDiff::max_unmet
  std::optional<double> max_share_drift_pp;      // PlanDiff::max_share_drift
  std::optional<double> max_power_increase_mw;   // PlanDiff::max_power_increase
};

// One result per checked gate, in the order of the struct's fields.
std::vector<GateResult> check_plan_gates(const Plan& plan, const PlanGates& gates);
std::vector<GateResult> check_diff_gates(const PlanDiff& diff, const DiffGates& gates);

// The messages of the failed results, in order.
std::vector<std::string> failure_messages(const std::vector<GateResult>& results);

}  // namespace capplan
