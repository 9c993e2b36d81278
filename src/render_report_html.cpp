// report.html of a planning report (capplan/report.hpp): one standalone page, no network, no
// external scripts or fonts. Charts are inline SVG drawn here; a few lines of inline script
// sort the tables. The story reads top down: the gate verdict, the deals to decide, one card
// per scenario (cost per year, its change, provider mix, deals, unmet demand), cost and unmet
// demand side by side, then each scenario's deals, provider mix, fleet, committed power, new
// accelerators and the survive rule's worst cases. Providers keep one colour over the page.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "capplan/render.hpp"
#include "capplan/report.hpp"
#include "report_text.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

using namespace report_text;

constexpr const char* kPalette[] = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
                                    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

std::string color(std::size_t i) { return kPalette[i % std::size(kPalette)]; }

// One colour per provider over the whole page: its place among the report's providers.
std::string provider_color(const std::set<std::string>& providers, const std::string& provider) {
  const auto it = providers.find(provider);
  return color(static_cast<std::size_t>(std::distance(providers.begin(), it)));
}

std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string coord(double v) {
  std::string s = fmt::format("{:.1f}", v);
  return s == "-0.0" ? "0.0" : s;
}

// Axis numbers: "$20B", "1.5M", "40%".
std::string axis_usd(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return fmt::format("${:g}B", v / 1e9);
  if (a >= 1e6) return fmt::format("${:g}M", v / 1e6);
  if (a >= 1e3) return fmt::format("${:g}k", v / 1e3);
  return fmt::format("${:g}", v);
}
std::string axis_percent(double v) { return fmt::format("{:.0f}%", v * 100.0); }
std::string axis_count(double v) {
  const double a = std::fabs(v);
  if (a >= 1e9) return fmt::format("{:g}G", v / 1e9);
  if (a >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (a >= 1e3) return fmt::format("{:g}k", v / 1e3);
  return fmt::format("{:g}", v);
}

// A round step giving about `ticks` ticks up to `top`.
double nice_step(double top, int ticks) {
  if (top <= 0) return 1;
  const double raw = top / ticks;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (raw <= m * mag) return m * mag;
  return 10 * mag;
}

struct Series {
  std::string name, color;
  std::vector<double> values;          // one per x label
  std::vector<double> reference = {};  // bar charts: the reference's value, NaN = none
};

struct Frame {
  double width = 480, height = 230, left = 60, right = 14, top = 12, bottom = 36;
  double plot_w() const { return width - left - right; }
  double plot_h() const { return height - top - bottom; }
};

// The SVG's opening, the horizontal grid with y labels and the x labels; `x_at` places label i.
std::string axes(const Frame& f, const std::string& title, double y_top,
                 const std::function<std::string(double)>& y_label,
                 const std::vector<std::string>& x_labels,
                 const std::function<double(std::size_t)>& x_at) {
  std::string s = fmt::format(
      "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n",
      f.width, f.height, esc(title));
  const double step = nice_step(y_top, 4);
  for (double v = 0; v <= y_top * (1 + 1e-9); v += step) {
    const double y = f.top + f.plot_h() * (1 - v / y_top);
    s += fmt::format(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"grid\"/><text x=\"{}\" y=\"{}\" "
        "class=\"yl\">{}</text>\n",
        f.left, coord(y), f.width - f.right, coord(y), f.left - 6, coord(y + 4), esc(y_label(v)));
  }
  const std::size_t every = std::max<std::size_t>(1, (x_labels.size() + 5) / 6);
  for (std::size_t i = 0; i < x_labels.size(); i += every)
    s += fmt::format("<text x=\"{}\" y=\"{}\" class=\"xl\">{}</text>\n", coord(x_at(i)),
                     coord(f.height - f.bottom + 16), esc(x_labels[i]));
  return s;
}

double top_of(double max_value) {
  const double step = nice_step(max_value > 0 ? max_value : 1, 4);
  return std::max(step, std::ceil(max_value / step - 1e-9) * step);
}

std::string legend(const std::vector<Series>& series) {
  std::string s = "<div class=\"legend\">";
  for (const Series& x : series)
    s += fmt::format("<span><i style=\"background:{}\"></i>{}</span>", x.color, esc(x.name));
  return s + "</div>";
}

std::string figure(const std::string& title, const std::string& note, const std::string& svg,
                   const std::vector<Series>& series) {
  return fmt::format("<figure><figcaption>{}{}</figcaption>{}{}</figure>\n", esc(title),
                     note.empty() ? "" : " <small>" + esc(note) + "</small>", svg,
                     series.size() > 1 || !series.empty() ? legend(series) : "");
}

// Lines over the x labels; `stacked` fills areas stacked from 0 (shares: top = 1).
std::string line_chart(const std::string& title, const std::vector<std::string>& x_labels,
                       const std::vector<Series>& series,
                       const std::function<std::string(double)>& y_label, bool stacked,
                       std::optional<double> fixed_top = std::nullopt) {
  Frame f;
  const std::size_t n = x_labels.size();
  double max_value = 0;
  std::vector<std::vector<double>> upper(series.size(), std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::size_t k = 0; k < series.size(); ++k) {
      const double v = i < series[k].values.size() ? std::max(0.0, series[k].values[i]) : 0.0;
      sum = stacked ? sum + v : v;
      upper[k][i] = sum;
      max_value = std::max(max_value, sum);
    }
  }
  const double y_top = fixed_top ? *fixed_top : top_of(max_value);
  const auto x_at = [&](std::size_t i) {
    return f.left + (n <= 1 ? f.plot_w() / 2 : f.plot_w() * static_cast<double>(i) / (n - 1));
  };
  const auto y_at = [&](double v) { return f.top + f.plot_h() * (1 - v / y_top); };
  std::string s = axes(f, title, y_top, y_label, x_labels, x_at);
  for (std::size_t k = 0; k < series.size(); ++k) {
    std::string points;
    for (std::size_t i = 0; i < n; ++i)
      points += fmt::format("{}{},{}", i ? " " : "", coord(x_at(i)), coord(y_at(upper[k][i])));
    if (stacked) {
      std::string lower;
      for (std::size_t i = n; i-- > 0;)
        lower += fmt::format(" {},{}", coord(x_at(i)), coord(y_at(k == 0 ? 0.0 : upper[k - 1][i])));
      s += fmt::format(
          "<polygon points=\"{}{}\" fill=\"{}\" "
          "fill-opacity=\"0.85\"><title>{}</title></polygon>\n",
          points, lower, series[k].color, esc(series[k].name));
    } else {
      // Dashes keep a line visible where a later one runs over it.
      const char* dash = k % 3 == 1   ? " stroke-dasharray=\"7 4\""
                         : k % 3 == 2 ? " stroke-dasharray=\"2 3\""
                                      : "";
      s += fmt::format(
          "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" "
          "stroke-width=\"2.5\"{}><title>{}</title></polyline>\n",
          points, series[k].color, dash, esc(series[k].name));
    }
  }
  return s + "</svg>";
}

