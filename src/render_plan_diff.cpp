// The renderings of a PlanDiff (see capplan/plan_diff.hpp): table and markdown for people,
// JSON (schema capplan.diff/v1) and long-form CSV for tools.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

#include "capplan/plan_diff.hpp"
#include "capplan/render.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

using ojson = nlohmann::ordered_json;

const char* const kInputKinds[] = {"catalog", "demand", "policy"};  // in the JSON's order
constexpr std::size_t kShiftsShown = 10;

// --- Formatting ----------------------------------------------------------------------------

// `magnitude` (already formatted, no sign) with the sign of `delta`; no sign when it shows 0.
std::string signed_text(const std::string& magnitude, double delta) {
  const bool nonzero = magnitude.find_first_of("123456789") != std::string::npos;
  if (!nonzero) return magnitude;
  return (delta < 0 ? "-" : "+") + magnitude;
}

std::string fixed(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

// Tokens/s in a message: whole numbers with separators, small values to 3 significant digits.
std::string tokens_amount(double tokens_per_s) {
  if (std::fabs(tokens_per_s) >= 100) return format_grouped(tokens_per_s, 0);
  return fmt::format("{:.3g}", tokens_per_s);
}

const char* change_name(InputChange c) {
  switch (c) {
    case InputChange::kSame:
      return "same";
    case InputChange::kChanged:
      return "changed";
    case InputChange::kUnknown:
      break;
  }
  return "unknown";
}

// --- Text and markdown ---------------------------------------------------------------------

using Cell = std::string (*)(double);

std::string usd_cell(double v) { return format_usd(v); }
std::string usd_delta(double d) { return signed_text(format_usd(std::fabs(d)), d); }
std::string mtok_cell(double v) { return fixed(v, 3); }
std::string mtok_delta(double d) { return signed_text(fixed(std::fabs(d), 3), d); }
std::string ttok_cell(double v) { return format_grouped(v / 1e12, 1); }
std::string ttok_delta(double d) { return signed_text(format_grouped(std::fabs(d) / 1e12, 1), d); }
std::string pct_cell(double v) { return fixed(v, 1) + "%"; }
std::string pp_delta(double d) { return signed_text(fixed(std::fabs(d), 1), d); }
std::string count_cell(double v) { return format_count(v); }
std::string count_delta(double d) { return signed_text(format_count(std::fabs(d)), d); }

// base, new and Δ cells of one value; "—" for an absent side.
void add_cells(std::vector<std::string>* row, const DiffValue& v, Cell value, Cell delta) {
  row->push_back(v.base ? value(*v.base) : "—");
  row->push_back(v.next ? value(*v.next) : "—");
  row->push_back(delta(v.delta()));
}

void add_group(TextTable* t, const std::string& group) {
  t->add_column("base", true, group);
  t->add_column("new", true, group);
  t->add_column("Δ", true, group);
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

// A header line: a list item in markdown, so that lines stay lines.
void line(std::ostream& out, bool md, const std::string& text) {
  out << (md ? "- " : "") << text << "\n";
}

std::string side_label(const PlanSide& s) {
  return fmt::format("{} (scenario {})", s.file, s.scenario);
}

std::string inputs_line(const PlanDiff& diff) {
  auto change = [&diff](const char* kind) {
    const auto it = diff.inputs.find(kind);
    return it == diff.inputs.end() ? InputChange::kUnknown : it->second;
  };
  std::string text = "inputs: catalog ";
  text += change("catalog") == InputChange::kChanged ? "CHANGED" : change_name(change("catalog"));
  text += fmt::format("; demand {}, policy {}", change_name(change("demand")),
                      change_name(change("policy")));
  text += " (changes to demand and policy are what a change under review is expected to make)";
  return text;
}

std::string period_list(const std::vector<std::string>& periods) {
  std::string text;
  for (std::size_t i = 0; i < periods.size(); ++i) text += (i ? ", " : "") + periods[i];
  return text;
}

void render_header(const PlanDiff& diff, std::ostream& out, bool md) {
  out << (md ? "# " : "") << "capplan diff: " << side_label(diff.next) << " against "
      << side_label(diff.base) << ", new minus base\n";
  if (md) out << "\n";
  line(out, md, inputs_line(diff));
  for (const PlanSide* s : {&diff.base, &diff.next}) {
    if (s->status != PlanStatus::kOptimal)
      line(out, md,
           fmt::format("warning: {} has status {}: its figures are not an optimal plan", s->file,
                       to_string(s->status)));
    else if (!s->verified)
      line(out, md, fmt::format("warning: {} failed its verification", s->file));
  }
  if (diff.common_periods.empty()) {
    line(out, md, "periods: none in common");
  } else {
    line(out, md,
         fmt::format("periods: {} in common, {}..{}", diff.common_periods.size(),
                     diff.common_periods.front(), diff.common_periods.back()));
  }
  if (!diff.only_in_base.empty())
    line(out, md,
         fmt::format("only in {} (not compared): {}", diff.base.file,
                     period_list(diff.only_in_base)));
  if (!diff.only_in_next.empty())
    line(out, md,
         fmt::format("only in {} (not compared): {}", diff.next.file,
                     period_list(diff.only_in_next)));
  std::string objective = fmt::format(
      "objective: {} → {}, {}", format_usd(diff.objective_usd.base.value_or(0)),
      format_usd(diff.objective_usd.next.value_or(0)), usd_delta(diff.objective_usd.delta()));
  if (diff.objective_change_pct)
    objective += fmt::format(" ({})", signed_text(fixed(std::fabs(*diff.objective_change_pct), 2),
                                                  *diff.objective_change_pct) +
                                          "%");
  if (diff.common_periods.size() != diff.base.periods ||
      diff.common_periods.size() != diff.next.periods)
    objective += " over each plan's own periods";
  line(out, md, objective);
}

void render_diff_text(const PlanDiff& diff, std::ostream& out, bool md) {
  render_header(diff, out, md);

  heading(out, md, "Per year (over the common periods)");
  TextTable years;
  years.add_column("year");
  years.add_column("months", true);
  add_group(&years, "cost");
  add_group(&years, "$/Mtok");
  add_group(&years, "unmet Ttok");
  for (const YearDiff& y : diff.years) {
    std::vector<std::string> row = {std::to_string(y.year), std::to_string(y.months)};
    add_cells(&row, y.cost_usd, usd_cell, usd_delta);
    add_cells(&row, y.usd_per_mtok, mtok_cell, mtok_delta);
    add_cells(&row, y.unmet_tokens, ttok_cell, ttok_delta);
    years.add_row(std::move(row));
  }
  if (years.rows.empty())
    out << "none\n";
  else
    emit(out, md, years);

  heading(out, md, "Per year and provider (averages over the year's common months)");
  TextTable providers;
  providers.add_column("year");
  providers.add_column("provider");
  providers.add_column("base", true, "share");
  providers.add_column("new", true, "share");
  providers.add_column("Δ pp", true, "share");
  add_group(&providers, "MW used");
  add_group(&providers, "chips");
  for (const YearDiff& y : diff.years) {
    for (const auto& [id, p] : y.providers) {
      std::vector<std::string> row = {std::to_string(y.year), id};
      add_cells(&row, p.share_pct, pct_cell, pp_delta);
      add_cells(&row, p.power_mw_avg, count_cell, count_delta);
      add_cells(&row, p.chips_avg, count_cell, count_delta);
      providers.add_row(std::move(row));
    }
  }
  if (providers.rows.empty())
    out << "none\n";
  else
    emit(out, md, providers);

  heading(out, md, "Largest change in one period");
  const PeriodExtreme& drift = diff.max_share_drift;
  line(out, md,
       drift.period.empty()
           ? std::string("share: no provider's share moved")
           : fmt::format(
                 "share: {} {} pp in {} ({}% → {}%)", drift.provider,
                 signed_text(fixed(std::fabs(drift.next - drift.base), 1), drift.next - drift.base),
                 drift.period, fixed(drift.base, 1), fixed(drift.next, 1)));
  const PeriodExtreme& power = diff.max_power_increase;
  line(out, md,
       power.period.empty()
           ? std::string("power: no common period")
           : fmt::format("power: {} MW in {} ({} → {} MW){}",
                         signed_text(format_grouped(std::fabs(power.value), 1), power.value),
                         power.period, format_grouped(power.base, 1), format_grouped(power.next, 1),
                         power.value < 0 ? ", the smallest decrease" : ""));
  const PeriodExtreme& unmet = diff.max_unmet;
  line(out, md,
       unmet.period.empty()
           ? fmt::format("unmet: none in {}", diff.next.file)
           : fmt::format("unmet: {} tokens/s in {} of {}", tokens_amount(unmet.value), unmet.period,
                         diff.next.file));

  heading(out, md, "Stranded commitments (paid or secured, unused)");
  TextTable stranded;
  stranded.add_column("commitment");
  stranded.add_column("year");
  stranded.add_column("kind");
  add_group(&stranded, "unused");
  for (const CommitmentDiff& c : diff.commitments) {
    if (std::max(std::fabs(c.stranded.base.value_or(0)), std::fabs(c.stranded.next.value_or(0))) <
        0.5)
      continue;
    std::vector<std::string> row = {c.id, std::to_string(c.year),
                                    c.kind == "power" ? "power (avg MW)" : "min spend"};
    if (c.kind == "power")
      add_cells(&row, c.stranded, count_cell, count_delta);
    else
      add_cells(&row, c.stranded, usd_cell, usd_delta);
    stranded.add_row(std::move(row));
  }
  if (stranded.rows.empty())
    out << "none in either plan\n";
  else
    emit(out, md, stranded);

  heading(out, md,
          fmt::format("Largest allocation shifts (average chips over the {} common periods, top "
                      "{})",
                      diff.common_periods.size(), kShiftsShown));
  TextTable shifts;
  shifts.add_column("offering");
  shifts.add_column("provider");
  shifts.add_column("accelerator");
  add_group(&shifts, "chips");
  for (std::size_t i = 0; i < diff.shifts.size() && i < kShiftsShown; ++i) {
    const OfferingShift& s = diff.shifts[i];
    std::vector<std::string> row = {s.offering, s.provider, s.accelerator};
    add_cells(&row, s.chips_avg, count_cell, count_delta);
    shifts.add_row(std::move(row));
  }
  if (shifts.rows.empty()) {
    out << "none: every offering runs the same average chips\n";
  } else {
    emit(out, md, shifts);
    if (diff.shifts.size() > kShiftsShown)
      out << fmt::format("({} offerings moved in all; --format json lists every one)\n",
                         diff.shifts.size());
  }
}

// --- JSON ----------------------------------------------------------------------------------

// Values below 1e-9 in magnitude are written as 0, as in plan JSON.
double num(double v) { return std::fabs(v) < 1e-9 ? 0.0 : v; }

ojson optional_number(const std::optional<double>& v) {
  return v ? ojson(num(*v)) : ojson(nullptr);
}

ojson value_json(const DiffValue& v) {
  return {{"base", optional_number(v.base)},
          {"new", optional_number(v.next)},
          {"delta", num(v.delta())}};
}

ojson side_json(const PlanSide& s) {
  return {{"file", s.file},
          {"scenario", s.scenario},
          {"status", to_string(s.status)},
          {"verified", s.verified},
          {"periods", s.periods},
          {"first_period", s.first_period},
          {"last_period", s.last_period}};
}

ojson period_or_null(const std::string& period) {
  return period.empty() ? ojson(nullptr) : ojson(period);
}

void render_diff_json(const PlanDiff& diff, const std::vector<GateResult>& gates,
                      std::ostream& out) {
  ojson j;
  j["schema"] = "capplan.diff/v1";
  j["base"] = side_json(diff.base);
  j["new"] = side_json(diff.next);
  ojson inputs = ojson::object();
  for (const char* kind : kInputKinds) {
    const auto it = diff.inputs.find(kind);
    inputs[kind] = change_name(it == diff.inputs.end() ? InputChange::kUnknown : it->second);
  }
  j["inputs"] = inputs;
  j["periods"] = {
      {"common", diff.common_periods.size()},
      {"first", diff.common_periods.empty() ? ojson(nullptr) : ojson(diff.common_periods.front())},
      {"last", diff.common_periods.empty() ? ojson(nullptr) : ojson(diff.common_periods.back())},
      {"only_in_base", diff.only_in_base},
      {"only_in_new", diff.only_in_next}};
  ojson objective = value_json(diff.objective_usd);
  objective["change_pct"] = optional_number(diff.objective_change_pct);
  j["objective_usd"] = objective;
  j["common_cost_usd"] = value_json(diff.common_cost_usd);
  ojson years = ojson::array();
  for (const YearDiff& y : diff.years) {
    ojson providers = ojson::object();
    for (const auto& [id, p] : y.providers)
      providers[id] = {{"share_pct", value_json(p.share_pct)},
                       {"power_mw_avg", value_json(p.power_mw_avg)},
                       {"chips_avg", value_json(p.chips_avg)}};
    years.push_back({{"year", y.year},
                     {"months", y.months},
                     {"cost_usd", value_json(y.cost_usd)},
                     {"usd_per_mtok", value_json(y.usd_per_mtok)},
                     {"unmet_tokens", value_json(y.unmet_tokens)},
                     {"providers", providers}});
  }
  j["years"] = years;
  ojson commitments = ojson::array();
  for (const CommitmentDiff& c : diff.commitments) {
    commitments.push_back({{"id", c.id},
                           {"provider", c.provider},
                           {"year", c.year},
                           {"kind", c.kind},
                           {"unit", c.kind == "power" ? "mw_avg" : "usd"},
                           {"base", optional_number(c.stranded.base)},
                           {"new", optional_number(c.stranded.next)},
                           {"delta", num(c.stranded.delta())}});
  }
  j["stranded_commitments"] = commitments;
  ojson shifts = ojson::array();
  for (const OfferingShift& s : diff.shifts) {
    shifts.push_back({{"offering", s.offering},
                      {"provider", s.provider},
                      {"accelerator", s.accelerator},
                      {"base", optional_number(s.chips_avg.base)},
                      {"new", optional_number(s.chips_avg.next)},
                      {"delta", num(s.chips_avg.delta())}});
  }
  j["allocation_shifts"] = shifts;
  const PeriodExtreme& drift = diff.max_share_drift;
  const PeriodExtreme& power = diff.max_power_increase;
  const PeriodExtreme& unmet = diff.max_unmet;
  j["extremes"] = {{"max_share_drift_pp",
                    {{"period", period_or_null(drift.period)},
                     {"provider", drift.period.empty() ? ojson(nullptr) : ojson(drift.provider)},
                     {"base_pct", num(drift.base)},
                     {"new_pct", num(drift.next)},
                     {"value", num(drift.value)}}},
                   {"max_power_increase_mw",
                    {{"period", period_or_null(power.period)},
                     {"base", num(power.base)},
                     {"new", num(power.next)},
                     {"value", num(power.value)}}},
                   {"max_unmet_tokens_per_s",
                    {{"period", period_or_null(unmet.period)}, {"value", num(unmet.value)}}}};
  ojson gate_list = ojson::array();
  for (const GateResult& g : gates)
    gate_list.push_back({{"gate", g.name},
                         {"unit", g.unit},
                         {"limit", num(g.limit)},
                         {"value", num(g.value)},
                         {"passed", g.passed}});
  j["gates"] = gate_list;
  out << j.dump(2) << "\n";
}

// --- CSV -----------------------------------------------------------------------------------

std::string csv_number(const std::optional<double>& v) {
  return v ? fmt::format("{}", num(*v)) : std::string();
}

void add_csv_row(TextTable* t, const std::string& metric, const std::string& year,
                 const std::string& provider, const DiffValue& v) {
  t->add_row(
      {metric, year, provider, csv_number(v.base), csv_number(v.next), csv_number(v.delta())});
}

void render_diff_csv(const PlanDiff& diff, std::ostream& out) {
  TextTable t;
  for (const char* header : {"metric", "year", "provider", "base", "new", "delta"})
    t.add_column(header);
  add_csv_row(&t, "objective_usd", "", "", diff.objective_usd);
  for (const YearDiff& y : diff.years) {
    const std::string year = std::to_string(y.year);
    add_csv_row(&t, "cost_usd", year, "", y.cost_usd);
    add_csv_row(&t, "usd_per_mtok", year, "", y.usd_per_mtok);
    add_csv_row(&t, "unmet_tokens", year, "", y.unmet_tokens);
    for (const auto& [id, p] : y.providers) {
      add_csv_row(&t, "share_pct", year, id, p.share_pct);
      add_csv_row(&t, "power_mw_avg", year, id, p.power_mw_avg);
      add_csv_row(&t, "chips_avg", year, id, p.chips_avg);
    }
  }
  for (const CommitmentDiff& c : diff.commitments)
    add_csv_row(&t, (c.kind == "power" ? "stranded_mw_avg:" : "stranded_usd:") + c.id,
                std::to_string(c.year), c.provider, c.stranded);
  for (const OfferingShift& s : diff.shifts)
    add_csv_row(&t, "offering_chips_avg:" + s.offering, "", s.provider, s.chips_avg);
  out << render_csv(t);
}

}  // namespace

void render_plan_diff(const PlanDiff& diff, Format format, std::ostream& out,
                      const std::vector<GateResult>& gates) {
  switch (format) {
    case Format::kJson:
      render_diff_json(diff, gates, out);
      break;
    case Format::kCsv:
      render_diff_csv(diff, out);
      break;
    case Format::kTable:
      render_diff_text(diff, out, false);
      break;
    case Format::kMarkdown:
      render_diff_text(diff, out, true);
      break;
  }
}

}  // namespace capplan
