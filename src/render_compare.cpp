// Rendering of a scenario comparison (compare.hpp): the same facts as a table, markdown, csv
// and json, each value beside its delta against the reference (the first plan).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "capplan/compare.hpp"
#include "capplan/plan_figures.hpp"
#include "numeric.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

using ojson = nlohmann::ordered_json;

// One comparable number per plan: a metric, optionally per year and provider.
struct Metric {
  std::string name, year, provider;
  std::string unit;            // usd | usd_per_mtok | tokens | share | mw | chips
  std::vector<double> values;  // one per plan
};

std::vector<Metric> collect_metrics(const std::vector<Plan>& plans) {
  const size_t n = plans.size();
  std::vector<PlanFigures> figures(n);
  std::vector<std::vector<YearFigures>> years(n);
  for (size_t i = 0; i < n; ++i) {
    figures[i] = plan_figures(plans[i]);
    years[i] = figures[i].years;
  }
  std::set<int> all_years;
  std::set<std::string> providers;
  for (const auto& ys : years)
    for (const YearFigures& y : ys) {
      all_years.insert(y.year);
      for (const auto& [p, v] : y.providers) providers.insert(p);
    }
  auto year_of = [&](size_t i, int year) -> const YearFigures* {
    for (const YearFigures& y : years[i])
      if (y.year == year) return &y;
    return nullptr;
  };
  std::vector<Metric> out;
  auto add = [&](std::string name, std::string year, std::string provider, std::string unit,
                 auto&& value_of) {
    Metric m{std::move(name), std::move(year), std::move(provider), std::move(unit), {}};
    for (size_t i = 0; i < n; ++i) m.values.push_back(value_of(i));
    out.push_back(std::move(m));
  };
  add("objective", "", "", "usd", [&](size_t i) { return plans[i].objective_usd; });
  add("unmet penalty", "", "", "usd", [&](size_t i) { return figures[i].penalty_usd; });
  add("stranded min spend", "", "", "usd", [&](size_t i) { return figures[i].stranded_usd; });
  for (int y : all_years) {
    const std::string ys = std::to_string(y);
    auto field = [&](auto getter) {
      return [&, getter](size_t i) {
        const YearFigures* s = year_of(i, y);
        return s ? getter(*s) : 0.0;
      };
    };
    add("cost", ys, "", "usd", field([](const YearFigures& s) { return s.cost_usd; }));
    add("$/Mtok", ys, "", "usd_per_mtok",
        field([](const YearFigures& s) { return s.usd_per_mtok; }));
    add("unmet", ys, "", "tokens", field([](const YearFigures& s) { return s.unmet_tokens; }));
    for (const std::string& p : providers) {
      auto prov = [&, p](auto getter) {
        return [&, p, getter](size_t i) {
          const YearFigures* s = year_of(i, y);
          if (s == nullptr) return 0.0;
          auto it = s->providers.find(p);
          return it == s->providers.end() ? 0.0 : getter(it->second);
        };
      };
      add("share", ys, p, "share",
          prov([](const ProviderYearFigures& v) { return v.share_fraction; }));
      add("MW used", ys, p, "mw",
          prov([](const ProviderYearFigures& v) { return v.power_mw_avg; }));
      add("stranded MW", ys, p, "mw", prov([](const ProviderYearFigures& v) {
            return std::max(0.0, v.committed_mw_avg - v.power_mw_avg);
          }));
    }
  }
  return out;
}

