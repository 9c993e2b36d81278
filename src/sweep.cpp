// capplan sweep, the core: --set specs and the point grid, solving points in threads from a
// common start (see sweep.hpp on determinism), the row of each point with the dual of each
// swept limit, shard files and their merge, and rendering.
#include "capplan/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <exception>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "capplan/plan.hpp"
#include "capplan/plan_figures.hpp"
#include "json_util.hpp"
#include "numeric.hpp"
#include "output_reader.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

using ojson = nlohmann::ordered_json;

constexpr const char* kSweepSchema = "capplan.sweep/v1";
constexpr const char* kSetForm =
    "expected DOC:POINTER=FROM:TO:STEP with DOC catalog, demand or policy, e.g. "
    "policy:/provider_share/aws/max=0.4:0.8:0.05";

constexpr double (&clean)(double) = snap_to_zero;

// The shortest text that reads back to `v` ("0.45", "1e+20").
std::string number_text(double v) { return fmt::format("{}", v); }

// `v` rounded to 12 significant digits, through text so the result is the double nearest to
// the decimal (0.1·3 gives 0.3).
double round12(double v) {
  char buffer[64];
  const auto written =
      std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general, 12);
  double rounded = v;
  std::from_chars(buffer, written.ptr, rounded);
  return rounded == 0.0 ? 0.0 : rounded;  // no -0
}

std::optional<double> parse_number(const std::string& text) {
  double v = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, v);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

// The reference tokens of an RFC 6901 pointer, unescaped.
std::vector<std::string> pointer_tokens(const std::string& pointer) {
  std::vector<std::string> tokens;
  std::size_t pos = 1;
  while (pos <= pointer.size() && !pointer.empty()) {
    const std::size_t next = std::min(pointer.find('/', pos), pointer.size());
    std::string token = pointer.substr(pos, next - pos);
    for (std::size_t i = 0; (i = token.find("~1", i)) != std::string::npos; ++i)
      token.replace(i, 2, "/");
    for (std::size_t i = 0; (i = token.find("~0", i)) != std::string::npos; ++i)
      token.replace(i, 2, "~");
    tokens.push_back(std::move(token));
    pos = next + 1;
  }
  return tokens;
}

// A step index token ("0", "12"), or -1.
int step_index(const std::string& token) {
  int k = -1;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, k);
  return !token.empty() && ec == std::errc() && ptr == end && k >= 0 ? k : -1;
}

struct DualTarget {
  SweepDualKind kind = SweepDualKind::kNone;
  std::string entity;
  int step = -1;
};

DualTarget classify(const SweepAxis& axis) {
  const std::vector<std::string> t = pointer_tokens(axis.pointer);
  if (axis.document == "policy" && t.size() == 3 && t[0] == "provider_share") {
    if (t[2] == "max") return {SweepDualKind::kShareMax, t[1], -1};
    if (t[2] == "min") return {SweepDualKind::kShareMin, t[1], -1};
    return {};
  }
  if (axis.document != "catalog" || t.size() < 3) return {};
  // NAME or NAME/K/value: a whole (constant) schedule, or one of its steps.
  int step = -1;
  if (t.size() == 5 && t[4] == "value") {
    step = step_index(t[3]);
    if (step < 0) return {};
  } else if (t.size() != 3) {
    return {};
  }
  if (t[0] == "regions" && t[2] == "power_mw") return {SweepDualKind::kRegionPower, t[1], step};
  if (t[0] == "commitments" && t[2] == "power_mw")
    return {SweepDualKind::kCommitmentPower, t[1], step};
  if (t[0] == "offerings" && t[2] == "price_per_chip_hour")
    return {SweepDualKind::kPrice, t[1], step};
  return {};
}

std::string set_error(const std::string& text, const std::string& what) {
  return "--set \"" + text + "\": " + what;
}

}  // namespace

// --- Spec ----------------------------------------------------------------------------------

std::string SweepAxis::target() const { return document + ":" + pointer; }

std::size_t SweepAxis::size() const {
  if (!(step > 0) || from > to) return 0;
  const double steps = std::floor((to - from) / step + 1e-9);
  if (!(steps < static_cast<double>(kMaxSweepPoints))) return kMaxSweepPoints + 1;
  return static_cast<std::size_t>(steps) + 1;
}

