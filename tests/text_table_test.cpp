// Cell formatting shared by the renderers (capplan/text_table.hpp).
#include "capplan/text_table.hpp"

#include <catch2/catch.hpp>

namespace capplan {

TEST_CASE("grouped numbers: thousands separators, fixed decimals, no sign on a zero", "[render]") {
  // One helper where sweep, diff and the gate messages each had their own.
  CHECK(format_grouped(250345.567, 2) == "250,345.57");
  CHECK(format_grouped(-1234.5, 1) == "-1,234.5");
  CHECK(format_grouped(999.96, 1) == "1,000.0");
  CHECK(format_grouped(1234567, 0) == "1,234,567");
  CHECK(format_grouped(123, 0) == "123");
  CHECK(format_grouped(-0.001, 2) == "0.00");
  CHECK(format_grouped(0, 3) == "0.000");
}

}  // namespace capplan
