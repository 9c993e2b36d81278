// capplan sweep, rendering: a header naming each --set and what its dual means, then one row
// per point as an aligned table, markdown or CSV; JSON is the shard file format.
#include <fmt/format.h>

#include <cmath>
#include <ostream>

#include "capplan/render.hpp"
#include "capplan/sweep.hpp"
#include "json_util.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

std::string table_dual(const char* unit, double v) {
  if (std::string(unit) == "chip_hours") return format_count(v);
  return format_usd(v);
}

const char* unit_label(const std::string& unit) {
  if (unit == "usd_per_pp") return "$/pp";
  if (unit == "usd_per_mw") return "$/MW";
  if (unit == "chip_hours") return "chip-h";
  return "";
}

// What the dual of an axis means, in one line.
std::string dual_meaning(const SweepAxis& a) {
  const int step = a.dual_step();
  const std::string scope = step < 0 ? "" : fmt::format(" in the months step {} is in force", step);
  switch (a.dual_kind()) {
    case SweepDualKind::kShareMax:
      return "dual: USD saved per percentage point the max share is raised, summed over periods";
    case SweepDualKind::kShareMin:
      return "dual: USD saved per percentage point the min share is lowered, summed over periods";
    case SweepDualKind::kRegionPower:
    case SweepDualKind::kCommitmentPower:
      return "dual: USD saved per MW more" + scope + " (USD per MW-month summed over months)";
    case SweepDualKind::kPrice:
      return "dual: chip-hours used" + scope +
             " = USD more per $1/chip-hour more (under take-or-pay: none when a year's usage is at "
             "its minimum)";
    case SweepDualKind::kNone:
      break;
  }
  return "no dual (not a limit the plan reports one for)";
}

std::vector<std::size_t> dual_axes(const SweepSpec& spec) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < spec.axes.size(); ++i)
    if (spec.axes[i].dual_kind() != SweepDualKind::kNone) out.push_back(i);
  return out;
}

std::string header_text(const SweepResult& result, bool markdown) {
  std::size_t optimal = 0;
  for (const SweepRow& row : result.rows) optimal += row.status == PlanStatus::kOptimal ? 1 : 0;
  std::string out = fmt::format("{}capplan sweep: {}, {} points ({} optimal, {} infeasible)\n",
                                markdown ? "# " : "", result.scenario, result.spec.point_count(),
                                optimal, result.rows.size() - optimal);
  if (markdown) out += "\n";
  for (std::size_t i = 0; i < result.spec.axes.size(); ++i) {
    const SweepAxis& a = result.spec.axes[i];
    out += fmt::format("{}set {}: {} from {} to {} step {} ({} values); {}\n", markdown ? "- " : "",
                       i + 1, a.target(), format_number(a.from), format_number(a.to),
                       format_number(a.step), a.size(), dual_meaning(a));
  }
  return out + "\n";
}

TextTable human_table(const SweepResult& result) {
  const SweepSpec& spec = result.spec;
  const std::vector<std::size_t> duals = dual_axes(spec);
  TextTable t;
  t.add_column("point", true);
  for (std::size_t i = 0; i < spec.axes.size(); ++i)
    t.add_column(spec.axes.size() == 1 ? spec.axes[i].pointer
                                       : fmt::format("{}: {}", i + 1, spec.axes[i].pointer),
                 true);
  t.add_column("status");
  t.add_column("objective $M", true);
  t.add_column("unmet Ttok", true);
  for (const std::string& p : result.providers) t.add_column(p, true, "share");
  for (const std::size_t i : duals) {
    const std::string unit = unit_label(spec.axes[i].dual_unit());
    t.add_column(duals.size() == 1 ? unit : fmt::format("{}: {}", i + 1, unit), true, "dual");
  }
  const std::string absent = "—";
  for (const SweepRow& row : result.rows) {
    std::vector<std::string> cells = {std::to_string(row.point)};
    for (const double v : row.values) cells.push_back(format_number(v));
    cells.push_back(to_string(row.status));
    cells.push_back(row.objective_usd ? format_grouped(*row.objective_usd / 1e6, 2) : absent);
    cells.push_back(row.unmet_tokens ? format_grouped(*row.unmet_tokens / 1e12, 3) : absent);
    for (const std::string& p : result.providers) {
      const auto it = row.share_fractions.find(p);
      cells.push_back(it == row.share_fractions.end() ? absent : format_percent(it->second));
    }
    for (const std::size_t i : duals)
      cells.push_back(row.duals[i] ? table_dual(spec.axes[i].dual_unit(), *row.duals[i]) : absent);
    t.add_row(std::move(cells));
  }
  return t;
}

std::string csv_number(const std::optional<double>& v) { return v ? format_number(*v) : ""; }

TextTable csv_table(const SweepResult& result) {
  const SweepSpec& spec = result.spec;
  const std::vector<std::size_t> duals = dual_axes(spec);
  TextTable t;
  t.add_column("point");
  for (const SweepAxis& a : spec.axes) t.add_column(a.target());
  t.add_column("status");
  t.add_column("objective_usd");
  t.add_column("unmet_tokens");
  for (const std::string& p : result.providers) t.add_column("share_" + p);
  for (const std::size_t i : duals)
    t.add_column(fmt::format("dual_{}:{}", spec.axes[i].dual_unit(), spec.axes[i].target()));
  for (const SweepRow& row : result.rows) {
    std::vector<std::string> cells = {std::to_string(row.point)};
    for (const double v : row.values) cells.push_back(format_number(v));
    cells.push_back(to_string(row.status));
    cells.push_back(csv_number(row.objective_usd));
    cells.push_back(csv_number(row.unmet_tokens));
    for (const std::string& p : result.providers) {
      const auto it = row.share_fractions.find(p);
      cells.push_back(it == row.share_fractions.end() ? "" : format_number(it->second));
    }
    for (const std::size_t i : duals) cells.push_back(csv_number(row.duals[i]));
    t.add_row(std::move(cells));
  }
  return t;
}

}  // namespace

void render_sweep(const SweepResult& result, Format format, std::ostream& out) {
  switch (format) {
    case Format::kJson:
      out << sweep_to_json(result);
      return;
    case Format::kCsv:
      out << render_csv(csv_table(result));
      return;
    case Format::kMarkdown:
      out << header_text(result, true) << render_markdown(human_table(result));
      return;
    case Format::kTable:
      out << header_text(result, false) << render_aligned(human_table(result));
      return;
  }
}

}  // namespace capplan
