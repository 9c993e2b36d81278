// The figures a plan reports — tokens demanded, served and unmet, cost, average chips and MW —
// per period, per calendar year and over the horizon, computed in one place from a Plan alone
// (so a plan read back from JSON gives the same figures as the one written). Every command and
// renderer (allocate's table, markdown and JSON, compare, diff, sweep) takes its totals from
// here, so one plan shows one number for each. Definitions are in docs/MODEL.md ("Figures of a
// plan").
//
// Units: tokens (over a period or year) and tokens_per_s (the period's mean), usd, chips, MW.
// Unmet tokens are real tokens not served, not the peak-sized capacity short.
// Invariant: Σ_years cost_usd = usage + stranded + penalty + onboarding + shortfall over the
// horizon = the objective.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "capplan/plan.hpp"

namespace capplan {

struct PeriodFigures {
  std::string period;
  int year = 0;    // calendar year of the period's first month
  int months = 0;  // months in the period
  double hours = 0;
  double demand_tokens = 0, served_tokens = 0, unmet_tokens = 0;  // over the period
  double unmet_tokens_per_s = 0;                                   // the period's mean
  double usage_usd = 0;    // chips × list price × hours, including usage under commitments
  double penalty_usd = 0;  // unmet penalty
  double onboarding_usd = 0, shortfall_usd = 0;
  double chips = 0, power_mw = 0;
  double chips_added = 0;  // over the previous period's fleet
};

struct ProviderYearFigures {
  double share_fraction = 0;  // of served capacity (token-hours) over the year, 0..1
  double chips_avg = 0;  // hours-weighted mean over the year's periods
  std::map<std::string, double> chips_by_accelerator_avg;
  std::map<std::string, double> chips_added_by_accelerator;  // Σ over the year's periods
  double power_mw_avg = 0;
  double committed_mw_avg = 0;  // signed commitments' power limit, hours-weighted
  double usage_usd = 0;         // chips × price × hours
  double min_spend_usd = 0;     // take-or-pay minimum
  double stranded_usd = 0;      // paid above usage
  double chips_added = 0;       // Σ over the year's periods
};

struct YearFigures {
  int year = 0;
  int months = 0;  // of the year inside the horizon
  double hours = 0;
  double usage_usd = 0;     // Σ periods' usage at list price
  double stranded_usd = 0;  // take-or-pay paid above usage
  double penalty_usd = 0;   // unmet penalty
  double onboarding_usd = 0;  // onboarding_hours × price × chips added
  double shortfall_usd = 0;   // priced survive shortfalls
  double deal_usd = 0;        // deals' reservations and signing costs
  double chips_added = 0;     // Σ over the year's periods
  // usage + stranded + penalty + onboarding + shortfall + deals: the year's part of the objective
  double cost_usd = 0;
  double demand_tokens = 0, served_tokens = 0, unmet_tokens = 0;
  double unmet_tokens_per_s = 0;  // the year's mean: unmet_tokens / (hours × 3600)
  double usd_per_mtok = 0;        // (usage + stranded) per 1M tokens served; 0 when none served
  double chips_avg = 0, power_mw_avg = 0;  // hours-weighted means over the year's periods
  std::map<std::string, ProviderYearFigures> providers;  // every provider the plan lists
};

struct PlanFigures {
  std::vector<PeriodFigures> periods;
  std::vector<YearFigures> years;  // ascending
  // The horizon.
  double usage_usd = 0, stranded_usd = 0, penalty_usd = 0, onboarding_usd = 0, shortfall_usd = 0,
         deal_usd = 0, cost_usd = 0;
  double demand_tokens = 0, served_tokens = 0, unmet_tokens = 0;
  std::map<std::string, double> provider_share_fraction;  // of served capacity over the horizon
  std::map<std::string, double> offering_chips_avg;  // hours-weighted mean over all periods
};

PlanFigures plan_figures(const Plan& plan);

}  // namespace capplan
