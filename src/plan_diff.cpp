// Deltas between two plans (see capplan/plan_diff.hpp) and their gates; render_plan_diff.cpp
// renders them.
#include "capplan/plan_diff.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "capplan/plan_figures.hpp"

namespace capplan {

namespace {

const char* const kInputKinds[] = {"catalog", "demand", "policy"};

// Offerings whose average chips moved by less than this are not shifts (solver round-off).
constexpr double kShiftEpsilonChips = 1e-6;

PlanSide side_of(const Plan& plan, const std::string& file) {
  PlanSide s;
  s.file = file;
  s.scenario = plan.scenario;
  s.status = plan.status;
  s.verified = plan.verification.ok;
  s.periods = plan.periods.size();
  if (!plan.periods.empty()) {
    s.first_period = plan.periods.front().period;
    s.last_period = plan.periods.back().period;
  }
  return s;
}

InputChange input_change(const Plan& base, const Plan& next, const std::string& kind) {
  const auto b = base.input_hashes.find(kind);
  const auto n = next.input_hashes.find(kind);
  if (b == base.input_hashes.end() || n == next.input_hashes.end()) return InputChange::kUnknown;
  return b->second == n->second ? InputChange::kSame : InputChange::kChanged;
}

// The plan with only the given periods, and only the commitment years those periods meet.
Plan restricted(const Plan& plan, const std::set<std::string>& periods) {
  Plan out = plan;
  out.periods.clear();
  std::set<int> years;
  for (const PeriodPlan& pp : plan.periods) {
    if (periods.count(pp.period) == 0) continue;
    out.periods.push_back(pp);
    years.insert(std::stoi(pp.period.substr(0, 4)));
  }
  std::erase_if(out.commitments, [&](const CommitmentYear& c) { return years.count(c.year) == 0; });
  std::erase_if(out.commitment_power,
                [&](const CommitmentPower& c) { return years.count(c.year) == 0; });
  return out;
}

std::vector<YearDiff> year_diffs(const Plan& base, const Plan& next) {
  std::map<int, YearDiff> years;
  for (const YearFigures& y : plan_figures(base).years) {
    YearDiff& d = years[y.year];
    d.year = y.year;
    d.months = y.months;
    d.cost_usd.base = y.cost_usd;
    d.usd_per_mtok.base = y.usd_per_mtok;
    d.unmet_tokens.base = y.unmet_tokens;
    for (const auto& [id, p] : y.providers) {
      ProviderYearDiff& pd = d.providers[id];
      pd.share_pct.base = p.share_fraction * 100.0;
      pd.power_mw_avg.base = p.power_mw_avg;
      pd.chips_avg.base = p.chips_avg;
    }
  }
  for (const YearFigures& y : plan_figures(next).years) {
    YearDiff& d = years[y.year];
    d.year = y.year;
    d.months = y.months;
    d.cost_usd.next = y.cost_usd;
    d.usd_per_mtok.next = y.usd_per_mtok;
    d.unmet_tokens.next = y.unmet_tokens;
    for (const auto& [id, p] : y.providers) {
      ProviderYearDiff& pd = d.providers[id];
      pd.share_pct.next = p.share_fraction * 100.0;
      pd.power_mw_avg.next = p.power_mw_avg;
      pd.chips_avg.next = p.chips_avg;
    }
  }
  std::vector<YearDiff> out;
  for (auto& [year, d] : years) out.push_back(std::move(d));
  return out;
}

std::vector<CommitmentDiff> commitment_diffs(const Plan& base, const Plan& next) {
  std::map<std::tuple<std::string, std::string, int>, CommitmentDiff> rows;
  auto row = [&rows](const std::string& kind, const std::string& id, const std::string& provider,
                     int year) -> CommitmentDiff& {
    CommitmentDiff& d = rows[{kind, id, year}];
    d.kind = kind;
    d.id = id;
    d.provider = provider;
    d.year = year;
    return d;
  };
  for (const CommitmentYear& c : base.commitments)
    row("min_spend", c.id, c.provider, c.year).stranded.base = c.stranded_usd;
  for (const CommitmentYear& c : next.commitments)
    row("min_spend", c.id, c.provider, c.year).stranded.next = c.stranded_usd;
  for (const CommitmentPower& c : base.commitment_power)
    row("power", c.id, c.provider, c.year).stranded.base = c.stranded_mw_avg;
  for (const CommitmentPower& c : next.commitment_power)
    row("power", c.id, c.provider, c.year).stranded.next = c.stranded_mw_avg;
  std::vector<CommitmentDiff> out;
  for (auto& [key, d] : rows) out.push_back(std::move(d));
  return out;
}

// Offerings' average chips over the common periods (hours-weighted, plan_figures); an offering
// a plan does not allocate averages 0 chips in it.
std::vector<OfferingShift> offering_shifts(const Plan& base, const Plan& next, std::size_t common) {
  if (common == 0) return {};
  std::map<std::string, OfferingShift> rows;
  auto add = [&rows](const Plan& plan, bool is_base) {
    for (const PeriodPlan& pp : plan.periods) {
      for (const AllocationRow& a : pp.allocations) {
        OfferingShift& s = rows[a.offering];
        s.offering = a.offering;
        if (s.provider.empty()) s.provider = a.provider;
        if (s.accelerator.empty()) s.accelerator = a.accelerator;
      }
    }
    for (const auto& [offering, chips] : plan_figures(plan).offering_chips_avg)
      (is_base ? rows[offering].chips_avg.base : rows[offering].chips_avg.next) = chips;
  };
  add(base, true);
  add(next, false);
  std::vector<OfferingShift> out;
  for (auto& [id, s] : rows) {
    if (!s.chips_avg.base) s.chips_avg.base = 0.0;
    if (!s.chips_avg.next) s.chips_avg.next = 0.0;
    if (std::fabs(s.chips_avg.delta()) >= kShiftEpsilonChips) out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const OfferingShift& a, const OfferingShift& b) {
    return std::fabs(a.chips_avg.delta()) > std::fabs(b.chips_avg.delta());
  });
  return out;
}

// Cost of a plan over the periods kept in `common` (the plan restricted to them): usage and
// take-or-pay by year plus the unmet penalty of those periods, as plan_figures counts them.
double common_cost_usd(const Plan& common) { return plan_figures(common).cost_usd; }

}  // namespace

