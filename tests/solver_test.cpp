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

namespace {

// Two periods and one row that links them, as (onboarding) does:
//   min n1 + n2 + 1.5·a  s.t.  n1 >= 2,  n2 >= 5,  a >= n2 - n1,  all >= 0.
// Alone, each period holds its own demand (n1 = 2, n2 = 5); with the link, adding 3 in the second
// period costs 1.5 each, more than holding them from the first at 1 each: n1 = n2 = 5, a = 0,
// objective 10.
LpModel linked_periods_lp() {
  LpBuilder b;
  const int n1 = b.add_col("n1", 0.0, capplan::kInf, 1.0);
  const int n2 = b.add_col("n2", 0.0, capplan::kInf, 1.0);
  const int a = b.add_col("a", 0.0, capplan::kInf, 1.5);
  const int d1 = b.add_row("demand1", 2.0, capplan::kInf);
  const int d2 = b.add_row("demand2", 5.0, capplan::kInf);
  const int link = b.add_row("onboarding2", 0.0, capplan::kInf);
  b.add_entry(d1, n1, 1.0);
  b.add_entry(d2, n2, 1.0);
  b.add_entry(link, a, 1.0);
  b.add_entry(link, n2, -1.0);
  b.add_entry(link, n1, 1.0);
  return std::move(b).finish();
}

// Solves `model` with the block hint `blocks` in one and in two threads: optimal, at `objective`
// and the column values `x`.
void check_block_solve(const LpModel& model, const std::vector<int>& blocks, double objective,
                       const std::vector<double>& x) {
  for (const int threads : {1, 2}) {
    INFO("threads " << threads);
    SolveOptions options;
    options.col_block = &blocks;
    options.threads = threads;
    const auto result = capplan::make_clp_solver()->solve(model, options);
    CHECK(result.call == CallStatus::kOk);
    REQUIRE(result.status == SolveStatus::kOptimal);
    CHECK_THAT(result.objective, Catch::Matchers::WithinAbs(objective, 1e-9));
    for (size_t j = 0; j < x.size(); ++j)
      CHECK_THAT(result.col_value[j], Catch::Matchers::WithinAbs(x[j], 1e-9));
  }
}

}  // namespace

TEST_CASE(
    "solver: a block hint solves the blocks alone, then the linking rows, to the same optimum",
    "[solver]") {
  const LpModel model = linked_periods_lp();
  const std::vector<int> blocks = {0, 1, 1};  // n1 | n2, a; the onboarding row links them
  check_block_solve(model, blocks, 10.0, {5.0, 5.0, 0.0});
  // A block that cannot be met: the whole model is infeasible, and says so.
  LpModel infeasible = model;
  infeasible.col_upper[1] = 4.0;  // n2 <= 4 < 5
  SolveOptions options;
  options.col_block = &blocks;
  const auto result = capplan::make_clp_solver()->solve(infeasible, options);
  CHECK(result.call == CallStatus::kOk);
  CHECK(result.status == SolveStatus::kInfeasible);
}

TEST_CASE("solver: a column shared by blocks joins each of them, to the same optimum",
          "[solver]") {
  // An option's size shared by two years: min 12·s + n1 + n2  s.t.  n1 <= s, n2 <= s (one row
  // per year, each with the shared column), n1 >= 5, n2 >= 3. Each year alone sees s at half its
  // cost (6 per MW); the whole: s = 5, n1 = 5, n2 = 3, objective 60 + 8 = 68.
  LpBuilder b;
  const int s = b.add_col("s", 0.0, capplan::kInf, 12.0);
  const int n1 = b.add_col("n1", 0.0, capplan::kInf, 1.0);
  const int n2 = b.add_col("n2", 0.0, capplan::kInf, 1.0);
  const int fit1 = b.add_row("fit1", -capplan::kInf, 0.0);
  const int fit2 = b.add_row("fit2", -capplan::kInf, 0.0);
  const int d1 = b.add_row("demand1", 5.0, capplan::kInf);
  const int d2 = b.add_row("demand2", 3.0, capplan::kInf);
  b.add_entry(fit1, n1, 1.0);
  b.add_entry(fit1, s, -1.0);
  b.add_entry(fit2, n2, 1.0);
  b.add_entry(fit2, s, -1.0);
  b.add_entry(d1, n1, 1.0);
  b.add_entry(d2, n2, 1.0);
  const LpModel model = std::move(b).finish();
  check_block_solve(model, {-1, 0, 1}, 68.0, {5.0, 5.0, 3.0});
  // A block index below -1 is no hint: solved cold, the same optimum.
  const std::vector<int> bad = {-2, 0, 1};
  SolveOptions options;
  options.col_block = &bad;
  const auto result = capplan::make_clp_solver()->solve(model, options);
  REQUIRE(result.status == SolveStatus::kOptimal);
  CHECK_THAT(result.objective, Catch::Matchers::WithinAbs(68.0, 1e-9));
}

TEST_CASE("solver: the tie-break picks the optimal plan of least weight and keeps the optimum",
          "[solver]") {
  // min x + y  s.t.  x + y >= 3, x <= 2: every split of 3 is optimal (objective 3). The lighter
  // column takes all it can.
  LpBuilder b;
  const int x = b.add_col("x", 0.0, 2.0, 1.0);
  const int y = b.add_col("y", 0.0, capplan::kInf, 1.0);
  const int r = b.add_row("cover", 3.0, capplan::kInf);
  b.add_entry(r, x, 1.0);
  b.add_entry(r, y, 1.0);
  const LpModel model = std::move(b).finish();
  for (const auto& [weights, want_x] : {std::pair{std::vector<double>{1.0, 1.5}, 2.0},
                                        std::pair{std::vector<double>{1.5, 1.0}, 0.0}}) {
    SolveOptions options;
    options.tie_break = &weights;
    const auto result = capplan::make_clp_solver()->solve(model, options);
    REQUIRE(result.status == SolveStatus::kOptimal);
    CHECK_THAT(result.objective, Catch::Matchers::WithinAbs(3.0, 1e-9));
    CHECK_THAT(result.col_value[0], Catch::Matchers::WithinAbs(want_x, 1e-9));
    CHECK_THAT(result.col_value[1], Catch::Matchers::WithinAbs(3.0 - want_x, 1e-9));
  }
}
