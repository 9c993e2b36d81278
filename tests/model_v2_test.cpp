// Known-answer plans of the version 2 model (docs/MODEL.md), each worked by hand in its comment,
// and the uniqueness of plans across solve paths. Shared numbers (plan_fixture.hpp): July 2026
// has 744 hours; offering a (provider p1) gives 700 tokens/s per chip, b (p2) 350, both at
// $1/chip-hour and 0.5 kW; φ = peak_hours_share = 0.25 unless a test says otherwise.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <string>
#include <tuple>

#include "capplan/plan.hpp"
#include "instance_gen.hpp"
#include "plan_fixture.hpp"

using capplan::Plan;
using capplan::testing::Instance;
using capplan::testing::json;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

double chips(const Plan& plan, const std::string& offering, size_t period = 0) {
  for (const auto& f : plan.periods.at(period).fleet)
    if (f.offering == offering) return f.chips;
  return 0.0;
}

double chips_added(const Plan& plan, const std::string& offering, size_t period) {
  for (const auto& f : plan.periods.at(period).fleet)
    if (f.offering == offering) return f.chips_added;
  return 0.0;
}

const capplan::AllocationRow& route(const Plan& plan, const std::string& slice,
                                    const std::string& offering, size_t period = 0) {
  for (const auto& a : plan.periods.at(period).allocations)
    if (a.slice == slice && a.offering == offering) return a;
  FAIL("no allocation of " << slice << " on " << offering);
  return plan.periods.at(period).allocations.front();
}

Plan solve(const Instance& inst) {
  Plan plan = capplan::make_plan(inst.load());
  REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
  INFO(plan.verification.failures.size() << " verification failures");
  CHECK(plan.verification.ok);
  return plan;
}

// An interactive slice "s" of mean 7000 tok/s and peak_to_avg 1.5, only on a.
Instance interactive_on_a() {
  Instance inst;
  inst.demand["classes"]["chat"]["peak_to_avg"] = 1.5;
  inst.demand["slices"]["s"]["class"] = "chat";
  inst.catalog["offerings"].erase("b");
  return inst;
}

// Two months with their demand in tokens/s, deferrable, on a only.
Instance months_on_a(const std::vector<double>& tokens_per_s) {
  Instance inst;
  inst.catalog["offerings"].erase("b");
  inst.demand["end"] = tokens_per_s.size() == 3 ? "2026-09" : "2026-08";
  json steps = json::array();
  const char* months[] = {"2026-07", "2026-08", "2026-09"};
  for (size_t i = 0; i < tokens_per_s.size(); ++i)
    steps.push_back({{"from", months[i]}, {"value", tokens_per_s[i] * 86400}});
  inst.demand["slices"]["s"]["tokens_per_day"] = steps;
  return inst;
}

}  // namespace

TEST_CASE("an interactive slice sizes the fleet at its peak block", "[model][v2]") {
  // κ = 1.5, φ = 0.25: the peak block runs at 1.5 × 7000 = 10500 tok/s, the off-peak block at
  // 7000 × (1 − 0.375)/0.75 = 5833.33. The fleet holds the peak: 10500/700 = 15 chips of a,
  // 15 × 744 = $11,160. The mean routed is 0.25 × 10500 + 0.75 × 5833.33 = 7000.
  const Plan plan = solve(interactive_on_a());
  CHECK_THAT(chips(plan, "a"), WithinRel(15.0, 1e-7));
  CHECK_THAT(plan.objective_usd, WithinRel(11160.0, 1e-7));
  const auto& r = route(plan, "s", "a");
  CHECK_THAT(r.peak_tokens_per_s, WithinRel(10500.0, 1e-7));
  CHECK_THAT(r.off_tokens_per_s, WithinRel(7000.0 * 0.625 / 0.75, 1e-7));
  CHECK_THAT(r.tokens_per_s, WithinRel(7000.0, 1e-7));
  CHECK(plan.periods[0].unmet_tokens_per_s.empty());
}

