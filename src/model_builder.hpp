// The model builder's internals, shared by model_builder.cpp, plan.cpp (which reads the answer
// back through ColInfo/RowInfo) and the tests; the public entry is capplan/model_builder.hpp.
//
// Units inside the LP are scaled so coefficients stay near 1: chips in thousands (kchip),
// tokens/s in millions (Mtok/s), dollars in millions (M$), power in MW, each times one power of
// ten picked from the demand's size (ModelContext::scale) so that a forecast far from the
// bundled one solves as accurately. The Plan converts back.
//
// The LP is block-structured: only take-or-pay couples periods, and only within a calendar
// year. plan_blocks() lists the independent blocks; build_model() builds any set of periods.
#pragma once

#include <optional>
#include <vector>

#include "capplan/inputs.hpp"
#include "capplan/lp_model.hpp"
#include "capplan/model_builder.hpp"

namespace capplan {

inline constexpr double kChipScale = 1e3;   // chips per LP chip unit, at scale 1
inline constexpr double kTokenScale = 1e6;  // tokens/s per LP token unit, at scale 1
inline constexpr double kUsdScale = 1e6;    // USD per LP money unit, at scale 1

enum class ColKind { kChips, kUnmet, kPay };
enum class RowKind {
  kDemand,         // (demand)   per period, slice
  kSupply,         // (supply)   per period, offering
  kRegionPower,    // (region)   per period, region
  kContractPower,  // (contract) per period, commitment
  kShareMax,       // (share)    per period, provider
  kShareMin,       // (share)    per period, provider
  kSurvive,        // (survive)  per period, provider
  kTakeOrPay,      // (take-or-pay) per commitment, year
};

struct ColInfo {
  ColKind kind;
  int period = -1;      // index into Demand::periods(); -1 for pay
  int slice = -1;       // chips, unmet
  int offering = -1;    // chips
  int commitment = -1;  // pay
  int year = 0;         // pay
};

struct RowInfo {
  RowKind kind;
  int period = -1;
  int entity = -1;  // slice, offering, region, commitment or provider index by kind
  int year = 0;     // take-or-pay
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
  std::vector<std::vector<double>> need_tokens_per_s;  // [period][slice]
  // The LP's units are the k*Scale constants times `scale` (power in MW times `scale`): a power of
  // ten, 1 while the largest demand row is between 1 and 1e4 Mtok/s, else chosen to bring it
  // between 100 and 1000. Chips, tokens and dollars scale together, so coefficients do not move.
  double scale = 1.0;
  double chip_unit() const { return kChipScale * scale; }
  double token_unit() const { return kTokenScale * scale; }
  double usd_unit() const { return kUsdScale * scale; }
  // Eligible offerings per [period][slice] (docs/MODEL.md, eligibility), ascending.
  std::vector<std::vector<std::vector<int>>> eligible;
  double eff_tokens_per_s(int slice, int offering) const;  // throughput × utilization
  double kw_per_chip(int offering) const;                  // all_in_kw × pue (facility kW)
  std::optional<double> price_usd_per_chip_hour(int offering,
                                                int period) const;  // nullopt = unpriced
  std::optional<double> max_chips(int offering, int period) const;  // nullopt = no limit
  bool has_min_spend(int offering) const;
  // Months of calendar year `year` inside both the horizon and commitment c's term.
  int take_or_pay_months(int commitment, int year) const;
  std::vector<int> years() const;  // calendar years of the horizon, ascending
};

// Independent blocks: sets of period indices. Periods of one calendar year share a block when
// some commitment with a minimum spend is active in that year; otherwise each period stands alone.
std::vector<std::vector<int>> plan_blocks(const ModelContext& context);

// The LP over the given periods (all when empty). Take-or-pay columns are created for the
// calendar years those periods touch.
BuiltModel build_model(const ModelContext& context, const std::vector<int>& periods = {});

}  // namespace capplan
