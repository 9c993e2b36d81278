// validate_documents, and the bundled data embedded from data/.
#include <catch2/catch.hpp>

#include "capplan/inputs.hpp"
#include "capplan/validate.hpp"
#include "embedded.hpp"
#include "fixtures/inputs/documents.hpp"

namespace capplan {
namespace {

using test_inputs::Lines;

std::vector<SourceText> fixture_files() {
  const InputSources sources = test_inputs::sources();
  return {sources.catalog, sources.demand, sources.policy};
}

Lines lines_of(const std::vector<Diagnostic>& diagnostics) {
  Lines lines;
  for (const Diagnostic& d : diagnostics) {
    lines.push_back((d.severity == Diagnostic::Severity::kWarning ? "warning: " : "") +
                    d.to_string());
  }
  return lines;
}

}  // namespace

TEST_CASE("valid documents validate clean whatever their order", "[validate]") {
  std::vector<SourceText> files = fixture_files();
  CHECK(validate_documents(files).empty());
  std::reverse(files.begin(), files.end());
  CHECK(validate_documents(files).empty());
}

TEST_CASE("validate reads each document's kind from its schema", "[validate]") {
  std::vector<SourceText> files = fixture_files();
  files.push_back(SourceText{"notes.json", R"({"schema": "capplan.notes/v1"})"});
  files.push_back(SourceText{"plain.json", R"({"name": "x"})"});
  files.push_back(SourceText{"broken.json", "{"});
  CHECK(lines_of(validate_documents(files)) ==
        Lines{"notes.json: /schema: unknown schema \"capplan.notes/v1\" (expected one of "
              "\"capplan.catalog/v1\", \"capplan.demand/v1\", \"capplan.policy/v1\" or "
              "\"capplan.scenario/v1\")",
              "plain.json: missing required field \"schema\" (one of \"capplan.catalog/v1\", "
              "\"capplan.demand/v1\", \"capplan.policy/v1\" or \"capplan.scenario/v1\")",
              "broken.json: 1:2: syntax error while parsing object key - unexpected end of "
              "input; expected string literal"});
}

TEST_CASE("validate returns errors and warnings together", "[validate]") {
  std::vector<SourceText> files = fixture_files();
  files[0].text = test_inputs::patched(test_inputs::catalog_text(),
                                       R"({"regions": {"azure-us-central": {"geo": "eu"}}})");
  files.push_back(SourceText{"eu.json", R"({"schema": "capplan.scenario/v1", "name": "eu",
      "description": "EU demand", "patch": {"demand": {"slices": {"small-eu-interactive":
      {"model": "small", "class": "interactive", "geo": "eu", "tokens_per_day": 1}}},
      "policy": {"utilization_target": 7}}})"});
  CHECK(lines_of(validate_documents(files)) ==
        Lines{"eu.json: /patch/policy/utilization_target: must be greater than 0 and at most 1, "
              "got 7"});
  files.back().text = R"({"schema": "capplan.scenario/v1", "name": "eu",
      "description": "EU demand", "patch": {"demand": {"slices": {"small-eu-interactive":
      {"model": "small", "class": "interactive", "geo": "eu", "tokens_per_day": 1}}}}})";
  CHECK(lines_of(validate_documents(files)) ==
        Lines{"warning: demand.json: /slices/small-eu-interactive: no offering can serve model "
              "\"small\" for geo \"eu\" (interactive) under the residency policy"});
}

TEST_CASE("validate checks a CSV file as demand", "[validate]") {
  std::vector<SourceText> files = fixture_files();
  files[1] = SourceText{"demand.csv",
                        "period,model,class,geo,tokens_per_day\n"
                        "2026-07,small,batch,us,-1\n"};
  CHECK(lines_of(validate_documents(files)) ==
        Lines{"demand.csv: 2:24: tokens_per_day must be a number of at least 0, got \"-1\""});
}

TEST_CASE("validate checks each of several documents of one kind", "[validate]") {
  std::vector<SourceText> files = fixture_files();
  files.push_back(SourceText{
      "policy-strict.json",
      test_inputs::patched(test_inputs::policy_text(), R"({"survive_provider_loss": 2})")});
  CHECK(lines_of(validate_documents(files)) ==
        Lines{"policy-strict.json: /survive_provider_loss: must be at least 0 and less than 1, "
              "got 2"});
}

TEST_CASE("the bundled data and every bundled scenario load", "[validate]") {
  if (embedded_files().empty()) {
    WARN("no data/ embedded in this build");
    return;
  }
  std::vector<Diagnostic> warnings;
  const Inputs base = load_inputs(bundled_sources(), &warnings);
  CHECK(base.scenario == "base");
  CHECK_FALSE(base.demand.slices.empty());
  for (const std::string& name : bundled_scenario_names()) {
    INFO("scenario " << name);
    const std::optional<SourceText> scenario = bundled_scenario(name);
    REQUIRE(scenario.has_value());
    CHECK(scenario->name == "scenarios/" + name + ".json");
    InputSources sources = bundled_sources();
    sources.scenarios = {*scenario};
    CHECK_NOTHROW(load_inputs(sources));
  }
  CHECK_FALSE(bundled_scenario("no-such-scenario").has_value());
}

}  // namespace capplan