TEST_CASE("a deferrable slice fills the off-peak trough at no extra chips", "[model][v2]") {
  // The 15 chips above idle 15 × 700 − 5833.33 = 4666.67 tok/s off-peak, 75 % of the hours: a
  // mean of 0.75 × 4666.67 = 3500 tok/s. A batch slice of 3500 fits exactly there: still 15
  // chips and $11,160, the batch routed 4666.67 off-peak and 0 at the peak. (Version 1 bought
  // 5 more chips for it.)
  Instance inst = interactive_on_a();
  inst.demand["slices"]["t"] = {
      {"model", "m"}, {"class", "batch"}, {"geo", "us"}, {"tokens_per_day", 3500.0 * 86400}};
  const Plan plan = solve(inst);
  CHECK_THAT(chips(plan, "a"), WithinRel(15.0, 1e-7));
  CHECK_THAT(plan.objective_usd, WithinRel(11160.0, 1e-7));
  const auto& t = route(plan, "t", "a");
  CHECK_THAT(t.off_tokens_per_s, WithinRel(15 * 700 - 7000.0 * 0.625 / 0.75, 1e-7));
  CHECK_THAT(t.peak_tokens_per_s, WithinAbs(0.0, 1e-6));
  CHECK_THAT(t.tokens_per_s, WithinRel(3500.0, 1e-7));
}

TEST_CASE("onboarding prices the chips a demand step adds", "[model][v2]") {
  // 7000 then 14000 tok/s: 10 then 20 chips of a. 100 onboarding hours on the 10 chips added in
  // August: 10 × 100 × $1 = $1,000. Objective 10 × 744 + 20 × 744 + 1000 = $23,320. July's
  // fleet is the starting fleet: nothing added.
  Instance inst = months_on_a({7000, 14000});
  inst.policy["onboarding_hours"] = 100;
  const Plan plan = solve(inst);
  CHECK_THAT(chips(plan, "a", 1), WithinRel(20.0, 1e-7));
  CHECK(chips_added(plan, "a", 0) == 0.0);
  CHECK_THAT(chips_added(plan, "a", 1), WithinRel(10.0, 1e-7));
  CHECK_THAT(plan.periods[1].onboarding_usd, WithinRel(1000.0, 1e-7));
  CHECK_THAT(plan.objective_usd, WithinRel(23320.0, 1e-7));
  CHECK(plan.stats.blocks == 1);  // onboarding couples the months: one LP
}

TEST_CASE("with onboarding a fleet moves only when it pays", "[model][v2]") {
  // 14000, 7000, 14000 tok/s in July (744 h), August (744 h), September (720 h). Dropping 10
  // chips in August saves 10 × 744 = $7,440 and re-adding them in September costs 10 × hours.
  // At 100 hours ($1,000) the fleet drops: 20 × 744 + 10 × 744 + 20 × 720 + 1000 = $37,720.
  // At 1000 hours ($10,000) it holds 20 chips: 20 × (744 + 744 + 720) = $44,160.
  Instance inst = months_on_a({14000, 7000, 14000});
  inst.policy["onboarding_hours"] = 100;
  const Plan moves = solve(inst);
  CHECK_THAT(chips(moves, "a", 1), WithinRel(10.0, 1e-7));
  CHECK_THAT(moves.objective_usd, WithinRel(37720.0, 1e-7));
  inst.policy["onboarding_hours"] = 1000;
  const Plan holds = solve(inst);
  CHECK_THAT(chips(holds, "a", 1), WithinRel(20.0, 1e-7));
  CHECK(chips_added(holds, "a", 2) == 0.0);
  CHECK_THAT(holds.objective_usd, WithinRel(44160.0, 1e-7));
}