std::vector<double> SweepAxis::values() const {
  std::vector<double> out;
  const std::size_t n = size();
  out.reserve(n);
  for (std::size_t k = 0; k < n; ++k) out.push_back(round12(from + static_cast<double>(k) * step));
  return out;
}

SweepDualKind SweepAxis::dual_kind() const { return classify(*this).kind; }
std::string SweepAxis::dual_entity() const { return classify(*this).entity; }
int SweepAxis::dual_step() const { return classify(*this).step; }

const char* SweepAxis::dual_unit() const {
  switch (dual_kind()) {
    case SweepDualKind::kShareMax:
    case SweepDualKind::kShareMin:
      return "usd_per_pp";
    case SweepDualKind::kRegionPower:
    case SweepDualKind::kCommitmentPower:
      return "usd_per_mw";
    case SweepDualKind::kPrice:
      return "chip_hours";
    case SweepDualKind::kNone:
      break;
  }
  return "";
}

SweepAxis parse_sweep_axis(const std::string& text) {
  const std::size_t colon = text.find(':');
  const std::size_t equals = text.rfind('=');
  if (colon == std::string::npos || equals == std::string::npos || equals < colon)
    throw UsageError(set_error(text, kSetForm));
  SweepAxis axis;
  axis.document = text.substr(0, colon);
  axis.pointer = text.substr(colon + 1, equals - colon - 1);
  const std::string range = text.substr(equals + 1);
  if (axis.document != "catalog" && axis.document != "demand" && axis.document != "policy")
    throw UsageError(set_error(text, "unknown document \"" + axis.document + "\"; " + kSetForm));
  if (axis.pointer.empty() || axis.pointer[0] != '/')
    throw UsageError(set_error(
        text, "POINTER must be a JSON pointer starting with \"/\"; " + std::string(kSetForm)));
  std::vector<std::string> parts;
  for (std::size_t pos = 0;;) {
    const std::size_t next = range.find(':', pos);
    parts.push_back(range.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) break;
    pos = next + 1;
  }
  if (parts.size() != 3) throw UsageError(set_error(text, kSetForm));
  const char* names[] = {"FROM", "TO", "STEP"};
  double numbers[3] = {0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    const auto v = parse_number(parts[i]);
    if (!v)
      throw UsageError(set_error(
          text, std::string(names[i]) + " \"" + parts[i] + "\" is not a number; " + kSetForm));
    numbers[i] = *v;
  }
  axis.from = numbers[0];
  axis.to = numbers[1];
  axis.step = numbers[2];
  if (axis.step <= 0)
    throw UsageError(set_error(text, "STEP must be greater than 0, got " + number_text(axis.step)));
  if (axis.from > axis.to)
    throw UsageError(set_error(text, "FROM (" + number_text(axis.from) + ") is greater than TO (" +
                                         number_text(axis.to) + ")"));
  return axis;
}

std::size_t SweepSpec::point_count() const {
  if (axes.empty()) return 0;
  std::size_t n = 1;
  for (const SweepAxis& a : axes) {
    const std::size_t size = a.size();
    if (size == 0) return 0;
    if (n > kMaxSweepPoints / size) return kMaxSweepPoints + 1;
    n *= size;
  }
  return n;
}

std::vector<double> SweepSpec::point_values(std::size_t point) const {
  std::vector<double> out(axes.size());
  for (std::size_t i = axes.size(); i-- > 0;) {
    const std::size_t size = axes[i].size();
    const std::size_t k = point % size;
    point /= size;
    out[i] = round12(axes[i].from + static_cast<double>(k) * axes[i].step);
  }
  return out;
}

SweepSpec make_sweep_spec(const std::vector<std::string>& sets) {
  if (sets.empty()) throw UsageError("--set: at least one is required; " + std::string(kSetForm));
  SweepSpec spec;
  std::set<std::string> targets;
  for (const std::string& text : sets) {
    SweepAxis axis = parse_sweep_axis(text);
    if (!targets.insert(axis.target()).second)
      throw UsageError("--set " + axis.target() + ": given more than once");
    spec.axes.push_back(std::move(axis));
  }
  const std::size_t n = spec.point_count();
  if (n > kMaxSweepPoints)
    throw UsageError(
        fmt::format("--set: the sweep has more than {} points; use larger steps", kMaxSweepPoints));
  return spec;
}

