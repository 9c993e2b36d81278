// Plan::status is a PlanStatus: plan JSON keeps writing its name, and reading a plan file back
// rejects a status capplan does not write, naming the file and the pointer.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "capplan/error.hpp"
#include "capplan/plan.hpp"
#include "capplan/sweep.hpp"
#include "cli_run.hpp"

using capplan::PlanStatus;

TEST_CASE("PlanStatus names round-trip and unknown names are rejected", "[plan]") {
  for (const PlanStatus s : {PlanStatus::kOptimal, PlanStatus::kInfeasible,
                             PlanStatus::kLimitReached, PlanStatus::kError})
    CHECK(capplan::parse_plan_status(capplan::to_string(s)) == s);
  CHECK(std::string(capplan::to_string(PlanStatus::kOptimal)) == "optimal");
  CHECK(std::string(capplan::to_string(PlanStatus::kLimitReached)) == "limit_reached");
  CHECK_FALSE(capplan::parse_plan_status("Optimal").has_value());
  CHECK_FALSE(capplan::parse_plan_status("").has_value());
}

TEST_CASE("plan JSON writes the status name and reads it back as the enum", "[plan]") {
  capplan::Plan plan;
  plan.status = PlanStatus::kInfeasible;
  plan.message = "no feasible plan";
  const std::string text = capplan::plan_to_json(plan);
  CHECK(nlohmann::json::parse(text).at("status") == "infeasible");
  CHECK(capplan::plan_from_json(text, "plan.json").status == PlanStatus::kInfeasible);
}

TEST_CASE("a plan file with an unknown status is an input error at /status", "[plan]") {
  auto doc = nlohmann::json::parse(capplan::plan_to_json(capplan::Plan{}));
  doc["status"] = "optimall";
  try {
    capplan::plan_from_json(doc.dump(), "base.json");
    FAIL("an unknown status was accepted");
  } catch (const capplan::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].file == "base.json");
    CHECK(e.diagnostics()[0].pointer == "/status");
    CHECK(e.diagnostics()[0].message ==
          "unknown plan status \"optimall\" (did you mean \"optimal\"?)");
  }
}

TEST_CASE("capplan diff refuses a plan whose status capplan does not write", "[plan][cli]") {
  const capplan::test::TempDir dir;
  const std::string good = dir.write("base.json", capplan::plan_to_json(capplan::Plan{}));
  auto doc = nlohmann::json::parse(capplan::plan_to_json(capplan::Plan{}));
  doc["status"] = "optimel";
  const std::string bad = dir.write("plan.json", doc.dump());
  const auto r = capplan::test::run_capplan({"diff", bad, "--compare-to", good});
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "capplan: error: " + bad +
                     ": /status: unknown plan status \"optimel\" (did you mean \"optimal\"?)\n");
}

TEST_CASE("a sweep file row reads its status as a PlanStatus and refuses any but two", "[plan]") {
  capplan::SweepResult result;
  result.spec = capplan::make_sweep_spec({"policy:/utilization_target=0.5:0.6:0.1"});
  capplan::SweepRow row;
  row.values = result.spec.point_values(0);
  row.status = PlanStatus::kInfeasible;
  row.duals.resize(1);
  result.rows.push_back(row);
  const std::string text = capplan::sweep_to_json(result);
  CHECK(capplan::sweep_from_json(text, "s.json").rows.at(0).status == PlanStatus::kInfeasible);
  // A sweep never writes limit_reached: a point whose solve stops is a solver error.
  auto doc = nlohmann::json::parse(text);
  REQUIRE(doc["rows"][0]["status"] == "infeasible");
  doc["rows"][0]["status"] = "limit_reached";
  CHECK_THROWS_WITH(capplan::sweep_from_json(doc.dump(), "s.json"),
                    Catch::Contains("expected \"optimal\" or \"infeasible\""));
}
