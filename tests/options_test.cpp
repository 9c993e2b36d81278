// Deals to decide (docs/MODEL.md, "Deals to decide"): known-answer options worked by hand.
// Shared numbers (plan_fixture.hpp): one month of 744 hours; slice s is 7000 tokens/s of batch
// demand; offering a (p1) serves 700 tokens/s per chip, b (p2) 350, both at $1/chip-hour and
// 0.5 kW (pue 1). Here a belongs to a deal: without it, s takes 20 chips of b, $14,880; with it,
// 10 chips of a, $7,440, drawing 10 × 0.5 kW = 0.005 MW.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <string>

#include "capplan/model_builder.hpp"
#include "capplan/plan.hpp"
#include "capplan/plan_figures.hpp"
#include "instance_gen.hpp"
#include "model_builder.hpp"
#include "plan_fixture.hpp"

using capplan::OptionResult;
using capplan::Plan;
using capplan::testing::Instance;
using capplan::testing::json;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// Offering a under option "deal" of provider p1, up to `power_mw` MW, in term for July.
Instance with_option(double power_mw, double reservation_usd_per_mw_month) {
  Instance inst;
  inst.catalog["commitments"]["deal"] = {{"provider", "p1"},
                                         {"status", "option"},
                                         {"start", "2026-07"},
                                         {"end", "2027-06"},
                                         {"power_mw", power_mw},
                                         {"reservation_usd_per_mw_month", reservation_usd_per_mw_month}};
  inst.catalog["offerings"]["a"]["commitment"] = "deal";
  return inst;
}

Plan solve(const Instance& inst, const capplan::PlanOptions& options = {}) {
  Plan plan = capplan::make_plan(inst.load(), options);
  REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
  INFO(plan.verification.failures.size() << " verification failures");
  for (const auto& f : plan.verification.failures) INFO(f);
  CHECK(plan.verification.ok);
  return plan;
}

const OptionResult& option(const Plan& plan, const std::string& id = "deal") {
  for (const OptionResult& o : plan.options)
    if (o.id == id) return o;
  FAIL("no option " << id);
  return plan.options.front();
}

}  // namespace

TEST_CASE("an option worth signing at full size", "[options]") {
  // Reservation $100,000 per MW-month on 0.005 MW for 1 month = $500. With it: 7440 + 500 =
  // $7,940; without: $14,880. Value 14880 − 7940 = $6,940. Its prices × f cost 7940·f, still
  // below 14,880 while f < 14880 / 7940 = 1.87406.
  const Plan plan = solve(with_option(0.005, 100000));
  const OptionResult& o = option(plan);
  CHECK(o.is_signed);
  CHECK_THAT(o.size_mw, WithinRel(0.005, 1e-7));
  CHECK_THAT(o.reservation_usd, WithinRel(500.0, 1e-7));
  CHECK_THAT(o.usage_usd, WithinRel(7440.0, 1e-7));
  CHECK_THAT(o.cost_usd, WithinRel(7940.0, 1e-7));
  CHECK_THAT(plan.objective_usd, WithinRel(7940.0, 1e-7));
  REQUIRE(o.valued);
  CHECK_THAT(o.value_usd, WithinRel(6940.0, 1e-6));
  REQUIRE(o.breakeven_price_factor);
  CHECK_THAT(*o.breakeven_price_factor, WithinRel(14880.0 / 7940.0, 1e-3));
  // At its maximum size: one more MW would let a replace b... but a already serves all of s, so
  // more MW is worth nothing.
  CHECK_THAT(o.usd_per_mw, WithinAbs(0.0, 1e-6));
}

TEST_CASE("an option worth a partial size", "[options]") {
  // Up to 0.02 MW (40 chips) may be signed; s needs 10 chips of a: 0.005 MW. The reservation is
  // paid on what is signed: the plan signs 0.005 MW, a quarter of the most, for $500.
  const Plan plan = solve(with_option(0.02, 100000));
  const OptionResult& o = option(plan);
  CHECK(o.is_signed);
  CHECK_THAT(o.size_mw, WithinRel(0.005, 1e-7));
  CHECK_THAT(o.size_max_mw, WithinRel(0.02, 1e-12));
  CHECK_THAT(plan.objective_usd, WithinRel(7940.0, 1e-7));
}

