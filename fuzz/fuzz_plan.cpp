// Fuzz target: a plan file (capplan.plan/v1) as `capplan diff` and `capplan report` read it.
// plan_from_json may throw only InputError; a plan it accepts must render in every format and
// diff against itself without any error, since those are what the commands do next.
#include <sstream>

#include "capplan/plan.hpp"
#include "capplan/plan_diff.hpp"
#include "capplan/render.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace capplan;
  Plan plan;
  try {
    plan = plan_from_json(fuzz::text_of(data, size), "plan.json");
  } catch (const InputError&) {
    return 0;
  }
  std::ostringstream out;
  const PlanDiff diff = diff_plans(plan, "base.json", plan, "plan.json");
  for (Format format : {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown}) {
    render_plan(plan, format, out);
    render_plan_diff(diff, format, out);
  }
  (void)plan_from_json(plan_to_json(plan), "again.json");
  return 0;
}
