// Plans of forecasts many orders of magnitude from the bundled one: the LP's units follow the
// data's size and verification judges each row at its own magnitude, so they plan "optimal,
// verified" (docs/MODEL.md, "Units inside the LP" and "Verification").
#include <catch2/catch.hpp>

#include "capplan/plan.hpp"
#include "model_builder.hpp"
#include "plan_fixture.hpp"

using capplan::Inputs;
using capplan::Plan;
using Catch::Matchers::WithinRel;

namespace {

// Every slice's demand × factor, through the Inputs API.
void scale_demand(Inputs& in, double factor) {
  for (capplan::Slice& s : in.demand.slices) {
    if (!s.tokens_per_day) {
      s.base_tokens_per_day *= factor;
    } else if (s.tokens_per_day->is_constant) {
      s.tokens_per_day->constant *= factor;
    } else {
      for (capplan::ScheduleStep& step : s.tokens_per_day->steps) step.value *= factor;
    }
  }
}

double total_unmet(const Plan& plan) {
  double u = 0;
  for (const auto& pp : plan.periods)
    for (const auto& [slice, v] : pp.unmet_tokens_per_s) u += v;
  return u;
}

std::string failures(const Plan& plan) {
  std::string out = plan.message;
  for (const std::string& f : plan.verification.failures) out += "\n" + f;
  return out;
}

}  // namespace

TEST_CASE("bundled demand scaled by 1e-8 plans optimal and verified", "[verify][scale]") {
  Inputs in = capplan::load_inputs(capplan::bundled_sources());
  scale_demand(in, 1e-8);
  const Plan plan = capplan::make_plan(in);
  INFO(failures(plan));
  REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
  CHECK(plan.verification.ok);
  CHECK(plan.verification.failures.empty());
  // Tens of tokens/s fit anywhere: nothing is unmet, and some chips are bought.
  CHECK(total_unmet(plan) == 0.0);
  CHECK(plan.objective_usd > 0.0);
  // The LP's units moved with the data (the bundled forecast keeps scale 1).
  CHECK(capplan::ModelContext(in).scale < 1e-3);
}

TEST_CASE("bundled demand scaled by 1e4 plans optimal and verified", "[verify][scale]") {
  Inputs in = capplan::load_inputs(capplan::bundled_sources());
  scale_demand(in, 1e4);
  const Plan plan = capplan::make_plan(in);
  INFO(failures(plan));
  REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
  CHECK(plan.verification.ok);
  // Power and supply cannot grow 1e4×: most of it is unmet, at the penalty.
  CHECK(total_unmet(plan) > 0.0);
  CHECK(plan.unmet_penalty_usd > 0.5 * plan.objective_usd);
}

TEST_CASE("the bundled forecast keeps the LP's base units", "[verify][scale]") {
  const Inputs in = capplan::load_inputs(capplan::bundled_sources());
  CHECK(capplan::ModelContext(in).scale == 1.0);
}

TEST_CASE("a slice of 1e18 tokens per day plans, mostly unmet, and verifies", "[verify][scale]") {
  // Offering a (700 tok/s per chip) capped at 4 chips: 2800 tok/s served, the rest unmet at
  // $20/Mtok. Batch class: peak_to_avg 1, so unmet mean tokens/s = 1e18/86400 − 2800.
  capplan::testing::Instance inst;
  inst.catalog["offerings"]["a"]["max_chips"] = 4;
  inst.catalog["offerings"]["b"]["max_chips"] = 0;
  inst.demand["slices"]["s"]["tokens_per_day"] = 1e18;
  const Inputs in = inst.load();
  const Plan plan = capplan::make_plan(in);
  INFO(failures(plan));
  REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
  CHECK(plan.verification.ok);
  const double unmet = 1e18 / 86400.0 - 2800.0;
  CHECK_THAT(total_unmet(plan), WithinRel(unmet, 1e-9));
  CHECK_THAT(plan.unmet_penalty_usd, WithinRel(20.0 * unmet * 744 * 3600 / 1e6, 1e-9));
  CHECK_THAT(plan.objective_usd, WithinRel(4 * 744 + 20.0 * unmet * 744 * 3600 / 1e6, 1e-9));
}

TEST_CASE("a bundled slice raised to 1e18 tokens per day plans and verifies", "[verify][scale]") {
  Inputs in = capplan::load_inputs(capplan::bundled_sources());
  capplan::Slice& s = in.demand.slices.front();
  s.tokens_per_day = capplan::Schedule::constant_of(1e18);
  const Plan plan = capplan::make_plan(in);
  INFO(failures(plan));
  REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
  CHECK(plan.verification.ok);
  CHECK(plan.periods.front().unmet_tokens_per_s.count(s.id) == 1);
}
