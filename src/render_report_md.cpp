// index.md of a planning report (capplan/report.hpp): GitHub-flavoured markdown for a
// pull-request comment. The summary comes first (gates, headline, deals to decide, one row per
// scenario); each scenario is a <details> block (deals, per-year figures, shares, fleet,
// survive); no table is wider than 8 columns (wide ones are split, keeping their label
// columns); charts are mermaid xychart-beta and pie, which GitHub draws and other renderers
// show as a code block.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "capplan/render.hpp"
#include "capplan/report.hpp"
#include "report_text.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

using namespace report_text;

constexpr std::size_t kMaxColumns = 8;

// `table` as markdown, split into tables of at most kMaxColumns columns, each repeating the
// first `label_columns` columns.
std::string split_markdown(const TextTable& table, std::size_t label_columns) {
  if (table.columns.size() <= kMaxColumns) return render_markdown(table);
  const std::size_t per_table = kMaxColumns - label_columns;
  std::string out;
  for (std::size_t first = label_columns; first < table.columns.size(); first += per_table) {
    const std::size_t last = std::min(table.columns.size(), first + per_table);
    TextTable part;
    for (std::size_t c = 0; c < label_columns; ++c) part.columns.push_back(table.columns[c]);
    for (std::size_t c = first; c < last; ++c) part.columns.push_back(table.columns[c]);
    for (const std::vector<std::string>& row : table.rows) {
      std::vector<std::string> cells(row.begin(), row.begin() + static_cast<long>(label_columns));
      cells.insert(cells.end(), row.begin() + static_cast<long>(first),
                   row.begin() + static_cast<long>(last));
      part.add_row(std::move(cells));
    }
    if (!out.empty()) out += "\n";
    out += render_markdown(part);
  }
  return out;
}

// A mermaid label: no quotes or brackets.
std::string label(std::string s) {
  for (char& c : s)
    if (c == '"' || c == '[' || c == ']' || c == ',') c = ' ';
  return s;
}

std::string number(double v, int decimals) {
  const std::string s = fmt::format("{:.{}f}", std::fabs(v) < 1e-9 ? 0.0 : v, decimals);
  return s;
}

std::string summary(const Report& report) {
  std::string out;
  TextTable t;
  t.add_column("scenario");
  t.add_column("objective", true);
  t.add_column("cost / year", true);
  t.add_column(delta_header(report), true);
  t.add_column("unmet", true);
  t.add_column("provider mix");
  t.add_column("verified");
  t.add_column("gates");
  for (const ReportScenario& s : report.scenarios) {
    const double cost = cost_per_year_usd(s.figures);
    std::string gates = "—";
    if (!s.gates.empty()) {
      const auto failed = std::count_if(s.gates.begin(), s.gates.end(),
                                        [](const GateResult& g) { return !g.passed; });
      // Words, not emoji, in a table cell: a renderer without an emoji font shows a box.
      gates = failed == 0 ? fmt::format("{} passed", s.gates.size())
                          : fmt::format("FAILED: {} of {}", failed, s.gates.size());
    } else if (!report.baseline.empty()) {
      gates = "not in baseline";
    }
    const bool optimal = s.plan.status == PlanStatus::kOptimal;
    t.add_row({s.plan.scenario,
               optimal ? format_usd(s.plan.objective_usd) : std::string(to_string(s.plan.status)),
               optimal ? format_usd(cost) : "—",
               s.reference && optimal ? usd_change(cost, cost_per_year_usd(*s.reference)) : "—",
               optimal ? tokens(s.figures.unmet_tokens) : "—",
               optimal ? provider_mix(s.figures) : "—",
               !optimal                 ? "—"
               : s.plan.verification.ok ? "yes"
                                        : "NO",
               gates});
  }
  out += render_markdown(t);
  return out;
}

std::string cost_per_year_table(const Report& report) {
  std::vector<int> years;
  for (const ReportScenario& s : report.scenarios)
    for (const YearFigures& y : s.figures.years)
      if (std::find(years.begin(), years.end(), y.year) == years.end()) years.push_back(y.year);
  std::sort(years.begin(), years.end());
  TextTable t;
  t.add_column("scenario");
  for (int y : years) t.add_column(std::to_string(y), true);
  for (const ReportScenario& s : report.scenarios) {
    std::vector<std::string> row = {s.plan.scenario};
    for (int y : years) {
      const auto it = std::find_if(s.figures.years.begin(), s.figures.years.end(),
                                   [y](const YearFigures& f) { return f.year == y; });
      if (it == s.figures.years.end()) {
        row.push_back("—");
        continue;
      }
      std::string cell = format_usd(it->cost_usd);
      if (s.reference) {
        const auto r = std::find_if(s.reference->years.begin(), s.reference->years.end(),
                                    [y](const YearFigures& f) { return f.year == y; });
        if (r != s.reference->years.end())
          cell += " (" + percent_change(it->cost_usd, r->cost_usd) + ")";
      }
      row.push_back(cell);
    }
    t.add_row(std::move(row));
  }
  return split_markdown(t, 1);
}

