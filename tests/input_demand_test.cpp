// demand.json: loading, volumes over time, and every kind of invalid input.
#include <catch2/catch.hpp>
#include <cmath>

#include "capplan/inputs.hpp"
#include "fixtures/inputs/documents.hpp"

namespace capplan {
namespace {

using test_inputs::demand_errors;
using test_inputs::Lines;

Month ym(int year, int month) { return Month::from_ym(year, month); }

}  // namespace

TEST_CASE("the demand fixture loads with classes and slices resolved", "[demand]") {
  const Inputs inputs = load_inputs(test_inputs::sources());
  const Demand& demand = inputs.demand;
  CHECK(demand.start == ym(2026, 7));
  CHECK(demand.end == ym(2027, 6));
  CHECK(demand.step_months == 1);
  CHECK(demand.periods().size() == 12);
  REQUIRE(demand.classes.size() == 2);
  CHECK(demand.classes[0].id == "batch");
  CHECK(demand.classes[1].peak_to_avg == 1.5);
  CHECK(demand.classes[1].interactive);
  REQUIRE(demand.slices.size() == 2);
  const Slice& frontier = demand.slices[0];
  CHECK(frontier.id == "frontier-us-interactive");
  CHECK(inputs.catalog.models[frontier.model].id == "frontier");
  CHECK(frontier.model_id == "frontier");
  CHECK(demand.classes[frontier.demand_class].id == "interactive");
  CHECK(frontier.geo == "us");
  CHECK(inputs.scenario == "base");
}

TEST_CASE("slice volume follows its schedule, zero before the first step", "[demand]") {
  Demand demand = load_inputs(test_inputs::sources()).demand;
  CHECK(demand.tokens_per_day(0, ym(2026, 6)) == 0.0);
  CHECK(demand.tokens_per_day(0, ym(2026, 7)) == 1e12);
  CHECK(demand.tokens_per_day(0, ym(2026, 12)) == 1e12);
  CHECK(demand.tokens_per_day(0, ym(2027, 1)) == 2e12);
}

TEST_CASE("slice volume compounds growth_per_year monthly from the demand start", "[demand]") {
  const Demand demand = load_inputs(test_inputs::sources()).demand;
  CHECK(demand.tokens_per_day(1, ym(2026, 7)) == 5e11);
  CHECK(demand.tokens_per_day(1, ym(2027, 7)) == Approx(5e11 * 1.8));
  CHECK(demand.tokens_per_day(1, ym(2026, 10)) == Approx(5e11 * std::pow(1.8, 0.25)));
  const Demand flat =
      load_inputs(test_inputs::sources(
                      "{}", R"({"slices": {"small-us-batch": {"growth_per_year": null}}})"))
          .demand;
  CHECK(flat.tokens_per_day(1, ym(2027, 6)) == 5e11);
}

TEST_CASE("quarterly demand has quarter periods clipped at the end", "[demand]") {
  const Demand demand =
      load_inputs(test_inputs::sources("{}", R"({"step": "quarter", "end": "2027-07"})")).demand;
  const std::vector<Period> periods = demand.periods();
  REQUIRE(periods.size() == 5);
  CHECK(periods[0].label() == "2026-Q3");
  CHECK(periods[0].hours == 2208.0);
  CHECK(periods[4].label() == "2027-Q3");
  CHECK(periods[4].months == 1);
  CHECK(periods[4].hours == 744.0);
}

TEST_CASE("the demand horizon is checked", "[demand]") {
  CHECK(demand_errors(R"({"start": "2026-13"})") ==
        Lines{"demand.json: /start: expected a month as \"YYYY-MM\", got \"2026-13\""});
  CHECK(demand_errors(R"({"end": "2026-06"})") ==
        Lines{"demand.json: /end: end 2026-06 is before start 2026-07"});
  CHECK(demand_errors(R"({"end": null})") == Lines{"demand.json: missing required field \"end\""});
  CHECK(demand_errors(R"({"step": "week"})") ==
        Lines{"demand.json: /step: must be \"month\" or \"quarter\", got \"week\""});
  CHECK(demand_errors(R"({"step": "quarter", "start": "2026-08"})") ==
        Lines{"demand.json: /start: with step \"quarter\" the start must open a quarter (01, 04, "
              "07 or 10), got 2026-08"});
}

TEST_CASE("demand classes are checked", "[demand]") {
  CHECK(demand_errors(R"({"classes": {"batch": {"peak_to_avg": 0.5}}})") ==
        Lines{"demand.json: /classes/batch/peak_to_avg: must be at least 1, got 0.5"});
  CHECK(demand_errors(R"({"classes": {"batch": {"interactive": "no"}}})") ==
        Lines{"demand.json: /classes/batch/interactive: expected true or false, got a string"});
  CHECK(demand_errors(R"({"classes": {"batch": {"peak_to_average": 1}}})") ==
        Lines{"demand.json: /classes/batch: unknown field \"peak_to_average\" (did you mean "
              "\"peak_to_avg\"?)"});
}

TEST_CASE("demand slices resolve their model and class", "[demand]") {
  CHECK(demand_errors(R"({"slices": {"small-us-batch": {"model": "smal"}}})") ==
        Lines{"demand.json: /slices/small-us-batch/model: unknown model \"smal\" (did you mean "
              "\"small\"?)"});
  CHECK(demand_errors(R"({"slices": {"small-us-batch": {"class": "bach"}}})") ==
        Lines{"demand.json: /slices/small-us-batch/class: unknown class \"bach\" (did you mean "
              "\"batch\"?)"});
  CHECK(demand_errors(R"({"slices": {"small-us-batch": {"geo": null}}})") ==
        Lines{"demand.json: /slices/small-us-batch: missing required field \"geo\""});
}

TEST_CASE("a slice whose model no accelerator can serve is an error", "[demand]") {
  const InputSources sources =
      test_inputs::sources(R"({"models": {"tiny": {"name": "Tiny"}}})",
                           R"({"slices": {"small-us-batch": {"model": "tiny"}}})");
  CHECK(test_inputs::errors_of(sources) ==
        Lines{"demand.json: /slices/small-us-batch/model: no accelerator can serve model "
              "\"tiny\" (it has no throughput entry)"});
}

TEST_CASE("a slice gives its volume one way", "[demand]") {
  CHECK(demand_errors(R"({"slices": {"small-us-batch": {"tokens_per_day": 5}}})") ==
        Lines{"demand.json: /slices/small-us-batch: give either \"tokens_per_day\" or "
              "\"base_tokens_per_day\", not both"});
  CHECK(demand_errors(R"({"slices": {"small-us-batch": {"base_tokens_per_day": null}}})") ==
        Lines{"demand.json: /slices/small-us-batch: \"growth_per_year\" needs "
              "\"base_tokens_per_day\""});
  CHECK(
      demand_errors(
          R"({"slices": {"small-us-batch": {"base_tokens_per_day": null, "growth_per_year": null}}})") ==
      Lines{"demand.json: /slices/small-us-batch: missing required field \"tokens_per_day\" "
            "(or \"base_tokens_per_day\")"});
  CHECK(demand_errors(R"({"slices": {"small-us-batch": {"growth_per_year": -1}}})") ==
        Lines{"demand.json: /slices/small-us-batch/growth_per_year: must be greater than -1, "
              "got -1"});
  CHECK(demand_errors(R"({"slices": {"small-us-batch": {"base_tokens_per_day": -1}}})") ==
        Lines{"demand.json: /slices/small-us-batch/base_tokens_per_day: must be at least 0, "
              "got -1"});
  CHECK(demand_errors(R"({"slices": {"frontier-us-interactive": {"tokens_per_day": [
          {"from": "2026-07", "value": 1}, {"from": "2026-07", "value": 2}]}}})") ==
        Lines{"demand.json: /slices/frontier-us-interactive/tokens_per_day/1/from: steps must "
              "be in strictly increasing order of \"from\", got 2026-07 after 2026-07"});
}

