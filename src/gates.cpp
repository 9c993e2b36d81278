// Gates of allocate and diff (see capplan/gates.hpp): each checked gate as a value, with a
// message in the table's number style.
#include "capplan/gates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "capplan/plan.hpp"
#include "capplan/plan_diff.hpp"
#include "capplan/render.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

// USD as in the table without the sign: "244.34B".
std::string usd_amount(double usd) {
  std::string s = format_usd(usd);
  std::erase(s, '$');
  return s;
}

// Tokens/s: whole numbers with separators, small values to 3 significant digits.
std::string tokens_amount(double tokens_per_s) {
  if (std::fabs(tokens_per_s) >= 100) return format_grouped(tokens_per_s, 0);
  return fmt::format("{:.3g}", tokens_per_s);
}

// A limit as the user wrote it: shortest form ("2", "0.5").
std::string threshold(double v) { return fmt::format("{}", v); }

double total_unmet(const PeriodPlan& pp) {
  double unmet = 0;
  for (const auto& [slice, u] : pp.unmet_tokens_per_s) unmet += u;
  return unmet;
}

GateResult result(std::string name, std::string unit, double limit, double value) {
  GateResult g;
  g.name = std::move(name);
  g.unit = std::move(unit);
  g.limit = limit;
  g.value = value;
  g.passed = !(value > limit);
  return g;
}

}  // namespace

std::vector<GateResult> check_plan_gates(const Plan& plan, const PlanGates& gates) {
  std::vector<GateResult> results;
  if (gates.max_unmet_tokens_per_s) {
    const double limit = *gates.max_unmet_tokens_per_s;
    const PeriodPlan* worst = nullptr;
    int above = 0;
    for (const PeriodPlan& pp : plan.periods) {
      const double unmet = total_unmet(pp);
      if (unmet > limit) ++above;
      if (worst == nullptr || unmet > total_unmet(*worst)) worst = &pp;
    }
    GateResult g = result("--fail-on-unmet", "tokens_per_s", limit,
                          worst == nullptr ? 0.0 : total_unmet(*worst));
    if (!g.passed)
      g.message = fmt::format(
          "gate --fail-on-unmet: {} tokens/s unmet in {} ({} of {} period{} above the limit), "
          "above {} tokens/s",
          tokens_amount(g.value), worst->period, above, plan.periods.size(),
          plan.periods.size() == 1 ? "" : "s", tokens_amount(limit));
    results.push_back(std::move(g));
  }
  if (gates.max_cost_usd) {
    GateResult g = result("--max-cost", "usd", *gates.max_cost_usd, plan.objective_usd);
    if (!g.passed)
      g.message = fmt::format("gate --max-cost: objective {}, above {}", format_usd(g.value),
                              format_usd(g.limit));
    results.push_back(std::move(g));
  }
  return results;
}

std::vector<GateResult> check_diff_gates(const PlanDiff& diff, const DiffGates& gates) {
  std::vector<GateResult> results;
  if (gates.max_cost_increase_pct) {
    const double limit = *gates.max_cost_increase_pct;
    const double base = diff.common_cost_usd.base.value_or(0);
    const double next = diff.common_cost_usd.next.value_or(0);
    const std::size_t common = diff.common_periods.size();
    const std::string amounts = fmt::format("{} → {} USD over {} common period{}", usd_amount(base),
                                            usd_amount(next), common, common == 1 ? "" : "s");
    if (diff.common_periods.empty()) {
      // Nothing to compare: a plan cannot pass by covering none of the baseline's periods.
      GateResult g = result("--max-cost-increase", "percent", limit, 0.0);
      g.passed = false;
      g.message = fmt::format(
          "gate --max-cost-increase: the plans have no period in common, so their cost cannot "
          "be compared (limit {}%)",
          threshold(limit));
      results.push_back(std::move(g));
    } else if (base != 0) {
      GateResult g =
          result("--max-cost-increase", "percent", limit, (next - base) / std::fabs(base) * 100.0);
      if (!g.passed)
        g.message = fmt::format("gate --max-cost-increase: cost rose {:.2f}% ({}), above {}%",
                                g.value, amounts, threshold(limit));
      results.push_back(std::move(g));
    } else {
      GateResult g = result("--max-cost-increase", "percent", limit, 0.0);
      g.passed = !(next > 0);
      if (!g.passed) {
        g.value = INFINITY;
        g.message = fmt::format("gate --max-cost-increase: cost rose from nothing ({}), above {}%",
                                amounts, threshold(limit));
      }
      results.push_back(std::move(g));
    }
  }
  if (gates.max_unmet_tokens_per_s) {
    GateResult g =
        result("--max-unmet", "tokens_per_s", *gates.max_unmet_tokens_per_s, diff.max_unmet.value);
    if (!g.passed)
      g.message = fmt::format("gate --max-unmet: {} tokens/s unmet in {} of {}, above {} tokens/s",
                              tokens_amount(g.value), diff.max_unmet.period, diff.next.file,
                              tokens_amount(g.limit));
    results.push_back(std::move(g));
  }
  if (gates.max_share_drift_pp) {
    const PeriodExtreme& d = diff.max_share_drift;
    GateResult g = result("--max-share-drift", "pp", *gates.max_share_drift_pp, d.value);
    if (!g.passed)
      g.message = fmt::format(
          "gate --max-share-drift: {} share moved {:.2f} pp in {} ({:.2f}% → {:.2f}%), above {} pp",
          d.provider, d.value, d.period, d.base, d.next, threshold(g.limit));
    results.push_back(std::move(g));
  }
  if (gates.max_power_increase_mw) {
    const PeriodExtreme& p = diff.max_power_increase;
    // No common period: nothing rose.
    GateResult g = result("--max-power-increase", "mw", *gates.max_power_increase_mw,
                          p.period.empty() ? 0.0 : p.value);
    if (!g.passed)
      g.message =
          fmt::format("gate --max-power-increase: power rose {} MW in {} ({} → {} MW), above {} MW",
                      format_grouped(p.value, 1), p.period, format_grouped(p.base, 1),
                      format_grouped(p.next, 1), threshold(g.limit));
    results.push_back(std::move(g));
  }
  return results;
}

std::vector<std::string> failure_messages(const std::vector<GateResult>& results) {
  std::vector<std::string> messages;
  for (const GateResult& g : results)
    if (!g.passed) messages.push_back(g.message);
  return messages;
}

}  // namespace capplan
