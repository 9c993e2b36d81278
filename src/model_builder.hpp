// The model builder's internals, shared by model_builder.cpp, plan.cpp (which reads the answer
// back through ColInfo/RowInfo) and the tests; the public entry is capplan/model_builder.hpp.
//
// Turns Inputs into the linear program of docs/MODEL.md (version 2: a fleet n[t,o] per offering
// and period, routed in a peak and an off-peak block), with a map from every column and row back
// to the domain. Units inside the LP are scaled so coefficients stay near 1: chips in thousands
// (kchip), tokens/s in millions (Mtok/s), dollars in millions (M$), power in MW, each times one
// power of ten picked from the demand's size (ModelContext::scale) so that a forecast far from
// the bundled one solves as accurately. The Plan converts back.
//
// The LP is block-structured: take-or-pay couples the periods of a calendar year, onboarding
// couples consecutive periods. plan_blocks() lists the independent blocks; build_model() builds
// any set of periods.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "capplan/inputs.hpp"
#include "capplan/lp_model.hpp"
#include "capplan/model_builder.hpp"

namespace capplan {

inline constexpr double kChipScale = 1e3;   // chips per LP chip unit, at scale 1
inline constexpr double kTokenScale = 1e6;  // tokens/s per LP token unit, at scale 1
inline constexpr double kUsdScale = 1e6;    // USD per LP money unit, at scale 1

// The two load blocks of every period (docs/MODEL.md, "Blocks").
inline constexpr int kPeak = 0;
inline constexpr int kOff = 1;
inline constexpr int kBlocks = 2;

enum class ColKind {
  kFleet,        // n[t,o]
  kServe,        // s[t,b,d,o]
  kUnmet,        // u[t,b,d] (interactive) or u[t,d] (deferrable, block -1)
  kAdded,        // a[t,o]
  kPay,          // pay[c,y]
  kContingency,  // w[p,t,d,o]
  kShortfall,    // v[p,t,d]
  kSize,         // size[c]: MW signed of an option (fixed for a signed commitment sized per MW)
  kSign,         // sign[c]: 1 when an option with a signing cost is signed (integer mode: 0 or 1)
  kSteps,        // k[c]: whole steps of size_step_mw (integer mode)
  kUnits,        // m[t,o]: whole deployment units of unit_chips (integer mode)
};
enum class RowKind {
  kDemand,           // (demand)      per period, block, interactive slice
  kDeferrable,       // (deferrable)  per period, deferrable slice
  kCapacity,         // (capacity)    per period, block, offering
  kRegionPower,      // (region)      per period, region
  kContractPower,    // (contract)    per period, commitment
  kShareMax,         // (share)       per period, provider
  kShareMin,         // (share)       per period, provider
  kModelShareMax,    // (model share) per period, model (entity2), provider
  kModelShareMin,    // (model share) per period, model (entity2), provider
  kSurvive,          // (survive)     per lost provider (entity2), period, slice
  kSurviveCapacity,  // (survive)     per lost provider (entity2), period, offering
  kOnboarding,       // (onboarding)  per period, offering
  kTakeOrPay,        // (take-or-pay) per commitment, year: pay ≥ usage
  kTakeOrPayMin,     // (take-or-pay) per commitment, year: pay ≥ minimum per MW × size
  kOptionPower,      // (option)      per period, commitment: Σ kw·n ≤ size
  kSigning,          // (signing)     per commitment: size ≤ size_max·sign
  kWhole,            // (whole)       size = step·k, or n = unit·m (integer mode)
};

struct ColInfo {
  ColKind kind;
  int period = -1;      // index into Demand::periods(); -1 for pay
  int block = -1;       // kPeak | kOff for serve and interactive unmet
  int slice = -1;       // serve, unmet, contingency, shortfall
  int offering = -1;    // fleet, serve, added, contingency
  int provider = -1;    // the lost provider of contingency and shortfall
  int commitment = -1;  // pay, size, sign, steps
  int year = 0;         // pay
};

struct RowInfo {
  RowKind kind;
  int period = -1;
  int block = -1;
  int entity = -1;   // slice, offering, region, commitment or provider index by kind
  int entity2 = -1;  // model of model share rows; lost provider of survive rows
  int year = 0;      // take-or-pay
};

struct BuiltModel {
  LpModel lp;
  std::vector<ColInfo> cols;
  std::vector<RowInfo> rows;
};

// Per-period facts the builder and the plan share.
struct ModelContext {
  explicit ModelContext(const Inputs& inputs);
  const Inputs& inputs;
  std::vector<Period> periods;
  // avg[t,d]: the period's mean tokens/s (hours-weighted over its months).
  std::vector<std::vector<double>> avg_tokens_per_s;  // [period][slice]
  // The LP's units are the k*Scale constants times `scale` (power in MW times `scale`): a power of
  // ten, 1 while the largest demand row is between 1 and 1e8 Mtok/s, else chosen to bring it
  // between 100 and 1000. Chips, tokens and dollars scale together, so coefficients do not move.
  double scale = 1.0;
  double chip_unit() const { return kChipScale * scale; }
  double token_unit() const { return kTokenScale * scale; }
  double usd_unit() const { return kUsdScale * scale; }
  // Eligible offerings per [period][slice] (docs/MODEL.md eligibility), ascending.
  std::vector<std::vector<std::vector<int>>> eligible;
  // Offerings with a fleet column per [period]: open with at least one eligible pair.
  std::vector<std::vector<char>> has_fleet;

