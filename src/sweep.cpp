// capplan sweep, the run: points solved in threads from a common start (see sweep.hpp on
// determinism), the row of each point and the dual of each swept limit.
#include "capplan/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <set>
#include <thread>

#include "capplan/plan.hpp"
#include "capplan/plan_figures.hpp"
#include "json_util.hpp"
#include "parallel.hpp"

namespace capplan {

namespace {

double clean(double v) { return std::fabs(v) < 1e-9 ? 0.0 : v; }

// Catalog providers that take the policy's provider_share["*"]: those without an entry of
// their own in the effective policy (Policy::provider_share_from_any).
std::set<std::string> star_providers(const Inputs& inputs) {
  std::set<std::string> out;
  const std::vector<bool>& from_any = inputs.policy.provider_share_from_any;
  for (std::size_t i = 0; i < inputs.catalog.providers.size() && i < from_any.size(); ++i)
    if (from_any[i]) out.insert(inputs.catalog.providers[i].id);
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

// The limit an axis sweeps, read once from its pointer (SweepAxis::dual_kind and friends).
struct DualTarget {
  SweepDualKind kind = SweepDualKind::kNone;
  std::string entity;
  int step = -1;
};

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
        for (const FleetRow& f : pp.fleet)
          if (f.offering == target.entity) chip_hours += f.chips * pp.hours;
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
    label += (i ? ", " : "") + spec.axes[i].target() + "=" + format_number(values[i]);
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
    context.targets.push_back({axis.dual_kind(), axis.dual_entity(), axis.dual_step()});
    if (context.targets.back().entity == "*") context.star_providers = star_providers(unswept);
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
  plan_options.option_values = false;  // a sweep reads each point's plan, not its deals' values
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

  unsigned threads = worker_threads(options.threads);
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

}  // namespace capplan
