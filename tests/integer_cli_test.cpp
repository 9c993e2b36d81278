// `capplan allocate --integer` end to end on the bundled data, every offering in whole units of
// 64 chips (a scenario patch): the time limit, --require-optimal, and Cbc's silence on stdout.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.hpp"

using capplan::test::CliResult;
using capplan::test::read_text;
using capplan::test::run_capplan;
using capplan::test::source_path;
using capplan::test::TempDir;
using nlohmann::json;

namespace {

// A scenario that puts every bundled offering in units of 64 chips.
std::string units_scenario(const TempDir& dir) {
  const json catalog = json::parse(read_text(source_path("data/catalog.json")));
  json offerings = json::object();
  for (const auto& [id, o] : catalog["offerings"].items()) offerings[id] = {{"unit_chips", 64}};
  const json scenario = {{"schema", "capplan.scenario/v1"},
                         {"name", "units-of-64"},
                         {"description", "every offering in whole units of 64 chips"},
                         {"patch", {{"catalog", {{"offerings", offerings}}}}}};
  return dir.write("units.json", scenario.dump());
}

}  // namespace

TEST_CASE("integer mode on the bundled data: whole units, JSON on stdout, nothing from Cbc",
          "[cli][integer]") {
  TempDir dir;
  const std::string scenario = units_scenario(dir);
  const CliResult r = run_capplan(
      {"allocate", "--scenario", scenario, "--integer", "--format", "json", "--no-option-values"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json plan = json::parse(r.out);  // stdout is the plan and nothing else
  CHECK(plan["status"] == "optimal");
  CHECK(plan["integer"]["proven_optimal"] == true);
  CHECK(plan["integer"]["mip_gap"].get<double>() <= plan["integer"]["mip_gap_target"].get<double>());
  CHECK(plan["objective_usd"].get<double>() >=
        plan["integer"]["relaxation_objective_usd"].get<double>());
  for (const auto& p : plan["periods"])
    for (const auto& f : p["fleet"]) {
      const double units = f["chips"].get<double>() / 64.0;
      CHECK(std::abs(units - std::round(units)) < 1e-6);
    }
  CHECK(r.err.find("Cbc") == std::string::npos);
  CHECK(r.err.find("Clp") == std::string::npos);
}

TEST_CASE("integer mode stopped by the time limit warns, or fails with --require-optimal",
          "[cli][integer]") {
  // A gap target of 0 cannot be proven in a second on this model: the plan is the best found,
  // "feasible", with a warning and exit 0; --require-optimal makes it exit 4.
  TempDir dir;
  const std::string scenario = units_scenario(dir);
  const std::vector<std::string> args = {"allocate",    "--scenario",   scenario,
                                         "--integer",   "--mip-gap",    "0",
                                         "--time-limit", "1",           "--format",
                                         "json",        "--no-option-values"};
  const CliResult r = run_capplan(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json plan = json::parse(r.out);
  CHECK(plan["status"] == "feasible");
  CHECK(plan["integer"]["proven_optimal"] == false);
  CHECK(plan["integer"]["mip_gap"].get<double>() > 0.0);
  CHECK(r.err.find("warning: not proven optimal") != std::string::npos);
  std::vector<std::string> strict = args;
  strict.push_back("--require-optimal");
  const CliResult s = run_capplan(strict);
  CHECK(s.exit_code == 4);
  CHECK(s.err.find("error: not proven optimal") != std::string::npos);
}
