// Reads capplan.demand/v1 (docs/FORMATS.md) and answers the demand's time questions.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "input_documents.hpp"
#include "json_util.hpp"

namespace capplan {
namespace {

constexpr Presence kRequired = Presence::kRequired;
constexpr Presence kOptional = Presence::kOptional;

// Limits of what the planning model represents (docs/FORMATS.md, "Limits").
constexpr double kMaxTokensPerDay = 1e18;
constexpr const char* kTokensPerDayReason =
    "tokens per day of one slice; larger volumes are beyond what the planning model represents "
    "accurately";
constexpr double kMaxPeakToAvg = 100;
constexpr const char* kPeakToAvgReason =
    "a peak above 100 times the mean is beyond what the planning model represents accurately";

Range tokens_per_day_range() {
  return Range::at_least(0).at_most(kMaxTokensPerDay, kTokensPerDayReason);
}

DemandClass read_class(const ObjectReader& in) {
  in.check_fields({"peak_to_avg", "interactive", "unmet_penalty_usd_per_mtok"});
  DemandClass demand_class;
  demand_class.peak_to_avg = in.number("peak_to_avg", kRequired,
                                       Range::at_least(1).at_most(kMaxPeakToAvg, kPeakToAvgReason))
                                 .value_or(1.0);
  demand_class.interactive = in.boolean("interactive", kRequired).value_or(false);
  demand_class.unmet_penalty_usd_per_mtok =
      in.number("unmet_penalty_usd_per_mtok", kOptional, Range::greater_than(0));
  return demand_class;
}

// Compound growth must stay within kMaxTokensPerDay up to the horizon's last month; the
// comparison is made in logarithms so that no power overflows.
void check_growth(const ObjectReader& in, const Slice& slice, const Demand& demand) {
  if (slice.base_tokens_per_day <= 0 || slice.growth_per_year <= 0) return;
  if (demand.end < demand.start) return;  // the horizon's own error says enough
  const int months = std::max(0, demand.end.index - demand.start.index);
  const double log_end = std::log10(slice.base_tokens_per_day) +
                         months / 12.0 * std::log10(1.0 + slice.growth_per_year);
  if (log_end <= std::log10(kMaxTokensPerDay)) return;
  const double at_end = std::pow(10.0, log_end);
  in.reporter().error(
      in.pointer_to("growth_per_year"),
      fmt::format("grows base_tokens_per_day {} to {} tokens per day by {}, above the limit of {} "
                  "({})",
                  format_number(slice.base_tokens_per_day),
                  std::isfinite(at_end) ? fmt::format("{:.3g}", at_end)
                                        : fmt::format("1e{:.0f}", std::floor(log_end)),
                  demand.end.to_string(), format_limit(kMaxTokensPerDay), kTokensPerDayReason));
}

// The volume: a tokens_per_day schedule, or base_tokens_per_day with growth_per_year.
void read_volume(const ObjectReader& in, Slice& slice, const Demand& demand, bool horizon_known) {
  const bool has_schedule = in.find("tokens_per_day") != nullptr;
  const bool has_base = in.find("base_tokens_per_day") != nullptr;
  const bool has_growth = in.find("growth_per_year") != nullptr;
  if (has_schedule && (has_base || has_growth)) {
    in.reporter().error(in.pointer(), has_base ? "give either \"tokens_per_day\" or "
                                                 "\"base_tokens_per_day\", not both"
                                               : "\"growth_per_year\" goes with "
                                                 "\"base_tokens_per_day\", not \"tokens_per_day\"");
    return;
  }
  if (has_schedule) {
    slice.tokens_per_day = in.schedule("tokens_per_day", kRequired, tokens_per_day_range());
    return;
  }
  if (!has_base) {
    in.reporter().error(in.pointer(), has_growth ? "\"growth_per_year\" needs "
                                                   "\"base_tokens_per_day\""
                                                 : "missing required field \"tokens_per_day\" "
                                                   "(or \"base_tokens_per_day\")");
    return;
  }
  const std::optional<double> base =
      in.number("base_tokens_per_day", kRequired, tokens_per_day_range());
  const std::optional<double> growth =
      in.number("growth_per_year", kOptional, Range::greater_than(-1));
  slice.base_tokens_per_day = base.value_or(0.0);
  slice.growth_per_year = growth.value_or(0.0);
  if (base && growth && horizon_known) check_growth(in, slice, demand);
}

bool can_serve(const Catalog& catalog, int model) {
  return std::any_of(catalog.throughput.begin(), catalog.throughput.end(),
                     [&](const Throughput& t) { return t.model == model && t.tokens_per_s > 0; });
}

Slice read_slice(const ObjectReader& in, const IdSet& class_ids, const Catalog* catalog,
                 const CatalogIds& ids, const Demand& demand, bool horizon_known) {
  in.check_fields(
      {"model", "class", "geo", "tokens_per_day", "base_tokens_per_day", "growth_per_year"});
  Slice slice;
  slice.model = in.reference("model", kRequired, "model", ids.models);
  slice.model_id = in.find("model") != nullptr && in.find("model")->is_string()
                       ? in.find("model")->get<std::string>()
                       : std::string();
  if (catalog != nullptr && slice.model >= 0 && !can_serve(*catalog, slice.model)) {
    in.reporter().error(in.pointer_to("model"), "no accelerator can serve model " +
                                                    in_quotes(slice.model_id) +
                                                    " (it has no throughput entry)");
  }
  slice.demand_class = in.reference("class", kRequired, "class", class_ids);
  slice.geo = in.string("geo", kRequired).value_or("");
  read_volume(in, slice, demand, horizon_known);
  return slice;
}

// Returns whether start and end were both read.
bool read_horizon(const ObjectReader& doc, Demand& demand) {
  const std::optional<Month> start = doc.month("start", kRequired);
  const std::optional<Month> end = doc.month("end", kRequired);
  const std::optional<std::string> step = doc.choice("step", kOptional, {"month", "quarter"});
  demand.start = start.value_or(Month{});
  demand.end = end.value_or(demand.start);
  demand.step_months = step == "quarter" ? 3 : 1;
  if (start && end && *end < *start) {
    doc.reporter().error(doc.pointer_to("end"), fmt::format("end {} is before start {}",
                                                            end->to_string(), start->to_string()));
  }
  if (start && demand.step_months == 3 && (start->month() - 1) % 3 != 0) {
    doc.reporter().error(doc.pointer_to("start"),
                         fmt::format("with step \"quarter\" the start must open a quarter "
                                     "(01, 04, 07 or 10), got {}",
                                     start->to_string()));
  }
  return start && end;
}

}  // namespace

Demand read_demand(const Json& document, const Catalog* catalog, const CatalogIds& ids,
                   Reporter& reporter) {
  const ObjectReader doc(document, "", reporter);
  Demand demand;
  if (!doc.is_object()) return demand;
  doc.check_fields({"schema", "description", "source", "note", "as_of", "start", "end", "step",
                    "classes", "slices"});
  doc.string("description", kOptional);
  doc.text_list("source", kOptional);
  doc.string("note", kOptional);
  doc.date("as_of", kOptional);
  const bool horizon_known = read_horizon(doc, demand);
  read_entity_map(doc, "classes", kRequired, demand.classes, read_class);
  const IdSet class_ids = id_set(doc.find("classes"), kRequired);
  read_entity_map(doc, "slices", kRequired, demand.slices, [&](const ObjectReader& in) {
    return read_slice(in, class_ids, catalog, ids, demand, horizon_known);
  });
  return demand;
}

std::string Period::label() const {
  if (months > 1 || step_months == 3) {
    return fmt::format("{:04}-Q{}", first.year(), (first.month() - 1) / 3 + 1);
  }
  return first.to_string();
}

std::vector<Period> Demand::periods() const {
  std::vector<Period> periods;
  const int step = std::max(1, step_months);
  for (Month first = start; first <= end; first = first.plus(step)) {
    Period period;
    period.first = first;
    period.months = std::min(step, end.index - first.index + 1);
    period.step_months = step;
    for (int i = 0; i < period.months; ++i) period.hours += first.plus(i).hours();
    periods.push_back(period);
  }
  return periods;
}

double Demand::tokens_per_day(int slice, Month t) const {
  const Slice& s = slices.at(static_cast<std::size_t>(slice));
  if (s.tokens_per_day) return s.tokens_per_day->at_or(t, 0.0);
  const double years = (t.index - start.index) / 12.0;
  return s.base_tokens_per_day * std::pow(1.0 + s.growth_per_year, years);
}

double Demand::mean_tokens_per_day(int slice, const Period& period) const {
  if (period.months <= 1) return tokens_per_day(slice, period.first);
  double weighted = 0.0, hours = 0.0;
  for (int i = 0; i < period.months; ++i) {
    const Month m = period.first.plus(i);
    weighted += tokens_per_day(slice, m) * m.hours();
    hours += m.hours();
  }
  return hours > 0.0 ? weighted / hours : 0.0;
}

}  // namespace capplan