// Bars grouped by category, one bar per series in each group.
std::string bar_chart(const std::string& title, const std::vector<std::string>& categories,
                      const std::vector<Series>& series,
                      const std::function<std::string(double)>& y_label,
                      const std::function<std::string(double)>& value_label) {
  Frame f;
  double max_value = 0;
  for (const Series& x : series) {
    for (double v : x.values) max_value = std::max(max_value, v);
    for (double v : x.reference)
      if (std::isfinite(v)) max_value = std::max(max_value, v);
  }
  const double y_top = top_of(max_value);
  const double group_w = f.plot_w() / std::max<std::size_t>(1, categories.size());
  const double bar_w = group_w * 0.8 / std::max<std::size_t>(1, series.size());
  const auto x_at = [&](std::size_t i) {
    return f.left + group_w * (static_cast<double>(i) + 0.5);
  };
  std::string s = axes(f, title, y_top, y_label, categories, x_at);
  for (std::size_t c = 0; c < categories.size(); ++c)
    for (std::size_t k = 0; k < series.size(); ++k) {
      const double v = c < series[k].values.size() ? std::max(0.0, series[k].values[c]) : 0.0;
      const double h = f.plot_h() * v / y_top;
      const double x =
          f.left + group_w * (static_cast<double>(c) + 0.1) + bar_w * static_cast<double>(k);
      s += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} {}: "
          "{}</title></rect>\n",
          coord(x), coord(f.top + f.plot_h() - h), coord(bar_w * 0.92), coord(h), series[k].color,
          esc(series[k].name), esc(categories[c]), esc(value_label(v)));
      if (c < series[k].reference.size() && std::isfinite(series[k].reference[c])) {
        const double r = std::max(0.0, series[k].reference[c]);
        const double y = f.top + f.plot_h() * (1 - r / y_top);
        s += fmt::format(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"ref\"><title>{} {} "
            "reference: {}</title></line>\n",
            coord(x - 1), coord(y), coord(x + bar_w * 0.92 + 1), coord(y), esc(series[k].name),
            esc(categories[c]), esc(value_label(r)));
      }
    }
  return s + "</svg>";
}

// Horizontal pairs: for each row a committed bar (light) and a used bar (dark) over it.
std::string used_vs_committed(const std::vector<std::string>& rows, const std::vector<double>& used,
                              const std::vector<double>& limit) {
  const double row_h = 22, left = 190, right = 130, width = 1100;
  const double height = 8 + row_h * static_cast<double>(rows.size()) + 8;
  double max_value = 0;
  for (double v : limit) max_value = std::max(max_value, v);
  for (double v : used) max_value = std::max(max_value, v);
  if (max_value <= 0) max_value = 1;
  const double plot_w = width - left - right;
  std::string s = fmt::format(
      "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"MW used vs committed\" "
      "xmlns=\"http://www.w3.org/2000/svg\">\n",
      width, coord(height));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const double y = 8 + row_h * static_cast<double>(i);
    const double wl = plot_w * limit[i] / max_value, wu = plot_w * used[i] / max_value;
    s += fmt::format(
        "<text x=\"{}\" y=\"{}\" class=\"rl\">{}</text>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"#cfd8e3\"/>"
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"#4e79a7\"><title>{}: {} of {} "
        "MW used</title></rect>"
        "<text x=\"{}\" y=\"{}\" class=\"vl\">{} / {} MW</text>\n",
        left - 6, coord(y + 12), esc(rows[i]), left, coord(y), coord(wl), left, coord(y + 3),
        coord(wu), esc(rows[i]), format_count(used[i]), format_count(limit[i]),
        coord(left + std::max(wl, wu) + 4), coord(y + 12), format_count(used[i]),
        format_count(limit[i]));
  }
  return s + "</svg>";
}