SweepShard parse_sweep_shard(const std::string& text) {
  const std::string form = "--shard \"" + text + "\": expected I/N with 1 <= I <= N, e.g. 2/8";
  const std::size_t slash = text.find('/');
  if (slash == std::string::npos) throw UsageError(form);
  SweepShard shard;
  const std::string i = text.substr(0, slash), n = text.substr(slash + 1);
  const auto [pi, ei] = std::from_chars(i.data(), i.data() + i.size(), shard.index);
  const auto [pn, en] = std::from_chars(n.data(), n.data() + n.size(), shard.count);
  if (i.empty() || n.empty() || ei != std::errc() || en != std::errc() ||
      pi != i.data() + i.size() || pn != n.data() + n.size() || shard.index < 1 ||
      shard.count < shard.index)
    throw UsageError(form);
  return shard;
}

InputSources sweep_point_sources(const InputSources& base, const SweepSpec& spec,
                                 std::size_t point) {
  InputSources sources = base;
  const std::vector<double> values = spec.point_values(point);
  for (std::size_t i = 0; i < spec.axes.size(); ++i) {
    const SweepAxis& a = spec.axes[i];
    sources.overrides.push_back({a.document, a.pointer, values[i], "--set " + a.target()});
  }
  return sources;
}

// --- Solving -------------------------------------------------------------------------------

