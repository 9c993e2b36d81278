// One meaning per number: the unmet penalty per real token, and every total a plan reports
// (tokens served and unmet, cost per year, average chips) from plan_figures, the same in the
// plan JSON, the table, compare and diff (docs/MODEL.md, "Figures of a plan").
#include "capplan/plan_figures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "capplan/compare.hpp"
#include "capplan/plan.hpp"
#include "capplan/plan_diff.hpp"
#include "capplan/render.hpp"
#include "instance_gen.hpp"
#include "plan_fixture.hpp"

using capplan::Inputs;
using capplan::Plan;
using capplan::testing::Instance;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using nlohmann::json;

namespace {

Inputs load(const capplan::instances::InstanceDocs& docs) {
  return capplan::load_inputs({{"catalog.json", docs.catalog},
                               {"demand.json", docs.demand},
                               {"policy.json", docs.policy},
                               {},
                               {}});
}

// The plan JSON's `years` block: each cost is usage + stranded + onboarding + penalty +
// shortfall + deal (reservations and signing costs of deals to decide), the costs sum to the
// objective and the penalties to unmet_penalty_usd, to 1e-9 relative.
void check_years_reconcile(const Plan& plan) {
  const json j = json::parse(capplan::plan_to_json(plan));
  REQUIRE(j.contains("years"));
  REQUIRE(!j["years"].empty());
  double cost = 0, penalty = 0, unmet_tokens = 0;
  for (const json& y : j["years"]) {
    const double parts = y["usage_usd"].get<double>() + y["stranded_usd"].get<double>() +
                         y["onboarding_usd"].get<double>() + y["penalty_usd"].get<double>() +
                         y["shortfall_usd"].get<double>() + y["deal_usd"].get<double>();
    CHECK_THAT(y["cost_usd"].get<double>(), WithinRel(parts, 1e-12));
    cost += y["cost_usd"].get<double>();
    penalty += y["penalty_usd"].get<double>();
    unmet_tokens += y["unmet_tokens"].get<double>();
  }
  CHECK_THAT(cost, WithinRel(j["objective_usd"].get<double>(), 1e-9));
  CHECK_THAT(penalty, WithinAbs(j["unmet_penalty_usd"].get<double>(),
                                1e-9 * j["objective_usd"].get<double>()));
  // Unmet tokens: the same total per slice and period (mean tokens/s × hours × 3600).
  double per_slice = 0;
  for (const json& p : j["periods"])
    for (const auto& [slice, u] : p["unmet"].items())
      per_slice += u["tokens_per_s"].get<double>() * p["hours"].get<double>() * 3600.0;
  CHECK_THAT(unmet_tokens, WithinAbs(per_slice, 1e-9 * std::max(1.0, per_slice)));
}

}  // namespace

