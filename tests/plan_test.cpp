// Known-answer plans: each small enough to solve by hand; the arithmetic is in the comments.
// Shared numbers (plan_fixture.hpp): 744 hours; offering a (provider p1) gives 700 tokens/s per
// chip for $744 a month, offering b (provider p2) 350 tokens/s per chip for $744; need 7000.
#include "capplan/plan.hpp"

#include <catch2/catch.hpp>

#include "plan_fixture.hpp"

using capplan::Plan;
using capplan::testing::Instance;
using capplan::testing::json;
using Catch::Matchers::WithinRel;

namespace {

double chips(const Plan& plan, const std::string& offering, size_t period = 0) {
  double n = 0;
  for (const auto& f : plan.periods.at(period).fleet)
    if (f.offering == offering) n += f.chips;
  return n;
}

double unmet(const Plan& plan, size_t period = 0) {
  double u = 0;
  for (const auto& [s, v] : plan.periods.at(period).unmet_tokens_per_s) u += v;
  return u;
}

Plan solve(const Instance& inst) {
  Plan plan = capplan::make_plan(inst.load());
  REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
  CHECK(plan.verification.ok);
  return plan;
}

}  // namespace

TEST_CASE("cheapest accelerator per token wins", "[plan]") {
  // a: $744/700 tok/s beats b: $744/350. 7000/700 = 10 chips of a, cost 10 × 744 = 7440.
  const Plan plan = solve(Instance{});
  CHECK_THAT(chips(plan, "a"), WithinRel(10.0, 1e-9));
  CHECK(chips(plan, "b") == 0.0);
  CHECK_THAT(plan.objective_usd, WithinRel(7440.0, 1e-9));
  // Marginal demand: one more token/s needs 1/700 chip of a for 744 h = 2.6784 Mtok:
  // (744/700) / 2.6784 = $0.396825/Mtok = 1/(700 × 3600) × 1e6.
  CHECK_THAT(plan.periods[0].demand_usd_per_mtok.at("s"), WithinRel(1e6 / (700.0 * 3600.0), 1e-6));
}

TEST_CASE("a supply limit spills demand to the next cheapest offering", "[plan]") {
  // a capped at 4 chips = 2800 tok/s; the other 4200 on b = 12 chips; cost 16 × 744 = 11904.
  Instance inst;
  inst.catalog["offerings"]["a"]["max_chips"] = 4;
  const Plan plan = solve(inst);
  CHECK_THAT(chips(plan, "a"), WithinRel(4.0, 1e-9));
  CHECK_THAT(chips(plan, "b"), WithinRel(12.0, 1e-9));
  CHECK_THAT(plan.objective_usd, WithinRel(11904.0, 1e-9));
  // One more chip of a replaces two of b: worth $744 a month.
  double supply_value = 0;
  for (const auto& b : plan.binding)
    if (b.kind == "supply" && b.id == "a") supply_value = b.value;
  CHECK_THAT(supply_value, WithinRel(744.0, 1e-6));
}

TEST_CASE("a region power limit binds and its dual is the hand value", "[plan]") {
  // r1 has 2 kW = 0.002 MW; a draws 0.5 kW → 4 chips (2800 tok/s); b serves 4200 with 12 chips.
  // One more kW in r1: 2 more chips of a (+$1488) replace 4 of b (−$2976): saves $1488 per kW,
  // $1,488,000 per MW-month.
  Instance inst;
  inst.catalog["regions"]["r1"]["power_mw"] = 0.002;
  const Plan plan = solve(inst);
  CHECK_THAT(chips(plan, "a"), WithinRel(4.0, 1e-9));
  CHECK_THAT(chips(plan, "b"), WithinRel(12.0, 1e-9));
  CHECK_THAT(plan.periods[0].region_usd_per_mw.at("r1"), WithinRel(1488000.0, 1e-6));
  CHECK_THAT(plan.periods[0].power_mw, WithinRel((4 + 12) * 0.5 / 1000, 1e-9));
}