namespace {

// Catalog providers that take the policy's provider_share["*"]: those without an entry of
// their own in the effective policy (the policy document with the scenarios' policy patches).
std::set<std::string> star_providers(const InputSources& base, const Inputs& inputs) {
  nlohmann::json policy = nlohmann::json::parse(base.policy.text, nullptr, false);
  for (const SourceText& s : base.scenarios) {
    const nlohmann::json scenario = nlohmann::json::parse(s.text, nullptr, false);
    if (scenario.is_object() && scenario.contains("patch") && scenario["patch"].is_object() &&
        scenario["patch"].contains("policy"))
      policy.merge_patch(scenario["patch"]["policy"]);
  }
  std::set<std::string> out;
  for (const Provider& p : inputs.catalog.providers) {
    const bool own = policy.is_object() && policy.contains("provider_share") &&
                     policy["provider_share"].is_object() &&
                     policy["provider_share"].contains(p.id);
    if (!own) out.insert(p.id);
  }
  return out;
}

template <typename T>
const T* find_by_id(const std::vector<T>& items, const std::string& id) {
  const auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}

// Whether the swept value (a whole schedule, or its step `step`) is the one in force at `m`.
bool in_force(const std::optional<Schedule>& schedule, int step, Month m) {
  if (step < 0 || !schedule || schedule->is_constant) return true;
  const auto& steps = schedule->steps;
  const auto k = static_cast<std::size_t>(step);
  if (k >= steps.size()) return false;
  return steps[k].from <= m && (k + 1 == steps.size() || m < steps[k + 1].from);
}

// What the sweep knows about each axis's dual beyond the plan.
struct DualContext {
  std::vector<DualTarget> targets;       // one per axis
  std::set<std::string> star_providers;  // for provider_share["*"]
};

// Σ of the plan's duals of the swept limit, or nullopt when the axis has none (see sweep.hpp).
std::optional<double> axis_dual(const DualTarget& target, const DualContext& context,
                                const Plan& plan, const Inputs& inputs,
                                const std::vector<Period>& periods) {
  double sum = 0;
  switch (target.kind) {
    case SweepDualKind::kNone:
      return std::nullopt;
    case SweepDualKind::kShareMax:
    case SweepDualKind::kShareMin: {
      const std::string suffix =
          target.kind == SweepDualKind::kShareMax ? ".share_max" : ".share_min";
      std::set<std::string> providers = {target.entity};
      if (target.entity == "*") providers = context.star_providers;
      for (const PeriodPlan& pp : plan.periods)
        for (const std::string& p : providers)
          if (const auto it = pp.share_usd_per_pp.find(p + suffix); it != pp.share_usd_per_pp.end())
            sum += it->second;
      break;
    }
    case SweepDualKind::kRegionPower:
    case SweepDualKind::kCommitmentPower: {
      const bool region = target.kind == SweepDualKind::kRegionPower;
      std::optional<Schedule> schedule;
      if (region) {
        if (const Region* r = find_by_id(inputs.catalog.regions, target.entity))
          schedule = r->power_mw;
      } else if (const Commitment* c = find_by_id(inputs.catalog.commitments, target.entity)) {
        schedule = c->power_mw;
      }
      for (std::size_t t = 0; t < plan.periods.size(); ++t) {
        if (!in_force(schedule, target.step, periods[t].first)) continue;
        const auto& duals =
            region ? plan.periods[t].region_usd_per_mw : plan.periods[t].commitment_usd_per_mw;
        if (const auto it = duals.find(target.entity); it != duals.end())
          sum += it->second * periods[t].months;
      }
      break;
    }
    case SweepDualKind::kPrice: {
      // Envelope theorem: d objective / d price = chip-hours used. Usage under a take-or-pay
      // commitment costs only in years whose usage is above the minimum spend. A year whose
      // usage sits at the minimum (a plan fills an unused minimum with chips that cost nothing
      // more) moves the cost by the take-or-pay dual, which plans do not report: no dual then.
      const Offering* o = find_by_id(inputs.catalog.offerings, target.entity);
      if (o == nullptr) return std::nullopt;
      const Commitment* c =
          o->commitment >= 0 ? &inputs.catalog.commitments[o->commitment] : nullptr;
      const bool take_or_pay = c != nullptr && c->min_spend_usd_per_year.has_value();
      for (std::size_t t = 0; t < plan.periods.size(); ++t) {
        const PeriodPlan& pp = plan.periods[t];
        if (!in_force(o->price_usd_per_chip_hour, target.step, periods[t].first)) continue;
        double chip_hours = 0;
        for (const AllocationRow& a : pp.allocations)
          if (a.offering == target.entity) chip_hours += a.chips * pp.hours;
        if (take_or_pay && chip_hours > 0) {
          const int year = periods[t].first.year();
          const auto it = std::find_if(
              plan.commitments.begin(), plan.commitments.end(),
              [&](const CommitmentYear& cy) { return cy.id == c->id && cy.year == year; });
          if (it != plan.commitments.end()) {
            const double tolerance = 1e-7 * std::max(1.0, it->min_spend_usd);
            if (std::fabs(it->usage_usd - it->min_spend_usd) <= tolerance) return std::nullopt;
            if (it->usage_usd < it->min_spend_usd) continue;
          }
        }
        sum += chip_hours;
      }
      break;
    }
  }
  return clean(sum);
}

SweepRow make_row(std::size_t point, const SweepSpec& spec, const Plan& plan, const Inputs& inputs,
                  const DualContext& context) {
  SweepRow row;
  row.point = point;
  row.values = spec.point_values(point);
  row.status = plan.status;
  row.duals.assign(spec.axes.size(), std::nullopt);
  if (plan.status != PlanStatus::kOptimal) return row;
  const std::vector<Period> periods = inputs.demand.periods();
  const PlanFigures figures = plan_figures(plan);
  row.objective_usd = clean(plan.objective_usd);
  row.unmet_tokens = clean(figures.unmet_tokens);
  for (const Provider& p : inputs.catalog.providers) {
    const auto it = figures.provider_share_fraction.find(p.id);
    row.share_fractions[p.id] = it == figures.provider_share_fraction.end() ? 0.0 : it->second;
  }
  for (std::size_t i = 0; i < spec.axes.size(); ++i)
    row.duals[i] = axis_dual(context.targets[i], context, plan, inputs, periods);
  return row;
}

std::string point_label(const SweepSpec& spec, std::size_t point) {
  const std::vector<double> values = spec.point_values(point);
  std::string label = fmt::format("point {} (", point);
  for (std::size_t i = 0; i < spec.axes.size(); ++i)
    label += (i ? ", " : "") + spec.axes[i].target() + "=" + number_text(values[i]);
  return label + ")";
}

// Plans one point; a solver failure or a plan that fails verification names the point.
Plan plan_point(const Inputs& inputs, const SweepSpec& spec, std::size_t point,
                const PlanOptions& options) {
  Plan plan;
  try {
    plan = make_plan(inputs, options);
  } catch (const SolverError& e) {
    throw SolverError(point_label(spec, point) + ": " + e.what());
  }
  if (plan.status == PlanStatus::kOptimal && !plan.verification.ok)
    throw SolverError(point_label(spec, point) + ": the plan failed verification: " +
                      (plan.verification.failures.empty() ? std::string("unknown")
                                                          : plan.verification.failures[0]));
  return plan;
}

// Point 0 and every corner of the grid: where a range check on a swept value fails first.
std::vector<std::size_t> check_points(const SweepSpec& spec) {
  std::set<std::size_t> points = {0};
  const std::size_t axes = std::min<std::size_t>(spec.axes.size(), 6);  // 64 corners at most
  for (std::size_t mask = 0; mask < (std::size_t{1} << axes); ++mask) {
    std::size_t point = 0;
    for (std::size_t i = 0; i < spec.axes.size(); ++i) {
      const bool last = i < axes && ((mask >> i) & 1U) != 0;
      point = point * spec.axes[i].size() + (last ? spec.axes[i].size() - 1 : 0);
    }
    points.insert(point);
  }
  return {points.begin(), points.end()};
}

}  // namespace

