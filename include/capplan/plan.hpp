// A Plan is the answer in domain terms (docs/MODEL.md, version 2): in each period, the fleet of
// every offering (chips held, chips added), which slice's tokens each offering serves in the peak
// and the off-peak block, unmet demand, the contingency routing when a provider is lost; provider
// shares; duals in planner units; take-or-pay accounting; and whether an independent check of
// the solution against the inputs passed. A Plan holds ids as strings, so a plan read back from
// JSON (for `capplan diff`) is the same value as the one written.
//
// Units: chips (count), tokens_per_s, power_mw (facility MW incl. PUE), usd. Routing and unmet
// demand are real tokens/s: per block, and `tokens_per_s` the period's mean
// (φ·peak + (1 − φ)·off). Totals per year: plan_figures.hpp.
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

// The fleet n[t,o] of one offering in one period.
struct FleetRow {
  std::string offering, provider, region, accelerator;
  double chips = 0;
  double chips_added = 0;  // over the previous period's fleet (all of it when the offering opens
                           // later); 0 in the first period
  double power_mw = 0, cost_usd = 0;  // cost: chips × list price × hours
};

// Routing s[t,b,d,o] of one slice on one offering.
struct AllocationRow {
  std::string slice, offering, provider, region, accelerator;
  double peak_tokens_per_s = 0, off_tokens_per_s = 0;
  double tokens_per_s = 0;  // the period's mean: φ·peak + (1 − φ)·off
};

// w[p,t,d,o]: tokens/s of a slice served on an offering while provider `lost` is lost.
struct ContingencyRow {
  std::string lost, slice, offering;
  double tokens_per_s = 0;
};

// v[p,t,d]: how far a slice falls short of the survive rule when `lost` is lost (priced only).
struct ShortfallRow {
  std::string lost, slice;
  double tokens_per_s = 0;
};

struct ProviderPeriod {
  double share_fraction = 0;  // of served tokens in the period, 0..1
  double chips = 0, power_mw = 0, cost_usd = 0, tokens_per_s = 0;
};

struct PeriodPlan {
  std::string period;  // "2026-07"
  double hours = 0;
  double cost_usd = 0;  // the fleet at list price: Σ chips × price × hours (see MODEL.md)
  double power_mw = 0;
  double demand_tokens_per_s = 0;  // Σ_d avg[t,d]: the period's mean demand
  double served_tokens_per_s = 0;  // mean tokens/s served: demand − unmet
  double demand_tokens = 0;        // demand over the period: Σ avg × hours × 3600
  double penalty_usd = 0;          // unmet penalty: Σ_d π_d × unmet_d × hours × 3600 / 1e6
  double onboarding_usd = 0;       // onboarding_hours × price × chips added
  double shortfall_usd = 0;        // priced survive shortfalls
  std::map<std::string, ProviderPeriod> providers;  // every catalog provider
  std::vector<FleetRow> fleet;                      // sorted by offering
  std::vector<AllocationRow> allocations;           // sorted by (slice, offering)
  std::map<std::string, double> unmet_tokens_per_s;  // slice -> mean tokens/s not served (only > 0)
  // Interactive slices with unmet demand: slice -> (peak, off-peak) tokens/s not served.
  std::map<std::string, std::pair<double, double>> unmet_blocks;
  std::vector<ContingencyRow> contingency;          // sorted by (lost, slice, offering)
  std::vector<ShortfallRow> contingency_shortfall;  // sorted by (lost, slice)
  // Duals in planner units.
  std::map<std::string, double> demand_usd_per_mtok;  // slice -> $ per 1M tokens of its mean demand
  std::map<std::string, double> region_usd_per_mw;      // region -> $ per MW-month (binding only)
  std::map<std::string, double> commitment_usd_per_mw;  // commitment -> $ per MW-month
  std::map<std::string, double> share_usd_per_pp;       // "aws.share_max" -> $ per percentage point
};