  bool interactive(int slice) const;
  double peak_to_avg(int slice) const;
  double phi(int block) const;  // φ_peak = peak_hours_share, φ_off = 1 − φ
  // rate[t,b,d] of an interactive slice (tokens/s in block b).
  double rate_tokens_per_s(int period, int block, int slice) const;
  // peakrate[t,d]: rate[t,peak,d] if interactive, avg[t,d] if deferrable.
  double peak_rate_tokens_per_s(int period, int slice) const;
  double penalty_usd_per_mtok(int slice) const;             // π_d
  double eff_tokens_per_s(int slice, int offering) const;   // throughput × utilization_target
  double effc_tokens_per_s(int slice, int offering) const;  // throughput × contingency_utilization
  double kw_per_chip(int offering) const;                   // all_in_kw × pue (facility kW)
  std::optional<double> price_usd_per_chip_hour(int offering, int period) const;
  std::optional<double> max_chips(int offering, int period) const;  // nullopt = no limit
  bool has_min_spend(int offering) const;  // its commitment has a take-or-pay
  bool has_take_or_pay(int commitment) const;
  // A sized commitment's largest power_mw over the periods inside horizon and term (size_max).
  double size_max_mw(int commitment) const;
  // Months of the horizon inside commitment c's term: months(c) of the reservation.
  int term_months(int commitment) const;
  int provider_of(int offering) const;
  // Months of calendar year `year` inside both the horizon and commitment c's term.
  int take_or_pay_months(int commitment, int year) const;
  std::vector<int> years() const;  // calendar years of the horizon, ascending
};

// A (survive) row no eligible pair can meet (docs/MODEL.md, (survive)): the plan is infeasible.
struct SurviveGap {
  int provider = -1, period = -1, slice = -1;
};
// Every such row, when σ > 0 and shortfalls are not priced; empty otherwise.
std::vector<SurviveGap> survive_gaps(const ModelContext& context);

// Independent blocks: sets of period indices. With onboarding_hours > 0 every period is coupled
// to the next, so there is one block. Otherwise periods of one calendar year share a block when
// some commitment with a minimum spend is active in that year, and each other period stands alone.
std::vector<std::vector<int>> plan_blocks(const ModelContext& context);

struct BuildOptions {
  bool names = true;  // readable row and column names; off, every name is empty (faster)
  // Whole units and steps, yes/no signing (docs/MODEL.md, "Integer mode").
  bool integer = false;
  // Per commitment (empty = none): an option that may not be signed (size fixed at 0), and a
  // factor on all its prices (chip-hours, reservation, minimum spend) — for value and
  // break-even (docs/MODEL.md, "Deals to decide").
  std::vector<char> forbid;
  std::vector<double> price_factor;
};

// The LP over the given periods (all when empty). Take-or-pay columns are created for the
// calendar years those periods touch.
BuiltModel build_model(const ModelContext& context, const std::vector<int>& periods = {},
                       const BuildOptions& options = {});

// Integer mode's first incumbent (docs/MODEL.md, "Integer mode"): the LP relaxation's whole
// columns rounded up — units of chips, steps and signing of deals — then, wherever that breaks a
// power limit ((region), (contract), (option)), units of the offerings in it rounded down, those
// with the smallest fraction first, until it holds. One value per column; continuous columns
// keep their relaxed values (the solver re-solves them).
std::vector<double> round_to_whole(const ModelContext& context, const BuiltModel& model,
                                   const std::vector<double>& relaxed);

// Weights of the second, tie-breaking pass (docs/MODEL.md, "Unique plans"): one positive
// number per column, a function of the column's identity alone (kind, period, slice, offering,
// provider ids), so every solve path weighs a column alike.
std::vector<double> tie_break_weights(const ModelContext& context, const BuiltModel& model);

}  // namespace capplan
