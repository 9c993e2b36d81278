// Months, schedules, periods and diagnostics.
#include <catch2/catch.hpp>

#include "capplan/error.hpp"
#include "capplan/inputs.hpp"
#include "capplan/month.hpp"
#include "json_util.hpp"

namespace capplan {
namespace {

Schedule steps_2026_07_and_2027_01() {
  return Schedule{false, 0.0, {{Month::from_ym(2026, 7), 100.0}, {Month::from_ym(2027, 1), 250.0}}};
}

Month ym(int year, int month) { return Month::from_ym(year, month); }

}  // namespace

TEST_CASE("months parse strictly as YYYY-MM", "[schedule]") {
  REQUIRE(Month::parse("2026-07") == ym(2026, 7));
  CHECK(Month::parse("1900-01") == ym(1900, 1));
  CHECK(Month::parse("2200-12") == ym(2200, 12));
  for (const char* bad : {"2026-7", "26-07", "2026-13", "2026-00", "2026/07", "2026-07-01",
                          " 2026-07", "1899-12", "2201-01", "abcd-ef", ""}) {
    INFO(bad);
    CHECK_FALSE(Month::parse(bad).has_value());
  }
}

TEST_CASE("months know their days, hours and text", "[schedule]") {
  CHECK(ym(2026, 7).days() == 31);
  CHECK(ym(2026, 7).hours() == 744.0);
  CHECK(ym(2028, 2).hours() == 696.0);  // leap year
  CHECK(ym(2026, 2).days() == 28);
  CHECK(ym(2000, 2).days() == 29);  // divisible by 400
  CHECK(ym(2100, 2).days() == 28);  // divisible by 100
  CHECK(ym(2026, 4).days() == 30);
  CHECK(ym(2026, 12).plus(1) == ym(2027, 1));
  CHECK(ym(2027, 1).to_string() == "2027-01");
  CHECK(ym(2026, 11) < ym(2027, 1));
}

TEST_CASE("a constant schedule has its value at every month", "[schedule]") {
  const Schedule constant = Schedule::constant_of(42.0);
  CHECK(constant.at(ym(1900, 1)) == 42.0);
  CHECK(constant.at(ym(2200, 12)) == 42.0);
}

TEST_CASE("a stepped schedule takes the value of the last step from on or before t", "[schedule]") {
  const Schedule schedule = steps_2026_07_and_2027_01();
  CHECK_FALSE(schedule.at(ym(2026, 6)).has_value());  // before the first step
  CHECK(schedule.at_or(ym(2026, 6), -1.0) == -1.0);
  CHECK(schedule.at(ym(2026, 7)) == 100.0);   // on the first step
  CHECK(schedule.at(ym(2026, 12)) == 100.0);  // between steps
  CHECK(schedule.at(ym(2027, 1)) == 250.0);   // on the second step
  CHECK(schedule.at(ym(2030, 1)) == 250.0);   // after the last step
}

TEST_CASE("monthly periods run from start to end with their hours", "[schedule]") {
  Demand demand;
  demand.start = ym(2027, 12);
  demand.end = ym(2028, 3);
  const std::vector<Period> periods = demand.periods();
  REQUIRE(periods.size() == 4);
  CHECK(periods[0].label() == "2027-12");
  CHECK(periods[0].hours == 744.0);
  CHECK(periods[2].label() == "2028-02");
  CHECK(periods[2].hours == 696.0);
  CHECK(periods[3].months == 1);
}

TEST_CASE("quarterly periods sum their months and clip the last quarter at the end", "[schedule]") {
  Demand demand;
  demand.start = ym(2026, 7);
  demand.end = ym(2027, 1);
  demand.step_months = 3;
  const std::vector<Period> periods = demand.periods();
  REQUIRE(periods.size() == 3);
  CHECK(periods[0].label() == "2026-Q3");
  CHECK(periods[0].months == 3);
  CHECK(periods[0].hours == (31 + 31 + 30) * 24.0);
  CHECK(periods[1].label() == "2026-Q4");
  CHECK(periods[1].first == ym(2026, 10));
  CHECK(periods[2].label() == "2027-Q1");
  CHECK(periods[2].months == 1);
  CHECK(periods[2].hours == 744.0);
}

TEST_CASE("diagnostics print as file: pointer: message", "[validate]") {
  using Severity = Diagnostic::Severity;
  CHECK(
      Diagnostic{Severity::kError, "policy.json", "/utilization_target", "must be x"}.to_string() ==
      "policy.json: /utilization_target: must be x");
  CHECK(Diagnostic{Severity::kError, "policy.json", "", "missing"}.to_string() ==
        "policy.json: missing");
  const InputError error({Diagnostic{Severity::kError, "a.json", "/x", "one"},
                          Diagnostic{Severity::kError, "b.json", "2:3", "two"}});
  CHECK(std::string(error.what()) == "a.json: /x: one\nb.json: 2:3: two");
  CHECK(error.diagnostics().size() == 2);
  CHECK(std::string(InputError("plain").what()) == "plain");
}

}  // namespace capplan