TEST_CASE("an option its reservation makes not worth signing", "[options]") {
  // $2,000,000 per MW-month: 0.005 MW cost $10,000 a month, with a's chips $17,440 > $14,880 on
  // b. Not signed, worth 0. It pays again below the factor 14880 / 17440 = 0.85321.
  const Plan plan = solve(with_option(0.005, 2e6));
  const OptionResult& o = option(plan);
  CHECK_FALSE(o.is_signed);
  CHECK(o.size_mw == 0.0);
  CHECK_THAT(plan.objective_usd, WithinRel(14880.0, 1e-7));
  CHECK(o.value_usd == 0.0);
  REQUIRE(o.breakeven_price_factor);
  CHECK_THAT(*o.breakeven_price_factor, WithinRel(14880.0 / 17440.0, 1e-3));
}

TEST_CASE("a signing cost flips the decision", "[options]") {
  // With a one-off $6,000: 7940 + 6000 = $13,940 < $14,880, signed (value $940). With $8,000:
  // $15,940 > $14,880, not signed. size_max is what s needs, so the relaxation's sign[c] =
  // size / size_max is 1 or 0 here.
  Instance inst = with_option(0.005, 100000);
  inst.catalog["commitments"]["deal"]["signing_usd"] = 6000;
  Plan plan = solve(inst);
  CHECK(option(plan).is_signed);
  CHECK_THAT(option(plan).signing_usd, WithinRel(6000.0, 1e-7));
  CHECK_THAT(option(plan).value_usd, WithinRel(940.0, 1e-5));
  CHECK_THAT(plan.objective_usd, WithinRel(13940.0, 1e-7));
  CHECK(option(plan).relaxed);  // a yes/no decision without integer mode
  inst.catalog["commitments"]["deal"]["signing_usd"] = 8000;
  plan = solve(inst);
  CHECK_FALSE(option(plan).is_signed);
  CHECK_THAT(plan.objective_usd, WithinRel(14880.0, 1e-7));
}

TEST_CASE("a take-or-pay per MW signed is paid on the size", "[options]") {
  // Minimum spend $3,000,000 per MW-year on 0.005 MW: $15,000 a year, $1,250 for July alone.
  // a's usage ($7,440) is above it, so paid = usage: objective 7440 + 500 = $7,940, as without
  // the minimum. The minimum shows in the commitment's year.
  Instance inst = with_option(0.005, 100000);
  inst.catalog["commitments"]["deal"]["min_spend_usd_per_mw_year"] = 3e6;
  const Plan plan = solve(inst);
  CHECK_THAT(plan.objective_usd, WithinRel(7940.0, 1e-7));
  REQUIRE(plan.commitments.size() == 1);
  CHECK_THAT(plan.commitments[0].min_spend_usd, WithinRel(1250.0, 1e-7));
  CHECK_THAT(plan.commitments[0].paid_usd, WithinRel(7440.0, 1e-7));
}

TEST_CASE("a forbidden option is not signed and the plan says what it would save",
          "[options]") {
  Instance inst = with_option(0.005, 100000);
  capplan::PlanOptions options;
  const capplan::Inputs in = inst.load();
  options.forbid.assign(in.catalog.commitments.size(), 1);
  const Plan plan = capplan::make_plan(in, options);
  CHECK(plan.verification.ok);
  CHECK_FALSE(option(plan).is_signed);
  CHECK_FALSE(option(plan).valued);  // a re-solve: no values of its own
  CHECK_THAT(plan.objective_usd, WithinRel(14880.0, 1e-7));
}

