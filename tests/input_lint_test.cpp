// Warnings about valid but suspicious inputs (lint_inputs): likely unit mistakes and demand
// nothing may serve, the same from `capplan validate` and from every planning command.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "capplan/inputs.hpp"
#include "capplan/plan.hpp"
#include "capplan/validate.hpp"
#include "cli_run.hpp"
#include "fixtures/inputs/documents.hpp"

namespace capplan {
namespace {

using test_inputs::Lines;

Lines warnings_of(const InputSources& sources) {
  std::vector<Diagnostic> diagnostics;
  load_inputs(sources, &diagnostics);
  Lines lines;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Diagnostic::Severity::kWarning) lines.push_back(d.to_string());
  }
  return lines;
}

Lines catalog_warnings(const std::string& patch) {
  return warnings_of(test_inputs::sources(patch));
}

// The "capplan: warning: ..." lines of a run's stderr.
Lines warning_lines(const std::string& err) {
  Lines lines;
  std::size_t begin = 0;
  while (begin < err.size()) {
    const std::size_t end = err.find('\n', begin);
    const std::string line = err.substr(begin, end - begin);
    if (line.rfind("capplan: warning: ", 0) == 0) lines.push_back(line);
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  return lines;
}

// The bundled catalog with `patch` applied, written to `dir`.
std::string bundled_catalog_patched(const test::TempDir& dir, const std::string& patch) {
  nlohmann::ordered_json catalog =
      nlohmann::ordered_json::parse(test::read_text(test::source_path("data/catalog.json")));
  catalog.merge_patch(nlohmann::ordered_json::parse(patch));
  return dir.write("catalog.json", catalog.dump(2));
}

}  // namespace

TEST_CASE("the fixture and the bundled inputs have no warnings", "[lint]") {
  CHECK(catalog_warnings("{}").empty());
  CHECK(warnings_of(bundled_sources()).empty());
}

TEST_CASE("a PUE above 2 is warned about", "[lint]") {
  CHECK(catalog_warnings(R"({"regions": {"azure-us-central": {"pue": 2}}})").empty());
  CHECK(catalog_warnings(R"({"regions": {"azure-us-central": {"pue": 120}}})") ==
        Lines{"catalog.json: /regions/azure-us-central/pue: pue 120 is above 2: PUE is facility "
              "power over IT power, 1.1 to 1.6 in a modern data center"});
}

TEST_CASE("all_in_kw above 20 is warned about as watts typed as kW", "[lint]") {
  CHECK(catalog_warnings(R"({"accelerators": {"maia200": {"all_in_kw": 1200}}})") ==
        Lines{"catalog.json: /accelerators/maia200/all_in_kw: all_in_kw 1200 is above 20 kW per "
              "chip: watts typed as kW? (all_in_kw is kilowatts per chip)"});
}

TEST_CASE("a price per chip-hour above 100 is warned about at its schedule step", "[lint]") {
  CHECK(catalog_warnings(R"({"offerings": {"azure-maia200-central": {"price_per_chip_hour":
          [{"from": "2027-01", "value": 3.0}, {"from": "2028-01", "value": 98.4}]}}})")
            .empty());
  CHECK(catalog_warnings(R"({"offerings": {"azure-maia200-central": {"price_per_chip_hour":
          [{"from": "2027-01", "value": 3.0}, {"from": "2028-01", "value": 250}]}}})") ==
        Lines{"catalog.json: /offerings/azure-maia200-central/price_per_chip_hour/1/value: "
              "price_per_chip_hour 250 USD is above 100: the price of a whole host rather than "
              "of one chip?"});
}

TEST_CASE("power_mw below 1 next to sites of hundreds of MW is warned about", "[lint]") {
  CHECK(catalog_warnings(R"({"regions": {"aws-us-east-2": {"power_mw":
          [{"from": "2026-01", "value": 0.9}]}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2/power_mw/0/value: power_mw 0.9 is below 1 MW "
              "while other sites have up to 5000 MW: gigawatts typed as megawatts?"});
  CHECK(catalog_warnings(R"({"commitments": {"aws-5gw": {"power_mw": 0.5}}})") ==
        Lines{"catalog.json: /commitments/aws-5gw/power_mw: power_mw 0.5 is below 1 MW while "
              "other sites have up to 500 MW: gigawatts typed as megawatts?"});
  // Small sites among small sites, and a site switched off (0), are plausible.
  CHECK(catalog_warnings(R"({"regions": {"aws-us-east-2": {"power_mw": 0.5}},
                             "commitments": {"aws-5gw": {"power_mw": 50}}})")
            .empty());
  CHECK(catalog_warnings(R"({"regions": {"aws-us-east-2": {"power_mw": 0}}})").empty());
}