TEST_CASE("offerings of an unsigned commitment stay unused", "[plan]") {
  // a belongs to a commitment still in talks: all 7000 on b = 20 chips, cost 20 × 744 = 14880.
  Instance inst;
  inst.catalog["commitments"]["deal"] = {
      {"provider", "p1"}, {"status", "talks"}, {"start", "2026-01"}, {"end", "2030-12"}};
  inst.catalog["offerings"]["a"]["commitment"] = "deal";
  const Plan plan = solve(inst);
  CHECK(chips(plan, "a") == 0.0);
  CHECK_THAT(chips(plan, "b"), WithinRel(20.0, 1e-9));
  CHECK_THAT(plan.objective_usd, WithinRel(14880.0, 1e-9));
  CHECK(plan.commitments.empty());
}

TEST_CASE("take-or-pay makes committed capacity free up to the minimum", "[plan]") {
  // a costs $3/chip-hour (worse per token than b: 3/700 > 1/350) but sits under a signed
  // commitment with a minimum spend of 6 chips' worth per month: 6 × 3 × 744 = $13,392 a
  // month = $160,704 a year; the horizon holds 1 month of it. Those 6 chips (4200 tok/s) cost
  // nothing extra; the remaining 2800 go to b (8 chips, $5952). Objective 13392 + 5952 = 19344.
  Instance inst;
  inst.catalog["offerings"]["a"]["price_per_chip_hour"] = 3.0;
  inst.catalog["commitments"]["deal"] = {{"provider", "p1"},
                                         {"status", "signed"},
                                         {"start", "2026-01"},
                                         {"end", "2026-12"},
                                         {"min_spend_usd_per_year", 160704.0}};
  inst.catalog["offerings"]["a"]["commitment"] = "deal";
  const Plan plan = solve(inst);
  CHECK_THAT(chips(plan, "a"), WithinRel(6.0, 1e-9));
  CHECK_THAT(chips(plan, "b"), WithinRel(8.0, 1e-9));
  CHECK_THAT(plan.objective_usd, WithinRel(19344.0, 1e-9));
  REQUIRE(plan.commitments.size() == 1);
  CHECK(plan.commitments[0].months == 1);
  CHECK_THAT(plan.commitments[0].min_spend_usd, WithinRel(13392.0, 1e-9));
  CHECK_THAT(plan.commitments[0].paid_usd, WithinRel(13392.0, 1e-9));
  CHECK(plan.commitments[0].stranded_usd == 0.0);
}

TEST_CASE("a provider max share forces diversification, its dual is the hand value", "[plan]") {
  // p1 may serve at most 60 %: a serves 4200 (6 chips), b 2800 (8 chips); cost 14 × 744 = 10416.
  // One more percentage point = 70 tok/s moved from b to a: −0.2 chip of b (−$148.8) and
  // +0.1 chip of a (+$74.4): worth $74.4 per point.
  Instance inst;
  inst.policy["provider_share"] = {{"p1", {{"max", 0.6}}}};
  const Plan plan = solve(inst);
  CHECK_THAT(chips(plan, "a"), WithinRel(6.0, 1e-9));
  CHECK_THAT(chips(plan, "b"), WithinRel(8.0, 1e-9));
  CHECK_THAT(plan.objective_usd, WithinRel(10416.0, 1e-9));
  CHECK_THAT(plan.periods[0].providers.at("p1").share_fraction, WithinRel(0.6, 1e-9));
  CHECK_THAT(plan.periods[0].share_usd_per_pp.at("p1.share_max"), WithinRel(74.4, 1e-6));
}

TEST_CASE("residency keeps EU demand in EU regions", "[plan]") {
  // The slice is EU batch demand; EU data may only be served in EU regions. Move r2 to the EU:
  // only b (350 tok/s per chip) is allowed, 20 chips, although a is cheaper per token.
  Instance inst;
  inst.catalog["regions"]["r2"]["geo"] = "eu";
  inst.demand["slices"]["s"]["geo"] = "eu";
  inst.policy["residency"] = {{"eu", {"eu"}}};
  const Plan plan = solve(inst);
  CHECK(chips(plan, "a") == 0.0);
  CHECK_THAT(chips(plan, "b"), WithinRel(20.0, 1e-9));
}

