// Deals to decide (docs/MODEL.md, "Deals to decide"): known-answer options worked by hand.
// Shared numbers (plan_fixture.hpp): one month of 744 hours; slice s is 7000 tokens/s of batch
// demand; offering a (p1) serves 700 tokens/s per chip, b (p2) 350, both at $1/chip-hour and
// 0.5 kW (pue 1). Here a belongs to a deal: without it, s takes 20 chips of b, $14,880; with it,
// 10 chips of a, $7,440, drawing 10 × 0.5 kW = 0.005 MW.
#include <catch2/catch.hpp>
#include <string>

#include "capplan/plan.hpp"
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