TEST_CASE("a slice no offering may serve under residency is a warning", "[demand]") {
  std::vector<Diagnostic> warnings;
  const InputSources sources =
      test_inputs::sources("{}", R"({"slices": {"frontier-eu-interactive": {"model": "frontier",
                "class": "interactive", "geo": "eu", "tokens_per_day": 1e9},
                "small-eu-batch": {"model": "small", "class": "batch", "geo": "eu",
                "tokens_per_day": 1e9},
                "small-apac-batch": {"model": "small", "class": "batch", "geo": "apac",
                "tokens_per_day": 1e9}}})");
  load_inputs(sources, &warnings);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].severity == Diagnostic::Severity::kWarning);
  CHECK(warnings[0].to_string() ==
        "demand.json: /slices/frontier-eu-interactive: no offering can serve model "
        "\"frontier\" for geo \"eu\" (interactive) under the residency policy");
  CHECK(warnings[1].to_string() ==
        "demand.json: /slices/small-eu-batch: no offering can serve model \"small\" for geo "
        "\"eu\" under the residency policy");
}

TEST_CASE("every demand error is reported, not just the first", "[demand]") {
  CHECK(demand_errors(R"({"start": "July", "classes": {"batch": {"peak_to_avg": 0}},
          "slices": {"small-us-batch": {"model": "mid", "geo": 3}}})") ==
        Lines{"demand.json: /start: expected a month as \"YYYY-MM\", got \"July\"",
              "demand.json: /classes/batch/peak_to_avg: must be at least 1, got 0",
              "demand.json: /slices/small-us-batch/model: unknown model \"mid\"",
              "demand.json: /slices/small-us-batch/geo: expected a string, got a number"});
}

}  // namespace capplan