TEST_CASE("interactive demand stays in its own geo", "[plan]") {
  // Same as above without a residency rule, but the class is interactive and
  // interactive_same_geo defaults to true: still only b.
  Instance inst;
  inst.catalog["regions"]["r2"]["geo"] = "eu";
  inst.demand["slices"]["s"]["geo"] = "eu";
  inst.demand["slices"]["s"]["class"] = "chat";
  const Plan plan = solve(inst);
  CHECK(chips(plan, "a") == 0.0);
  CHECK_THAT(chips(plan, "b"), WithinRel(20.0, 1e-9));
}

TEST_CASE("survive-provider-loss keeps half the peak servable outside each provider", "[plan]") {
  // σ = 0.5 of the 7000 tokens/s (deferrable: its mean) must be servable without each provider,
  // at contingency utilization 0.9: without p1, b (450 tok/s per chip) needs 3500/450 = 70/9
  // chips; without p2, a (900) needs 3500/900 = 35/9. Normally b's 70/9 chips serve
  // 70/9 × 350 = 24500/9 tok/s, a the other 38500/9 with 55/9 chips (≥ 35/9). Fleet
  // 125/9 chips, cost 125/9 × 744 = 10333.33 (the version 1 rule, counting normal routing
  // outside each provider, asked for 15 chips).
  Instance inst;
  inst.policy["survive_provider_loss"] = 0.5;
  const Plan plan = solve(inst);
  CHECK_THAT(chips(plan, "a"), WithinRel(55.0 / 9, 1e-7));
  CHECK_THAT(chips(plan, "b"), WithinRel(70.0 / 9, 1e-7));
  CHECK_THAT(plan.objective_usd, WithinRel(125.0 / 9 * 744, 1e-7));
}

TEST_CASE("demand beyond capacity is unmet at the penalty and explained", "[plan]") {
  // Only a, capped at 4 chips (2800 tok/s): 4200 tok/s unmet. Penalty $20/Mtok × 4200 tok/s ×
  // 744 h × 3600 s / 1e6 = $224,985.6; plus 4 × 744 = 2976. Marginal demand costs the penalty.
  Instance inst;
  inst.catalog["offerings"].erase("b");
  inst.catalog["offerings"]["a"]["max_chips"] = 4;
  const Plan plan = solve(inst);
  CHECK_THAT(unmet(plan), WithinRel(4200.0, 1e-9));
  CHECK_THAT(plan.objective_usd, WithinRel(2976.0 + 224985.6, 1e-9));
  CHECK_THAT(plan.unmet_penalty_usd, WithinRel(224985.6, 1e-9));
  CHECK_THAT(plan.periods[0].demand_usd_per_mtok.at("s"), WithinRel(20.0, 1e-6));
  REQUIRE(plan.unmet_explanations.size() == 1);
  CHECK(plan.unmet_explanations[0].reason.find("chip supply exhausted for a") != std::string::npos);
  // 4200 tok/s on a = 6 chips × 0.5 kW = 3 kW = 0.003 MW.
  CHECK_THAT(plan.unmet_explanations[0].short_mw, WithinRel(0.003, 1e-9));
}

TEST_CASE("a plan round-trips through JSON", "[plan]") {
  Instance inst;
  inst.catalog["offerings"]["a"]["max_chips"] = 4;
  const Plan plan = solve(inst);
  const std::string text = capplan::plan_to_json(plan);
  const Plan back = capplan::plan_from_json(text, "plan.json");
  CHECK(back.objective_usd == plan.objective_usd);
  REQUIRE(back.periods.size() == plan.periods.size());
  CHECK(back.periods[0].allocations.size() == plan.periods[0].allocations.size());
  CHECK(back.periods[0].allocations[0].tokens_per_s == plan.periods[0].allocations[0].tokens_per_s);
  REQUIRE(back.periods[0].fleet.size() == plan.periods[0].fleet.size());
  CHECK(back.periods[0].fleet[0].chips == plan.periods[0].fleet[0].chips);
  CHECK(json::parse(text)["schema"] == "capplan.plan/v2");
}

TEST_CASE("a plan of another schema is refused with its pointer", "[plan]") {
  try {
    capplan::plan_from_json(R"({"schema": "capplan.plan/v9"})", "old.json");
    FAIL("expected an InputError");
  } catch (const capplan::InputError& e) {
    CHECK(e.diagnostics().at(0).to_string() ==
          "old.json: /schema: unsupported plan schema \"capplan.plan/v9\" (expected "
          "\"capplan.plan/v2\")");
  }
}
