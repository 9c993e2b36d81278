// Shared words and figures of the report renderers (report_text.hpp).
#include "report_text.hpp"

#include <fmt/format.h>

#include <cmath>

#include "capplan/render.hpp"

namespace capplan::report_text {

double cost_per_year_usd(const PlanFigures& figures) {
  int months = 0;
  for (const PeriodFigures& p : figures.periods) months += p.months;
  return months > 0 ? figures.cost_usd * 12.0 / months : 0.0;
}

std::string percent_change(double now, double before) {
  if (before == 0) return now == 0 ? "0%" : "new";
  const double pct = (now - before) / std::fabs(before) * 100.0;
  const std::string s = fmt::format("{:+.1f}%", pct);
  return s == "+0.0%" || s == "-0.0%" ? "0.0%" : s;
}

std::string usd_change(double now_usd, double before_usd) {
  const double d = now_usd - before_usd;
  const std::string amount = format_usd(std::fabs(d));
  if (amount == format_usd(0.0)) return "0";
  return fmt::format("{}{} ({})", d < 0 ? "-" : "+", amount, percent_change(now_usd, before_usd));
}

std::string tokens(double t) { return fmt::format("{:.1f} Ttok", std::fabs(t) < 5e10 ? 0.0 : t / 1e12); }

std::string tokens_change(double now, double before) {
  const double d = now - before;
  if (std::fabs(d) < 5e10) return "0";
  return fmt::format("{:+.1f} Ttok", d / 1e12);
}

std::string status_words(const Plan& plan) {
  if (plan.status != "optimal")
    return plan.status + (plan.message.empty() ? "" : ": " + plan.message);
  return plan.verification.ok ? "optimal, verified" : "optimal, NOT verified";
}

std::set<std::string> providers(const Report& report) {
  std::set<std::string> out;
  for (const ReportScenario& s : report.scenarios)
    for (const YearFigures& y : s.figures.years)
      for (const auto& [id, p] : y.providers) out.insert(id);
  return out;
}

std::string horizon_words(const Report& report) {
  std::string first, last;
  std::size_t most = 0;
  for (const ReportScenario& s : report.scenarios) {
    if (s.plan.periods.empty()) continue;
    if (first.empty() || s.plan.periods.front().period < first) first = s.plan.periods.front().period;
    if (last.empty() || s.plan.periods.back().period > last) last = s.plan.periods.back().period;
    most = std::max(most, s.plan.periods.size());
  }
  if (first.empty()) return "no periods";
  return fmt::format("{}..{} ({} periods)", first, last, most);
}

std::string gates_words(const Report& report) {
  if (report.baseline.empty()) return "no gates (no --compare-to baseline)";
  const std::size_t checked = report.gates_checked(), failed = report.gates_failed();
  if (checked == 0) return "no gates checked against " + report.baseline;
  if (failed == 0)
    return fmt::format("all {} gate{} passed against {}", checked, checked == 1 ? "" : "s",
                       report.baseline);
  return fmt::format("{} of {} gate{} failed against {}", failed, checked, checked == 1 ? "" : "s",
                     report.baseline);
}

std::string headline(const Report& report) {
  const ReportScenario* cheapest = nullptr;
  const ReportScenario* costliest = nullptr;
  double low = 0, high = 0;
  const ReportScenario* most_unmet = nullptr;
  for (const ReportScenario& s : report.scenarios) {
    if (s.plan.status != "optimal") continue;
    if (most_unmet == nullptr || s.figures.unmet_tokens > most_unmet->figures.unmet_tokens)
      most_unmet = &s;
    if (!s.reference) continue;
    const double d = cost_per_year_usd(s.figures) - cost_per_year_usd(*s.reference);
    if (cheapest == nullptr || d < low) {
      cheapest = &s;
      low = d;
    }
    if (costliest == nullptr || d > high) {
      costliest = &s;
      high = d;
    }
  }
  std::string out;
  const auto words = [](const ReportScenario& s) {
    return fmt::format("{} at {} / year, {} against {}", s.plan.scenario,
                       format_usd(cost_per_year_usd(s.figures)),
                       usd_change(cost_per_year_usd(s.figures), cost_per_year_usd(*s.reference)),
                       s.reference_name);
  };
  if (cheapest != nullptr && low < 0) out += "Cheapest: " + words(*cheapest) + ". ";
  if (costliest != nullptr && high > 0) out += "Costliest: " + words(*costliest) + ". ";
  if (cheapest != nullptr && low >= 0 && high <= 0) out += "No scenario changes the cost per year. ";
  if (most_unmet != nullptr) {
    if (most_unmet->figures.unmet_tokens < 5e10)
      out += "All demand is served in every scenario.";
    else
      out += fmt::format("Most unmet demand: {} ({}).", most_unmet->plan.scenario,
                         tokens(most_unmet->figures.unmet_tokens));
  }
  return out;
}

std::string delta_header(const Report& report) {
  if (!report.baseline.empty()) return "Δ vs baseline";
  return report.scenarios.empty() ? "Δ" : "Δ vs " + report.scenarios.front().plan.scenario;
}

}  // namespace capplan::report_text