TEST_CASE("throughput above 1e6 tokens/s per chip is warned about", "[lint]") {
  CHECK(catalog_warnings(R"({"throughput": {"maia200": {"frontier": 9.5e7}}})") ==
        Lines{"catalog.json: /throughput/maia200/frontier: 95000000 tokens/s per chip is above "
              "1e6: tokens per day, or a whole system's throughput? (throughput is tokens per "
              "second of one chip)"});
}

TEST_CASE("a warning about a value a scenario set names the scenario", "[lint]") {
  InputSources sources = test_inputs::sources();
  sources.scenarios = {SourceText{"hot.json", R"({"schema": "capplan.scenario/v1", "name": "hot",
      "description": "d", "patch": {"catalog": {"regions": {"azure-us-central": {"pue": 12}}}}})"}};
  CHECK(warnings_of(sources) ==
        Lines{"hot.json: /patch/catalog/regions/azure-us-central/pue: pue 12 is above 2: PUE is "
              "facility power over IT power, 1.1 to 1.6 in a modern data center"});
}

TEST_CASE(
    "demand no offering may serve is warned about, and its unmet row says nothing can "
    "serve it rather than short 0 MW",
    "[lint][plan]") {
  const InputSources sources = test_inputs::sources(
      "{}", R"({"slices": {"small-apac-interactive": {"model": "small", "class": "interactive",
                "geo": "apac", "tokens_per_day": 1e9}}})");
  CHECK(warnings_of(sources) ==
        Lines{"demand.json: /slices/small-apac-interactive: no offering can serve model \"small\" "
              "for geo \"apac\" (interactive) under the residency policy"});
  // The bundled inputs (which have a feasible plan) with such a slice.
  InputSources bundled = bundled_sources();
  nlohmann::ordered_json demand = nlohmann::ordered_json::parse(bundled.demand.text);
  demand["slices"]["small-apac-interactive"] = {
      {"model", "small"}, {"class", "interactive"}, {"geo", "apac"}, {"tokens_per_day", 1e9}};
  bundled.demand.text = demand.dump();
  const Plan plan = make_plan(load_inputs(bundled));
  REQUIRE(plan.status == capplan::PlanStatus::kOptimal);
  std::vector<std::string> reasons;
  for (const UnmetExplanation& e : plan.unmet_explanations) {
    if (e.slice == "small-apac-interactive") reasons.push_back(e.reason);
  }
  REQUIRE_FALSE(reasons.empty());
  CHECK(reasons.front() ==
        "apac interactive small demand unmet in 2026-07: nothing can serve it (no offering is "
        "eligible (no accelerator serves the model in an allowed region with a price and a "
        "signed commitment in term))");
}

TEST_CASE("validate, allocate and compare print the same warnings", "[lint][cli]") {
  const test::TempDir dir;
  const std::string catalog =
      bundled_catalog_patched(dir, R"({"regions": {"azure-centralus": {"pue": 14}}})");
  const test::CliResult validate = test::run_capplan({"validate", catalog});
  REQUIRE(validate.exit_code == 0);
  const Lines expected = {
      "capplan: warning: " + catalog +
      ": /regions/azure-centralus/pue: pue 14 is above 2: PUE is facility power over IT power, "
      "1.1 to 1.6 in a modern data center"};
  CHECK(warning_lines(validate.err) == expected);
  const test::CliResult allocate =
      test::run_capplan({"allocate", "--catalog", catalog, "--output", dir.file("plan.txt")});
  CHECK(allocate.exit_code == 0);
  CHECK(warning_lines(allocate.err) == expected);
  const test::CliResult compare = test::run_capplan(
      {"compare", "base", "base", "--catalog", catalog, "--output", dir.file("compare.txt")});
  CHECK(compare.exit_code == 0);
  CHECK(warning_lines(compare.err) == expected);
  const test::CliResult quiet = test::run_capplan({"--quiet", "validate", catalog});
  CHECK(warning_lines(quiet.err).empty());
}

}  // namespace capplan
