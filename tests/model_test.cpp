// The LP as built (names, export) and seeded property tests on synthetic instances.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "capplan/plan.hpp"
#include "instance_gen.hpp"
#include "model_builder.hpp"
#include "plan_fixture.hpp"

using capplan::Inputs;
using capplan::Plan;
using capplan::instances::generate_instance;
using capplan::instances::InstanceSize;
using Catch::Matchers::WithinRel;

namespace {

Inputs load(const capplan::instances::InstanceDocs& docs) {
  return capplan::load_inputs({{"catalog.json", docs.catalog},
                               {"demand.json", docs.demand},
                               {"policy.json", docs.policy},
                               {},
                               {}});
}

InstanceSize small_size(std::uint64_t seed) {
  InstanceSize s;
  s.seed = seed;
  s.months = 18;  // two calendar years touched: 2026-07 .. 2027-12
  return s;
}

// Cost recomputed from the plan's own rows, without the solver: the fleet outside take-or-pay,
// plus each take-or-pay payment, onboarding, the unmet penalty and priced shortfalls.
double recomputed_cost(const Plan& plan, const Inputs& in) {
  double usage_under_min_spend = 0, total = 0;
  for (const auto& pp : plan.periods) {
    for (const auto& f : pp.fleet) {
      total += f.cost_usd;
      for (const auto& o : in.catalog.offerings)
        if (o.id == f.offering && o.commitment >= 0 &&
            in.catalog.commitments[o.commitment].min_spend_usd_per_year)
          usage_under_min_spend += f.cost_usd;
    }
    total += pp.onboarding_usd + pp.shortfall_usd;
    for (const auto& [s, u] : pp.unmet_tokens_per_s) {
      double pi = in.policy.unmet_penalty_usd_per_mtok;
      for (const auto& slice : in.demand.slices)
        if (slice.id == s)
          pi = in.demand.classes[slice.demand_class].unmet_penalty_usd_per_mtok.value_or(pi);
      total += pi * u * pp.hours * 3600 / 1e6;
    }
  }
  double paid = 0;
  for (const auto& c : plan.commitments) paid += c.paid_usd;
  return total - usage_under_min_spend + paid;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("capplan_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

}  // namespace

TEST_CASE("rows and columns have names that trace back to the inputs", "[model]") {
  const Inputs in = capplan::testing::Instance{}.load();
  const capplan::ModelContext ctx(in);
  const capplan::BuiltModel bm = capplan::build_model(ctx);
  const auto& cols = bm.lp.col_names;
  CHECK(std::find(cols.begin(), cols.end(), "n[2026-07][a]") != cols.end());
  CHECK(std::find(cols.begin(), cols.end(), "s[2026-07][peak][s][a]") != cols.end());
  CHECK(std::find(cols.begin(), cols.end(), "u[2026-07][s]") != cols.end());
  const auto& rows = bm.lp.row_names;
  CHECK(std::find(rows.begin(), rows.end(), "deferrable[2026-07][s]") != rows.end());
  CHECK(std::find(rows.begin(), rows.end(), "capacity[2026-07][off][b]") != rows.end());
}

TEST_CASE("decomposed solve equals the monolithic one", "[model][property]") {
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    InstanceSize size = small_size(seed);
    size.take_or_pay = seed % 2 == 1;
    const Inputs in = load(generate_instance(size));
    capplan::PlanOptions mono;
    mono.decompose = false;
    const Plan whole = capplan::make_plan(in, mono);
    const Plan split = capplan::make_plan(in);
    INFO("seed " << seed);
    REQUIRE(whole.status == capplan::PlanStatus::kOptimal);
    REQUIRE(split.status == capplan::PlanStatus::kOptimal);
    CHECK(split.stats.blocks > 1);
    CHECK_THAT(split.objective_usd, WithinRel(whole.objective_usd, 1e-7));
  }
}

TEST_CASE("random plans verify and their cost recomputes without the solver", "[model][property]") {
  for (std::uint64_t seed = 11; seed <= 18; ++seed) {
    InstanceSize size = small_size(seed);
    size.survive_provider_loss = seed % 3 == 0 ? 0.3 : 0.0;
    const Inputs in = load(generate_instance(size));
    const Plan plan = capplan::make_plan(in);
    INFO("seed " << seed);
    REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
    CHECK(plan.verification.ok);
    CHECK(plan.verification.failures.empty());
    CHECK_THAT(recomputed_cost(plan, in), WithinRel(plan.objective_usd, 1e-7));
    // Every period's demand is met or reported unmet.
    for (const auto& pp : plan.periods) {
      double unmet = 0;
      for (const auto& [s, u] : pp.unmet_tokens_per_s) unmet += u;
      CHECK_THAT(pp.served_tokens_per_s + unmet, WithinRel(pp.demand_tokens_per_s, 1e-7));
    }
  }
}

TEST_CASE("more demand never lowers cost, more capacity or a looser cap never raises it",
          "[model][property]") {
  for (std::uint64_t seed = 21; seed <= 25; ++seed) {
    INFO("seed " << seed);
    const InstanceSize size = small_size(seed);
    const auto docs = generate_instance(size);
    const double base = capplan::make_plan(load(docs)).objective_usd;

    auto more_demand = docs;
    auto dem = nlohmann::json::parse(docs.demand);
    for (auto& [id, s] : dem["slices"].items())
      s["base_tokens_per_day"] = s["base_tokens_per_day"].get<double>() * 1.2;
    more_demand.demand = dem.dump();
    CHECK(capplan::make_plan(load(more_demand)).objective_usd >= base * (1 - 1e-9));

    auto more_capacity = docs;
    auto cat = nlohmann::json::parse(docs.catalog);
    for (auto& [id, r] : cat["regions"].items())
      if (r.contains("power_mw")) r.erase("power_mw");
    for (auto& [id, o] : cat["offerings"].items())
      if (o.contains("max_chips")) o["max_chips"] = o["max_chips"].get<double>() * 2;
    more_capacity.catalog = cat.dump();
    CHECK(capplan::make_plan(load(more_capacity)).objective_usd <= base * (1 + 1e-9));

    auto looser = docs;
    auto pol = nlohmann::json::parse(docs.policy);
    pol["provider_share"] = {{"*", {{"min", 0.0}, {"max", 1.0}}}};
    looser.policy = pol.dump();
    CHECK(capplan::make_plan(load(looser)).objective_usd <= base * (1 + 1e-9));
  }
}

TEST_CASE("the same inputs give the same plan bytes", "[model][property]") {
  const Inputs in = load(generate_instance(small_size(31)));
  CHECK(capplan::plan_to_json(capplan::make_plan(in)) ==
        capplan::plan_to_json(capplan::make_plan(in)));
}

TEST_CASE("the exported MPS solved by the clp binary gives the same objective",
          "[model][property]") {
  REQUIRE(std::filesystem::exists(
      "/usr/bin/clp"));  // Debian package coinor-clp, installed by scripts/dev
  for (std::uint64_t seed = 41; seed <= 43; ++seed) {
    INFO("seed " << seed);
    const Inputs in = load(generate_instance(small_size(seed)));
    const capplan::ModelContext ctx(in);
    const capplan::BuiltModel bm = capplan::build_model(ctx);
    const std::string mps = temp_path("model.mps");
    REQUIRE_NOTHROW(capplan::write_mps(bm.lp, mps));
    const std::string cmd = "/usr/bin/clp " + mps + " -dualsimplex 2>&1";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string out;
    char buf[4096];
    while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
    ::pclose(pipe);
    std::remove(mps.c_str());
    std::smatch m;
    REQUIRE(std::regex_search(out, m, std::regex(R"(Optimal objective\s+([-+0-9.eE]+))")));
    const double clp_usd = std::stod(m[1]) * ctx.usd_unit();
    CHECK_THAT(clp_usd, WithinRel(capplan::make_plan(in).objective_usd, 1e-7));
  }
}

TEST_CASE("a warm-started plan equals the cold one and takes fewer iterations",
          "[model][property]") {
  const auto docs = generate_instance(small_size(51));
  std::vector<capplan::Basis> bases;
  capplan::PlanOptions first;
  first.bases_out = &bases;
  capplan::make_plan(load(docs), first);
  REQUIRE(!bases.empty());

  auto changed = docs;  // 10 % more demand: same model shape, different right-hand sides
  auto dem = nlohmann::json::parse(docs.demand);
  for (auto& [id, s] : dem["slices"].items())
    s["base_tokens_per_day"] = s["base_tokens_per_day"].get<double>() * 1.1;
  changed.demand = dem.dump();
  const Inputs in = load(changed);

  capplan::PlanTimings cold_t, warm_t;
  capplan::PlanOptions cold;
  cold.timings = &cold_t;
  capplan::PlanOptions warm;
  warm.timings = &warm_t;
  warm.warm_start = &bases;
  const Plan a = capplan::make_plan(in, cold);
  const Plan b = capplan::make_plan(in, warm);
  REQUIRE(b.status == capplan::PlanStatus::kOptimal);
  CHECK(b.verification.ok);
  CHECK_THAT(b.objective_usd, WithinRel(a.objective_usd, 1e-9));
  CHECK(warm_t.iterations < cold_t.iterations);
}