TEST_CASE("a signed commitment with terms per MW is sized at its power", "[options]") {
  // Signed, 0.01 MW: the reservation is paid on all of it, $100,000 × 0.01 = $1,000, used or not.
  Instance inst = with_option(0.01, 100000);
  inst.catalog["commitments"]["deal"]["status"] = "signed";
  const Plan plan = solve(inst);
  const OptionResult& o = option(plan);
  CHECK_FALSE(o.is_option);
  CHECK_THAT(o.size_mw, WithinRel(0.01, 1e-9));
  CHECK_THAT(plan.objective_usd, WithinRel(7440.0 + 1000.0, 1e-7));
  CHECK_FALSE(o.valued);
}

namespace {

capplan::PlanOptions integer_mode() {
  capplan::PlanOptions options;
  options.integer = true;
  options.mip_gap = 0.0;
  return options;
}

// Offering a in whole units of 4 chips; b costs $1.50 a chip-hour.
Instance units_of_four() {
  Instance inst;
  inst.catalog["offerings"]["a"]["unit_chips"] = 4;
  inst.catalog["offerings"]["b"]["price_per_chip_hour"] = 1.5;
  return inst;
}

}  // namespace

TEST_CASE("integer mode holds whole units and costs at least the relaxation", "[options][integer]") {
  // s needs 10 chips of a (7000 / 700). In units of 4: 3 units, 12 chips, 12 × 744 = $8,928;
  // 2 units and b for the rest would be 8 × 744 + (1400 / 350) × 1.5 × 744 = $10,416. The LP
  // relaxation takes 10 chips, $7,440: rounding costs $1,488.
  const Plan lp = solve(units_of_four());
  const Plan mip = solve(units_of_four(), integer_mode());
  CHECK_THAT(lp.objective_usd, WithinRel(7440.0, 1e-7));
  REQUIRE(mip.integer);
  CHECK(mip.proven_optimal);
  CHECK_THAT(mip.objective_usd, WithinRel(8928.0, 1e-7));
  CHECK(mip.objective_usd >= lp.objective_usd);
  CHECK_THAT(mip.relaxation_objective_usd, WithinRel(7440.0, 1e-7));
  CHECK(mip.mip_gap >= 0.0);
  CHECK(mip.mip_gap <= 1e-9);
  REQUIRE(mip.periods[0].fleet.size() == 1);
  CHECK_THAT(mip.periods[0].fleet[0].chips, WithinRel(12.0, 1e-9));
  // The JSON says so.
  const std::string json_text = capplan::plan_to_json(mip);
  const json j = json::parse(json_text);
  CHECK(j["integer"]["proven_optimal"] == true);
  CHECK_THAT(j["integer"]["rounding_usd"].get<double>(), WithinRel(1488.0, 1e-6));
}

TEST_CASE("integer mode's duals are those of the LP with the units fixed", "[options][integer]") {
  // LP: one more token/s of s needs 1/700 chip of a more: 744 / 700 $ per token/s over July, per
  // Mtok 744/700 / (744 × 3600 / 1e6) = $0.39683. With 12 whole chips a has 1400 tokens/s spare:
  // one more token/s costs nothing, so the dual is 0.
  const Plan lp = solve(units_of_four());
  const Plan mip = solve(units_of_four(), integer_mode());
  CHECK_THAT(lp.periods[0].demand_usd_per_mtok.at("s"), WithinRel(1e6 / 700 / 3600, 1e-6));
  CHECK_THAT(mip.periods[0].demand_usd_per_mtok.at("s"), WithinAbs(0.0, 1e-9));
}

TEST_CASE("a signing cost is all or nothing in integer mode, pro-rated in the relaxation",
          "[options][integer]") {
  // Up to 0.01 MW (20 chips); s needs 0.005. Signing $8,000. Relaxation: sign = 0.005 / 0.01 =
  // 0.5 pays $4,000: 7440 + 500 + 4000 = $11,940 < $14,880, signed. Integer: the whole $8,000:
  // $15,940 > $14,880, not signed.
  Instance inst = with_option(0.01, 100000);
  inst.catalog["commitments"]["deal"]["signing_usd"] = 8000;
  const Plan lp = solve(inst);
  CHECK(option(lp).is_signed);
  CHECK(option(lp).relaxed);
  CHECK_THAT(option(lp).sign_fraction, WithinRel(0.5, 1e-7));
  CHECK_THAT(lp.objective_usd, WithinRel(11940.0, 1e-7));
  const Plan mip = solve(inst, integer_mode());
  CHECK_FALSE(option(mip).is_signed);
  CHECK_FALSE(option(mip).relaxed);
  CHECK_THAT(mip.objective_usd, WithinRel(14880.0, 1e-7));
}