TEST_CASE("a provider share cap binds on each basis", "[model][v2]") {
  // p1 at most 60 %, deferrable 7000 tok/s.
  // tokens: a serves 4200 (6 chips), b 2800 (8 chips): 14 × 744 = $10,416.
  // power (both 0.5 kW): n_a ≤ 0.6 (n_a + n_b), i.e. n_a ≤ 1.5 n_b; 700 n_a + 350 n_b = 7000
  //   gives n_b = 5, n_a = 7.5: 12.5 × 744 = $9,300.
  // spend with b at $2/chip-hour: n_a ≤ 0.6 (n_a + 2 n_b), i.e. n_a ≤ 3 n_b; 2450 n_b = 7000:
  //   n_b = 20/7, n_a = 60/7: 744 × (60/7 + 40/7) = $10,628.57.
  Instance inst;
  inst.policy["provider_share"] = {{"p1", {{"max", 0.6}}}};
  const Plan tokens = solve(inst);
  CHECK_THAT(chips(tokens, "a"), WithinRel(6.0, 1e-7));
  CHECK_THAT(chips(tokens, "b"), WithinRel(8.0, 1e-7));
  CHECK_THAT(tokens.objective_usd, WithinRel(10416.0, 1e-7));
  inst.policy["share_basis"] = "power";
  const Plan power = solve(inst);
  CHECK_THAT(chips(power, "a"), WithinRel(7.5, 1e-7));
  CHECK_THAT(chips(power, "b"), WithinRel(5.0, 1e-7));
  CHECK_THAT(power.objective_usd, WithinRel(9300.0, 1e-7));
  inst.policy["share_basis"] = "spend";
  inst.catalog["offerings"]["b"]["price_per_chip_hour"] = 2.0;
  const Plan spend = solve(inst);
  CHECK_THAT(chips(spend, "a"), WithinRel(60.0 / 7, 1e-7));
  CHECK_THAT(chips(spend, "b"), WithinRel(20.0 / 7, 1e-7));
  CHECK_THAT(spend.objective_usd, WithinRel(744.0 * 100 / 7, 1e-7));
}

TEST_CASE("a model_share cap binds on its model class only", "[model][v2]") {
  // No provider above 60 % of model m: s (7000 tok/s of m) splits 4200 on a, 2800 on b as with a
  // provider cap ($10,416). A second model m2 (7000 tok/s, fast only) goes all to a: 10 chips,
  // $7,440, so p1 carries 80 % of all tokens, allowed. Total $17,856.
  Instance inst;
  inst.catalog["models"]["m2"] = {{"name", "M2"}};
  inst.catalog["throughput"]["fast"]["m2"] = 1000;
  inst.demand["slices"]["t"] = {
      {"model", "m2"}, {"class", "batch"}, {"geo", "us"}, {"tokens_per_day", 7000.0 * 86400}};
  inst.policy["model_share"] = {{"m", {{"*", {{"max", 0.6}}}}}};
  const Plan plan = solve(inst);
  CHECK_THAT(route(plan, "s", "a").tokens_per_s, WithinRel(4200.0, 1e-7));
  CHECK_THAT(route(plan, "s", "b").tokens_per_s, WithinRel(2800.0, 1e-7));
  CHECK_THAT(route(plan, "t", "a").tokens_per_s, WithinRel(7000.0, 1e-7));
  CHECK_THAT(plan.periods[0].providers.at("p1").share_fraction, WithinRel(0.8, 1e-7));
  CHECK_THAT(plan.objective_usd, WithinRel(17856.0, 1e-7));
}

