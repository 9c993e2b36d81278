#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <string_view>

#include "capplan/render.hpp"
#include "capplan/text_table.hpp"

namespace capplan {

std::optional<Format> parse_format(const std::string& name) {
  if (name == "table") return Format::kTable;
  if (name == "json") return Format::kJson;
  if (name == "csv") return Format::kCsv;
  if (name == "markdown" || name == "md") return Format::kMarkdown;
  return std::nullopt;
}

std::string format_usd(double usd) {
  const double a = std::fabs(usd);
  const char* sign = usd < 0 ? "-" : "";
  if (a >= 1e9) return fmt::format("{}${:.2f}B", sign, a / 1e9);
  if (a >= 1e6) return fmt::format("{}${:.1f}M", sign, a / 1e6);
  if (a >= 1e3) return fmt::format("{}${:.1f}k", sign, a / 1e3);
  return fmt::format("{}${:.2f}", sign, a);
}

std::string format_count(double n) {
  const long long v = std::llround(n);
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

std::string format_percent(double fraction) {
  const double pct = std::round(fraction * 1000.0) / 10.0;
  return fmt::format("{:.1f}%", pct == 0.0 ? 0.0 : pct);
}

std::vector<YearSummary> summarize_years(const Plan& plan) {
  std::map<int, YearSummary> years;
  std::map<int, std::map<std::string, double>> tokens;  // year -> provider -> token·hours
  std::map<int, double> served;
  for (const PeriodPlan& pp : plan.periods) {
    const int y = std::stoi(pp.period.substr(0, 4));
    YearSummary& ys = years[y];
    ys.year = y;
    const int months = std::max(1, static_cast<int>(std::lround(pp.hours / (24.0 * 30.4375))));
    ys.months += months;
    ys.cost_usd += pp.cost_usd;
    ys.demand_tokens += pp.demand_tokens;
    double unmet = 0;
    for (const auto& [s, u] : pp.unmet) unmet += u;
    // Unmet tokens/s are peak capacity; scale to average tokens by the period's need/demand ratio.
    if (pp.need_tokens_per_s > 0)
      ys.unmet_tokens += pp.demand_tokens * unmet / pp.need_tokens_per_s;
    served[y] += pp.served_tokens_per_s * pp.hours;
    for (const auto& [id, pv] : pp.providers) {
      YearProvider& yp = ys.providers[id];
      tokens[y][id] += pv.tokens_per_s * pp.hours;
      yp.chips_avg += pv.chips * months;
      yp.power_mw_avg += pv.power_mw * months;
      yp.usage_usd += pv.cost_usd;
    }
    for (const AllocationRow& a : pp.allocations)
      ys.providers[a.provider].chips_by_accelerator_avg[a.accelerator] += a.chips * months;
  }
  for (const CommitmentYear& c : plan.commitments) {
    auto it = years.find(c.year);
    if (it == years.end()) continue;
    YearProvider& yp = it->second.providers[c.provider];
    yp.min_spend_usd += c.min_spend_usd;
    yp.stranded_usd += c.stranded_usd;
    it->second.cost_usd += c.stranded_usd;
  }
  for (const CommitmentPower& c : plan.commitment_power) {
    auto it = years.find(c.year);
    if (it != years.end()) it->second.providers[c.provider].committed_mw_avg += c.limit_mw_avg;
  }
  std::vector<YearSummary> out;
  for (auto& [y, ys] : years) {
    for (auto& [id, yp] : ys.providers) {
      yp.share = served[y] > 0 ? tokens[y][id] / served[y] : 0.0;
      yp.chips_avg /= ys.months;
      yp.power_mw_avg /= ys.months;
      for (auto& [a, c] : yp.chips_by_accelerator_avg) c /= ys.months;
    }
    const double served_tokens = ys.demand_tokens - ys.unmet_tokens;
    ys.usd_per_mtok = served_tokens > 0 ? ys.cost_usd / (served_tokens / 1e6) : 0.0;
    out.push_back(std::move(ys));
  }
  return out;
}

namespace {

// A table from its headers; a header starting with '>' is right-aligned (numbers).
TextTable table_of(std::initializer_list<std::string_view> headers) {
  TextTable t;
  for (std::string_view h : headers) {
    const bool right = !h.empty() && h[0] == '>';
    t.add_column(std::string(right ? h.substr(1) : h), right);
  }
  return t;
}

std::string chips_by_accelerator(const YearProvider& yp) {
  std::string s;
  for (const auto& [acc, chips] : yp.chips_by_accelerator_avg) {
    if (std::llround(chips) == 0) continue;
    s += (s.empty() ? "" : ", ") + acc + " " + format_count(chips);
  }
  return s.empty() ? "—" : s;
}

void render_csv(const Plan& plan, std::ostream& out) {
  out << "period,slice,offering,provider,region,accelerator,chips,tokens_per_s,power_mw,cost_usd\n";
  for (const PeriodPlan& pp : plan.periods)
    for (const AllocationRow& a : pp.allocations)
      out << fmt::format("{},{},{},{},{},{},{},{},{},{}\n", pp.period, csv_field(a.slice),
                         csv_field(a.offering), csv_field(a.provider), csv_field(a.region),
                         csv_field(a.accelerator), a.chips, a.tokens_per_s, a.power_mw, a.cost_usd);
}

void heading(std::ostream& out, bool md, const std::string& title) {
  if (md)
    out << "\n## " << title << "\n\n";
  else
    out << "\n" << title << "\n";
}

void emit(std::ostream& out, bool md, const TextTable& t) {
  out << (md ? render_markdown(t) : render_aligned(t));
}

void render_text(const Plan& plan, std::ostream& out, bool md) {
  const auto years = summarize_years(plan);
  const std::string first = plan.periods.empty() ? "" : plan.periods.front().period;
  const std::string last = plan.periods.empty() ? "" : plan.periods.back().period;
  if (md)
    out << "# capplan plan: " << plan.scenario << "\n\n";
  else
    out << "capplan plan: " << plan.scenario << "\n";
  out << fmt::format(
      "status {}{}; objective {} over {}..{} ({} periods)\n", plan.status,
      plan.status == "optimal" ? (plan.verification.ok ? ", verified" : ", NOT verified") : "",
      format_usd(plan.objective_usd), first, last, plan.periods.size());
  if (!plan.message.empty()) out << plan.message << "\n";
  for (const std::string& f : plan.verification.failures)
    out << "verification failed: " << f << "\n";
  if (plan.status != "optimal") return;
  if (md) out << "\n";
  out << fmt::format("model {} rows, {} columns, {} nonzeros in {} independent blocks\n",
                     format_count(plan.stats.rows), format_count(plan.stats.cols),
                     format_count(plan.stats.nonzeros), plan.stats.blocks);

  heading(out, md, "Per year");
  TextTable totals =
      table_of({"year", ">months", ">cost", ">$/Mtok", ">demand Ttok", ">unmet Ttok"});
  for (const YearSummary& y : years)
    totals.add_row({std::to_string(y.year), std::to_string(y.months), format_usd(y.cost_usd),
                    fmt::format("{:.3f}", y.usd_per_mtok), format_count(y.demand_tokens / 1e12),
                    fmt::format("{:.1f}", y.unmet_tokens / 1e12)});
  emit(out, md, totals);

  heading(out, md, "Per year and provider (averages over the year's months)");
  TextTable t = table_of({"year", "provider", ">share", ">chips", "by accelerator", ">MW used",
                          ">MW committed", ">spend", ">min spend", ">stranded"});
  for (const YearSummary& y : years)
    for (const auto& [id, yp] : y.providers)
      t.add_row({std::to_string(y.year), id, format_percent(yp.share), format_count(yp.chips_avg),
                 chips_by_accelerator(yp), format_count(yp.power_mw_avg),
                 yp.committed_mw_avg > 0 ? format_count(yp.committed_mw_avg) : "—",
                 format_usd(yp.usage_usd + yp.stranded_usd),
                 yp.min_spend_usd > 0 ? format_usd(yp.min_spend_usd) : "—",
                 yp.stranded_usd >= 0.5 ? format_usd(yp.stranded_usd) : "—"});
  emit(out, md, t);

  heading(out, md, "Unmet demand");
  if (plan.unmet_explanations.empty()) {
    out << "none: every slice is served in every period\n";
  } else {
    TextTable u = table_of({"period", "slice", ">tokens/s", ">short MW", "why"});
    for (const UnmetExplanation& e : plan.unmet_explanations)
      u.add_row(
          {e.period, e.slice, format_count(e.tokens_per_s), format_count(e.short_mw), e.reason});
    emit(out, md, u);
  }

  heading(out, md, "Stranded commitments (paid or secured, unused)");
  TextTable s = table_of({"commitment", "year", "kind", ">unused", ">of"});
  for (const CommitmentYear& c : plan.commitments)
    if (c.stranded_usd >= 0.5)
      s.add_row({c.id, std::to_string(c.year), "min spend", format_usd(c.stranded_usd),
                 format_usd(c.min_spend_usd)});
  for (const CommitmentPower& c : plan.commitment_power)
    if (c.stranded_mw_avg >= 0.5)
      s.add_row({c.id, std::to_string(c.year), "power (avg MW)", format_count(c.stranded_mw_avg),
                 format_count(c.limit_mw_avg)});
  if (s.rows.empty())
    out << "none\n";
  else
    emit(out, md, s);

  heading(out, md, "Binding limits (largest value of relaxing, top 15)");
  std::vector<BindingLimit> b = plan.binding;
  std::stable_sort(b.begin(), b.end(),
                   [](const auto& x, const auto& y) { return x.value > y.value; });
  if (b.size() > 15) b.resize(15);
  if (b.empty()) {
    out << "none\n";
  } else {
    TextTable bt = table_of({"limit", "id", "period", ">value of relaxing"});
    for (const BindingLimit& l : b) {
      const std::string unit = l.unit == "usd_per_mw_month"     ? "/MW-month"
                               : l.unit == "usd_per_chip_month" ? "/chip-month"
                                                                : "/pp";
      bt.add_row({l.kind, l.id, l.period, format_usd(l.value) + unit});
    }
    emit(out, md, bt);
    if (plan.binding.size() > b.size())
      out << fmt::format("({} binding limits in all; --format json lists every one)\n",
                         plan.binding.size());
  }
}

}  // namespace

void render_plan(const Plan& plan, Format format, std::ostream& out) {
  switch (format) {
    case Format::kJson:
      out << plan_to_json(plan);
      break;
    case Format::kCsv:
      render_csv(plan, out);
      break;
    case Format::kTable:
      render_text(plan, out, false);
      break;
    case Format::kMarkdown:
      render_text(plan, out, true);
      break;
  }
}

}  // namespace capplan
