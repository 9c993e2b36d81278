// The solver boundary (solver.hpp): whether the call worked is reported apart from what the
// answer is, and a basis is capplan's own BasisStatus values, not Clp's codes.
#include "capplan/solver.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "capplan/lp_model.hpp"

using capplan::BasisStatus;
using capplan::CallStatus;
using capplan::LpBuilder;
using capplan::LpModel;
using capplan::SolveOptions;
using capplan::SolveStatus;

namespace {

// min x + 2y  s.t.  x + y >= 3,  0 <= x <= x_upper,  0 <= y <= y_upper.
LpModel two_column_lp(double x_upper, double y_upper) {
  LpBuilder b;
  const int x = b.add_col("x", 0.0, x_upper, 1.0);
  const int y = b.add_col("y", 0.0, y_upper, 2.0);
  const int r = b.add_row("cover", 3.0, capplan::kInf);
  b.add_entry(r, x, 1.0);
  b.add_entry(r, y, 1.0);
  return std::move(b).finish();
}

}  // namespace

TEST_CASE("solver: an optimum is a working call with status optimal", "[solver]") {
  // x is cheaper, so x = 2 (its upper bound) and y = 1 cover 3: objective 2 + 2 = 4.
  const auto result = capplan::make_clp_solver()->solve(two_column_lp(2.0, capplan::kInf), {});
  CHECK(result.call == CallStatus::kOk);
  REQUIRE(result.status == SolveStatus::kOptimal);
  CHECK_THAT(result.objective, Catch::Matchers::WithinAbs(4.0, 1e-9));
  CHECK_THAT(result.col_value[0], Catch::Matchers::WithinAbs(2.0, 1e-9));
  CHECK_THAT(result.col_value[1], Catch::Matchers::WithinAbs(1.0, 1e-9));
}

TEST_CASE("solver: an infeasible model is a working call, not a solver error", "[solver]") {
  // x + y <= 2 < 3 whatever the values.
  const auto result = capplan::make_clp_solver()->solve(two_column_lp(1.0, 1.0), {});
  CHECK(result.call == CallStatus::kOk);
  CHECK(result.status == SolveStatus::kInfeasible);
  CHECK(std::string(capplan::to_string(result.status)) == "infeasible");
}

TEST_CASE("solver: a non-finite number fails the call and leaves the model unsolved", "[solver]") {
  LpModel model = two_column_lp(2.0, capplan::kInf);
  model.objective[1] = std::numeric_limits<double>::quiet_NaN();
  const auto result = capplan::make_clp_solver()->solve(model, {});
  CHECK(result.call == CallStatus::kError);
  CHECK(result.status == SolveStatus::kNotSolved);
  CHECK(result.message == "non-finite number in the model: objective of y");
}

TEST_CASE("solver: a basis is BasisStatus values and warm-starts the same optimum", "[solver]") {
  const LpModel model = two_column_lp(2.0, capplan::kInf);
  SolveOptions options;
  options.want_basis = true;
  const auto cold = capplan::make_clp_solver()->solve(model, options);
  REQUIRE(cold.status == SolveStatus::kOptimal);
  REQUIRE(cold.basis.col_status.size() == 2);
  REQUIRE(cold.basis.row_status.size() == 1);
  // One basic variable per row; y is strictly between its bounds, so it is the basic one.
  const auto basic = [](const std::vector<BasisStatus>& v) {
    return std::count(v.begin(), v.end(), BasisStatus::kBasic);
  };
  CHECK(basic(cold.basis.col_status) + basic(cold.basis.row_status) == 1);
  CHECK(cold.basis.col_status[1] == BasisStatus::kBasic);
  CHECK(cold.basis.col_status[0] == BasisStatus::kAtUpper);

  SolveOptions warm_options;
  warm_options.warm_start = &cold.basis;
  const auto warm = capplan::make_clp_solver()->solve(model, warm_options);
  CHECK(warm.call == CallStatus::kOk);
  REQUIRE(warm.status == SolveStatus::kOptimal);
  CHECK_THAT(warm.objective, Catch::Matchers::WithinAbs(4.0, 1e-9));
  CHECK(warm.iterations == 0);  // the optimal basis needs no pivot
}