SweepResult run_sweep(const InputSources& base, const SweepSpec& spec, const SweepOptions& options,
                      std::vector<Diagnostic>* warnings) {
  const std::size_t total = spec.point_count();
  if (total == 0 || total > kMaxSweepPoints)
    throw UsageError(fmt::format("--set: a sweep has 1 to {} points", kMaxSweepPoints));
  const Inputs unswept = load_inputs(base, warnings);
  SweepResult result;
  result.spec = spec;
  result.scenario = unswept.scenario;
  result.input_hashes = unswept.document_hashes;
  for (const Provider& p : unswept.catalog.providers) result.providers.push_back(p.id);
  result.shard = options.shard;

  // Bad pointers and out-of-range values fail here, before anything is solved.
  std::optional<Inputs> first;
  for (const std::size_t point : check_points(spec)) {
    Inputs inputs = load_inputs(sweep_point_sources(base, spec, point));
    if (point == 0) first = std::move(inputs);
  }

  DualContext context;
  for (const SweepAxis& axis : spec.axes) {
    context.targets.push_back(classify(axis));
    if (context.targets.back().entity == "*")
      context.star_providers = star_providers(base, unswept);
  }

  std::vector<std::size_t> points;
  for (std::size_t p = 0; p < total; ++p)
    if (!options.shard || options.shard->holds(p)) points.push_back(p);
  std::vector<SweepRow> rows(points.size());
  std::mutex progress_mutex;
  std::size_t done = 0;
  auto report = [&] {
    if (!options.progress) return;
    std::lock_guard<std::mutex> lock(progress_mutex);
    options.progress(++done, points.size());
  };

  PlanOptions plan_options;
  plan_options.time_limit_s = options.time_limit_s;
  plan_options.threads = 1;
  std::vector<Basis> anchor;
  std::size_t begin = 0;  // points[begin..] remain to be solved
  if (options.warm_start) {
    PlanOptions anchor_options = plan_options;
    anchor_options.threads = options.threads;
    anchor_options.bases_out = &anchor;
    const Plan plan = plan_point(*first, spec, 0, anchor_options);
    if (!points.empty() && points[0] == 0) {
      rows[0] = make_row(0, spec, plan, *first, context);
      begin = 1;
      report();
    }
    plan_options.warm_start = &anchor;
  }

  unsigned threads = options.threads > 0 ? static_cast<unsigned>(options.threads)
                                         : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t left = points.size() - begin;
  threads = static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(threads, left)));
  std::vector<std::exception_ptr> errors(threads);
  std::atomic<bool> failed{false};
  auto work = [&](unsigned chunk) {
    // Contiguous chunks, sizes differing by at most one.
    const std::size_t lo = begin + left * chunk / threads,
                      hi = begin + left * (chunk + 1) / threads;
    try {
      for (std::size_t k = lo; k < hi && !failed; ++k) {
        const std::size_t point = points[k];
        const Inputs inputs =
            point == 0 && first ? *first : load_inputs(sweep_point_sources(base, spec, point));
        rows[k] =
            make_row(point, spec, plan_point(inputs, spec, point, plan_options), inputs, context);
        report();
      }
    } catch (...) {
      errors[chunk] = std::current_exception();
      failed = true;
    }
  };
  if (threads <= 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (unsigned c = 0; c < threads; ++c) pool.emplace_back(work, c);
    for (std::thread& t : pool) t.join();
  }
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  result.rows = std::move(rows);
  return result;
}

