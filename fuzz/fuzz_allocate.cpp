// Fuzz target, end to end: a scenario document (capplan.scenario/v1) patches a tiny catalog,
// demand and policy (tests/plan_fixture.hpp: two providers, two offerings, one month), which
// are validated and planned under a short time limit, as `capplan allocate --scenario` does.
// Loading may fail only with InputError, planning only with SolverError; a plan must render
// in every format and read back from its own JSON.
#include <sstream>

#include "capplan/plan.hpp"
#include "capplan/render.hpp"
#include "fuzz_common.hpp"
#include "plan_fixture.hpp"

namespace {

// Keeps each run fast: a patch may stretch the horizon or add entities, but the LP stays tiny.
constexpr std::size_t kMaxPeriods = 24;
constexpr std::size_t kMaxEntities = 16;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace capplan;
  static const testing::Instance instance;
  InputSources sources{{"catalog.json", instance.catalog.dump()},
                       {"demand.json", instance.demand.dump()},
                       {"policy.json", instance.policy.dump()},
                       {{"scenario.json", fuzz::text_of(data, size)}},
                       {}};
  Inputs inputs;
  try {
    inputs = load_inputs(sources);
  } catch (const InputError&) {
    return 0;
  }
  if (inputs.demand.periods().size() > kMaxPeriods ||
      inputs.catalog.offerings.size() > kMaxEntities || inputs.demand.slices.size() > kMaxEntities)
    return 0;
  PlanOptions options;
  options.time_limit_s = 1;
  options.threads = 1;
  Plan plan;
  try {
    plan = make_plan(inputs, options);
  } catch (const SolverError&) {
    return 0;
  }
  std::ostringstream out;
  for (Format format : {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown})
    render_plan(plan, format, out);
  (void)plan_from_json(plan_to_json(plan), "plan.json");
  return 0;
}