PlanDiff diff_plans(const Plan& base, const std::string& base_name, const Plan& next,
                    const std::string& next_name) {
  PlanDiff diff;
  diff.base = side_of(base, base_name);
  diff.next = side_of(next, next_name);
  for (const char* kind : kInputKinds) diff.inputs[kind] = input_change(base, next, kind);

  std::set<std::string> base_periods, next_periods, common;
  for (const PeriodPlan& pp : base.periods) base_periods.insert(pp.period);
  for (const PeriodPlan& pp : next.periods) next_periods.insert(pp.period);
  for (const std::string& p : base_periods) {
    if (next_periods.count(p))
      common.insert(p);
    else
      diff.only_in_base.push_back(p);
  }
  for (const std::string& p : next_periods)
    if (!base_periods.count(p)) diff.only_in_next.push_back(p);
  diff.common_periods.assign(common.begin(), common.end());

  diff.objective_usd.base = base.objective_usd;
  diff.objective_usd.next = next.objective_usd;
  if (base.objective_usd != 0)
    diff.objective_change_pct =
        (next.objective_usd - base.objective_usd) / std::fabs(base.objective_usd) * 100.0;

  const Plan base_common = restricted(base, common);
  const Plan next_common = restricted(next, common);
  diff.years = year_diffs(base_common, next_common);
  diff.common_cost_usd.base = common_cost_usd(base_common);
  diff.common_cost_usd.next = common_cost_usd(next_common);
  diff.commitments = commitment_diffs(base_common, next_common);
  diff.shifts = offering_shifts(base_common, next_common, common.size());

  for (const PeriodFigures& pf : plan_figures(next).periods) {
    const double unmet = pf.unmet_tokens_per_s;
    if (unmet > diff.max_unmet.value) {
      diff.max_unmet.period = pf.period;
      diff.max_unmet.value = diff.max_unmet.next = unmet;
    }
  }
  for (std::size_t i = 0; i < base_common.periods.size(); ++i) {
    const PeriodPlan& b = base_common.periods[i];
    const PeriodPlan& n = next_common.periods[i];
    std::set<std::string> providers;
    for (const auto& [id, p] : b.providers) providers.insert(id);
    for (const auto& [id, p] : n.providers) providers.insert(id);
    for (const std::string& id : providers) {
      const auto bi = b.providers.find(id);
      const auto ni = n.providers.find(id);
      const double bs = bi == b.providers.end() ? 0.0 : bi->second.share_fraction * 100.0;
      const double ns = ni == n.providers.end() ? 0.0 : ni->second.share_fraction * 100.0;
      if (std::fabs(ns - bs) > diff.max_share_drift.value)
        diff.max_share_drift = {b.period, id, bs, ns, std::fabs(ns - bs)};
    }
    const double rise = n.power_mw - b.power_mw;
    if (diff.max_power_increase.period.empty() || rise > diff.max_power_increase.value)
      diff.max_power_increase = {b.period, "", b.power_mw, n.power_mw, rise};
  }
  return diff;
}

std::vector<std::string> failed_gates(const PlanDiff& diff, const DiffGates& gates) {
  return failure_messages(check_diff_gates(diff, gates));
}

}  // namespace capplan
