// lint_inputs: valid input that is probably a mistake (docs/FORMATS.md, "Errors and warnings").
// The thresholds sit far outside what any real system has, so that a warning almost always
// means a unit typed wrong, never a plausible figure.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "capplan/validate.hpp"
#include "json_util.hpp"

namespace capplan {
namespace {

constexpr double kMaxPlausiblePue = 2.0;
constexpr double kMaxPlausibleAllInKw = 20.0;
constexpr double kMaxPlausibleUsdPerChipHour = 100.0;
constexpr double kMaxPlausibleTokensPerS = 1e6;
// A power_mw below kSmallPowerMw is suspicious only next to sites of kLargePowerMw or more.
constexpr double kSmallPowerMw = 1.0;
constexpr double kLargePowerMw = 100.0;

class Linter {
 public:
  explicit Linter(const Inputs& inputs) : inputs_(inputs) {}

  std::vector<InputWarning> run() {
    check_accelerators();
    check_throughput();
    check_power();
    check_regions();
    check_offerings();
    check_slices();
    return std::move(warnings_);
  }

 private:
  void warn(const char* document, std::string pointer, std::string message) {
    warnings_.push_back(InputWarning{document, std::move(pointer), std::move(message)});
  }

  // Calls check(pointer, value) for each value of a schedule: the field itself when constant,
  // else each step's /N/value.
  template <class Check>
  static void each_value(const Schedule& schedule, const std::string& pointer, Check check) {
    if (schedule.is_constant) {
      check(pointer, schedule.constant);
      return;
    }
    for (std::size_t i = 0; i < schedule.steps.size(); ++i) {
      check(pointer_append(pointer_append(pointer, i), "value"), schedule.steps[i].value);
    }
  }

  static double largest(const Schedule& schedule) {
    double most = schedule.is_constant ? schedule.constant : 0.0;
    for (const ScheduleStep& step : schedule.steps) most = std::max(most, step.value);
    return most;
  }

  void check_accelerators() {
    for (const Accelerator& a : inputs_.catalog.accelerators) {
      if (a.all_in_kw <= kMaxPlausibleAllInKw) continue;
      warn("catalog", pointer_append(pointer_append("/accelerators", a.id), "all_in_kw"),
           fmt::format("all_in_kw {} is above {} kW per chip: watts typed as kW? (all_in_kw is "
                       "kilowatts per chip)",
                       format_number(a.all_in_kw), format_limit(kMaxPlausibleAllInKw)));
    }
  }

  void check_throughput() {
    const Catalog& catalog = inputs_.catalog;
    for (const Throughput& t : catalog.throughput) {
      if (t.tokens_per_s <= kMaxPlausibleTokensPerS) continue;
      warn("catalog",
           pointer_append(pointer_append("/throughput", catalog.accelerators[t.accelerator].id),
                          catalog.models[t.model].id),
           fmt::format("{} tokens/s per chip is above {}: tokens per day, or a whole system's "
                       "throughput? (throughput is tokens per second of one chip)",
                       format_number(t.tokens_per_s), format_limit(kMaxPlausibleTokensPerS)));
    }
  }

  // Site power of one region or commitment below 1 MW while others have hundreds.
  void check_power() {
    struct Site {
      std::string pointer;
      const Schedule* power_mw;
    };
    std::vector<Site> sites;
    for (const Region& r : inputs_.catalog.regions) {
      if (r.power_mw) sites.push_back({pointer_append("/regions", r.id), &*r.power_mw});
    }
    for (const Commitment& c : inputs_.catalog.commitments) {
      if (c.power_mw) sites.push_back({pointer_append("/commitments", c.id), &*c.power_mw});
    }
    for (std::size_t i = 0; i < sites.size(); ++i) {
      double others = 0.0;
      for (std::size_t j = 0; j < sites.size(); ++j) {
        if (j != i) others = std::max(others, largest(*sites[j].power_mw));
      }
      if (others < kLargePowerMw) continue;
      each_value(*sites[i].power_mw, pointer_append(sites[i].pointer, "power_mw"),
                 [&](const std::string& pointer, double mw) {
                   if (mw <= 0 || mw >= kSmallPowerMw) return;
                   warn("catalog", pointer,
                        fmt::format("power_mw {} is below {} MW while other sites have up to {} "
                                    "MW: gigawatts typed as megawatts?",
                                    format_number(mw), format_limit(kSmallPowerMw),
                                    format_number(others)));
                 });
    }
  }

  void check_regions() {
    for (const Region& r : inputs_.catalog.regions) {
      if (r.pue <= kMaxPlausiblePue) continue;
      warn("catalog", pointer_append(pointer_append("/regions", r.id), "pue"),
           fmt::format("pue {} is above {}: PUE is facility power over IT power, 1.1 to 1.6 in a "
                       "modern data center",
                       format_number(r.pue), format_limit(kMaxPlausiblePue)));
    }
  }

  void check_offerings() {
    for (const Offering& o : inputs_.catalog.offerings) {
      each_value(o.price_usd_per_chip_hour,
                 pointer_append(pointer_append("/offerings", o.id), "price_per_chip_hour"),
                 [&](const std::string& pointer, double usd) {
                   if (usd <= kMaxPlausibleUsdPerChipHour) return;
                   warn("catalog", pointer,
                        fmt::format("price_per_chip_hour {} USD is above {}: the price of a "
                                    "whole host rather than of one chip?",
                                    format_number(usd), format_limit(kMaxPlausibleUsdPerChipHour)));
                 });
    }
  }

  bool servable(const Slice& slice) const {
    const Catalog& catalog = inputs_.catalog;
    return std::any_of(catalog.offerings.begin(), catalog.offerings.end(), [&](const Offering& o) {
      return catalog.tokens_per_s(o.accelerator, slice.model) > 0 &&
             residency_allows(inputs_.policy, inputs_.demand.classes[slice.demand_class], slice.geo,
                              catalog.regions[o.region].geo);
    });
  }

  void check_slices() {
    for (const Slice& slice : inputs_.demand.slices) {
      if (slice.model < 0 || slice.demand_class < 0 || servable(slice)) continue;
      const DemandClass& demand_class = inputs_.demand.classes[slice.demand_class];
      warn("demand", pointer_append("/slices", slice.id),
           fmt::format("no offering can serve model {} for geo {}{} under the residency policy",
                       in_quotes(slice.model_id), in_quotes(slice.geo),
                       demand_class.interactive ? " (interactive)" : ""));
    }
  }

  const Inputs& inputs_;
  std::vector<InputWarning> warnings_;
};

}  // namespace

std::vector<InputWarning> lint_inputs(const Inputs& inputs) { return Linter(inputs).run(); }

}  // namespace capplan