std::string cost_chart(const Report& report) {
  std::string names, values;
  double top = 0;
  for (const ReportScenario& s : report.scenarios) {
    if (s.plan.status != PlanStatus::kOptimal) continue;
    const double cost = cost_per_year_usd(s.figures) / 1e9;
    top = std::max(top, cost);
    names += (names.empty() ? "" : ", ") + ("\"" + label(s.plan.scenario) + "\"");
    values += (values.empty() ? "" : ", ") + number(cost, 2);
  }
  if (names.empty()) return "";
  return fmt::format(
      "```mermaid\nxychart-beta\n  title \"Cost per year ($B)\"\n  x-axis [{}]\n"
      "  y-axis \"$B per year\" 0 --> {}\n  bar [{}]\n```\n",
      names, number(std::ceil(top * 1.1), 0), values);
}

// A pie of the providers' shares of served capacity over the horizon (plan_figures): GitHub's
// mermaid labels pie slices, where an xychart's lines have no legend and 30 period labels run
// into each other.
std::string share_chart(const Plan& plan, const PlanFigures& figures) {
  std::string slices;
  for (const auto& [provider, share] : figures.provider_share_fraction)
    if (share >= 0.005)
      slices += fmt::format("  \"{}\" : {}\n", label(provider), number(share * 100.0, 1));
  if (slices.empty() || plan.periods.empty()) return "";
  return fmt::format("```mermaid\npie title Provider share of served capacity (%), {}..{}\n{}```\n",
                     plan.periods.front().period, plan.periods.back().period, slices);
}

// Each deal of the plan: what to do, how many MW, what it costs and saves, and up to what
// price it still pays.
std::string deals_table(const Plan& plan) {
  const std::vector<const OptionResult*> ds = deals(plan);
  if (ds.empty()) return "";
  TextTable t;
  t.add_column("deal");
  t.add_column("provider");
  t.add_column("decision");
  t.add_column("MW (of max)", true);
  t.add_column("cost", true);
  t.add_column("value", true);
  t.add_column("break-even price", true);
  for (const OptionResult* d : ds)
    t.add_row({d->id, d->provider, deal_decision(*d), deal_mw(*d), format_usd(d->cost_usd),
               deal_value(*d), deal_breakeven(*d)});
  return "Deals to decide:\n\n" + render_markdown(t) +
         "\n<sub>value: what the plan saves with the deal allowed; break-even: the largest factor "
         "on all its prices at which it still saves; cost: reservation, signing and usage of its "
         "offerings.</sub>\n\n";
}

// The fleet per provider and accelerator, one column per year: average chips over the year
// and, in brackets, the chips added during it (plan_figures). Rows with no chips are left out.
std::string fleet_table(const PlanFigures& figures) {
  const std::vector<FleetLine> lines = fleet_lines(figures);
  if (lines.empty()) return "";
  TextTable t;
  t.add_column("provider");
  t.add_column("accelerator");
  for (const YearFigures& y : figures.years) t.add_column(std::to_string(y.year), true);
  for (const FleetLine& line : lines) {
    std::vector<std::string> row = {line.provider, line.accelerator};
    for (const auto& [chips, added] : line.years)
      row.push_back(format_count(chips) +
                    (added >= 0.5 ? " (+" + format_count(added) + ")" : std::string()));
    t.add_row(std::move(row));
  }
  return "Fleet: average chips over the year (chips added during the year):\n\n" +
         split_markdown(t, 2) + "\n";
}

// Per lost provider: the worst slice's servable fraction and what the rule costs.
std::string survive_table(const Plan& plan, const PlanFigures& figures) {
  if (plan.survive.empty()) return "";
  TextTable sv;
  sv.add_column("provider lost");
  sv.add_column("worst slice");
  sv.add_column("period");
  sv.add_column("servable", true);
  sv.add_column("headroom cost", true);
  for (const SurviveLoss& l : plan.survive)
    sv.add_row({l.lost, l.worst_slice, l.worst_period,
                format_percent(l.servable_fraction) + (below_rule(plan, l) ? " (below)" : ""),
                format_usd(l.headroom_usd)});
  std::string out = "Survive the loss of a provider: " + survive_rule(plan) +
                    ". Per provider lost, the worst slice and period:\n\n" + render_markdown(sv) +
                    "\n";
  out +=
      "<sub>servable: the share of that slice's peak the other providers' fleet carries; "
      "(below): under the rule, the shortfall is priced";
  if (figures.shortfall_usd >= 0.5)
    out += " (" + format_usd(figures.shortfall_usd) + " over the horizon)";
  out += "; headroom cost: what the rule costs at the margin.</sub>\n\n";
  return out;
}

