// policy.json: defaults, provider_share resolution and every kind of invalid input.
#include <catch2/catch.hpp>

#include "capplan/inputs.hpp"
#include "fixtures/inputs/documents.hpp"

namespace capplan {
namespace {

using test_inputs::Lines;
using test_inputs::policy_errors;

}  // namespace

TEST_CASE("provider_share resolves to one limit per catalog provider", "[policy]") {
  const Policy policy = load_inputs(test_inputs::sources()).policy;
  REQUIRE(policy.provider_share.size() == 2);
  CHECK(policy.provider_share[0].min == 0.5);  // aws: its own entry
  CHECK(policy.provider_share[0].max == 0.7);
  CHECK(policy.provider_share[1].min == 0.0);  // azure: "*"
  CHECK(policy.provider_share[1].max == 0.4);
  CHECK(policy.residency.at("eu") == std::vector<std::string>{"eu"});
  CHECK(policy.survive_provider_loss == 0.2);
}

TEST_CASE("policy fields not given take their defaults", "[policy]") {
  const Policy policy = load_inputs(test_inputs::sources("{}", "{}", R"({"utilization_target": null,
        "provider_share": null, "residency": null, "interactive_same_geo": null,
        "survive_provider_loss": null, "unmet_penalty_usd_per_mtok": null})"))
                            .policy;
  CHECK(policy.utilization_target == 0.7);
  REQUIRE(policy.provider_share.size() == 2);
  CHECK(policy.provider_share[1].min == 0.0);
  CHECK(policy.provider_share[1].max == 1.0);
  CHECK(policy.residency.empty());
  CHECK(policy.interactive_same_geo);
  CHECK(policy.survive_provider_loss == 0.0);
  CHECK(policy.unmet_penalty_usd_per_mtok == 20.0);
}

TEST_CASE("provider shares are checked", "[policy]") {
  CHECK(policy_errors(R"({"provider_share": {"aws": {"max": 1.2}}})") ==
        Lines{"policy.json: /provider_share/aws/max: must be between 0 and 1, got 1.2"});
  CHECK(policy_errors(R"({"provider_share": {"aws": {"min": 0.8}}})") ==
        Lines{"policy.json: /provider_share/aws: min 0.8 is greater than max 0.7"});
  CHECK(policy_errors(R"({"provider_share": {"*": {"min": 0.6, "max": 1}}})") ==
        Lines{"policy.json: /provider_share: minimum shares of all providers add up to 1.1, "
              "more than 1"});
  CHECK(policy_errors(R"({"provider_share": {"azur": {"min": 0.1}}})") ==
        Lines{"policy.json: /provider_share/azur: unknown provider \"azur\" (did you mean "
              "\"azure\"?)"});
  CHECK(policy_errors(R"({"provider_share": {"aws": {"minimum": 0.1}}})") ==
        Lines{"policy.json: /provider_share/aws: unknown field \"minimum\""});
}

TEST_CASE("the sum of minimum shares may not pass 1", "[policy]") {
  CHECK(policy_errors(R"({"provider_share": {"azure": {"min": 0.6}}})") ==
        Lines{"policy.json: /provider_share: minimum shares of all providers add up to 1.1, "
              "more than 1"});
  CHECK(policy_errors(R"({"provider_share": {"azure": {"min": 0.5}}})").empty());
}

TEST_CASE("policy numbers are checked against their ranges", "[policy]") {
  CHECK(policy_errors(R"({"utilization_target": 0})") ==
        Lines{"policy.json: /utilization_target: must be greater than 0 and at most 1, got 0"});
  CHECK(policy_errors(R"({"utilization_target": 1.5})") ==
        Lines{"policy.json: /utilization_target: must be greater than 0 and at most 1, got 1.5"});
  CHECK(policy_errors(R"({"survive_provider_loss": 1})") ==
        Lines{"policy.json: /survive_provider_loss: must be at least 0 and less than 1, got 1"});
  CHECK(policy_errors(R"({"unmet_penalty_usd_per_mtok": 0})") ==
        Lines{"policy.json: /unmet_penalty_usd_per_mtok: must be greater than 0, got 0"});
  CHECK(policy_errors(R"({"interactive_same_geo": "yes"})") ==
        Lines{"policy.json: /interactive_same_geo: expected true or false, got a string"});
}

TEST_CASE("residency lists geos", "[policy]") {
  CHECK(policy_errors(R"({"residency": {"eu": "eu"}})") ==
        Lines{"policy.json: /residency/eu: expected an array of geos, got a string"});
  CHECK(policy_errors(R"({"residency": {"eu": ["eu", 1]}})") ==
        Lines{"policy.json: /residency/eu/1: expected a geo, got a number"});
}

TEST_CASE("unknown policy fields are reported", "[policy]") {
  CHECK(policy_errors(R"({"utilisation_target": 0.7})") ==
        Lines{"policy.json: unknown field \"utilisation_target\" (did you mean "
              "\"utilization_target\"?)"});
  CHECK(policy_errors(R"({"schema": "capplan.policy/v2"})") ==
        Lines{"policy.json: /schema: expected \"capplan.policy/v1\", got \"capplan.policy/v2\""});
}

TEST_CASE("every policy error is reported, not just the first", "[policy]") {
  CHECK(policy_errors(R"({"utilization_target": 2, "provider_share": {"aws": {"max": -1}},
          "survive_provider_loss": -0.5})") ==
        Lines{"policy.json: /utilization_target: must be greater than 0 and at most 1, got 2",
              "policy.json: /provider_share/aws/max: must be between 0 and 1, got -1",
              "policy.json: /survive_provider_loss: must be at least 0 and less than 1, got -0.5"});
}

}  // namespace capplan
