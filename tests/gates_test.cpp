// Gates of allocate and diff as values: name, limit, value, passed, message.
#include "capplan/gates.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "capplan/plan.hpp"
#include "capplan/plan_diff.hpp"

namespace {

capplan::PeriodPlan period(const std::string& label, double cost_usd, double unmet_tokens_per_s) {
  capplan::PeriodPlan pp;
  pp.period = label;
  pp.hours = 720;
  pp.cost_usd = cost_usd;
  if (unmet_tokens_per_s > 0) pp.unmet_tokens_per_s["s"] = unmet_tokens_per_s;
  return pp;
}

}  // namespace

TEST_CASE("allocate's gates report every failure, in the table's number style", "[gates]") {
  capplan::Plan plan;
  plan.objective_usd = 244.34e9;
  plan.periods = {period("2027-01", 1, 0), period("2027-02", 1, 1'234'567),
                  period("2027-03", 1, 20)};
  capplan::PlanGates gates;
  gates.max_unmet_tokens_per_s = 10;
  gates.max_cost_usd = 2e11;
  const std::vector<capplan::GateResult> results = capplan::check_plan_gates(plan, gates);
  REQUIRE(results.size() == 2);
  CHECK(results[0].name == "--fail-on-unmet");
  CHECK(results[0].limit == 10);
  CHECK(results[0].value == 1'234'567);
  CHECK_FALSE(results[0].passed);
  CHECK(results[1].name == "--max-cost");
  CHECK(results[1].value == 244.34e9);
  CHECK_FALSE(results[1].passed);
  CHECK(capplan::failure_messages(results) ==
        std::vector<std::string>{
            "gate --fail-on-unmet: 1,234,567 tokens/s unmet in 2027-02 (2 of 3 periods above the "
            "limit), above 10 tokens/s",
            "gate --max-cost: objective $244.34B, above $200.00B"});

  gates.max_unmet_tokens_per_s = 1'234'567;  // equal to the worst period: passes
  gates.max_cost_usd = 244.34e9;
  const std::vector<capplan::GateResult> pass = capplan::check_plan_gates(plan, gates);
  REQUIRE(pass.size() == 2);
  CHECK(pass[0].passed);
  CHECK(pass[1].passed);
  CHECK(capplan::failure_messages(pass).empty());
  CHECK(capplan::check_plan_gates(plan, {}).empty());
}

TEST_CASE(
    "diff --max-cost-increase compares cost over the common periods, so a shorter plan "
    "cannot pass by being shorter",
    "[gates][diff]") {
  capplan::Plan base;
  base.periods = {period("2027-01", 100, 0), period("2027-02", 100, 0), period("2027-03", 100, 0)};
  base.objective_usd = 300;
  // One month shorter and 20% dearer per month: its objective (240) is below the base's.
  capplan::Plan next;
  next.periods = {period("2027-01", 120, 0), period("2027-02", 120, 0)};
  next.objective_usd = 240;
  const capplan::PlanDiff d = capplan::diff_plans(base, "b.json", next, "n.json");
  CHECK(*d.common_cost_usd.base == Approx(200));
  CHECK(*d.common_cost_usd.next == Approx(240));

  capplan::DiffGates gates;
  gates.max_cost_increase_pct = 10;
  const std::vector<capplan::GateResult> results = capplan::check_diff_gates(d, gates);
  REQUIRE(results.size() == 1);
  CHECK(results[0].name == "--max-cost-increase");
  CHECK(results[0].limit == 10);
  CHECK(results[0].value == Approx(20));
  CHECK_FALSE(results[0].passed);
  CHECK(results[0].message ==
        "gate --max-cost-increase: cost rose 20.00% (200.00 → 240.00 USD over 2 common periods), "
        "above 10%");
  gates.max_cost_increase_pct = 20.5;
  CHECK(capplan::failed_gates(d, gates).empty());
}

TEST_CASE("diff --max-cost-increase counts the unmet penalty of the common periods only",
          "[gates][diff]") {
  capplan::Plan base;
  base.periods = {period("2027-01", 100, 0), period("2027-02", 100, 0)};
  capplan::Plan next;
  // Unmet tokens in 2027-02 (common) and twice as many in 2027-04 (not in base): a third of
  // the penalty (20 of 60) belongs to the common periods.
  next.periods = {period("2027-01", 100, 0), period("2027-02", 100, 10), period("2027-04", 0, 20)};
  next.periods[1].penalty_usd = 20;  // each period carries its own part of the penalty
  next.periods[2].penalty_usd = 40;
  next.unmet_penalty_usd = 60;
  const capplan::PlanDiff d = capplan::diff_plans(base, "b.json", next, "n.json");
  CHECK(*d.common_cost_usd.next == Approx(220));
}

TEST_CASE("diff --max-cost-increase fails plans with no period in common", "[gates][diff]") {
  capplan::Plan base, next;
  base.periods = {period("2027-01", 100, 0)};
  next.periods = {period("2028-01", 1, 0)};
  capplan::DiffGates gates;
  gates.max_cost_increase_pct = 50;
  const std::vector<capplan::GateResult> results =
      capplan::check_diff_gates(capplan::diff_plans(base, "b.json", next, "n.json"), gates);
  REQUIRE(results.size() == 1);
  CHECK_FALSE(results[0].passed);
  CHECK(results[0].message ==
        "gate --max-cost-increase: the plans have no period in common, so their cost cannot be "
        "compared (limit 50%)");
}
