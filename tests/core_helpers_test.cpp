// The helpers the core keeps one of: snapping solver noise to zero, thousands grouping, output
// format names, and the residency rule. Each was once written in several places; these tests pin
// the one copy left.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "capplan/inputs.hpp"
#include "capplan/render.hpp"
#include "numeric.hpp"

using capplan::Format;

TEST_CASE("snap_to_zero drops solver noise and keeps real numbers", "[core]") {
  using capplan::snap_to_zero;
  CHECK(snap_to_zero(4e-10) == 0.0);
  // A tiny negative becomes +0, so nothing prints "-0.00".
  CHECK(snap_to_zero(-4e-10) == 0.0);
  CHECK_FALSE(std::signbit(snap_to_zero(-4e-10)));
  CHECK_FALSE(std::signbit(snap_to_zero(-0.0)));
  CHECK(snap_to_zero(1e-9) == 1e-9);  // the tolerance itself is a number
  CHECK(snap_to_zero(-2e-9) == -2e-9);
  CHECK(snap_to_zero(1234.5) == 1234.5);
  CHECK(std::isnan(snap_to_zero(std::numeric_limits<double>::quiet_NaN())));
}

TEST_CASE("format_grouped groups thousands with fixed decimals", "[core]") {
  using capplan::format_grouped;
  CHECK(format_grouped(250345.567, 2) == "250,345.57");
  CHECK(format_grouped(999.0, 0) == "999");
  CHECK(format_grouped(1000.0, 0) == "1,000");
  CHECK(format_grouped(1234567.0, 1) == "1,234,567.0");
  CHECK(format_grouped(-1234.5, 1) == "-1,234.5");
  CHECK(format_grouped(0.0, 3) == "0.000");
  // A negative that rounds to zero has no sign.
  CHECK(format_grouped(-0.004, 2) == "0.00");
  CHECK(format_grouped(-0.006, 2) == "-0.01");
  // Rounding can carry into a new group.
  CHECK(format_grouped(999.96, 1) == "1,000.0");
}

TEST_CASE("format_count rounds half away from zero, then groups", "[core]") {
  using capplan::format_count;
  CHECK(format_count(1234567.4) == "1,234,567");
  CHECK(format_count(2.5) == "3");
  CHECK(format_count(-2.5) == "-3");
  CHECK(format_count(-0.4) == "0");
  CHECK(format_count(-1500.0) == "-1,500");
}

TEST_CASE("parse_format is the inverse of to_string(Format)", "[core]") {
  for (const Format f : {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown})
    CHECK(capplan::parse_format(capplan::to_string(f)) == f);
  CHECK(std::string(capplan::to_string(Format::kMarkdown)) == "markdown");
  CHECK_FALSE(capplan::parse_format("md").has_value());
  CHECK_FALSE(capplan::parse_format("JSON").has_value());
  CHECK_FALSE(capplan::parse_format("").has_value());
}

TEST_CASE("residency_allows applies the geo list and interactive_same_geo", "[core]") {
  capplan::Policy policy;
  policy.residency["eu"] = {"eu"};
  policy.interactive_same_geo = true;
  capplan::DemandClass batch{"batch", 1.0, false};
  capplan::DemandClass interactive{"interactive", 1.5, true};
  // eu demand is listed: only eu regions.
  CHECK(capplan::residency_allows(policy, batch, "eu", "eu"));
  CHECK_FALSE(capplan::residency_allows(policy, batch, "eu", "us"));
  // us demand is not listed: batch may go anywhere, interactive stays in its geo.
  CHECK(capplan::residency_allows(policy, batch, "us", "eu"));
  CHECK_FALSE(capplan::residency_allows(policy, interactive, "us", "eu"));
  CHECK(capplan::residency_allows(policy, interactive, "us", "us"));
  policy.interactive_same_geo = false;
  CHECK(capplan::residency_allows(policy, interactive, "us", "eu"));
  CHECK_FALSE(capplan::residency_allows(policy, interactive, "eu", "us"));
}