TEST_CASE("survive with three providers buys headroom where it is cheapest", "[model][v2]") {
  // σ = 0.5 of 7000 tok/s (deferrable) without each provider, at contingency utilization 0.9.
  // c = fast in r3 (p3) at $1.5/chip-hour. Without p1, b or c must serve 3500: c is cheaper per
  // contingency token once its chips also serve normally (each saves a chip of a: net $0.5 per
  // 900 tok/s, against b's $0.5 per 450). So n_c = 3500/900 = 35/9, serving 35/9 × 700 normally;
  // a serves the rest with 55/9 chips (also enough without p3: 55/9 × 900 = 5500 ≥ 3500).
  // Cost 744 × (55/9 + 1.5 × 35/9) = $8,886.67, against $7,440 without the rule: the headroom.
  Instance inst;
  inst.catalog["providers"]["p3"] = {{"name", "P3"}, {"kind", "hyperscaler"}};
  inst.catalog["regions"]["r3"] = {
      {"provider", "p3"}, {"location", "third"}, {"geo", "us"}, {"pue", 1.0}};
  inst.catalog["offerings"]["c"] = {
      {"region", "r3"}, {"accelerator", "fast"}, {"price_per_chip_hour", 1.5}};
  inst.policy["survive_provider_loss"] = 0.5;
  const Plan plan = solve(inst);
  CHECK_THAT(chips(plan, "a"), WithinRel(55.0 / 9, 1e-7));
  CHECK_THAT(chips(plan, "c"), WithinRel(35.0 / 9, 1e-7));
  CHECK_THAT(chips(plan, "b"), WithinAbs(0.0, 1e-6));
  CHECK_THAT(plan.objective_usd, WithinRel(744.0 * 107.5 / 9, 1e-7));
  REQUIRE(plan.survive.size() == 3);
  for (const auto& loss : plan.survive) CHECK_THAT(loss.servable_fraction, WithinRel(0.5, 1e-7));
  // Every contingency row serves on another provider's fleet.
  for (const auto& w : plan.periods[0].contingency)
    CHECK((w.lost == "p1" ? w.offering != "a" : true));
}

TEST_CASE("survive respects residency: no offering outside the lost provider may serve",
          "[model][v2]") {
  // EU demand may only be served in the EU; the only EU region is p1's. Losing p1 leaves nothing
  // eligible, so σ > 0 has no plan, and the plan says which provider, slice and period.
  Instance inst;
  inst.catalog["regions"]["r1"]["geo"] = "eu";
  inst.demand["slices"]["s"]["geo"] = "eu";
  inst.policy["residency"] = {{"eu", {"eu"}}};
  inst.policy["survive_provider_loss"] = 0.2;
  const Plan plan = capplan::make_plan(inst.load());
  CHECK(plan.status == capplan::PlanStatus::kInfeasible);
  CHECK(plan.message ==
        "no feasible plan: survive_provider_loss 0.2 needs s served in 2026-07 without p1, and no "
        "offering of another provider can serve it");
  // Priced, the shortfall is bought instead: 0.2 × 7000 = 1400 tok/s short at $5/Mtok.
  inst.policy["survive_shortfall_usd_per_mtok"] = 5;
  const Plan priced = solve(inst);
  REQUIRE(priced.periods[0].contingency_shortfall.size() == 1);
  CHECK_THAT(priced.periods[0].contingency_shortfall[0].tokens_per_s, WithinRel(1400.0, 1e-7));
  CHECK_THAT(priced.objective_usd, WithinRel(7440.0 + 5.0 * 1400 * 744 * 3600 / 1e6, 1e-7));
}

TEST_CASE("a quarter's fleet serves the mean of its three months", "[model][v2]") {
  // July 7000, August 14000, September 0 tok/s: (31 × 7000 + 31 × 14000 + 30 × 0)/92 =
  // 7076.09 tok/s, 10.109 chips of a over 2208 hours: 651000/92/700 × 2208 = $22,320. (The
  // first month alone would have said 10 chips.)
  Instance inst = months_on_a({7000, 14000, 0});
  inst.demand["step"] = "quarter";
  const Plan plan = solve(inst);
  REQUIRE(plan.periods.size() == 1);
  CHECK_THAT(chips(plan, "a"), WithinRel(651000.0 / 92 / 700, 1e-7));
  CHECK_THAT(plan.objective_usd, WithinRel(22320.0, 1e-7));
}

