// Which providers take the policy's provider_share["*"] (Policy::provider_share_from_any):
// set by the policy reader on the effective policy, after scenarios, and what sweep sums the
// dual of a swept "*" limit over.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "capplan/inputs.hpp"
#include "capplan/sweep.hpp"
#include "fixtures/inputs/documents.hpp"
#include "plan_fixture.hpp"

namespace capplan {
namespace {

SourceText policy_scenario(const std::string& policy_patch) {
  return SourceText{"own-share.json", R"({"schema": "capplan.scenario/v1", "name": "own-share",
      "description": "test scenario", "sources": ["press"], "patch": {"policy": )" +
                                          policy_patch + "}}"};
}

InputSources sources_of(const testing::Instance& inst) {
  InputSources src;
  src.catalog = {"catalog.json", inst.catalog.dump()};
  src.demand = {"demand.json", inst.demand.dump()};
  src.policy = {"policy.json", inst.policy.dump()};
  return src;
}

}  // namespace

TEST_CASE("the policy reader marks the providers whose share limit comes from \"*\"", "[policy]") {
  // The test policy gives aws an entry of its own; azure takes "*".
  const Policy policy = load_inputs(test_inputs::sources()).policy;
  CHECK(policy.provider_share_from_any == std::vector<bool>{false, true});
}

TEST_CASE("a provider without any share entry and no \"*\" still counts as from \"*\"",
          "[policy]") {
  const Policy policy =
      load_inputs(test_inputs::sources("{}", "{}", R"({"provider_share": null})")).policy;
  CHECK(policy.provider_share_from_any == std::vector<bool>{true, true});
}

TEST_CASE("a scenario that gives a provider its own share entry takes it out of \"*\"",
          "[policy]") {
  InputSources sources = test_inputs::sources();
  sources.scenarios = {policy_scenario(R"({"provider_share": {"azure": {"max": 0.9}}})")};
  const Policy policy = load_inputs(sources).policy;
  CHECK(policy.provider_share_from_any == std::vector<bool>{false, false});
  CHECK(policy.provider_share[1].max == 0.9);
}

TEST_CASE("a scenario that deletes a provider's own share entry puts it under \"*\"", "[policy]") {
  InputSources sources = test_inputs::sources();
  sources.scenarios = {policy_scenario(R"({"provider_share": {"aws": null}})")};
  const Policy policy = load_inputs(sources).policy;
  CHECK(policy.provider_share_from_any == std::vector<bool>{true, true});
}

TEST_CASE("sweeping \"*\" after a scenario gave every provider its own entry: no dual", "[sweep]") {
  // b at $0.25/chip-hour is the cheaper, so without the scenario p2 is capped by "*" and a
  // point more of it saves $37.20 (sweep_test). The scenario gives p2 an entry of its own
  // ({0, 1}), so "*" caps no provider: the cost is 744·20·0.25 = $3,720 at every point and
  // the "*" limit is worth nothing.
  testing::Instance inst;
  inst.policy["provider_share"] = {{"p1", {{"min", 0.0}, {"max", 1.0}}},
                                   {"*", {{"min", 0.0}, {"max", 1.0}}}};
  inst.catalog["offerings"]["b"]["price_per_chip_hour"] = 0.25;
  InputSources sources = sources_of(inst);
  sources.scenarios = {policy_scenario(R"({"provider_share": {"p2": {"max": 1}}})")};
  SweepOptions options;
  options.threads = 1;
  const SweepResult r =
      run_sweep(sources, make_sweep_spec({"policy:/provider_share/*/max=0.2:0.6:0.2"}), options);
  REQUIRE(r.rows.size() == 3);
  for (const SweepRow& row : r.rows) {
    CHECK(*row.objective_usd == Approx(3720).epsilon(1e-9));
    REQUIRE(row.duals[0].has_value());
    CHECK(*row.duals[0] == 0);
  }
}

}  // namespace capplan