struct Cell {
  std::string text;
  std::optional<double> sort_value;
  std::string css;  // class
};

std::string table(const std::vector<std::pair<std::string, bool>>& headers,
                  const std::vector<std::vector<Cell>>& rows) {
  std::string s = "<table class=\"sortable\"><thead><tr>";
  for (const auto& [h, numeric] : headers)
    s +=
        fmt::format("<th{} title=\"click to sort\">{}</th>", numeric ? " class=\"n\"" : "", esc(h));
  s += "</tr></thead><tbody>\n";
  for (const std::vector<Cell>& row : rows) {
    s += "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) {
      const Cell& c = row[i];
      std::string cls = headers[i].second ? "n" : "";
      if (!c.css.empty()) cls += (cls.empty() ? "" : " ") + c.css;
      s += fmt::format("<td{}{}>{}</td>", cls.empty() ? "" : " class=\"" + cls + "\"",
                       c.sort_value ? fmt::format(" data-v=\"{}\"", *c.sort_value) : "",
                       esc(c.text));
    }
    s += "</tr>\n";
  }
  return s + "</tbody></table>\n";
}

// "up" when costs rose (bad), "down" when they fell.
std::string change_class(double now, double before) {
  if (std::fabs(now - before) < 0.0005 * std::max(1.0, std::fabs(before))) return "flat";
  return now > before ? "up" : "down";
}

