// A PlanDiff is what changed between two saved plans, new minus base, read from the plans alone
// (nothing is re-solved): the objective; per calendar year cost, $/Mtok, unmet tokens and, per
// provider, share, MW used and chips; stranded commitments; the offerings whose average chips
// moved most; and the per-period extremes that `capplan diff` gates on.
//
// Periods present in only one plan are listed and left out: every aggregate except the
// objective (and the new plan's largest unmet demand, which looks at the new plan alone) is
// taken over the periods both plans cover. An entity found in only one plan (a provider, a
// commitment, an offering) has no value on the other side; its delta counts that side as 0.
//
// Units: usd, tokens (over a year), tokens_per_s, power_mw (facility MW, averaged over months
// for years), chips (averages), shares in percent (their deltas are percentage points).
// Pure: the same two plans always give the same PlanDiff and the same rendered bytes.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "capplan/gates.hpp"
#include "capplan/plan.hpp"
#include "capplan/render.hpp"

namespace capplan {

// One compared quantity. Absent on a side = that plan has no such entity (or no such year).
struct DiffValue {
  std::optional<double> base, next;
  double delta() const { return next.value_or(0.0) - base.value_or(0.0); }
};

// How an input document changed between the plans, from the hashes the plans carry.
enum class InputChange { kSame, kChanged, kUnknown };  // unknown: a plan carries no hash for it

struct PlanSide {
  std::string file;  // as named on the command line
  std::string scenario;
  PlanStatus status = PlanStatus::kOptimal;
  bool verified = false;
  std::size_t periods = 0;
  std::string first_period, last_period;
};

struct ProviderYearDiff {
  DiffValue share_pct;     // of served tokens over the year, in percent
  DiffValue power_mw_avg;  // MW used, hours-weighted over the year's common periods
  DiffValue chips_avg;
};

struct YearDiff {
  int year = 0;
  int months = 0;  // common months of the year
  DiffValue cost_usd, usd_per_mtok, unmet_tokens;
  std::map<std::string, ProviderYearDiff> providers;  // union of both plans' providers
};

struct CommitmentDiff {
  std::string id, provider;
  int year = 0;
  std::string kind;  // "min_spend": stranded USD paid above usage | "power": stranded average MW
  DiffValue stranded;
};

struct OfferingShift {
  std::string offering, provider, accelerator;
  DiffValue chips_avg;  // hours-weighted over the common periods (plan_figures)
};

// The period (and provider) where a per-period quantity is largest. Empty period = none.
struct PeriodExtreme {
  std::string period, provider;
  double base = 0, next = 0;
  double value = 0;  // the quantity compared: see PlanDiff
};

struct PlanDiff {
  PlanSide base, next;
  std::map<std::string, InputChange> inputs;  // "catalog", "demand", "policy"
  std::vector<std::string> common_periods, only_in_base, only_in_next;
  DiffValue objective_usd;
  // Cost over the common periods: their usage and take-or-pay cost by year, plus the unmet
  // penalty of those periods. What --max-cost-increase compares.
  DiffValue common_cost_usd;
  std::optional<double> objective_change_pct;  // absent when the base objective is 0
  std::vector<YearDiff> years;                 // over the common periods, by year
  std::vector<CommitmentDiff> commitments;     // by (kind, id, year)
  std::vector<OfferingShift> shifts;           // offerings whose average moved, largest |Δ| first
  // The new plan's largest total unmet tokens/s in any of its periods (value; base unused).
  PeriodExtreme max_unmet;
  // The largest |Δ share| of any provider in any common period, in percentage points.
  PeriodExtreme max_share_drift;
  // The largest increase of total power_mw in any common period (negative when all fell).
  PeriodExtreme max_power_increase;
};

// Compares `next` against `base`; the names are the files they were read from, for output.
PlanDiff diff_plans(const Plan& base, const std::string& base_name, const Plan& next,
                    const std::string& next_name);

// The messages of the failed gates of check_diff_gates (capplan/gates.hpp), in order:
// "gate --max-cost-increase: cost rose 3.41% (244.34B → 252.67B USD), above 2%".
std::vector<std::string> failed_gates(const PlanDiff& diff, const DiffGates& gates);

// table | markdown (people), json (schema capplan.diff/v1, full precision), csv (long form:
// metric,year,provider,base,new,delta). Deterministic bytes. JSON carries `gates`: each
// checked gate's name, limit, value and whether it passed.
void render_plan_diff(const PlanDiff& diff, Format format, std::ostream& out,
                      const std::vector<GateResult>& gates = {});

}  // namespace capplan