TEST_CASE("an option's size comes in whole steps in integer mode", "[options][integer]") {
  // Steps of 0.004 MW (8 chips). 2 steps, 0.008 MW: 7440 + 800 = $8,240. 1 step: 8 chips of a
  // serve 5600, b 4 chips for 1400: 5952 + 400 + 2976 = $9,328. So 2 steps.
  Instance inst = with_option(0.02, 100000);
  inst.catalog["commitments"]["deal"]["size_step_mw"] = 0.004;
  const Plan mip = solve(inst, integer_mode());
  CHECK_THAT(option(mip).size_mw, WithinRel(0.008, 1e-9));
  CHECK_THAT(mip.objective_usd, WithinRel(8240.0, 1e-7));
  CHECK_THAT(option(mip).value_usd, WithinRel(14880.0 - 8240.0, 1e-6));
}

TEST_CASE("random instances with an option: the relaxation's objective is the clp binary's",
          "[options][property]") {
  // Held out: the exported model solved by a separate program. Each seed's first commitment
  // becomes an option with a reservation; its take-or-pay moves to per MW.
  REQUIRE(std::filesystem::exists("/usr/bin/clp"));
  for (std::uint64_t seed = 51; seed <= 54; ++seed) {
    INFO("seed " << seed);
    capplan::instances::InstanceSize size;
    size.seed = seed;
    size.months = 18;
    size.survive_provider_loss = seed % 2 == 0 ? 0.3 : 0.0;
    auto docs = capplan::instances::generate_instance(size);
    json cat = json::parse(docs.catalog);
    REQUIRE(cat["commitments"].is_object());
    REQUIRE_FALSE(cat["commitments"].empty());
    json& deal = cat["commitments"].begin().value();
    deal["status"] = "option";
    deal.erase("min_spend_usd_per_year");
    deal["reservation_usd_per_mw_month"] = 20000.0 + 5000.0 * static_cast<double>(seed % 4);
    deal["min_spend_usd_per_mw_year"] = 1e6;
    docs.catalog = cat.dump();
    const capplan::Inputs in = capplan::load_inputs(
        {{"catalog.json", docs.catalog}, {"demand.json", docs.demand}, {"policy.json", docs.policy}, {}, {}});
    const Plan plan = capplan::make_plan(in);
    REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
    CHECK(plan.verification.ok);
    REQUIRE_FALSE(plan.options.empty());
    CHECK(plan.options[0].value_usd >= 0.0);
    // The per-year figures still add up to the objective.
    double years = 0;
    for (const auto& y : capplan::plan_figures(plan).years) years += y.cost_usd;
    CHECK_THAT(years, WithinRel(plan.objective_usd, 1e-9));
    const std::string mps = (std::filesystem::temp_directory_path() /
                             ("capplan_options_" + std::to_string(::getpid()) + ".mps"))
                                .string();
    capplan::write_mps(capplan::build_lp(in), mps);
    FILE* pipe = ::popen(("/usr/bin/clp " + mps + " -dualsimplex 2>&1").c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buf[4096];
    while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    ::pclose(pipe);
    std::remove(mps.c_str());
    std::smatch m;
    REQUIRE(std::regex_search(out, m, std::regex(R"(Optimal objective\s+([-+0-9.eE]+))")));
    const capplan::ModelContext ctx(in);
    CHECK_THAT(std::stod(m[1]) * ctx.usd_unit(), WithinRel(plan.objective_usd, 1e-7));
  }
}