std::string scenario_section(const Report& report, const ReportScenario& s,
                             const std::set<std::string>& providers) {
  const Plan& plan = s.plan;
  const bool optimal = plan.status == PlanStatus::kOptimal;
  std::string head = "<b>" + plan.scenario + "</b>";
  if (optimal) {
    const double cost = cost_per_year_usd(s.figures);
    head += " · " + format_usd(cost) + " / year";
    if (s.reference) head += " (" + percent_change(cost, cost_per_year_usd(*s.reference)) + ")";
    head += " · unmet " + tokens(s.figures.unmet_tokens);
    for (const OptionResult* d : deals(plan))
      head += " · " + std::string(d->is_signed ? "sign " : "do not sign ") + d->id;
  } else {
    head += std::string(" · ") + to_string(plan.status);
  }
  if (report.gates_checked() > 0 && !s.gates.empty())
    head +=
        std::none_of(s.gates.begin(), s.gates.end(), [](const GateResult& g) { return !g.passed; })
            ? " · gates passed"
            : " · ❌ gates failed";
  std::string out = "<details>\n<summary>" + head + "</summary>\n\n";
  out += status_words(plan) + "; objective " + format_usd(plan.objective_usd);
  if (plan.integer)
    out += fmt::format("; integer mode, gap {:.3f}%{}", 100.0 * plan.mip_gap,
                       plan.proven_optimal ? "" : " (NOT proven optimal: time limit)");
  out += s.reference ? "; deltas against " + s.reference_name + ".\n\n" : ".\n\n";
  for (const std::string& f : plan.verification.failures)
    out += "- verification failed: " + f + "\n";
  if (!plan.verification.failures.empty()) out += "\n";
  if (optimal) out += deals_table(plan);

  if (!s.gates.empty()) {
    TextTable g;
    g.add_column("gate");
    g.add_column("limit", true);
    g.add_column("value", true);
    g.add_column("result");
    for (const GateResult& r : s.gates) {
      const std::string unit = r.unit == "percent"        ? "%"
                               : r.unit == "pp"           ? " pp"
                               : r.unit == "mw"           ? " MW"
                               : r.unit == "tokens_per_s" ? " tokens/s"
                                                          : "";
      g.add_row({"`" + r.name + "`", fmt::format("{}{}", r.limit, unit),
                 std::isfinite(r.value) ? format_grouped(r.value, 2) + unit : "from nothing",
                 r.passed ? "passed" : "FAILED: " + r.message});
    }
    out += "Gates against the baseline:\n\n" + render_markdown(g) + "\n";
  }
  if (optimal) {
    TextTable y;
    y.add_column("year");
    y.add_column("cost", true);
    y.add_column(s.reference ? "Δ cost" : "stranded", true);
    y.add_column("$/Mtok served", true);
    y.add_column("unmet", true);
    y.add_column("avg MW", true);
    y.add_column("avg chips", true);
    for (const YearFigures& f : s.figures.years) {
      std::string delta = format_usd(f.stranded_usd);
      if (s.reference) {
        delta = "new year";
        for (const YearFigures& r : s.reference->years)
          if (r.year == f.year) delta = usd_change(f.cost_usd, r.cost_usd);
      }
      y.add_row({std::to_string(f.year), format_usd(f.cost_usd), delta,
                 fmt::format("{:.3f}", f.usd_per_mtok), tokens(f.unmet_tokens),
                 format_count(f.power_mw_avg), format_count(f.chips_avg)});
    }
    out += "Per year:\n\n" + render_markdown(y) + "\n";

    TextTable share;
    share.add_column("year");
    for (const std::string& p : providers) share.add_column(p, true);
    for (const YearFigures& f : s.figures.years) {
      std::vector<std::string> row = {std::to_string(f.year)};
      for (const std::string& p : providers) {
        const auto it = f.providers.find(p);
        row.push_back(format_percent(it == f.providers.end() ? 0.0 : it->second.share_fraction));
      }
      share.add_row(std::move(row));
    }
    out += "Provider share of served capacity:\n\n" + split_markdown(share, 1) + "\n";
    out += share_chart(plan, s.figures) + "\n";
    out += fleet_table(s.figures);
    out += survive_table(plan, s.figures);

    if (!plan.unmet_explanations.empty()) {
      TextTable u;
      u.add_column("period");
      u.add_column("slice");
      u.add_column("mean tokens/s", true);
      u.add_column("short MW", true);
      u.add_column("why");
      const std::size_t shown = std::min<std::size_t>(plan.unmet_explanations.size(), 10);
      for (std::size_t i = 0; i < shown; ++i) {
        const UnmetExplanation& e = plan.unmet_explanations[i];
        u.add_row(
            {e.period, e.slice, format_count(e.tokens_per_s), format_count(e.short_mw), e.reason});
      }
      out += fmt::format("Unmet demand ({} of {} period-slices; all in {}-unmet.csv):\n\n", shown,
                         plan.unmet_explanations.size(), report_plan_stem(plan.scenario));
      out += render_markdown(u) + "\n";
    }
    TextTable st;
    st.add_column("commitment");
    st.add_column("year");
    st.add_column("kind");
    st.add_column("unused", true);
    st.add_column("of", true);
    for (const CommitmentYear& c : plan.commitments)
      if (c.stranded_usd >= 0.5)
        st.add_row({c.id, std::to_string(c.year), "min spend", format_usd(c.stranded_usd),
                    format_usd(c.min_spend_usd)});
    for (const CommitmentPower& c : plan.commitment_power)
      if (c.stranded_mw_avg >= 0.5)
        st.add_row({c.id, std::to_string(c.year), "power (avg MW)", format_count(c.stranded_mw_avg),
                    format_count(c.limit_mw_avg)});
    if (!st.rows.empty())
      out += "Stranded commitments (paid or secured, unused):\n\n" + render_markdown(st) + "\n";
  }
  out += fmt::format(
      "Files: [{0}.json]({0}.json) · [{0}.csv]({0}.csv) · "
      "[{0}-periods.csv]({0}-periods.csv) · [{0}-unmet.csv]({0}-unmet.csv)\n",
      report_plan_stem(plan.scenario));
  return out + "\n</details>\n\n";
}

}  // namespace

