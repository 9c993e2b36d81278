// A Plan is the answer in domain terms: which slice runs on which offering in each period,
// with chips, tokens/s, power and dollars; provider shares; unmet demand and why; duals in
// planner units; take-or-pay accounting; and whether an independent check of the solution
// against the inputs passed. A Plan holds ids as strings, so a plan read back from JSON (for
// `capplan diff`) is the same value as the one written.
//
// Units: chips (count), tokens_per_s, power_mw (facility MW incl. PUE), usd. Capacity
// (need_tokens_per_s, served_tokens_per_s, allocations) is sized at the peak; unmet demand is in
// real tokens/s of the period's mean. Totals per year: plan_figures.hpp.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capplan/inputs.hpp"
#include "capplan/solver.hpp"

namespace capplan {

struct AllocationRow {
  std::string slice, offering, provider, region, accelerator;
  double chips = 0, tokens_per_s = 0, power_mw = 0, cost_usd = 0;
};

struct ProviderPeriod {
  double share_fraction = 0;  // of served tokens in the period, 0..1
  double chips = 0, power_mw = 0, cost_usd = 0, tokens_per_s = 0;
};

struct PeriodPlan {
  std::string period;  // "2026-07"
  double hours = 0;
  double cost_usd = 0;  // on-demand usage + take-or-pay usage in the period (see MODEL.md)
  double power_mw = 0;
  double need_tokens_per_s = 0;
  double served_tokens_per_s = 0;
  double demand_tokens = 0;  // average demand over the period: Σ tokens_per_day × days
  double penalty_usd = 0;    // unmet penalty: π × Σ unmet tokens/s × hours × 3600 / 1e6
  std::map<std::string, ProviderPeriod> providers;  // every catalog provider
  std::vector<AllocationRow> allocations;           // sorted by (slice, offering)
  std::map<std::string, double> unmet_tokens_per_s;  // slice -> the period's mean (only > 0)
  // Duals in planner units.
  std::map<std::string, double> demand_usd_per_mtok;    // slice -> $ per 1M tokens
  std::map<std::string, double> region_usd_per_mw;      // region -> $ per MW-month (binding only)
  std::map<std::string, double> commitment_usd_per_mw;  // commitment -> $ per MW-month
  std::map<std::string, double> share_usd_per_pp;       // "aws.max" -> $ per percentage point
};

struct CommitmentYear {
  std::string id, provider;
  int year = 0;
  int months = 0;  // months of the year inside horizon and term
  double usage_usd = 0, min_spend_usd = 0, paid_usd = 0;
  double stranded_usd = 0;  // paid - usage when positive
};

struct CommitmentPower {  // per commitment with power_mw and calendar year, averaged over months
  std::string id, provider;
  int year = 0;
  double used_mw_avg = 0, limit_mw_avg = 0;
  double stranded_mw_avg = 0;  // limit - used (secured but unused facility power)
};

struct BindingLimit {
  std::string kind;    // region_power | commitment_power | supply | share_max | share_min | survive
  std::string id;      // region / commitment / offering / provider
  std::string period;  // period label
  double value = 0;    // $ per unit relaxed (unit in `unit`)
  std::string unit;    // "usd_per_mw_month" | "usd_per_chip_month" | "usd_per_pp"
};

struct UnmetExplanation {
  std::string period, slice;
  double tokens_per_s = 0;  // of the period's mean, as in PeriodPlan::unmet_tokens_per_s
  double short_mw = 0;  // facility MW the unmet tokens would need on the cheapest eligible chip
  std::string reason;   // domain terms
};

struct Verification {
  bool ok = false;
  double max_relative_residual = 0;
  std::vector<std::string> failures;  // one line per failed check
};

// What a plan is: an optimum, or no plan because the constraints cannot all hold. make_plan
// gives only these two (a solver failure or a reached limit is a SolverError); the other two
// are kept so that a plan file naming them reads back as what it says.
enum class PlanStatus { kOptimal, kInfeasible, kLimitReached, kError };
// "optimal" | "infeasible" | "limit_reached" | "error", as written in plan JSON.
const char* to_string(PlanStatus status);
std::optional<PlanStatus> parse_plan_status(std::string_view text);  // nullopt if unknown

struct Plan {
  std::string scenario = "base";
  PlanStatus status = PlanStatus::kOptimal;
  std::string message;            // solver message when not optimal
  double objective_usd = 0;
  double unmet_penalty_usd = 0;   // part of the objective that is the unmet penalty
  Verification verification;
  std::map<std::string, std::string> input_hashes;  // catalog|demand|policy -> fnv1a-64 hex
  std::vector<PeriodPlan> periods;
  std::vector<CommitmentYear> commitments;
  std::vector<CommitmentPower> commitment_power;
  std::vector<BindingLimit> binding;
  std::vector<UnmetExplanation> unmet_explanations;
  struct Stats {
    int rows = 0, cols = 0, nonzeros = 0, blocks = 0;
  } stats;
};

// Wall-clock seconds of each step, for logs and benchmarks; never part of a plan's output.
struct PlanTimings {
  double build_s = 0, solve_s = 0, read_s = 0;  // build and solve summed over blocks
  int iterations = 0;                           // simplex iterations over all blocks
};

struct PlanOptions {
  PlanTimings* timings = nullptr;  // filled when given
  double time_limit_s = 0;
  bool decompose = true;  // solve independent calendar-year blocks separately
  int threads = 0;        // 0 = hardware concurrency
  // Warm start: the bases of an earlier plan of the same shape (one per block, from
  // `bases_out`). A block whose model differs in size is solved cold. The optimum is the same.
  const std::vector<Basis>* warm_start = nullptr;
  std::vector<Basis>* bases_out = nullptr;  // filled with each block's final basis when given
  // Makes each solving thread's solver; empty = make_clp_solver(). A seam for tests.
  std::function<std::unique_ptr<Solver>()> make_solver;
};

// Builds, solves, reads back and verifies. Throws SolverError when the solver fails or stops at
// a limit (not when the model is infeasible: that is a plan with status kInfeasible).
Plan make_plan(const Inputs& inputs, const PlanOptions& options = {});

// JSON (schema capplan.plan/v1), deterministic bytes.
std::string plan_to_json(const Plan& plan);
// Reads a plan written by plan_to_json. Throws InputError naming `file_name`.
Plan plan_from_json(const std::string& text, const std::string& file_name);

}  // namespace capplan