// A thin bar of the providers' shares over the horizon (plan_figures), in the page's colours.
// Below it, the providers largest first, each with its colour (the words of provider_mix).
std::string mix_bar(const PlanFigures& figures, const std::set<std::string>& providers) {
  std::string s = "<div class=\"mix\">";
  std::vector<std::pair<std::string, double>> shown;
  for (const std::string& p : providers) {
    const auto it = figures.provider_share_fraction.find(p);
    if (it == figures.provider_share_fraction.end() || it->second < 0.005) continue;
    s += fmt::format("<i style=\"width:{}%;background:{}\" title=\"{} {}\"></i>",
                     coord(it->second * 100.0), provider_color(providers, p), esc(p),
                     esc(format_percent(it->second)));
    shown.push_back(*it);
  }
  std::stable_sort(shown.begin(), shown.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  s += "</div><div class=\"legend mixl\" title=\"provider share of served capacity over the "
       "horizon\">";
  for (const auto& [p, share] : shown)
    s += fmt::format("<span><i style=\"background:{}\"></i>{} {:.0f}%</span>",
                     provider_color(providers, p), esc(p), share * 100.0);
  return s + "</div>";
}

std::string cards(const Report& report, const std::set<std::string>& providers) {
  std::string s = "<section class=\"cards\">\n";
  for (const ReportScenario& sc : report.scenarios) {
    const Plan& p = sc.plan;
    const bool optimal = p.status == PlanStatus::kOptimal;
    const double cost = cost_per_year_usd(sc.figures);
    std::string delta = sc.reference ? "reference" : "";
    std::string cls = "flat";
    if (sc.reference && optimal) {
      const double before = cost_per_year_usd(*sc.reference);
      const std::string change = usd_change(cost, before);
      delta = (change == "0" ? "no change" : change) + " vs " +
              (report.baseline.empty() ? sc.reference_name : "baseline");
      cls = change_class(cost, before);
    } else if (!sc.reference) {
      delta = report.baseline.empty() ? "the reference" : "not in the baseline";
    }
    std::string gates;
    if (!sc.gates.empty()) {
      const auto failed = std::count_if(sc.gates.begin(), sc.gates.end(),
                                        [](const GateResult& g) { return !g.passed; });
      gates = failed == 0
                  ? fmt::format("<div class=\"ok\">✓ {} gates passed</div>", sc.gates.size())
                  : fmt::format("<div class=\"bad\">✗ {} of {} gates failed</div>", failed,
                                sc.gates.size());
    }
    std::string mix, deal_lines;
    if (optimal) {
      mix = mix_bar(sc.figures, providers);
      for (const OptionResult* d : deals(p))
        deal_lines += fmt::format(
            "<div class=\"deal {}\">{} {} <small>{} MW</small></div>", d->is_signed ? "sign" : "no",
            d->is_signed ? "Sign" : "Do not sign", esc(d->id), esc(deal_mw(*d)));
    }
    s += fmt::format(
        "<div class=\"card{}\"><div class=\"name\">{}</div><div class=\"big\">{}<small> / "
        "year</small></div>"
        "<div class=\"delta {}\">{}</div>{}{}<div class=\"meta\">unmet {} · {}</div>{}</div>\n",
        optimal ? "" : " failed", esc(p.scenario),
        optimal ? format_usd(cost) : esc(to_string(p.status)), cls, esc(delta), mix, deal_lines,
        optimal ? esc(tokens(sc.figures.unmet_tokens)) : "—", esc(status_words(p)), gates);
  }
  return s + "</section>\n";
}

std::vector<std::string> period_labels(const Plan& plan) {
  std::vector<std::string> x;
  for (const PeriodPlan& pp : plan.periods) x.push_back(pp.period);
  return x;
}

std::string overview_charts(const Report& report) {
  std::set<int> year_set;
  std::set<std::string> period_set;
  for (const ReportScenario& s : report.scenarios) {
    for (const YearFigures& y : s.figures.years) year_set.insert(y.year);
    for (const PeriodFigures& p : s.figures.periods) period_set.insert(p.period);
  }
  std::vector<std::string> years, periods(period_set.begin(), period_set.end());
  for (int y : year_set) years.push_back(std::to_string(y));
  std::vector<Series> cost, period_cost, unmet;
  for (std::size_t i = 0; i < report.scenarios.size(); ++i) {
    const ReportScenario& s = report.scenarios[i];
    Series c{s.plan.scenario, color(i), {}}, u{s.plan.scenario, color(i), {}};
    for (int y : year_set) {
      double v = 0;
      for (const YearFigures& f : s.figures.years)
        if (f.year == y) v = f.cost_usd * 12.0 / std::max(1, f.months);
      c.values.push_back(v);
      double r = std::nan("");
      if (s.reference)
        for (const YearFigures& f : s.reference->years)
          if (f.year == y) r = f.cost_usd * 12.0 / std::max(1, f.months);
      c.reference.push_back(r);
    }
    Series pc{s.plan.scenario, color(i), {}};
    for (const std::string& p : periods) {
      double v = 0, usd = 0;
      for (const PeriodFigures& f : s.figures.periods)
        if (f.period == p) {
          v = f.unmet_tokens_per_s;
          usd = f.usage_usd + f.penalty_usd;
        }
      u.values.push_back(v);
      pc.values.push_back(usd);
    }
    period_cost.push_back(std::move(pc));
    cost.push_back(std::move(c));
    unmet.push_back(std::move(u));
  }
  std::string s = "<section class=\"grid\">\n";
  const bool any_reference =
      std::any_of(report.scenarios.begin(), report.scenarios.end(),
                  [](const ReportScenario& x) { return x.reference.has_value(); });
  std::string chart = figure(
      "Cost per year",
      std::string("annualised: a partial year × 12 / its months") +
          (any_reference ? "; black tick: the same year in " +
                               (report.baseline.empty() ? report.scenarios.front().plan.scenario
                                                        : std::string("the baseline"))
                         : ""),
      bar_chart("Cost per year", years, cost, axis_usd, format_usd), cost);
  s += chart;
  s += figure("Cost per period", "usage and unmet penalty; take-or-pay shortfalls are yearly",
              line_chart("Cost per period", periods, period_cost, axis_usd, false), period_cost);
  s += figure("Unmet demand", "mean tokens/s not served, per period",
              line_chart("Unmet demand", periods, unmet, axis_count, false), unmet);
  return s + "</section>\n";
}

std::string summary_table(const Report& report) {
  std::vector<std::vector<Cell>> rows;
  for (const ReportScenario& s : report.scenarios) {
    const double cost = cost_per_year_usd(s.figures);
    const bool optimal = s.plan.status == PlanStatus::kOptimal;
    Cell delta{"—", std::nullopt, ""};
    if (s.reference && optimal) {
      const double before = cost_per_year_usd(*s.reference);
      delta = {usd_change(cost, before), cost - before, change_class(cost, before)};
    }
    const auto failed = std::count_if(s.gates.begin(), s.gates.end(),
                                      [](const GateResult& g) { return !g.passed; });
    rows.push_back(
        {{s.plan.scenario, std::nullopt, ""},
         {optimal ? format_usd(s.plan.objective_usd) : std::string(to_string(s.plan.status)),
          s.plan.objective_usd, ""},
         {optimal ? format_usd(cost) : "—", cost, ""},
         delta,
         {tokens(s.figures.unmet_tokens), s.figures.unmet_tokens, ""},
         {optimal ? provider_mix(s.figures) : "—", std::nullopt, ""},
         {optimal ? (s.plan.verification.ok ? "yes" : "NO") : "—", std::nullopt, ""},
         {s.gates.empty() ? "—"
          : failed == 0   ? fmt::format("{} passed", s.gates.size())
                          : fmt::format("{} of {} failed", failed, s.gates.size()),
          static_cast<double>(failed), failed > 0 ? "up" : ""}});
  }
  return table({{"scenario", false},
                {"objective", true},
                {"cost / year", true},
                {delta_header(report), true},
                {"unmet", true},
                {"provider mix", false},
                {"verified", false},
                {"gates", false}},
               rows);
}

// Each deal of the plan: the decision, MW signed of the most, cost, value and break-even.
std::string deals_table(const Plan& plan) {
  const std::vector<const OptionResult*> ds = deals(plan);
  if (ds.empty()) return "";
  std::vector<std::vector<Cell>> rows;
  for (const OptionResult* d : ds) {
    const std::optional<double> value = d->valued && std::isfinite(d->value_usd)
                                            ? std::optional<double>(d->value_usd)
                                            : std::nullopt;
    rows.push_back({{d->id, std::nullopt, ""},
                    {d->provider, std::nullopt, ""},
                    {deal_decision(*d), std::nullopt, d->is_signed ? "down" : ""},
                    {deal_mw(*d), d->size_mw, ""},
                    {format_usd(d->cost_usd), d->cost_usd, ""},
                    {deal_value(*d), value, ""},
                    {deal_breakeven(*d), d->breakeven_price_factor, ""}});
  }
  return "<h3>Deals to decide</h3>\n" +
         table({{"deal", false},
                {"provider", false},
                {"decision", false},
                {"MW (of max)", true},
                {"cost", true},
                {"value", true},
                {"break-even price", true}},
               rows) +
         "<p class=\"note\">value: what the plan saves with the deal allowed; break-even: the "
         "largest factor on all its prices at which it still saves; cost: reservation, signing "
         "and usage of its offerings.</p>\n";
}

// The fleet per provider and accelerator: average chips and chips added in each year
// (plan_figures). Rows with no chips are left out.
std::string fleet_table(const PlanFigures& figures) {
  const std::vector<FleetLine> lines = fleet_lines(figures);
  if (lines.empty()) return "";
  std::vector<std::pair<std::string, bool>> headers = {{"provider", false}, {"accelerator", false}};
  for (const YearFigures& y : figures.years) {
    headers.push_back({std::to_string(y.year) + " avg chips", true});
    headers.push_back({std::to_string(y.year) + " added", true});
  }
  std::vector<std::vector<Cell>> rows;
  for (const FleetLine& line : lines) {
    std::vector<Cell> row = {{line.provider, std::nullopt, ""},
                             {line.accelerator, std::nullopt, ""}};
    for (const auto& [chips, added] : line.years) {
      row.push_back({format_count(chips), chips, ""});
      row.push_back({added >= 0.5 ? "+" + format_count(added) : "0", added, ""});
    }
    rows.push_back(std::move(row));
  }
  return "<h3>Fleet <small>average chips over each year, chips added during it</small></h3>\n" +
         table(headers, rows);
}

// Per lost provider: the worst slice's servable fraction against the rule, and its cost.
std::string survive_table(const Plan& plan, const PlanFigures& figures) {
  if (plan.survive.empty()) return "";
  std::vector<std::vector<Cell>> sv;
  for (const SurviveLoss& l : plan.survive) {
    const bool below = below_rule(plan, l);
    sv.push_back({{l.lost, std::nullopt, ""},
                  {l.worst_slice, std::nullopt, ""},
                  {l.worst_period, std::nullopt, ""},
                  {format_percent(l.servable_fraction) + (below ? " (below)" : ""),
                   l.servable_fraction, below ? "up" : ""},
                  {format_usd(l.headroom_usd), l.headroom_usd, ""}});
  }
  std::string s =
      "<h3>Survive the loss of a provider <small>" + esc(survive_rule(plan)) + "</small></h3>\n";
  s += table({{"provider lost", false},
              {"worst slice", false},
              {"period", false},
              {"servable", true},
              {"headroom cost", true}},
             sv);
  s += "<p class=\"note\">servable: the share of the worst slice's peak the other providers' "
       "fleet carries; (below): under the rule, the shortfall is priced";
  if (figures.shortfall_usd >= 0.5)
    s += " (" + esc(format_usd(figures.shortfall_usd)) + " over the horizon)";
  return s + "; headroom cost: what the rule costs at the margin.</p>\n";
}

// `first`: the report's first scenario, or null when `sc` is that one.
std::string scenario_section(const ReportScenario& sc, const ReportScenario* first,
                             const std::set<std::string>& all_providers) {
  const Plan& p = sc.plan;
  std::string s = fmt::format(
      "<section class=\"scenario\"><h2>{}</h2><p class=\"sub\">{}; objective {}{}{}</p>\n",
      esc(p.scenario), esc(status_words(p)), format_usd(p.objective_usd),
      p.integer ? fmt::format("; integer mode, gap {:.3f}%{}", 100.0 * p.mip_gap,
                              p.proven_optimal ? "" : " (NOT proven optimal: time limit)")
                : "",
      sc.reference ? "; deltas against " + esc(sc.reference_name) : "");
  for (const std::string& f : p.verification.failures)
    s += "<p class=\"bad\">verification failed: " + esc(f) + "</p>\n";
  if (p.status == PlanStatus::kOptimal) s += deals_table(p);
  if (!sc.gates.empty()) {
    std::vector<std::vector<Cell>> rows;
    for (const GateResult& g : sc.gates)
      rows.push_back(
          {{g.name, std::nullopt, ""},
           {fmt::format("{}", g.limit), g.limit, ""},
           {std::isfinite(g.value) ? format_grouped(g.value, 2) : "from nothing",
            std::isfinite(g.value) ? std::optional<double>(g.value) : std::nullopt, ""},
           {g.unit, std::nullopt, ""},
           {g.passed ? "passed" : "failed: " + g.message, std::nullopt, g.passed ? "" : "up"}});
    s += table(
        {{"gate", false}, {"limit", true}, {"value", true}, {"unit", false}, {"result", false}},
        rows);
  }
  if (p.status != PlanStatus::kOptimal) return s + "</section>\n";
  s += "<div class=\"grid\">\n";
  const std::vector<std::string> x = period_labels(p);
  std::vector<Series> shares;
  std::size_t i = 0;
  for (const std::string& provider : all_providers) {
    Series series{provider, provider_color(all_providers, provider), {}};
    for (const PeriodPlan& pp : p.periods) {
      const auto it = pp.providers.find(provider);
      series.values.push_back(it == pp.providers.end() ? 0.0 : it->second.share_fraction);
    }
    shares.push_back(std::move(series));
  }
  s += figure("Provider share", "of served capacity, per period",
              line_chart("Provider share", x, shares, axis_percent, true, 1.0), shares);
  std::vector<Series> fleet_mw;
  for (const std::string& provider : all_providers) {
    Series series{provider, provider_color(all_providers, provider), {}};
    double top = 0;
    for (const PeriodPlan& pp : p.periods) {
      const auto it = pp.providers.find(provider);
      series.values.push_back(it == pp.providers.end() ? 0.0 : it->second.power_mw);
      top = std::max(top, series.values.back());
    }
    if (top >= 0.5) fleet_mw.push_back(std::move(series));
  }
  if (!fleet_mw.empty())
    s += figure("Fleet by provider", "facility MW per period, stacked",
                line_chart("Fleet MW by provider", x, fleet_mw, axis_count, true), fleet_mw);

  // Accelerators this plan uses and the first scenario of the report does not: a new chip's
  // ramp (the Maia ramp in maia-closed). For the first scenario, every accelerator.
  std::set<std::string> first_accelerators;
  if (first != nullptr)
    for (const YearFigures& y : first->figures.years)
      for (const auto& [id, pv] : y.providers)
        for (const auto& [acc, chips] : pv.chips_by_accelerator_avg)
          if (chips >= 0.5) first_accelerators.insert(acc);
  std::map<std::string, std::vector<double>> ramp;
  for (std::size_t k = 0; k < p.periods.size(); ++k)
    for (const FleetRow& a : p.periods[k].fleet)
      if (first_accelerators.count(a.accelerator) == 0) {
        auto& v = ramp[a.accelerator];
        v.resize(p.periods.size(), 0.0);
        v[k] += a.chips;
      }
  std::vector<Series> ramp_series;
  i = 0;
  for (auto& [acc, values] : ramp) {
    double top = 0;
    for (double v : values) top = std::max(top, v);
    if (top >= 0.5) ramp_series.push_back({acc, color(i++ + 4), values});
  }
  if (!ramp_series.empty())
    s += figure(first != nullptr ? "New accelerators" : "Chips by accelerator",
                first != nullptr
                    ? "chips per period of accelerators " + first->plan.scenario + " does not use"
                    : "chips per period",
                line_chart("Chips", x, ramp_series, axis_count, true), ramp_series);

  std::vector<Series> unmet = {{"unmet", "#e15759", {}}};
  double unmet_top = 0;
  for (const PeriodFigures& f : sc.figures.periods) {
    unmet[0].values.push_back(f.unmet_tokens_per_s);
    unmet_top = std::max(unmet_top, f.unmet_tokens_per_s);
  }
  if (unmet_top > 0)
    s += figure("Unmet demand", "mean tokens/s per period",
                line_chart("Unmet demand", x, unmet, axis_count, true), unmet);
  std::vector<std::string> rows;
  std::vector<double> used, limit;
  for (const CommitmentPower& c : p.commitment_power) {
    rows.push_back(c.id + " " + std::to_string(c.year));
    used.push_back(c.used_mw_avg);
    limit.push_back(c.limit_mw_avg);
  }
  if (!rows.empty())
    s += fmt::format(
        "<figure class=\"wide\"><figcaption>MW used vs committed <small>per commitment and year, "
        "average "
        "MW</small></figcaption>{}<div class=\"legend\"><span><i "
        "style=\"background:#4e79a7\"></i>used</span>"
        "<span><i style=\"background:#cfd8e3\"></i>committed</span></div></figure>\n",
        used_vs_committed(rows, used, limit));
  s += "</div>\n";

  std::vector<std::vector<Cell>> year_rows;
  for (const YearFigures& y : sc.figures.years) {
    Cell delta{"—", std::nullopt, ""};
    if (sc.reference)
      for (const YearFigures& r : sc.reference->years)
        if (r.year == y.year)
          delta = {usd_change(y.cost_usd, r.cost_usd), y.cost_usd - r.cost_usd,
                   change_class(y.cost_usd, r.cost_usd)};
    std::vector<Cell> row = {{std::to_string(y.year), y.year, ""},
                             {format_usd(y.cost_usd), y.cost_usd, ""},
                             delta,
                             {fmt::format("{:.3f}", y.usd_per_mtok), y.usd_per_mtok, ""},
                             {tokens(y.unmet_tokens), y.unmet_tokens, ""},
                             {format_count(y.power_mw_avg), y.power_mw_avg, ""},
                             {format_usd(y.stranded_usd), y.stranded_usd, ""}};
    for (const std::string& provider : all_providers) {
      const auto it = y.providers.find(provider);
      const double share = it == y.providers.end() ? 0.0 : it->second.share_fraction;
      row.push_back({format_percent(share), share, ""});
    }
    year_rows.push_back(std::move(row));
  }
  std::vector<std::pair<std::string, bool>> headers = {
      {"year", true},  {"cost", true},   {"Δ cost", true},  {"$/Mtok served", true},
      {"unmet", true}, {"avg MW", true}, {"stranded", true}};
  for (const std::string& provider : all_providers) headers.push_back({provider + " share", true});
  s += table(headers, year_rows);

  s += fleet_table(sc.figures);
  s += survive_table(p, sc.figures);
  if (!p.unmet_explanations.empty()) {
    std::vector<std::vector<Cell>> u;
    for (std::size_t k = 0; k < p.unmet_explanations.size() && k < 10; ++k) {
      const UnmetExplanation& e = p.unmet_explanations[k];
      u.push_back({{e.period, std::nullopt, ""},
                   {e.slice, std::nullopt, ""},
                   {format_count(e.tokens_per_s), e.tokens_per_s, ""},
                   {format_count(e.short_mw), e.short_mw, ""},
                   {e.reason, std::nullopt, ""}});
    }
    s += fmt::format(
        "<details><summary>Unmet demand: {} period-slices (first 10; all in "
        "{}-unmet.csv)</summary>\n",
        p.unmet_explanations.size(), esc(report_plan_stem(p.scenario)));
    s += table({{"period", false},
                {"slice", false},
                {"mean tokens/s", true},
                {"short MW", true},
                {"why", false}},
               u);
    s += "</details>\n";
  }
  return s + "</section>\n";
}

constexpr const char* kStyle = R"(
:root{--ink:#1f2933;--mute:#61707d;--line:#e3e8ee;--up:#c0392b;--down:#1e8449}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);margin:0 auto;max-width:1200px;padding:20px 24px}
h1{font-size:24px;margin:0}h2{font-size:19px;margin:28px 0 4px;border-top:1px solid var(--line);padding-top:16px}
.sub{color:var(--mute);margin:2px 0 12px}
.lead{font-size:16px;margin:10px 0}
.banner{padding:10px 14px;border-radius:6px;font-weight:600;margin:12px 0}
.banner.pass{background:#e8f6ee;color:var(--down)}.banner.fail{background:#fdecea;color:var(--up)}.banner.none{background:#f1f3f5;color:var(--mute)}
.banner ul{margin:6px 0 0;font-weight:400}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card.failed{border-color:var(--up)}
.card .name{font-weight:600}.card .big{font-size:26px;font-weight:700;margin:2px 0}.card .big small{font-size:13px;font-weight:400;color:var(--mute)}
.delta.up,td.up{color:var(--up)}.delta.down,td.down{color:var(--down)}.delta.flat{color:var(--mute)}
.mix{display:flex;height:8px;border-radius:4px;overflow:hidden;margin:6px 0 2px;background:var(--line)}.mix i{display:block;height:100%}.legend.mixl{margin:0 0 2px;gap:2px 10px}
.card .deal{font-size:12px;font-weight:600;margin-top:4px}.deal.sign,.decide li.sign b{color:var(--down)}.deal.no,.decide li.no b{color:var(--up)}.deal small{font-weight:400;color:var(--mute)}
.decide{border:1px solid var(--line);border-left:4px solid var(--down);border-radius:6px;padding:8px 14px;margin:12px 0}.decide small{font-weight:400;color:var(--mute)}.decide ul{margin:4px 0 0;padding-left:18px}
h3{font-size:15px;margin:16px 0 2px}h3 small{font-weight:400;color:var(--mute);font-size:13px}
.note{color:var(--mute);font-size:12px;margin:0 0 10px;max-width:900px}
.meta{color:var(--mute);font-size:12px}.ok{color:var(--down);font-size:12px;font-weight:600}.bad{color:var(--up);font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(360px,1fr));gap:16px;margin:8px 0}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:10px 12px;break-inside:avoid}
figure.wide{grid-column:1/-1}
figcaption{font-weight:600;margin-bottom:4px}figcaption small{font-weight:400;color:var(--mute)}
svg{width:100%;height:auto;display:block}
svg .grid{stroke:#edf0f3;stroke-width:1}
svg .ref{stroke:#1f2933;stroke-width:2.5}
svg text{font-size:13px;fill:var(--mute)}svg .yl,svg .rl{text-anchor:end}svg .xl{text-anchor:middle}svg .vl{text-anchor:start}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;color:var(--mute);margin-top:4px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px;vertical-align:-1px}
table{border-collapse:collapse;margin:10px 0;font-variant-numeric:tabular-nums}
th,td{padding:4px 10px;border-bottom:1px solid var(--line);text-align:left}
th{cursor:pointer;user-select:none;background:#f7f9fb;font-weight:600}
th.n,td.n{text-align:right;white-space:nowrap}
details summary{cursor:pointer;color:var(--mute);margin:6px 0}
footer{color:var(--mute);font-size:12px;margin-top:28px;border-top:1px solid var(--line);padding-top:8px}
@media print{body{max-width:none;padding:0;font-size:11px}th{cursor:auto;background:none}.grid{grid-template-columns:1fr 1fr}section.grid{grid-template-columns:1fr 1fr 1fr}section.scenario{break-before:page}h2+.sub{break-after:avoid}figure,table,.card,.decide{break-inside:avoid}h2,h3{break-after:avoid}.cards{grid-template-columns:repeat(4,1fr)}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)";

constexpr const char* kScript = R"(
window.addEventListener('beforeprint', function () {
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
});
document.querySelectorAll('table.sortable th').forEach(function (th) {
  th.addEventListener('click', function () {
    var body = th.closest('table').tBodies[0];
    var col = Array.prototype.indexOf.call(th.parentNode.children, th);
    var dir = th.dataset.dir === 'asc' ? 'desc' : 'asc';
    th.dataset.dir = dir;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col], y = b.cells[col];
      var r = (x.dataset.v !== undefined && y.dataset.v !== undefined)
          ? parseFloat(x.dataset.v) - parseFloat(y.dataset.v)
          : x.textContent.localeCompare(y.textContent);
      return dir === 'asc' ? r : -r;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
)";

}  // namespace

std::string render_report_html(const Report& report) {
  std::string scenarios;
  for (const ReportScenario& s : report.scenarios)
    scenarios += (scenarios.empty() ? "" : ", ") + s.plan.scenario;
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<link rel=\"icon\" href=\"data:,\">\n<title>capplan planning report: " +
      esc(scenarios) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  out += "<header><h1>Capacity plan</h1><p class=\"sub\">" + esc(scenarios) + " · " +
         esc(horizon_words(report)) + " · deltas against " +
         esc(report.baseline.empty()
                 ? (report.scenarios.empty() ? std::string("—")
                                             : report.scenarios.front().plan.scenario)
                 : "the same scenario in " + report.baseline) +
         "</p></header>\n";
  const std::size_t failed = report.gates_failed();
  const std::string banner = failed > 0 ? "fail" : report.gates_checked() > 0 ? "pass" : "none";
  out += "<div class=\"banner " + banner + "\">" +
         (failed > 0         ? "✗ "
          : banner == "pass" ? "✓ "
                             : "") +
         esc(gates_words(report));
  if (failed > 0) {
    out += "<ul>";
    for (const ReportScenario& s : report.scenarios)
      for (const GateResult& g : s.gates)
        if (!g.passed) out += "<li>" + esc(s.plan.scenario) + ": " + esc(g.message) + "</li>";
    out += "</ul>";
  }
  out += "</div>\n";
  if (!report.baseline_only.empty()) {
    std::string names;
    for (const std::string& n : report.baseline_only) names += (names.empty() ? "" : ", ") + n;
    out += "<p class=\"sub\">In the baseline but not planned now: " + esc(names) + "</p>\n";
  }
  out += "<p class=\"lead\">" + esc(headline(report)) + "</p>\n";
  const std::set<std::string> all_providers = providers(report);
  if (const ReportScenario* d = deal_scenario(report); d != nullptr) {
    out += "<section class=\"decide\"><b>Deals to decide" +
           (d == &report.scenarios.front() ? std::string()
                                           : " <small>in " + esc(d->plan.scenario) + "</small>") +
           "</b><ul>";
    for (const OptionResult* o : deals(d->plan)) {
      const std::string line = deal_sentence(*o);
      const std::size_t colon = line.find(':');
      out += "<li class=\"" + std::string(o->is_signed ? "sign" : "no") + "\"><b>" +
             esc(line.substr(0, colon)) + "</b>" + esc(line.substr(colon)) + "</li>";
    }
    out += "</ul></section>\n";
  }
  out += cards(report, all_providers);
  out += overview_charts(report);
  out +=
      "<h2>Summary</h2><p class=\"sub\">Objective: least cost over the horizon (usage, stranded "
      "take-or-pay, unmet penalty); cost / year is that cost per 12 months. Click a column "
      "to sort.</p>\n";
  out += summary_table(report);
  for (const ReportScenario& s : report.scenarios)
    out += scenario_section(
        s, &s == &report.scenarios.front() ? nullptr : &report.scenarios.front(), all_providers);
  out += "<footer>capplan " + esc(report.capplan_version) +
         (report.generated_at.empty() ? "" : " · generated " + esc(report.generated_at)) +
         " · data: compare.json, plan-*.json, plan-*.csv, manifest.json</footer>\n";
  out += std::string("<script>") + kScript + "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace capplan
