// Scenarios: JSON Merge Patches over the documents, applied left to right; errors a patch
// causes are reported against the scenario file.
#include <catch2/catch.hpp>

#include "capplan/inputs.hpp"
#include "fixtures/inputs/documents.hpp"

namespace capplan {
namespace {

using test_inputs::Lines;

SourceText scenario(const std::string& file, const std::string& name, const std::string& patch) {
  return SourceText{file, R"({"schema": "capplan.scenario/v1", "name": ")" + name +
                              R"(", "description": "test scenario", "sources": ["press"],
                              "patch": )" +
                              patch + "}"};
}

InputSources with_scenarios(std::vector<SourceText> scenarios) {
  InputSources sources = test_inputs::sources();
  sources.scenarios = std::move(scenarios);
  return sources;
}

SourceText maia_closed() {
  return scenario("maia-closed.json", "maia-closed",
                  R"({"catalog": {"commitments": {"azure-maia": {"status": "signed"}},
                      "offerings": {"azure-maia200-central": {"price_per_chip_hour": 2.0}}}})");
}

}  // namespace

TEST_CASE("a scenario patches one entity and names the inputs", "[scenario]") {
  const Inputs inputs = load_inputs(with_scenarios({maia_closed()}));
  CHECK(inputs.scenario == "maia-closed");
  CHECK(inputs.catalog.commitments[1].status == CommitmentStatus::kSigned);
  const Offering& maia = inputs.catalog.offerings[1];
  CHECK(maia.price_usd_per_chip_hour.at(Month::from_ym(2026, 1)) == 2.0);
  CHECK(maia.max_chips.has_value());  // untouched members stay
}

TEST_CASE("a scenario deletes with null", "[scenario]") {
  const Inputs inputs = load_inputs(
      with_scenarios({scenario("no-maia.json", "no-maia",
                               R"({"catalog": {"offerings": {"azure-maia200-central": null},
                      "regions": {"aws-us-east-2": {"power_mw": null}}},
          "policy": {"provider_share": {"*": null}}})")}));
  REQUIRE(inputs.catalog.offerings.size() == 1);
  CHECK(inputs.catalog.offerings[0].id == "aws-trn2-use2");
  CHECK_FALSE(inputs.catalog.regions[0].power_mw.has_value());
  CHECK(inputs.policy.provider_share[1].max == 1.0);
}

TEST_CASE("scenarios apply left to right", "[scenario]") {
  const SourceText high = scenario("high.json", "demand-high",
                                   R"({"demand": {"slices": {"small-us-batch": {
                                        "base_tokens_per_day": 8e11, "growth_per_year": 1.0}}}})");
  const SourceText flat = scenario("flat.json", "flat",
                                   R"({"demand": {"slices": {"small-us-batch": {
                                        "growth_per_year": 0}}}})");
  const Inputs inputs = load_inputs(with_scenarios({high, flat}));
  CHECK(inputs.scenario == "demand-high+flat");
  const Slice& small = inputs.demand.slices[1];
  CHECK(small.base_tokens_per_day == 8e11);
  CHECK(small.growth_per_year == 0.0);
  CHECK(load_inputs(with_scenarios({flat, high})).demand.slices[1].growth_per_year == 1.0);
}

TEST_CASE("an error a patch causes is reported against the scenario file", "[scenario]") {
  const SourceText bad = scenario(
      "maia-closed.json", "maia-closed",
      R"({"catalog": {"offerings": {"azure-maia200-central": {"region": "azure-us-centrl"}}}})");
  CHECK(test_inputs::errors_of(with_scenarios({bad})) ==
        Lines{"maia-closed.json: /patch/catalog/offerings/azure-maia200-central/region: unknown "
              "region \"azure-us-centrl\" (did you mean \"azure-us-central\"?)"});
}

TEST_CASE("an error is reported against the scenario that last touched its place", "[scenario]") {
  const SourceText first =
      scenario("first.json", "first", R"({"policy": {"utilization_target": 1.5}})");
  const SourceText second =
      scenario("second.json", "second", R"({"policy": {"survive_provider_loss": 0.1}})");
  CHECK(test_inputs::errors_of(with_scenarios({first, second})) ==
        Lines{"first.json: /patch/policy/utilization_target: must be greater than 0 and at most "
              "1, got 1.5"});
}

TEST_CASE("an error a deletion causes elsewhere goes to the last scenario patching that document",
          "[scenario]") {
  const SourceText drop =
      scenario("drop.json", "drop-region", R"({"catalog": {"regions": {"aws-us-east-2": null}}})");
  CHECK(test_inputs::errors_of(with_scenarios({drop})) ==
        Lines{"drop.json: /patch/catalog/offerings/aws-trn2-use2/region: unknown region "
              "\"aws-us-east-2\""});
}

TEST_CASE("an error in a document no scenario patched names the scenario", "[scenario]") {
  const SourceText drop = scenario("drop.json", "drop-small",
                                   R"({"catalog": {"models": {"small": null},
                                       "throughput": {"trn2": {"small": null}}}})");
  CHECK(test_inputs::errors_of(with_scenarios({drop})) ==
        Lines{"demand.json: /slices/small-us-batch/model: unknown model \"small\" (with scenario "
              "\"drop-small\")"});
}

TEST_CASE("errors of the unpatched documents stay with them", "[scenario]") {
  InputSources sources = test_inputs::sources(R"({"regions": {"aws-us-east-2": {"pue": 0.5}}})");
  sources.scenarios = {maia_closed()};
  CHECK(test_inputs::errors_of(sources) ==
        Lines{"catalog.json: /regions/aws-us-east-2/pue: must be at least 1, got 0.5"});
}

TEST_CASE("scenario files are validated", "[scenario]") {
  CHECK(test_inputs::errors_of(
            with_scenarios({scenario("s.json", "s", R"({"catalogue": {}, "policy": []})")})) ==
        Lines{"s.json: /patch: unknown field \"catalogue\" (did you mean \"catalog\"?)",
              "s.json: /patch/policy: expected an object (a JSON merge patch of the policy), got "
              "an array"});
  CHECK(test_inputs::errors_of(with_scenarios({SourceText{
            "t.json", R"({"schema": "capplan.scenario/v1", "description": "d", "patch": {}})"}})) ==
        Lines{"t.json: missing required field \"name\""});
  CHECK(test_inputs::errors_of(with_scenarios(
            {SourceText{"u.json", R"({"schema": "capplan.policy/v1", "name": "u"})"}})) ==
        Lines{"u.json: /schema: expected \"capplan.scenario/v1\", got \"capplan.policy/v1\""});
  CHECK(test_inputs::errors_of(with_scenarios({SourceText{"v.json", "{\"name\": }"}})) ==
        Lines{"v.json: 1:10: syntax error while parsing value - unexpected '}'; expected '[', "
              "'{', or a literal"});
  CHECK(test_inputs::errors_of(with_scenarios({scenario("w.json", "w", "{}")})).empty());
}

}  // namespace capplan
