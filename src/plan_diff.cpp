// Deltas between two plans (see capplan/plan_diff.hpp), their gates and their renderings.
#include "capplan/plan_diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "capplan/plan_figures.hpp"
#include "numeric.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

using ojson = nlohmann::ordered_json;

const char* const kInputKinds[] = {"catalog", "demand", "policy"};

// Offerings whose average chips moved by less than this are not shifts (solver round-off).
constexpr double kShiftEpsilonChips = 1e-6;
constexpr std::size_t kShiftsShown = 10;

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

// --- Formatting ----------------------------------------------------------------------------

// `magnitude` (already formatted, no sign) with the sign of `delta`; no sign when it shows 0.
std::string signed_text(const std::string& magnitude, double delta) {
  const bool nonzero = magnitude.find_first_of("123456789") != std::string::npos;
  if (!nonzero) return magnitude;
  return (delta < 0 ? "-" : "+") + magnitude;
}

std::string fixed(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

// "1,234.5": thousands separators and a fixed number of decimals.
std::string (&grouped)(double, int) = format_grouped;

// format_usd without the dollar sign, for messages that name the unit: "244.34B".
std::string usd_amount(double usd) {
  std::string s = format_usd(usd);
  std::erase(s, '$');
  return s;
}

// Tokens/s in a message: whole numbers with separators, small values to 3 significant digits.
std::string tokens_amount(double tokens_per_s) {
  if (std::fabs(tokens_per_s) >= 100) return grouped(tokens_per_s, 0);
  return fmt::format("{:.3g}", tokens_per_s);
}

// A threshold as the user wrote it: shortest form ("2", "0.5").
std::string threshold(double v) { return fmt::format("{}", v); }

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
std::string ttok_cell(double v) { return grouped(v / 1e12, 1); }
std::string ttok_delta(double d) { return signed_text(grouped(std::fabs(d) / 1e12, 1), d); }
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
  text += change("catalog") == InputChange::kChanged
              ? "CHANGED (compared anyway: --allow-catalog-change)"
              : change_name(change("catalog"));
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
                         signed_text(grouped(std::fabs(power.value), 1), power.value), power.period,
                         grouped(power.base, 1), grouped(power.next, 1),
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
constexpr double (&num)(double) = snap_to_zero;

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

void render_diff_json(const PlanDiff& diff, std::ostream& out) {
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
  std::vector<std::string> failures;
  if (gates.max_cost_increase_pct) {
    const double base = diff.objective_usd.base.value_or(0);
    const double next = diff.objective_usd.next.value_or(0);
    const double limit = *gates.max_cost_increase_pct;
    const std::string amounts = fmt::format("{} → {} USD", usd_amount(base), usd_amount(next));
    if (diff.objective_change_pct && *diff.objective_change_pct > limit)
      failures.push_back(fmt::format("gate --max-cost-increase: cost rose {:.2f}% ({}), above {}%",
                                     *diff.objective_change_pct, amounts, threshold(limit)));
    if (!diff.objective_change_pct && next > 0)
      failures.push_back(
          fmt::format("gate --max-cost-increase: cost rose from nothing ({}), above {}%", amounts,
                      threshold(limit)));
  }
  if (gates.max_unmet_tokens_per_s && diff.max_unmet.value > *gates.max_unmet_tokens_per_s)
    failures.push_back(
        fmt::format("gate --max-unmet: {} tokens/s unmet in {} of {}, above {} tokens/s",
                    tokens_amount(diff.max_unmet.value), diff.max_unmet.period, diff.next.file,
                    tokens_amount(*gates.max_unmet_tokens_per_s)));
  if (gates.max_share_drift_pp && diff.max_share_drift.value > *gates.max_share_drift_pp) {
    const PeriodExtreme& d = diff.max_share_drift;
    failures.push_back(fmt::format(
        "gate --max-share-drift: {} share moved {:.2f} pp in {} ({:.2f}% → {:.2f}%), above {} pp",
        d.provider, d.value, d.period, d.base, d.next, threshold(*gates.max_share_drift_pp)));
  }
  if (gates.max_power_increase_mw && !diff.max_power_increase.period.empty() &&
      diff.max_power_increase.value > *gates.max_power_increase_mw) {
    const PeriodExtreme& p = diff.max_power_increase;
    failures.push_back(
        fmt::format("gate --max-power-increase: power rose {} MW in {} ({} → {} MW), above {} MW",
                    grouped(p.value, 1), p.period, grouped(p.base, 1), grouped(p.next, 1),
                    threshold(*gates.max_power_increase_mw)));
  }
  return failures;
}

void render_plan_diff(const PlanDiff& diff, Format format, std::ostream& out) {
  switch (format) {
    case Format::kJson:
      render_diff_json(diff, out);
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