// Offerings whose average chips moved most against the reference, largest |delta| first.
std::vector<Metric> largest_shifts(const std::vector<Plan>& plans, size_t limit) {
  std::vector<std::map<std::string, double>> chips;
  std::set<std::string> offerings;
  for (const Plan& p : plans) {
    chips.push_back(plan_figures(p).offering_chips_avg);
    for (const auto& [o, c] : chips.back()) offerings.insert(o);
  }
  std::vector<Metric> out;
  for (const std::string& o : offerings) {
    Metric m{"chips", "", o, "chips", {}};
    for (const auto& c : chips) {
      auto it = c.find(o);
      m.values.push_back(it == c.end() ? 0.0 : it->second);
    }
    out.push_back(std::move(m));
  }
  auto shift = [](const Metric& m) {
    double s = 0;
    for (size_t i = 1; i < m.values.size(); ++i)
      s = std::max(s, std::fabs(m.values[i] - m.values[0]));
    return s;
  };
  std::stable_sort(out.begin(), out.end(),
                   [&](const Metric& a, const Metric& b) { return shift(a) > shift(b); });
  while (!out.empty() && std::llround(shift(out.back())) == 0) out.pop_back();
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::string show(double v, const std::string& unit) {
  if (unit == "usd") return format_usd(v);
  if (unit == "usd_per_mtok") return fmt::format("{:.3f}", v);
  if (unit == "tokens") return fmt::format("{:.1f} Ttok", v / 1e12);
  if (unit == "share") return format_percent(v);
  return format_count(v);
}

std::string show_delta(double d, const std::string& unit) {
  if (unit == "share") {
    const double pp = std::round(d * 1000.0) / 10.0;
    return pp == 0.0 ? "0" : fmt::format("{:+.1f} pp", pp);
  }
  const std::string s = show(std::fabs(d), unit);
  if (snap_to_zero(d) == 0.0 || s == show(0.0, unit)) return "0";
  return (d < 0 ? "-" : "+") + s;
}

TextTable metric_table(const std::vector<Plan>& plans, const std::vector<Metric>& metrics,
                       bool with_provider, const std::string& provider_header) {
  TextTable t;
  t.add_column("metric");
  t.add_column("year");
  if (with_provider) t.add_column(provider_header);
  for (const Plan& p : plans) t.add_column(p.scenario, true);
  for (size_t i = 1; i < plans.size(); ++i) t.add_column("Δ " + plans[i].scenario, true);
  for (const Metric& m : metrics) {
    std::vector<std::string> row = {m.name, m.year.empty() ? "all" : m.year};
    if (with_provider) row.push_back(m.provider);
    for (double v : m.values) row.push_back(show(v, m.unit));
    for (size_t i = 1; i < m.values.size(); ++i)
      row.push_back(show_delta(m.values[i] - m.values[0], m.unit));
    t.add_row(std::move(row));
  }
  return t;
}

void render_text(const std::vector<Plan>& plans, std::ostream& out, bool md) {
  const std::vector<Metric> metrics = collect_metrics(plans);
  std::vector<Metric> totals, by_provider;
  for (const Metric& m : metrics) (m.provider.empty() ? totals : by_provider).push_back(m);
  std::vector<std::string> names;
  for (const Plan& p : plans) names.push_back(p.scenario);
  std::string title = "capplan compare: ";
  for (size_t i = 0; i < names.size(); ++i) title += (i ? " vs " : "") + names[i];
  out << (md ? "# " : "") << title << "\n" << (md ? "\n" : "");
  out << "deltas against " << names[0] << "\n";
  for (const Plan& p : plans)
    if (p.status != PlanStatus::kOptimal || !p.verification.ok)
      out << p.scenario << ": " << to_string(p.status)
          << (p.verification.ok ? "" : ", not verified") << "\n";
  auto section = [&](const std::string& heading, const TextTable& t) {
    out << (md ? "\n## " : "\n") << heading << (md ? "\n\n" : "\n");
    out << (md ? render_markdown(t) : render_aligned(t));
  };
  section("Cost and demand", metric_table(plans, totals, false, ""));
  // Drop provider rows that are zero in every plan (a provider never used).
  std::vector<Metric> used;
  for (const Metric& m : by_provider)
    if (std::any_of(m.values.begin(), m.values.end(),
                    [](double v) { return std::fabs(v) >= 0.0005; }))
      used.push_back(m);
  section("Providers per year (share of served tokens, MW averaged over the year)",
          metric_table(plans, used, true, "provider"));
  const std::vector<Metric> shifts = largest_shifts(plans, 10);
  if (plans.size() > 1 && !shifts.empty())
    section("Largest shifts in allocation (average chips over the horizon)",
            metric_table(plans, shifts, true, "offering"));
}

void render_csv(const std::vector<Plan>& plans, std::ostream& out) {
  out << "metric,year,provider,scenario,value,delta\n";
  std::vector<Metric> metrics = collect_metrics(plans);
  for (Metric& m : largest_shifts(plans, 10)) metrics.push_back(std::move(m));
  for (const Metric& m : metrics)
    for (size_t i = 0; i < plans.size(); ++i)
      out << fmt::format("{},{},{},{},{},{}\n", csv_field(m.name), m.year, csv_field(m.provider),
                         csv_field(plans[i].scenario), snap_to_zero(m.values[i]),
                         snap_to_zero(m.values[i] - m.values[0]));
}

void render_json(const std::vector<Plan>& plans, std::ostream& out) {
  ojson j;
  j["schema"] = "capplan.compare/v1";
  j["reference"] = plans.empty() ? "" : plans[0].scenario;
  ojson scenarios = ojson::array();
  for (const Plan& p : plans) {
    ojson s;
    s["scenario"] = p.scenario;
    s["status"] = to_string(p.status);
    s["verified"] = p.verification.ok;
    s["inputs"] = p.input_hashes;
    scenarios.push_back(s);
  }
  j["scenarios"] = scenarios;
  std::vector<Metric> metrics = collect_metrics(plans);
  ojson rows = ojson::array();
  auto emit = [&](const Metric& m, const char* kind) {
    ojson r;
    r["kind"] = kind;
    r["metric"] = m.name;
    if (!m.year.empty()) r["year"] = std::stoi(m.year);
    if (!m.provider.empty()) r[std::string(kind) == "shift" ? "offering" : "provider"] = m.provider;
    r["unit"] = m.unit;
    ojson values = ojson::array(), deltas = ojson::array();
    for (double v : m.values) {
      values.push_back(snap_to_zero(v));
      deltas.push_back(snap_to_zero(v - m.values[0]));
    }
    r["values"] = values;
    r["deltas"] = deltas;
    rows.push_back(r);
  };
  for (const Metric& m : metrics) emit(m, "metric");
  for (const Metric& m : largest_shifts(plans, 10)) emit(m, "shift");
  j["rows"] = rows;
  out << j.dump(2) << "\n";
}

}  // namespace

void render_comparison(const std::vector<Plan>& plans, Format format, std::ostream& out) {
  switch (format) {
    case Format::kTable:
      render_text(plans, out, false);
      break;
    case Format::kMarkdown:
      render_text(plans, out, true);
      break;
    case Format::kCsv:
      render_csv(plans, out);
      break;
    case Format::kJson:
      render_json(plans, out);
      break;
  }
}

}  // namespace capplan
