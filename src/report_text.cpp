// Shared words and figures of the report renderers (report_text.hpp).
#include "report_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

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

std::string tokens(double t) {
  return fmt::format("{:.1f} Ttok", std::fabs(t) < 5e10 ? 0.0 : t / 1e12);
}

std::string tokens_change(double now, double before) {
  const double d = now - before;
  if (std::fabs(d) < 5e10) return "0";
  return fmt::format("{:+.1f} Ttok", d / 1e12);
}

std::string status_words(const Plan& plan) {
  if (plan.status != PlanStatus::kOptimal)
    return std::string(to_string(plan.status)) + (plan.message.empty() ? "" : ": " + plan.message);
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
    if (first.empty() || s.plan.periods.front().period < first)
      first = s.plan.periods.front().period;
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
  const ReportScenario* most_unmet = nullptr;
  const ReportScenario* rise = nullptr;  // largest relative change up
  const ReportScenario* fall = nullptr;  // largest relative change down
  double rise_pct = 0, fall_pct = 0;
  std::size_t compared = 0, up = 0, down = 0;
  for (const ReportScenario& s : report.scenarios) {
    if (s.plan.status != PlanStatus::kOptimal) continue;
    const double cost = cost_per_year_usd(s.figures);
    if (cheapest == nullptr || cost < cost_per_year_usd(cheapest->figures)) cheapest = &s;
    if (most_unmet == nullptr || s.figures.unmet_tokens > most_unmet->figures.unmet_tokens)
      most_unmet = &s;
    if (!s.reference) continue;
    const double before = cost_per_year_usd(*s.reference);
    ++compared;
    if (usd_change(cost, before) == "0") continue;
    const double pct = before != 0 ? (cost - before) / std::fabs(before) * 100.0 : 0.0;
    if (cost > before) {
      ++up;
      if (rise == nullptr || pct > rise_pct) {
        rise = &s;
        rise_pct = pct;
      }
    } else {
      ++down;
      if (fall == nullptr || pct < fall_pct) {
        fall = &s;
        fall_pct = pct;
      }
    }
  }
  std::string out;
  if (cheapest != nullptr && report.scenarios.size() > 1)
    out += fmt::format("Cheapest: {} at {} / year. ", cheapest->plan.scenario,
                       format_usd(cost_per_year_usd(cheapest->figures)));
  const std::string against =
      report.baseline.empty()
          ? (report.scenarios.empty() ? std::string() : report.scenarios.front().plan.scenario)
          : std::string("the baseline");
  const auto change = [](const ReportScenario& s) {
    return fmt::format(
        "{} ({})", percent_change(cost_per_year_usd(s.figures), cost_per_year_usd(*s.reference)),
        s.plan.scenario);
  };
  if (compared > 0 && up == 0 && down == 0) {
    out += "No scenario changes the cost per year against " + against + ". ";
  } else if (up == compared && up > 1) {
    const ReportScenario* least = nullptr;
    for (const ReportScenario& s : report.scenarios)
      if (s.reference && s.plan.status == PlanStatus::kOptimal &&
          (least == nullptr ||
           cost_per_year_usd(s.figures) / cost_per_year_usd(*s.reference) <
               cost_per_year_usd(least->figures) / cost_per_year_usd(*least->reference)))
        least = &s;
    out += fmt::format("Every scenario costs more than in {}: {} to {}. ", against, change(*least),
                       change(*rise));
  } else if (down == compared && down > 1) {
    const ReportScenario* least = nullptr;
    for (const ReportScenario& s : report.scenarios)
      if (s.reference && s.plan.status == PlanStatus::kOptimal &&
          (least == nullptr ||
           cost_per_year_usd(s.figures) / cost_per_year_usd(*s.reference) >
               cost_per_year_usd(least->figures) / cost_per_year_usd(*least->reference)))
        least = &s;
    out += fmt::format("Every scenario costs less than in {}: {} to {}. ", against, change(*least),
                       change(*fall));
  } else {
    if (rise != nullptr) out += "Largest rise against " + against + ": " + change(*rise) + ". ";
    if (fall != nullptr) out += "Largest fall against " + against + ": " + change(*fall) + ". ";
  }
  if (most_unmet != nullptr) {
    if (most_unmet->figures.unmet_tokens < 5e10)
      out += "All demand is served in every scenario.";
    else
      out += fmt::format("Most unmet demand: {} ({}).", most_unmet->plan.scenario,
                         tokens(most_unmet->figures.unmet_tokens));
  }
  return out;
}