TEST_CASE("the unmet penalty is paid per real token, not per peak-sized token", "[plan][figures]") {
  // Interactive slice, peak_to_avg κ = 1.5, mean 7000 tok/s, φ = 0.25: the peak block runs at
  // 10500 tok/s, the off-peak block at 7000·(1 − 0.375)/0.75 = 5833.33. Only a (700 tok/s per
  // chip), capped at 4 chips: 2800 tok/s in each block, short 7700 at the peak and 3033.33 off
  // it: 0.25·7700 + 0.75·3033.33 = 4200 real tok/s not served. Penalty $20/Mtok × 4200 × 744 h ×
  // 3600 / 1e6 = $224,985.60; chips 4 × 744 = $2976.
  Instance inst;
  inst.demand["classes"]["chat"]["peak_to_avg"] = 1.5;
  inst.demand["slices"]["s"]["class"] = "chat";
  inst.catalog["offerings"].erase("b");
  inst.catalog["offerings"]["a"]["max_chips"] = 4;
  const Plan plan = capplan::make_plan(inst.load());
  REQUIRE(plan.verification.ok);
  CHECK_THAT(plan.periods[0].unmet_tokens_per_s.at("s"), WithinRel(4200.0, 1e-7));
  CHECK_THAT(plan.periods[0].unmet_blocks.at("s").first, WithinRel(7700.0, 1e-7));
  CHECK_THAT(plan.periods[0].unmet_blocks.at("s").second,
             WithinRel(7000.0 * 0.625 / 0.75 - 2800, 1e-7));
  CHECK_THAT(plan.unmet_penalty_usd, WithinRel(224985.6, 1e-7));
  CHECK_THAT(plan.objective_usd, WithinRel(2976.0 + 224985.6, 1e-7));
  // One more real token/s costs the policy's $20/Mtok, not 1.5 × $20.
  CHECK_THAT(plan.periods[0].demand_usd_per_mtok.at("s"), WithinRel(20.0, 1e-6));
  // The MW short is capacity at the busier block: 7700 tok/s = 11 chips × 0.5 kW.
  REQUIRE(plan.unmet_explanations.size() == 1);
  CHECK_THAT(plan.unmet_explanations[0].tokens_per_s, WithinRel(4200.0, 1e-7));
  CHECK_THAT(plan.unmet_explanations[0].short_mw, WithinRel(0.0055, 1e-7));
  const capplan::PlanFigures f = capplan::plan_figures(plan);
  CHECK_THAT(f.unmet_tokens, WithinRel(4200.0 * 744 * 3600, 1e-7));
  CHECK_THAT(f.served_tokens, WithinRel(2800.0 * 744 * 3600, 1e-7));
}

TEST_CASE("an interactive token is left unmet when serving it costs more than the penalty",
          "[plan][figures]") {
  // κ = 1.5, φ = 0.25, mean 7000: peak 10500, off-peak 5833.33 tok/s. A chip of a that runs in
  // both blocks serves 700 real tok/s; one that only covers the peak serves 0.25 × 700 = 175.
  // At $40/chip-hour: $40 / (700 × 3600) × 1e6 = $15.87/Mtok for the first kind (bought up to
  // 5833.33/700 = 8.333 chips), $63.49/Mtok for the second (above the $20 penalty: the peak's
  // 4666.67 extra tok/s go unmet, 0.25 × 4666.67 = 1166.67 real tok/s). At $10/chip-hour the
  // peak-only chip costs $15.87/Mtok: all demand served with 15 chips.
  Instance inst;
  inst.demand["classes"]["chat"]["peak_to_avg"] = 1.5;
  inst.demand["slices"]["s"]["class"] = "chat";
  inst.catalog["offerings"].erase("b");
  inst.catalog["offerings"]["a"]["price_per_chip_hour"] = 40.0;
  const Plan expensive = capplan::make_plan(inst.load());
  REQUIRE(expensive.verification.ok);
  REQUIRE(expensive.periods[0].fleet.size() == 1);
  CHECK_THAT(expensive.periods[0].fleet[0].chips, WithinRel(7000.0 * 0.625 / 0.75 / 700, 1e-7));
  CHECK_THAT(expensive.periods[0].unmet_tokens_per_s.at("s"),
             WithinRel(0.25 * (10500 - 7000.0 * 0.625 / 0.75), 1e-7));
  inst.catalog["offerings"]["a"]["price_per_chip_hour"] = 10.0;
  const Plan cheap = capplan::make_plan(inst.load());
  REQUIRE(cheap.verification.ok);
  CHECK(cheap.periods[0].unmet_tokens_per_s.empty());
  CHECK_THAT(cheap.periods[0].fleet[0].chips, WithinRel(15.0, 1e-7));
}

