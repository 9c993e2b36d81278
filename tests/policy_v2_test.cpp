// policy.json fields of the version 2 model (docs/FORMATS.md): share basis, model shares, the
// peak block, survive-provider-loss with contingency routing, onboarding, per-class penalties.
#include <catch2/catch.hpp>

#include "capplan/inputs.hpp"
#include "fixtures/inputs/documents.hpp"

namespace capplan {
namespace {

using test_inputs::Lines;
using test_inputs::policy_errors;

}  // namespace

TEST_CASE("version 2 policy fields take their defaults", "[policy]") {
  const Inputs in = load_inputs(test_inputs::sources());
  CHECK(in.policy.share_basis == ShareBasis::kTokens);
  CHECK(in.policy.model_share.empty());
  CHECK(in.policy.peak_hours_share == 0.25);
  CHECK(in.policy.contingency_utilization == 0.9);
  CHECK_FALSE(in.policy.survive_shortfall_usd_per_mtok.has_value());
  CHECK(in.policy.onboarding_hours == 0.0);
  CHECK_FALSE(in.demand.classes[0].unmet_penalty_usd_per_mtok.has_value());
}

TEST_CASE("version 2 policy fields are read and model_share resolves per provider", "[policy]") {
  const Inputs in = load_inputs(test_inputs::sources(
      "{}", R"({"classes": {"batch": {"unmet_penalty_usd_per_mtok": 2}}})",
      R"({"share_basis": "spend", "peak_hours_share": 0.5, "contingency_utilization": 0.8,
          "survive_shortfall_usd_per_mtok": 40, "onboarding_hours": 168,
          "model_share": {"frontier": {"aws": {"max": 0.6}, "*": {"min": 0.1}}}})"));
  CHECK(in.policy.share_basis == ShareBasis::kSpend);
  CHECK(in.policy.peak_hours_share == 0.5);
  CHECK(in.policy.contingency_utilization == 0.8);
  CHECK(in.policy.survive_shortfall_usd_per_mtok == 40.0);
  CHECK(in.policy.onboarding_hours == 168.0);
  REQUIRE(in.policy.model_share.count(0) == 1);  // frontier
  const std::vector<ShareLimit>& frontier = in.policy.model_share.at(0);
  REQUIRE(frontier.size() == 2);
  CHECK(frontier[0].min == 0.0);  // aws: its own entry replaces "*" as a whole
  CHECK(frontier[0].max == 0.6);
  CHECK(frontier[1].min == 0.1);  // azure: "*"
  CHECK(frontier[1].max == 1.0);
  CHECK(in.demand.classes[0].unmet_penalty_usd_per_mtok == 2.0);  // batch sorts first
}

TEST_CASE("invalid version 2 policy fields name their pointer", "[policy]") {
  CHECK(
      policy_errors(R"({"share_basis": "chips"})") ==
      Lines{
          "policy.json: /share_basis: must be \"tokens\", \"power\" or \"spend\", got \"chips\""});
  CHECK(policy_errors(R"({"peak_hours_share": 1})") ==
        Lines{"policy.json: /peak_hours_share: must be greater than 0 and less than 1, got 1"});
  CHECK(
      policy_errors(R"({"contingency_utilization": 0})") ==
      Lines{"policy.json: /contingency_utilization: must be greater than 0 and at most 1, got 0"});
  CHECK(policy_errors(R"({"onboarding_hours": -1})") ==
        Lines{"policy.json: /onboarding_hours: must be at least 0, got -1"});
  CHECK(policy_errors(R"({"survive_shortfall_usd_per_mtok": 0})") ==
        Lines{"policy.json: /survive_shortfall_usd_per_mtok: must be greater than 0, got 0"});
  CHECK(policy_errors(R"({"model_share": {"frontir": {"aws": {"max": 0.6}}}})") ==
        Lines{"policy.json: /model_share/frontir: unknown model \"frontir\" (did you mean "
              "\"frontier\"?)"});
  CHECK(policy_errors(R"({"model_share": {"frontier": {"azur": {"max": 0.6}}}})") ==
        Lines{"policy.json: /model_share/frontier/azur: unknown provider \"azur\" (did you mean "
              "\"azure\"?)"});
  CHECK(policy_errors(R"({"model_share": {"frontier": {"aws": {"min": 0.7, "max": 0.6}}}})") ==
        Lines{"policy.json: /model_share/frontier/aws: min 0.7 is greater than max 0.6"});
  CHECK(
      test_inputs::demand_errors(R"({"classes": {"batch": {"unmet_penalty_usd_per_mtok": -1}}})") ==
      Lines{"demand.json: /classes/batch/unmet_penalty_usd_per_mtok: must be greater than 0, got "
            "-1"});
}

TEST_CASE("an interactive peak that would carry more than its period's tokens is an error",
          "[policy]") {
  // φ = 0.5 and κ = 2.5: the peak block would carry 1.25 times the period's tokens.
  CHECK(
      test_inputs::errors_of(
          test_inputs::sources("{}", R"({"classes": {"interactive": {"peak_to_avg": 2.5}}})",
                               R"({"peak_hours_share": 0.5})")) ==
      Lines{"policy.json: /peak_hours_share: 0.5 times peak_to_avg 2.5 of class \"interactive\" is "
            "more than 1: the peak block would carry more than the period's tokens"});
  // φκ = 1 exactly is a valid (flat-off-peak) profile.
  CHECK(test_inputs::errors_of(
            test_inputs::sources("{}", R"({"classes": {"interactive": {"peak_to_avg": 2}}})",
                                 R"({"peak_hours_share": 0.5})"))
            .empty());
}

TEST_CASE("a quarter's demand is the hours-weighted mean of its months", "[demand]") {
  // 2026-07 (31 d) 1e12, 2026-08 (31 d) 2e12, 2026-09 (30 d) 4e12 tokens per day:
  // (31·1 + 31·2 + 30·4) / 92 = 213/92 = 2.315217...e12, not the first month's 1e12.
  const Inputs in = load_inputs(test_inputs::sources(
      "{}", R"({"step": "quarter", "slices": {"frontier-us-interactive": {"tokens_per_day": [
          {"from": "2026-07", "value": 1e12}, {"from": "2026-08", "value": 2e12},
          {"from": "2026-09", "value": 4e12}]}}})"));
  const std::vector<Period> periods = in.demand.periods();
  REQUIRE(periods.size() == 4);
  int d = 0;
  while (in.demand.slices[d].id != "frontier-us-interactive") ++d;
  CHECK(in.demand.mean_tokens_per_day(d, periods[0]) == Approx(213e12 / 92).epsilon(1e-12));
  CHECK(in.demand.mean_tokens_per_day(d, periods[1]) == Approx(4e12).epsilon(1e-12));
}

}  // namespace capplan