TEST_CASE("each class pays its own unmet penalty", "[model][v2]") {
  // a capped at 4 chips (2800 tok/s), b gone. Two deferrable slices of 7000: s (batch, the
  // policy's $20/Mtok) and t (class bulk at $2/Mtok). The chips serve s: unmet 4200 of s and
  // 7000 of t. Over 744 h one tok/s is 2.6784 Mtok: 20 × 4200 × 2.6784 + 2 × 7000 × 2.6784 =
  // $262,483.20, plus 4 × 744 = $2,976. One more token of t costs $2/Mtok, of s $20.
  Instance inst;
  inst.catalog["offerings"].erase("b");
  inst.catalog["offerings"]["a"]["max_chips"] = 4;
  inst.demand["classes"]["bulk"] = {
      {"peak_to_avg", 1.0}, {"interactive", false}, {"unmet_penalty_usd_per_mtok", 2}};
  inst.demand["slices"]["t"] = {
      {"model", "m"}, {"class", "bulk"}, {"geo", "us"}, {"tokens_per_day", 7000.0 * 86400}};
  const Plan plan = solve(inst);
  CHECK_THAT(plan.periods[0].unmet_tokens_per_s.at("s"), WithinRel(4200.0, 1e-7));
  CHECK_THAT(plan.periods[0].unmet_tokens_per_s.at("t"), WithinRel(7000.0, 1e-7));
  CHECK_THAT(plan.unmet_penalty_usd, WithinRel(262483.2, 1e-7));
  CHECK_THAT(plan.objective_usd, WithinRel(262483.2 + 2976, 1e-7));
  CHECK_THAT(plan.periods[0].demand_usd_per_mtok.at("t"), WithinRel(2.0, 1e-6));
  CHECK_THAT(plan.periods[0].demand_usd_per_mtok.at("s"), WithinRel(20.0, 1e-6));
}

TEST_CASE("survive_provider_loss 0 gives the same plan as no survive rule",
          "[model][v2][property]") {
  Instance inst;
  const Plan without = solve(inst);
  inst.policy["survive_provider_loss"] = 0.0;
  Plan with_zero = solve(inst);
  with_zero.input_hashes = without.input_hashes;  // the policy documents differ, the plans not
  CHECK(capplan::plan_to_json(with_zero) == capplan::plan_to_json(without));
}

