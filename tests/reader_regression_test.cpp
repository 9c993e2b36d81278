// Regression tests for inputs that broke a reader: each feeds the offending document to the
// reader and asserts an InputError (exit 1) that names the file and the JSON pointer, where the
// reader used to end in an `internal:` error or undefined behaviour. Inputs found by the fuzz
// targets under fuzz/ (docs/TESTING.md) are added here with the target that found them.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "capplan/error.hpp"
#include "capplan/plan.hpp"
#include "capplan/plan_diff.hpp"
#include "capplan/render.hpp"
#include "cli_run.hpp"

namespace {

using nlohmann::ordered_json;

// A small plan as capplan writes it: one month, one provider, one commitment year.
ordered_json small_plan() {
  capplan::Plan plan;
  plan.input_hashes = {{"catalog", "0123456789abcdef"}};
  capplan::PeriodPlan pp;
  pp.period = "2027-01";
  pp.hours = 744;
  pp.cost_usd = 1000;
  pp.providers["p1"] = capplan::ProviderPeriod{};
  plan.periods.push_back(pp);
  capplan::CommitmentYear cy;
  cy.id = "c1";
  cy.provider = "p1";
  cy.year = 2027;
  cy.months = 1;
  plan.commitments.push_back(cy);
  capplan::CommitmentPower cp;
  cp.id = "c1";
  cp.provider = "p1";
  cp.year = 2027;
  plan.commitment_power.push_back(cp);
  return ordered_json::parse(capplan::plan_to_json(plan));
}

// The single diagnostic of the InputError `text` raises when read as plan.json.
capplan::Diagnostic plan_error(const std::string& text) {
  try {
    capplan::plan_from_json(text, "plan.json");
  } catch (const capplan::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    return e.diagnostics().front();
  }
  FAIL("the plan was read without an error");
  return {};
}

}  // namespace

TEST_CASE("plan reader: the unchanged small plan reads, renders and diffs", "[plan][reader]") {
  // The baseline of the cases below: each breaks one field of this plan.
  const capplan::Plan plan = capplan::plan_from_json(small_plan().dump(), "plan.json");
  REQUIRE(plan.periods.size() == 1);
  CHECK(plan.commitments.at(0).year == 2027);
  std::ostringstream out;
  capplan::render_plan(plan, capplan::Format::kTable, out);
  capplan::render_plan_diff(capplan::diff_plans(plan, "base.json", plan, "plan.json"),
                            capplan::Format::kTable, out);
  CHECK_FALSE(out.str().empty());
}

TEST_CASE("plan reader: a number too large for a double is an input error, not number overflow",
          "[plan][reader]") {
  std::string text = small_plan().dump();
  const std::string cost = "\"cost_usd\":1000";
  REQUIRE(text.find(cost) != std::string::npos);
  text.replace(text.find(cost), cost.size(), "\"cost_usd\":1e400");
  const capplan::Diagnostic d = plan_error(text);
  CHECK(d.file == "plan.json");
  // A syntax error's place is line:column, here the column of the number's last character.
  CHECK(d.pointer == "1:" + std::to_string(text.find("1e400") + 5));
  CHECK(d.message.find("1e400") != std::string::npos);
}

TEST_CASE("plan reader: a period that is not a month or quarter is an input error, not stoi",
          "[plan][reader]") {
  for (const std::string bad : {"x", "", "2027", "2027-13", "2027-Q5", "27-01-01", "9999-01"}) {
    ordered_json j = small_plan();
    j["periods"][0]["period"] = bad;
    const capplan::Diagnostic d = plan_error(j.dump());
    INFO(bad);
    CHECK(d.file == "plan.json");
    CHECK(d.pointer == "/periods/0/period");
    CHECK(d.message ==
          "expected a month (\"2026-07\") or a quarter (\"2026-Q3\"), got \"" + bad + "\"");
  }
  ordered_json quarter = small_plan();
  quarter["periods"][0]["period"] = "2027-Q1";
  CHECK(capplan::plan_from_json(quarter.dump(), "plan.json").periods.at(0).period == "2027-Q1");
}

TEST_CASE(
    "plan reader: a year or months that is no integer in range is an input error, not a "
    "float-to-int overflow",
    "[plan][reader]") {
  struct Case {
    std::string array, field;
    double value;
    std::string range;
  };
  for (const Case& c : {Case{"commitments", "year", 1e10, "1900 and 2200"},
                        Case{"commitments", "year", -1e10, "1900 and 2200"},
                        Case{"commitments", "year", 2027.5, "1900 and 2200"},
                        Case{"commitments", "months", 1e10, "0 and 12"},
                        Case{"commitments", "months", 13, "0 and 12"},
                        Case{"commitment_power", "year", 1e10, "1900 and 2200"}}) {
    ordered_json j = small_plan();
    j[c.array][0][c.field] = c.value;
    const capplan::Diagnostic d = plan_error(j.dump());
    INFO(c.array << "/" << c.field << " = " << c.value);
    CHECK(d.file == "plan.json");
    CHECK(d.pointer == "/" + c.array + "/0/" + c.field);
    CHECK(d.message == "expected an integer between " + c.range);
  }
}

TEST_CASE("capplan diff: a plan with a period that is not a month exits 1, not internal stoi",
          "[plan][reader][cli]") {
  capplan::test::TempDir dir;
  ordered_json bad = small_plan();
  bad["periods"][0]["period"] = "x";
  const std::string base = dir.write("base.json", small_plan().dump());
  const std::string plan = dir.write("plan.json", bad.dump());
  const capplan::test::CliResult r =
      capplan::test::run_capplan({"diff", plan, "--compare-to", base});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err ==
        "capplan: error: " + plan +
            ": /periods/0/period: expected a month (\"2026-07\") or a quarter (\"2026-Q3\"), "
            "got \"x\"\n");
}