TEST_CASE("the plan JSON's years reconcile to the objective on the bundled data",
          "[plan][figures]") {
  const Plan plan = capplan::make_plan(capplan::load_inputs(capplan::bundled_sources()));
  REQUIRE(plan.verification.ok);
  check_years_reconcile(plan);
  // Read back, the plan gives the same figures.
  const Plan back = capplan::plan_from_json(capplan::plan_to_json(plan), "plan.json");
  const auto a = capplan::plan_figures(plan).years, b = capplan::plan_figures(back).years;
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK_THAT(b[i].cost_usd, WithinRel(a[i].cost_usd, 1e-12));
    CHECK_THAT(b[i].unmet_tokens, WithinAbs(a[i].unmet_tokens, 1e-3));
  }
}

TEST_CASE("the plan JSON's years reconcile to the objective on random instances",
          "[plan][figures][property]") {
  for (std::uint64_t seed = 61; seed <= 66; ++seed) {
    INFO("seed " << seed);
    capplan::instances::InstanceSize size;
    size.seed = seed;
    size.months = 18;
    size.survive_provider_loss = seed % 2 ? 0.0 : 0.3;
    auto docs = capplan::instances::generate_instance(size);
    // Onboarding and priced survive shortfalls are parts of a year's cost too.
    json policy = json::parse(docs.policy);
    policy["onboarding_hours"] = seed % 3 == 0 ? 0.0 : 168.0;
    if (seed % 2 == 0) policy["survive_shortfall_usd_per_mtok"] = 1.0;
    docs.policy = policy.dump();
    const Plan plan = capplan::make_plan(load(docs));
    REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
    CHECK(plan.verification.ok);
    check_years_reconcile(plan);
  }
}

TEST_CASE("the table's yearly cost includes stranded minimums and the penalty", "[plan][figures]") {
  // Random instances have take-or-pay minimums; the table prints the JSON's year cost.
  capplan::instances::InstanceSize size;
  size.seed = 62;
  size.months = 18;
  const Plan plan = capplan::make_plan(load(capplan::instances::generate_instance(size)));
  std::ostringstream table;
  capplan::render_plan(plan, capplan::Format::kTable, table);
  for (const capplan::YearFigures& y : capplan::plan_figures(plan).years) {
    INFO(y.year);
    CHECK(table.str().find(capplan::format_usd(y.cost_usd)) != std::string::npos);
  }
}

TEST_CASE("compare and diff average chips the same way: hours-weighted", "[plan][figures]") {
  // February (672 h) 10 chips of a, March (744 h) 20: (10·672 + 20·744) / 1416 = 15.2542 chips,
  // not the plain mean of 15 diff used to report.
  Instance inst;
  inst.demand["start"] = "2026-02";
  inst.demand["end"] = "2026-03";
  inst.demand["slices"]["s"]["tokens_per_day"] =
      json::array({{{"from", "2026-02"}, {"value", 7000.0 * 86400}},
                   {{"from", "2026-03"}, {"value", 14000.0 * 86400}}});
  const Plan plan = capplan::make_plan(inst.load());
  REQUIRE(plan.verification.ok);
  const double hours_weighted = (10.0 * 672 + 20.0 * 744) / 1416;
  CHECK_THAT(capplan::plan_figures(plan).offering_chips_avg.at("a"),
             WithinRel(hours_weighted, 1e-9));

  Plan none = plan;
  for (capplan::PeriodPlan& pp : none.periods) pp.allocations.clear(), pp.fleet.clear();
  const capplan::PlanDiff diff = capplan::diff_plans(plan, "base.json", none, "next.json");
  REQUIRE(!diff.shifts.empty());
  CHECK(diff.shifts[0].offering == "a");
  CHECK_THAT(*diff.shifts[0].chips_avg.base, WithinRel(hours_weighted, 1e-9));

  std::ostringstream out;
  capplan::render_comparison({plan, none}, capplan::Format::kJson, out);
  const json comparison = json::parse(out.str());
  bool found = false;
  for (const json& r : comparison["rows"])
    if (r.value("kind", "") == "shift" && r.value("offering", "") == "a") {
      found = true;
      CHECK_THAT(r["values"][0].get<double>(), WithinRel(hours_weighted, 1e-9));
    }
  CHECK(found);
}