// --- JSON ----------------------------------------------------------------------------------

namespace {

ojson optional_number(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

ojson axis_json(const SweepAxis& a) {
  ojson j;
  j["set"] = a.target();
  j["from"] = a.from;
  j["to"] = a.to;
  j["step"] = a.step;
  j["count"] = a.size();
  const std::string unit = a.dual_unit();
  j["dual_unit"] = unit.empty() ? ojson(nullptr) : ojson(unit);
  return j;
}

ojson row_json(const SweepRow& row) {
  ojson j;
  j["point"] = row.point;
  j["values"] = row.values;
  j["status"] = to_string(row.status);
  j["objective_usd"] = optional_number(row.objective_usd);
  j["unmet_tokens"] = optional_number(row.unmet_tokens);
  ojson shares = ojson::object();
  for (const auto& [id, share] : row.share_fractions) shares[id] = share;
  j["shares"] = shares;
  ojson duals = ojson::array();
  for (const auto& d : row.duals) duals.push_back(optional_number(d));
  j["duals"] = duals;
  return j;
}

// Reading a sweep file back (OutputReader reports every missing or mistyped field).
SweepAxis read_axis(const OutputReader& r, const ojson& j, const std::string& ptr) {
  const std::string set = r.string(j, "set", ptr);
  SweepAxis axis;
  try {
    axis = parse_sweep_axis(set + "=" + number_text(r.number(j, "from", ptr)) + ":" +
                            number_text(r.number(j, "to", ptr)) + ":" +
                            number_text(r.number(j, "step", ptr)));
  } catch (const UsageError& e) {
    r.fail(ptr, e.what());
  }
  if (axis.size() != r.count(j, "count", ptr))
    r.fail(ptr + "/count", "does not match from, to and step");
  return axis;
}

SweepRow read_row(const OutputReader& r, const ojson& j, const std::string& ptr,
                  const SweepResult& result) {
  SweepRow row;
  row.point = r.count(j, "point", ptr);
  if (row.point >= result.spec.point_count())
    r.fail(ptr + "/point",
           fmt::format("no such point: the sweep has {}", result.spec.point_count()));
  for (std::size_t i = 0; const ojson& v : r.array(j, "values", ptr)) {
    if (!v.is_number()) r.fail(fmt::format("{}/values/{}", ptr, i), "expected a number");
    row.values.push_back(v.get<double>());
    ++i;
  }
  if (row.values != result.spec.point_values(row.point))
    r.fail(ptr + "/values", fmt::format("not the values of point {} of the sweep", row.point));
  const std::optional<PlanStatus> status = parse_plan_status(r.string(j, "status", ptr));
  if (status != PlanStatus::kOptimal && status != PlanStatus::kInfeasible)
    r.fail(ptr + "/status", "expected \"optimal\" or \"infeasible\"");
  row.status = *status;
  row.objective_usd = r.optional(j, "objective_usd", ptr);
  row.unmet_tokens = r.optional(j, "unmet_tokens", ptr);
  for (const auto& [id, v] : r.object(j, "shares", ptr).items()) {
    if (!v.is_number()) r.fail(ptr + "/shares/" + id, "expected a number");
    row.share_fractions[id] = v.get<double>();
  }
  const ojson& duals = r.array(j, "duals", ptr);
  if (duals.size() != result.spec.axes.size()) r.fail(ptr + "/duals", "expected one per --set");
  for (std::size_t i = 0; i < duals.size(); ++i) {
    if (duals[i].is_null()) {
      row.duals.emplace_back();
    } else if (duals[i].is_number()) {
      row.duals.emplace_back(duals[i].get<double>());
    } else {
      r.fail(fmt::format("{}/duals/{}", ptr, i), "expected a number or null");
    }
  }
  return row;
}

}  // namespace

std::string sweep_to_json(const SweepResult& result) {
  ojson j;
  j["schema"] = kSweepSchema;
  j["scenario"] = result.scenario;
  ojson hashes = ojson::object();
  for (const auto& [k, v] : result.input_hashes) hashes[k] = v;
  j["inputs"] = hashes;
  ojson axes = ojson::array();
  for (const SweepAxis& a : result.spec.axes) axes.push_back(axis_json(a));
  j["sweep"] = axes;
  j["points"] = result.spec.point_count();
  j["providers"] = result.providers;
  if (result.shard) j["shard"] = {{"index", result.shard->index}, {"count", result.shard->count}};
  ojson rows = ojson::array();
  for (const SweepRow& row : result.rows) rows.push_back(row_json(row));
  j["rows"] = rows;
  return j.dump(2) + "\n";
}

SweepResult sweep_from_json(const std::string& text, const std::string& file_name) {
  const OutputReader r(file_name);
  std::vector<Diagnostic> syntax;
  Reporter reporter(file_name, syntax);
  std::optional<Json> parsed = parse_json(text, reporter);
  if (!parsed) throw InputError(std::move(syntax));
  const ojson root = std::move(*parsed);
  if (r.string(root, "schema", "") != kSweepSchema)
    r.fail("/schema", fmt::format("expected \"{}\" (a file written by capplan sweep --format json)",
                                  kSweepSchema));
  SweepResult result;
  result.scenario = r.string(root, "scenario", "");
  for (const auto& [k, v] : r.object(root, "inputs", "").items()) {
    if (!v.is_string()) r.fail("/inputs/" + k, "expected a string");
    result.input_hashes[k] = v.get<std::string>();
  }
  const ojson& axes = r.array(root, "sweep", "");
  if (axes.empty()) r.fail("/sweep", "expected at least one --set");
  for (std::size_t i = 0; i < axes.size(); ++i)
    result.spec.axes.push_back(read_axis(r, axes[i], fmt::format("/sweep/{}", i)));
  if (result.spec.point_count() != r.count(root, "points", ""))
    r.fail("/points", "does not match the sweep");
  for (std::size_t i = 0; const ojson& p : r.array(root, "providers", "")) {
    if (!p.is_string()) r.fail(fmt::format("/providers/{}", i), "expected a string");
    result.providers.push_back(p.get<std::string>());
    ++i;
  }
  if (root.contains("shard")) {
    const ojson& s = r.object(root, "shard", "");
    SweepShard shard;
    shard.index = static_cast<int>(r.count(s, "index", "/shard"));
    shard.count = static_cast<int>(r.count(s, "count", "/shard"));
    if (shard.index < 1 || shard.count < shard.index)
      r.fail("/shard", "expected 1 <= index <= count");
    result.shard = shard;
  }
  const ojson& rows = r.array(root, "rows", "");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SweepRow row = read_row(r, rows[i], fmt::format("/rows/{}", i), result);
    if (!result.rows.empty() && row.point <= result.rows.back().point)
      r.fail(fmt::format("/rows/{}/point", i), "rows must be in ascending point order");
    result.rows.push_back(std::move(row));
  }
  return result;
}

