// plan_figures: the one place a plan's totals are computed (docs/MODEL.md, "Figures of a plan").
#include "capplan/plan_figures.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "numeric.hpp"

namespace capplan {

namespace {

constexpr double kHoursPerMonth = 24.0 * 365.25 / 12.0;

constexpr double (&clean)(double) = snap_to_zero;

PeriodFigures period_figures(const PeriodPlan& pp) {
  PeriodFigures f;
  f.period = pp.period;
  f.year = std::stoi(pp.period.substr(0, 4));
  f.months = std::max(1, static_cast<int>(std::lround(pp.hours / kHoursPerMonth)));
  f.hours = pp.hours;
  f.demand_tokens = pp.demand_tokens;
  double unmet_tokens_per_s = 0;
  for (const auto& [slice, u] : pp.unmet_tokens_per_s) unmet_tokens_per_s += u;
  f.unmet_tokens_per_s = unmet_tokens_per_s;
  f.unmet_tokens = unmet_tokens_per_s * pp.hours * 3600.0;
  f.served_tokens = std::max(0.0, f.demand_tokens - f.unmet_tokens);
  f.usage_usd = pp.cost_usd;
  f.penalty_usd = pp.penalty_usd;
  f.onboarding_usd = pp.onboarding_usd;
  f.shortfall_usd = pp.shortfall_usd;
  for (const auto& [id, pv] : pp.providers) f.chips += pv.chips;
  for (const FleetRow& fr : pp.fleet) f.chips_added += fr.chips_added;
  f.power_mw = pp.power_mw;
  return f;
}

}  // namespace

PlanFigures plan_figures(const Plan& plan) {
  PlanFigures out;
  std::map<int, YearFigures> years;
  std::map<int, std::map<std::string, double>> capacity;  // year -> provider -> token-hours
  std::map<int, double> capacity_total;
  std::map<std::string, double> horizon_capacity;
  double horizon_capacity_total = 0, horizon_hours = 0;
  for (const PeriodPlan& pp : plan.periods) {
    const PeriodFigures pf = period_figures(pp);
    YearFigures& y = years[pf.year];
    y.year = pf.year;
    y.months += pf.months;
    y.hours += pf.hours;
    y.usage_usd += pf.usage_usd;
    y.penalty_usd += pf.penalty_usd;
    y.onboarding_usd += pf.onboarding_usd;
    y.shortfall_usd += pf.shortfall_usd;
    y.chips_added += pf.chips_added;
    y.demand_tokens += pf.demand_tokens;
    y.unmet_tokens += pf.unmet_tokens;
    y.served_tokens += pf.served_tokens;
    y.chips_avg += pf.chips * pf.hours;
    y.power_mw_avg += pf.power_mw * pf.hours;
    double served_tokens_per_s = 0;
    for (const auto& [id, pv] : pp.providers) served_tokens_per_s += pv.tokens_per_s;
    capacity_total[pf.year] += served_tokens_per_s * pp.hours;
    horizon_capacity_total += served_tokens_per_s * pp.hours;
    horizon_hours += pp.hours;
    for (const auto& [id, pv] : pp.providers) {
      ProviderYearFigures& yp = y.providers[id];
      capacity[pf.year][id] += pv.tokens_per_s * pp.hours;
      horizon_capacity[id] += pv.tokens_per_s * pp.hours;
      yp.chips_avg += pv.chips * pp.hours;
      yp.power_mw_avg += pv.power_mw * pp.hours;
      yp.usage_usd += pv.cost_usd;
    }
    for (const FleetRow& f : pp.fleet) {
      y.providers[f.provider].chips_by_accelerator_avg[f.accelerator] += f.chips * pp.hours;
      y.providers[f.provider].chips_added += f.chips_added;
      y.providers[f.provider].chips_added_by_accelerator[f.accelerator] += f.chips_added;
      out.offering_chips_avg[f.offering] += f.chips * pp.hours;
    }
    out.periods.push_back(pf);
  }
  for (const CommitmentYear& c : plan.commitments) {
    auto it = years.find(c.year);
    if (it == years.end()) continue;
    ProviderYearFigures& yp = it->second.providers[c.provider];
    yp.min_spend_usd += c.min_spend_usd;
    yp.stranded_usd += c.stranded_usd;
    it->second.stranded_usd += c.stranded_usd;
  }
  for (const OptionResult& o : plan.options)
    for (const OptionYear& oy : o.years) {
      auto it = years.find(oy.year);
      if (it != years.end()) it->second.deal_usd += oy.reservation_usd + oy.signing_usd;
    }
  for (const CommitmentPower& c : plan.commitment_power) {
    auto it = years.find(c.year);
    if (it != years.end()) it->second.providers[c.provider].committed_mw_avg += c.limit_mw_avg;
  }
  for (auto& [year, y] : years) {
    const double hours = y.hours > 0 ? y.hours : 1.0;
    y.chips_avg = clean(y.chips_avg / hours);
    y.power_mw_avg = clean(y.power_mw_avg / hours);
    for (auto& [id, yp] : y.providers) {
      yp.share_fraction =
          capacity_total[year] > 0 ? clean(capacity[year][id] / capacity_total[year]) : 0.0;
      yp.chips_avg = clean(yp.chips_avg / hours);
      yp.power_mw_avg = clean(yp.power_mw_avg / hours);
      for (auto& [acc, chips] : yp.chips_by_accelerator_avg) chips = clean(chips / hours);
    }
    y.cost_usd = y.usage_usd + y.stranded_usd + y.penalty_usd + y.onboarding_usd +
                 y.shortfall_usd + y.deal_usd;
    y.unmet_tokens_per_s = y.hours > 0 ? y.unmet_tokens / (y.hours * 3600.0) : 0.0;
    y.usd_per_mtok =
        y.served_tokens > 0 ? (y.usage_usd + y.stranded_usd + y.deal_usd) / (y.served_tokens / 1e6)
                          : 0.0;
    out.usage_usd += y.usage_usd;
    out.stranded_usd += y.stranded_usd;
    out.penalty_usd += y.penalty_usd;
    out.onboarding_usd += y.onboarding_usd;
    out.shortfall_usd += y.shortfall_usd;
    out.deal_usd += y.deal_usd;
    out.cost_usd += y.cost_usd;
    out.demand_tokens += y.demand_tokens;
    out.served_tokens += y.served_tokens;
    out.unmet_tokens += y.unmet_tokens;
    out.years.push_back(y);
  }
  for (const auto& [id, tokens] : horizon_capacity)
    out.provider_share_fraction[id] =
        horizon_capacity_total > 0 ? clean(tokens / horizon_capacity_total) : 0.0;
  for (auto& [id, chips] : out.offering_chips_avg)
    chips = horizon_hours > 0 ? clean(chips / horizon_hours) : 0.0;
  return out;
}

}  // namespace capplan