namespace {

// Fleet and (with `routing`) routing of two plans agree to 1e-6 relative. Near 0 the floor is
// 1e-9 of the period's total (fleet chips, or demand tokens/s): the solver's own tolerance leaves
// routes of a thousandth of a token per second that are not a different plan.
void check_same_plan(const Plan& x, const Plan& y, bool routing = true) {
  REQUIRE(x.periods.size() == y.periods.size());
  CHECK_THAT(x.objective_usd, WithinRel(y.objective_usd, 1e-7));
  for (size_t t = 0; t < x.periods.size(); ++t) {
    double fleet_total = 0;
    for (const auto& f : x.periods[t].fleet) fleet_total += f.chips;
    const double demand_total = x.periods[t].demand_tokens_per_s;
    double floor = 1e-9 * fleet_total;
    auto near = [&floor](double a, double b) {
      return std::fabs(a - b) <= std::max(1e-6 * std::max(std::fabs(a), std::fabs(b)), floor);
    };
    std::map<std::string, double> fx, fy;
    for (const auto& f : x.periods[t].fleet) fx[f.offering] = f.chips;
    for (const auto& f : y.periods[t].fleet) fy[f.offering] = f.chips;
    for (const auto& [o, n] : fx) {
      INFO(x.periods[t].period << " fleet " << o << ": " << n << " vs " << fy[o]);
      CHECK(near(n, fy[o]));
    }
    for (const auto& [o, n] : fy) CHECK(near(n, fx[o]));
    if (!routing) continue;
    floor = 1e-9 * demand_total;
    std::map<std::pair<std::string, std::string>, std::pair<double, double>> rx, ry;
    for (const auto& a : x.periods[t].allocations)
      rx[{a.slice, a.offering}] = {a.peak_tokens_per_s, a.off_tokens_per_s};
    for (const auto& a : y.periods[t].allocations)
      ry[{a.slice, a.offering}] = {a.peak_tokens_per_s, a.off_tokens_per_s};
    for (const auto& [k, v] : rx) {
      INFO(x.periods[t].period << " routing " << k.first << " on " << k.second << ": " << v.first
                               << "/" << v.second << " vs " << ry[k].first << "/" << ry[k].second);
      CHECK(near(v.first, ry[k].first));
      CHECK(near(v.second, ry[k].second));
    }
    for (const auto& [k, v] : ry)
      CHECK((near(v.first, rx[k].first) && near(v.second, rx[k].second)));
    // Contingency routing (survive_provider_loss > 0) is part of the plan too.
    std::map<std::tuple<std::string, std::string, std::string>, double> cx, cy;
    for (const auto& w : x.periods[t].contingency)
      cx[{w.lost, w.slice, w.offering}] = w.tokens_per_s;
    for (const auto& w : y.periods[t].contingency)
      cy[{w.lost, w.slice, w.offering}] = w.tokens_per_s;
    for (const auto& [k, v] : cx) {
      INFO(x.periods[t].period << " without " << std::get<0>(k) << ", " << std::get<1>(k) << " on "
                               << std::get<2>(k) << ": " << v << " vs " << cy[k]);
      CHECK(near(v, cy[k]));
    }
    for (const auto& [k, v] : cy) CHECK(near(v, cx[k]));
  }
}

void check_paths_agree(const capplan::Inputs& in) {
  capplan::PlanOptions cold;
  cold.threads = 1;
  std::vector<capplan::Basis> bases;
  cold.bases_out = &bases;
  const Plan a = capplan::make_plan(in, cold);
  capplan::PlanOptions mono;
  mono.decompose = false;
  const Plan b = capplan::make_plan(in, mono);
  capplan::PlanOptions two;
  two.threads = 2;
  const Plan c = capplan::make_plan(in, two);
  capplan::PlanOptions warm;
  warm.warm_start = &bases;
  const Plan d = capplan::make_plan(in, warm);
  REQUIRE(a.status == capplan::PlanStatus::kOptimal);
  CHECK(a.verification.ok);
  check_same_plan(a, b);
  check_same_plan(a, c);
  check_same_plan(a, d);
}

}  // namespace

TEST_CASE("the bundled plan is the same whatever the solve path", "[model][v2][unique]") {
  const capplan::Inputs in = capplan::load_inputs(capplan::bundled_sources());
  check_paths_agree(in);
  // Warm-started from another scenario's bases (as compare and sweep do): the same plan.
  capplan::InputSources high = capplan::bundled_sources();
  high.scenarios.push_back(*capplan::bundled_scenario("demand-high"));
  std::vector<capplan::Basis> bases;
  capplan::PlanOptions keep;
  keep.bases_out = &bases;
  capplan::make_plan(capplan::load_inputs(high), keep);
  capplan::PlanOptions warm;
  warm.warm_start = &bases;
  check_same_plan(capplan::make_plan(in), capplan::make_plan(in, warm));
}

TEST_CASE("random plans are the same whatever the solve path", "[model][v2][unique][property]") {
  for (std::uint64_t seed = 31; seed <= 36; ++seed) {
    INFO("seed " << seed);
    capplan::instances::InstanceSize size;
    size.seed = seed;
    size.months = 18;
    size.take_or_pay = seed % 2 == 0;
    size.survive_provider_loss = seed % 3 == 0 ? 0.3 : 0.0;
    // Onboarding couples the horizon's two years: solved from the years' bases (docs/MODEL.md).
    size.onboarding_hours = seed % 2 == 1 ? 168.0 : 0.0;
    const auto docs = capplan::instances::generate_instance(size);
    check_paths_agree(capplan::load_inputs({{"catalog.json", docs.catalog},
                                            {"demand.json", docs.demand},
                                            {"policy.json", docs.policy},
                                            {},
                                            {}}));
  }
}