std::string provider_mix(const PlanFigures& figures) {
  std::vector<std::pair<std::string, double>> shares(figures.provider_share_fraction.begin(),
                                                     figures.provider_share_fraction.end());
  std::stable_sort(shares.begin(), shares.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::string out;
  for (const auto& [provider, share] : shares)
    if (share >= 0.005)
      out += fmt::format("{}{} {:.0f}%", out.empty() ? "" : " · ", provider, share * 100.0);
  return out.empty() ? "—" : out;
}

std::vector<FleetLine> fleet_lines(const PlanFigures& figures) {
  std::set<std::pair<std::string, std::string>> keys;
  for (const YearFigures& y : figures.years)
    for (const auto& [provider, pv] : y.providers) {
      for (const auto& [acc, chips] : pv.chips_by_accelerator_avg)
        if (chips >= 0.5) keys.insert({provider, acc});
      for (const auto& [acc, added] : pv.chips_added_by_accelerator)
        if (added >= 0.5) keys.insert({provider, acc});
    }
  const auto find = [](const std::map<std::string, double>& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? 0.0 : it->second;
  };
  std::vector<FleetLine> out;
  for (const auto& [provider, acc] : keys) {
    FleetLine line{provider, acc, {}};
    for (const YearFigures& y : figures.years) {
      const auto pv = y.providers.find(provider);
      if (pv == y.providers.end())
        line.years.push_back({0.0, 0.0});
      else
        line.years.push_back({find(pv->second.chips_by_accelerator_avg, acc),
                              find(pv->second.chips_added_by_accelerator, acc)});
    }
    out.push_back(std::move(line));
  }
  return out;
}

std::vector<const OptionResult*> deals(const Plan& plan) {
  std::vector<const OptionResult*> out;
  for (const OptionResult& o : plan.options)
    if (o.is_option) out.push_back(&o);
  return out;
}

std::string deal_mw(const OptionResult& deal) {
  return format_count(deal.size_mw) + " of " + format_count(deal.size_max_mw);
}

std::string deal_sentence(const OptionResult& deal) {
  std::string out;
  if (deal.is_signed) {
    out = fmt::format("Sign {}: {} MW", deal.id, deal_mw(deal));
    if (deal.valued && !std::isfinite(deal.value_usd))
      out += ", no plan without it";
    else if (deal.valued)
      out += ", saves " + format_usd(deal.value_usd);
    if (deal.valued && deal.breakeven_price_factor)
      out += fmt::format(", pays up to {:.2f}x its prices", *deal.breakeven_price_factor);
    else if (deal.valued && std::isfinite(deal.value_usd))
      out += " at any price";
  } else {
    out = fmt::format("Do not sign {}: saves nothing at its prices", deal.id);
    if (deal.valued && deal.breakeven_price_factor && *deal.breakeven_price_factor > 0)
      out += fmt::format(", pays below {:.2f}x", *deal.breakeven_price_factor);
    else if (deal.valued)
      out += ", worth nothing even free";
  }
  if (deal.relaxed && deal.is_signed) out += " (relaxed: integer mode decides it in whole units)";
  return out;
}

const ReportScenario* deal_scenario(const Report& report) {
  for (const ReportScenario& s : report.scenarios)
    if (s.plan.status == PlanStatus::kOptimal && !deals(s.plan).empty()) return &s;
  return nullptr;
}

std::string survive_rule(const Plan& plan) {
  return fmt::format(
      "if any one provider is lost, the others' fleet must still carry {} of every slice's peak",
      format_percent(plan.survive_provider_loss));
}

bool below_rule(const Plan& plan, const SurviveLoss& loss) {
  return loss.servable_fraction < plan.survive_provider_loss * (1 - 1e-6);
}

std::string delta_header(const Report& report) {
  if (!report.baseline.empty()) return "Δ vs baseline";
  return report.scenarios.empty() ? "Δ" : "Δ vs " + report.scenarios.front().plan.scenario;
}

}  // namespace capplan::report_text