std::string render_report_markdown(const Report& report) {
  std::string out = "# capplan planning report\n\n";
  std::string scenarios;
  for (const ReportScenario& s : report.scenarios)
    scenarios += (scenarios.empty() ? "" : ", ") + s.plan.scenario;
  const std::size_t failed = report.gates_failed();
  out += fmt::format("**{}{}** · {} · {}\n\n",
                     failed > 0                   ? "❌ "
                     : report.gates_checked() > 0 ? "✅ "
                                                  : "",
                     gates_words(report), scenarios, horizon_words(report));
  if (failed > 0) {
    for (const ReportScenario& s : report.scenarios)
      for (const GateResult& g : s.gates)
        if (!g.passed) out += "- **" + s.plan.scenario + "**: " + g.message + "\n";
    out += "\n";
  }
  if (const std::string lead = headline(report); !lead.empty()) out += lead + "\n\n";
  if (const ReportScenario* d = deal_scenario(report); d != nullptr) {
    out += d == &report.scenarios.front()
               ? "**Deals to decide:**\n\n"
               : "**Deals to decide** (in " + d->plan.scenario + "):\n\n";
    for (const OptionResult* o : deals(d->plan)) out += "- " + deal_sentence(*o) + "\n";
    out += "\n";
  }
  out += summary(report) + "\n";
  out +=
      "<sub>Objective: the least cost over the horizon (usage, stranded take-or-pay, unmet "
      "penalty); "
      "cost / year is that cost per 12 months. ";
  out += report.baseline.empty()
             ? "Deltas are against " +
                   (report.scenarios.empty() ? std::string("the first scenario")
                                             : report.scenarios.front().plan.scenario) +
                   ".</sub>\n\n"
             : "Deltas are against the same scenario in " + report.baseline + ".</sub>\n\n";
  if (!report.baseline_only.empty()) {
    out += "In the baseline but not planned now:";
    for (const std::string& s : report.baseline_only) out += " " + s;
    out += "\n\n";
  }
  out += "## Cost per year\n\n" + cost_per_year_table(report) + "\n" + cost_chart(report) + "\n";
  out += "## Scenarios\n\n";
  const std::set<std::string> all_providers = providers(report);
  for (const ReportScenario& s : report.scenarios)
    out += scenario_section(report, s, all_providers);
  out += "Charts and sortable tables: report.html. Data: compare.json, manifest.json";
  if (!report.generated_at.empty()) out += "; generated " + report.generated_at;
  out += fmt::format("; capplan {}.\n", report.capplan_version);
  return out;
}

}  // namespace capplan