// --- Merge ---------------------------------------------------------------------------------

namespace {

// "3, 5, 7-9" (at most `limit` items, then "and N more").
std::string point_list(const std::vector<std::size_t>& points, std::size_t limit = 20) {
  std::vector<std::string> items;
  std::size_t i = 0;
  while (i < points.size()) {
    std::size_t j = i;
    while (j + 1 < points.size() && points[j + 1] == points[j] + 1) ++j;
    items.push_back(j == i ? std::to_string(points[i])
                           : fmt::format("{}-{}", points[i], points[j]));
    i = j + 1;
  }
  std::string out;
  for (std::size_t k = 0; k < items.size() && k < limit; ++k) out += (k ? ", " : "") + items[k];
  if (items.size() > limit) out += fmt::format(" and {} more", items.size() - limit);
  return out;
}

Diagnostic merge_error(const std::string& file, const std::string& message) {
  return Diagnostic{Diagnostic::Severity::kError, file, "", message};
}

}  // namespace

SweepResult merge_sweeps(const std::vector<std::pair<std::string, SweepResult>>& parts) {
  if (parts.empty()) throw UsageError("--merge: no files");
  const auto& [first_name, first] = parts.front();
  SweepResult merged = first;
  merged.shard.reset();
  merged.rows.clear();
  std::vector<Diagnostic> errors;
  for (const auto& [name, part] : parts) {
    std::string differs;
    if (!(part.spec == first.spec))
      differs = "its --set differ";
    else if (part.input_hashes != first.input_hashes)
      differs = "its inputs differ (input hashes)";
    else if (part.scenario != first.scenario)
      differs = "its scenario differs";
    else if (part.providers != first.providers)
      differs = "its providers differ";
    if (!differs.empty())
      errors.push_back(
          merge_error(name, "not a shard of the same sweep as " + first_name + ": " + differs));
  }
  if (!errors.empty()) throw InputError(std::move(errors));

  const std::size_t total = first.spec.point_count();
  std::vector<std::vector<std::size_t>> holders(total);  // point -> parts holding it
  for (std::size_t k = 0; k < parts.size(); ++k)
    for (const SweepRow& row : parts[k].second.rows) holders[row.point].push_back(k);
  std::vector<std::size_t> missing;
  std::map<std::vector<std::size_t>, std::vector<std::size_t>> duplicated;  // parts -> points
  for (std::size_t p = 0; p < total; ++p) {
    if (holders[p].empty()) missing.push_back(p);
    if (holders[p].size() > 1) duplicated[holders[p]].push_back(p);
  }
  for (const auto& [holding, points] : duplicated) {
    std::string files;
    for (std::size_t k = 0; k < holding.size(); ++k)
      files += (k ? ", " : "") + parts[holding[k]].first;
    errors.push_back(merge_error(files, (points.size() == 1 ? "point " : "points ") +
                                            point_list(points) + " held more than once"));
  }
  if (!missing.empty())
    errors.push_back(merge_error(
        "", fmt::format("the shards do not cover the sweep: {} of {} points missing: {}",
                        missing.size(), total, point_list(missing))));
  if (!errors.empty()) throw InputError(std::move(errors));

  merged.rows.resize(total);
  for (const auto& [name, part] : parts)
    for (const SweepRow& row : part.rows) merged.rows[row.point] = row;
  return merged;
}