// What the survive rule asks of the plan when one provider is lost (docs/MODEL.md, (survive)).
struct SurviveLoss {
  std::string lost;
  std::string worst_slice,
      worst_period;              // the slice and period with the smallest servable fraction
  double servable_fraction = 0;  // of that slice's peak rate, by the contingency routing
  double headroom_usd =
      0;  // Σ dual × σ × peak rate over its rows: what the rule costs at the margin
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
  std::string kind;    // region_power | commitment_power | supply | share_max | share_min |
                       // model_share_max | model_share_min | survive
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

// One year of a deal's fixed costs.
struct OptionYear {
  int year = 0;
  double reservation_usd = 0;  // reservation per MW-month × MW × months of the year in term
  double signing_usd = 0;      // the signing cost, in the year the term starts (or the first)
};

// A deal to decide, or a signed commitment sized per MW (docs/MODEL.md, "Deals to decide").
struct OptionResult {
  std::string id, provider;
  bool is_option = true;     // false: signed, its size fixed at size_max_mw
  bool is_signed = false;    // size above 0
  double size_mw = 0;        // MW signed
  double size_max_mw = 0;    // the most it can be
  double sign_fraction = 0;  // sign[c]: 0 or 1 in integer mode; size/size_max in the relaxation
  bool relaxed = false;      // a yes/no or step decision solved as its LP relaxation
  double reservation_usd = 0, signing_usd = 0;
  double usage_usd = 0;  // its offerings' chips at list price (or, with take-or-pay, paid)
  double cost_usd = 0;   // reservation + signing + usage
  double usd_per_mw = 0;  // objective saved by one more MW of size_max (0 unless at it)
  // Value and break-even (docs/MODEL.md): filled when the plan was asked for them.
  bool valued = false;
  double value_usd = 0;  // objective with the option forbidden − with it allowed
  // Largest factor on all its prices at which the value stays positive; nullopt when its value
  // does not depend on its prices (no price, or worth nothing even free: then 0).
  std::optional<double> breakeven_price_factor;
  std::vector<OptionYear> years;
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
  double peak_hours_share = 0.25;  // φ of the policy the plan was made with
  std::string share_basis = "tokens";
  double survive_provider_loss = 0;
  std::vector<SurviveLoss> survive;  // one per provider when survive_provider_loss > 0
  Verification verification;
  std::map<std::string, std::string> input_hashes;  // catalog|demand|policy -> fnv1a-64 hex
  std::vector<PeriodPlan> periods;
  std::vector<CommitmentYear> commitments;
  std::vector<CommitmentPower> commitment_power;
  std::vector<BindingLimit> binding;
  std::vector<UnmetExplanation> unmet_explanations;
  std::vector<OptionResult> options;  // sized commitments: options first, by id
  // Integer mode (docs/MODEL.md, "Integer mode"): whole units and yes/no deals, solved by Cbc.
  bool integer = false;
  bool proven_optimal = true;          // false when a time limit stopped the search
  double mip_gap = 0;                  // relative gap between the plan and the best bound
  double mip_gap_target = 0;           // the gap at which the search stops as proven
  double relaxation_objective_usd = 0;  // the LP relaxation's optimum: rounding costs the rest
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
  // Solve independent calendar-year blocks separately, and a horizon that onboarding couples from
  // its years' bases (docs/MODEL.md, "Solving"). false: the single LP, from scratch.
  bool decompose = true;
  bool names = false;  // build readable row and column names (only exports need them)
  int threads = 0;     // 0 = hardware concurrency
  // Warm start: the bases of an earlier plan of the same shape (one per block, from
  // `bases_out`). A block whose model differs in size is solved cold. The optimum is the same.
  const std::vector<Basis>* warm_start = nullptr;
  std::vector<Basis>* bases_out = nullptr;  // filled with each block's final basis when given
  // The second, tie-breaking pass that makes the plan unique (docs/MODEL.md, "Unique plans");
  // off when only the optimal objective is wanted (the deals' re-solves).
  bool unique = true;
  // Integer mode even when the policy does not ask for it (`--integer`), and the relative gap
  // at which its search stops as proven (docs/MODEL.md, "Integer mode").
  bool integer = false;
  double mip_gap = 1e-3;
  // Value and break-even of each option (re-solves, warm-started); off, only the plan's choice.
  bool option_values = true;
  // Per commitment (empty = none): options forbidden, factors on their prices (docs/MODEL.md).
  std::vector<char> forbid;
  std::vector<double> price_factor;
  // Makes each solving thread's solver; empty = make_clp_solver(). A seam for tests.
  std::function<std::unique_ptr<Solver>()> make_solver;
};

// Builds, solves, reads back and verifies. Throws SolverError when the solver fails or stops at
// a limit (not when the model is infeasible: that is a plan with status kInfeasible).
Plan make_plan(const Inputs& inputs, const PlanOptions& options = {});

// JSON (schema capplan.plan/v2), deterministic bytes.
std::string plan_to_json(const Plan& plan);
// Reads a plan written by plan_to_json. Throws InputError naming `file_name`; a capplan.plan/v1
// file (the version 1 model) is refused with a one-line message.
Plan plan_from_json(const std::string& text, const std::string& file_name);

}  // namespace capplan