// --- Rendering -----------------------------------------------------------------------------

namespace {

// Fixed decimals with thousands separators: "250,345.57".
std::string (&grouped)(double, int) = format_grouped;

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
  const DualTarget t = classify(a);
  const std::string scope =
      t.step < 0 ? "" : fmt::format(" in the months step {} is in force", t.step);
  switch (t.kind) {
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
                       i + 1, a.target(), number_text(a.from), number_text(a.to),
                       number_text(a.step), a.size(), dual_meaning(a));
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
    for (const double v : row.values) cells.push_back(number_text(v));
    cells.push_back(to_string(row.status));
    cells.push_back(row.objective_usd ? grouped(*row.objective_usd / 1e6, 2) : absent);
    cells.push_back(row.unmet_tokens ? grouped(*row.unmet_tokens / 1e12, 3) : absent);
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

std::string csv_number(const std::optional<double>& v) { return v ? number_text(*v) : ""; }

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
    for (const double v : row.values) cells.push_back(number_text(v));
    cells.push_back(to_string(row.status));
    cells.push_back(csv_number(row.objective_usd));
    cells.push_back(csv_number(row.unmet_tokens));
    for (const std::string& p : result.providers) {
      const auto it = row.share_fractions.find(p);
      cells.push_back(it == row.share_fractions.end() ? "" : number_text(it->second));
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
