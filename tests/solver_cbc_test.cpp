// Integer mode at the solver boundary (solver.hpp): make_cbc_solver() on small MIPs worked out
// by hand, its status contract (optimal / feasible / limit_reached / infeasible), duals from the
// LP with the integers fixed, silence, and integer columns in the exported MPS and LP files.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "capplan/lp_model.hpp"
#include "capplan/solver.hpp"

using capplan::CallStatus;
using capplan::LpBuilder;
using capplan::LpModel;
using capplan::SolveOptions;
using capplan::SolveResult;
using capplan::SolveStatus;
using Catch::Matchers::WithinAbs;

namespace {

// A 0-1 knapsack as a minimisation: max 8a + 11b + 6c + 4d s.t. 5a + 7b + 4c + 3d <= 14.
// Relaxation (by value per weight: a 1.6, b 1.57, c 1.5, d 1.33): a = b = 1, c = 1/2, value 22.
// Integer: {b, c, d} weighs 14 and is worth 21; {a, b} 19, {a, c, d} 18, so 21 is optimal.
LpModel knapsack() {
  LpBuilder b;
  const double value[] = {8, 11, 6, 4}, weight[] = {5, 7, 4, 3};
  const char* names[] = {"a", "b", "c", "d"};
  const int row = b.add_row("weight", -capplan::kInf, 14.0);
  for (int j = 0; j < 4; ++j) {
    const int col = b.add_col(names[j], 0.0, 1.0, -value[j]);
    b.set_integer(col);
    b.add_entry(row, col, weight[j]);
  }
  return std::move(b).finish();
}

// Whole deployment units against on-demand capacity: u reserved units (integer, no upper bound)
// at 8 each give 10 capacity apiece; on-demand y costs 1 per unit of capacity; demand 25.
//   min 8u + y  s.t.  10u + y >= 25,  u >= 0 integer,  y >= 0.
// Relaxation: u = 2.5 (0.8 per capacity beats 1), cost 20. Integer: u = 2, y = 5 costs 21;
// u = 3 costs 24. With u fixed at 2, y is basic, so the demand row's dual is y's cost, 1, and
// u's reduced cost is 8 - 10 * 1 = -2.
LpModel reserved_units() {
  LpBuilder b;
  const int u = b.add_col("u", 0.0, capplan::kInf, 8.0);
  b.set_integer(u);
  const int y = b.add_col("y", 0.0, capplan::kInf, 1.0);
  const int r = b.add_row("demand", 25.0, capplan::kInf);
  b.add_entry(r, u, 10.0);
  b.add_entry(r, y, 1.0);
  return std::move(b).finish();
}

// Portable seeded generator (splitmix64): the same instance on every standard library.
struct SplitMix {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int uniform(int lo, int hi) { return lo + static_cast<int>(next() % (hi - lo + 1)); }
};

// A random multi-dimensional 0-1 knapsack with values correlated to weights (the hard kind of
// the OR-Library's mknap sets): `items` binaries, `dims` capacity rows at half the total weight.
LpModel hard_knapsack(int items, int dims, std::uint64_t seed) {
  SplitMix rng{seed};
  LpBuilder b;
  std::vector<std::vector<int>> w(dims, std::vector<int>(items));
  std::vector<int> rows(dims);
  for (int i = 0; i < dims; ++i) {
    double total = 0;
    for (int j = 0; j < items; ++j) total += (w[i][j] = rng.uniform(1, 1000));
    rows[i] = b.add_row("cap[" + std::to_string(i) + "]", -capplan::kInf, std::floor(total / 2));
  }
  for (int j = 0; j < items; ++j) {
    double value = rng.uniform(0, 500);
    for (int i = 0; i < dims; ++i) value += w[i][j] / static_cast<double>(dims);
    const int col = b.add_col("x[" + std::to_string(j) + "]", 0.0, 1.0, -std::round(value));
    b.set_integer(col);
    for (int i = 0; i < dims; ++i) b.add_entry(rows[i], col, w[i][j]);
  }
  return std::move(b).finish();
}

// Runs `body` with file descriptors 1 and 2 sent to a temporary file; returns what reached them.
template <typename Body>
std::string captured_output(Body&& body) {
  std::fflush(nullptr);
  std::cout.flush();
  std::cerr.flush();
  FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  const int saved_out = ::dup(1), saved_err = ::dup(2);
  REQUIRE(saved_out >= 0);
  REQUIRE(saved_err >= 0);
  ::dup2(::fileno(sink), 1);
  ::dup2(::fileno(sink), 2);
  body();
  std::fflush(nullptr);  // what a solver left in stdio's buffers is output too
  std::cout.flush();
  std::cerr.flush();
  ::dup2(saved_out, 1);
  ::dup2(saved_err, 2);
  ::close(saved_out);
  ::close(saved_err);
  std::string text;
  std::rewind(sink);
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, sink)) text.append(buf, n);
  std::fclose(sink);
  return text;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("capplan_cbc_test_" + std::to_string(::getpid()) + "_" + name))
      .string();
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs a shell command; its exit status and everything it printed.
std::pair<int, std::string> run(const std::string& cmd) {
  FILE* pipe = ::popen((cmd + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  return {::pclose(pipe), out};
}

}  // namespace

TEST_CASE("cbc: a knapsack takes whole items and is proven optimal", "[solver][mip]") {
  const LpModel model = knapsack();
  REQUIRE(model.has_integers());
  const SolveResult r = capplan::make_cbc_solver()->solve(model, {});
  CHECK(r.call == CallStatus::kOk);
  REQUIRE(r.status == SolveStatus::kOptimal);
  CHECK(r.integer);
  CHECK(r.proven_optimal);
  CHECK_THAT(r.objective, WithinAbs(-21.0, 1e-9));
  CHECK_THAT(r.relaxation_objective, WithinAbs(-22.0, 1e-9));
  CHECK(r.objective >= r.relaxation_objective);
  CHECK_THAT(r.best_bound, WithinAbs(-21.0, 1e-6));
  CHECK_THAT(r.mip_gap, WithinAbs(0.0, 1e-9));
  REQUIRE(r.col_value.size() == 4);
  const double expected[] = {0, 1, 1, 1};
  for (int j = 0; j < 4; ++j) {
    INFO("column " << j);
    CHECK(r.col_value[j] == expected[j]);  // exactly whole, not 0.9999999
  }
  REQUIRE(r.row_activity.size() == 1);
  CHECK_THAT(r.row_activity[0], WithinAbs(14.0, 1e-9));
}

TEST_CASE("cbc: whole units with continuous top-up, and the cost of rounding", "[solver][mip]") {
  const SolveResult r = capplan::make_cbc_solver()->solve(reserved_units(), {});
  REQUIRE(r.status == SolveStatus::kOptimal);
  CHECK(r.col_value[0] == 2.0);
  CHECK_THAT(r.col_value[1], WithinAbs(5.0, 1e-9));
  CHECK_THAT(r.objective, WithinAbs(21.0, 1e-9));
  CHECK_THAT(r.relaxation_objective, WithinAbs(20.0, 1e-9));  // whole units cost 1 more
  CHECK(r.proven_optimal);
  CHECK_THAT(r.mip_gap, WithinAbs(0.0, 1e-9));
}

TEST_CASE("cbc: one branch on a fractional signing proves the optimum without a search",
          "[solver][mip]") {
  // A deal: sign y in {0, 1} costs 100, its capacity x <= 10·y costs 1 a unit; the alternative u
  // costs 20 a unit; demand x + u >= 4. The relaxation signs y = 0.4 (objective 40 + 4 = 44), and
  // rounded up the deal costs 100 + 4 = 104: 58 % above the relaxation. One branch on y: y = 1
  // relaxes to 104, y = 0 to 4·20 = 80, so the bound is 80 and y = 0 rounds to 80: proven.
  LpBuilder b;
  const int y = b.add_col("y", 0.0, 1.0, 100.0);
  const int x = b.add_col("x", 0.0, capplan::kInf, 1.0);
  const int u = b.add_col("u", 0.0, capplan::kInf, 20.0);
  const int fit = b.add_row("fit", -capplan::kInf, 0.0);
  const int demand = b.add_row("demand", 4.0, capplan::kInf);
  b.add_entry(fit, x, 1.0);
  b.add_entry(fit, y, -10.0);
  b.add_entry(demand, x, 1.0);
  b.add_entry(demand, u, 1.0);
  b.set_integer(y);
  LpModel model = std::move(b).finish();
  SolveOptions options;
  options.mip_gap = 1e-3;
  const SolveResult r = capplan::make_cbc_solver()->solve(model, options);
  REQUIRE(r.status == SolveStatus::kOptimal);
  CHECK_FALSE(r.searched);
  CHECK(r.proven_optimal);
  CHECK_THAT(r.relaxation_objective, WithinAbs(44.0, 1e-9));
  CHECK_THAT(r.objective, WithinAbs(80.0, 1e-9));
  CHECK_THAT(r.best_bound, WithinAbs(80.0, 1e-9));
  CHECK(r.col_value[y] == 0.0);
  CHECK_THAT(r.col_value[u], WithinAbs(4.0, 1e-9));
  // With the alternative at 30 a unit the deal pays: y = 1, objective 104 (u side: 120).
  model.objective[u] = 30.0;
  const SolveResult signed_deal = capplan::make_cbc_solver()->solve(model, options);
  REQUIRE(signed_deal.status == SolveStatus::kOptimal);
  CHECK_FALSE(signed_deal.searched);
  CHECK(signed_deal.col_value[y] == 1.0);
  CHECK_THAT(signed_deal.objective, WithinAbs(104.0, 1e-9));
}

TEST_CASE("cbc: the objective offset is in the objective, bound and relaxation", "[solver][mip]") {
  LpModel model = reserved_units();
  model.objective_offset = 100.0;
  const SolveResult r = capplan::make_cbc_solver()->solve(model, {});
  REQUIRE(r.status == SolveStatus::kOptimal);
  CHECK_THAT(r.objective, WithinAbs(121.0, 1e-9));
  CHECK_THAT(r.relaxation_objective, WithinAbs(120.0, 1e-9));
  CHECK_THAT(r.best_bound, WithinAbs(121.0, 1e-6));
}

TEST_CASE("cbc: duals are those of the LP with the integers fixed", "[solver][mip]") {
  const LpModel model = reserved_units();
  const SolveResult r = capplan::make_cbc_solver()->solve(model, {});
  REQUIRE(r.status == SolveStatus::kOptimal);
  // By hand (see reserved_units): demand dual 1, reduced costs u -2, y 0.
  REQUIRE(r.row_dual.size() == 1);
  REQUIRE(r.col_reduced_cost.size() == 2);
  CHECK_THAT(r.row_dual[0], WithinAbs(1.0, 1e-9));
  CHECK_THAT(r.col_reduced_cost[0], WithinAbs(-2.0, 1e-9));
  CHECK_THAT(r.col_reduced_cost[1], WithinAbs(0.0, 1e-9));

  // And the same as Clp on that LP, built by hand.
  LpModel fixed = model;
  fixed.col_integer.clear();
  fixed.col_lower[0] = fixed.col_upper[0] = 2.0;
  const SolveResult lp = capplan::make_clp_solver()->solve(fixed, {});
  REQUIRE(lp.status == SolveStatus::kOptimal);
  CHECK(r.row_dual == lp.row_dual);
  CHECK(r.col_reduced_cost == lp.col_reduced_cost);
  CHECK(r.col_value == lp.col_value);
  CHECK(r.objective == lp.objective);
}

TEST_CASE("cbc: want_basis gives the basis of the LP with the integers fixed", "[solver][mip]") {
  SolveOptions options;
  options.want_basis = true;
  const SolveResult r = capplan::make_cbc_solver()->solve(reserved_units(), options);
  REQUIRE(r.status == SolveStatus::kOptimal);
  REQUIRE(r.basis.col_status.size() == 2);
  REQUIRE(r.basis.row_status.size() == 1);
  CHECK(r.basis.col_status[1] == capplan::BasisStatus::kBasic);  // y between its bounds
}

TEST_CASE("cbc: a tie-break picks among the continuous values for the chosen integers",
          "[solver][mip]") {
  // min 8u + y + z  s.t.  10u + y + z >= 25: y and z tie. The tie-break weights z below y, so
  // the second pass puts the top-up of 5 on z.
  LpBuilder b;
  const int u = b.add_col("u", 0.0, capplan::kInf, 8.0);
  b.set_integer(u);
  const int y = b.add_col("y", 0.0, capplan::kInf, 1.0);
  const int z = b.add_col("z", 0.0, capplan::kInf, 1.0);
  const int r = b.add_row("demand", 25.0, capplan::kInf);
  b.add_entry(r, u, 10.0);
  b.add_entry(r, y, 1.0);
  b.add_entry(r, z, 1.0);
  const LpModel model = std::move(b).finish();
  for (const bool z_first : {true, false}) {
    INFO("z preferred: " << z_first);
    const std::vector<double> weights =
        z_first ? std::vector<double>{0, 2, 1} : std::vector<double>{0, 1, 2};
    SolveOptions options;
    options.tie_break = &weights;
    const SolveResult res = capplan::make_cbc_solver()->solve(model, options);
    REQUIRE(res.status == SolveStatus::kOptimal);
    CHECK(res.col_value[0] == 2.0);
    CHECK_THAT(res.col_value[z_first ? 2 : 1], WithinAbs(5.0, 1e-9));
    CHECK_THAT(res.col_value[z_first ? 1 : 2], WithinAbs(0.0, 1e-9));
    CHECK_THAT(res.objective, WithinAbs(21.0, 1e-9));
  }
}

TEST_CASE("cbc: a model without integer columns is solved exactly as by clp", "[solver][mip]") {
  // min x + 2y  s.t.  x + y >= 3,  0 <= x <= 2: x = 2, y = 1, objective 4.
  LpBuilder b;
  const int x = b.add_col("x", 0.0, 2.0, 1.0);
  const int y = b.add_col("y", 0.0, capplan::kInf, 2.0);
  const int r = b.add_row("cover", 3.0, capplan::kInf);
  b.add_entry(r, x, 1.0);
  b.add_entry(r, y, 1.0);
  LpModel model = std::move(b).finish();
  REQUIRE(model.col_integer.empty());
  SolveOptions options;
  options.want_basis = true;
  for (const bool flags : {false, true}) {
    INFO("all-zero integer flags: " << flags);
    if (flags) model.col_integer.assign(2, 0);
    REQUIRE_FALSE(model.has_integers());
    const SolveResult clp = capplan::make_clp_solver()->solve(model, options);
    const SolveResult cbc = capplan::make_cbc_solver()->solve(model, options);
    REQUIRE(cbc.status == SolveStatus::kOptimal);
    CHECK_FALSE(cbc.integer);
    CHECK_THAT(cbc.objective, WithinAbs(4.0, 1e-9));
    CHECK(cbc.objective == clp.objective);
    CHECK(cbc.col_value == clp.col_value);
    CHECK(cbc.row_activity == clp.row_activity);
    CHECK(cbc.row_dual == clp.row_dual);
    CHECK(cbc.col_reduced_cost == clp.col_reduced_cost);
    CHECK(cbc.basis.col_status == clp.basis.col_status);
    CHECK(cbc.basis.row_status == clp.basis.row_status);
    CHECK(cbc.iterations == clp.iterations);
  }
}

TEST_CASE("cbc: no whole solution is infeasible, though the relaxation is not", "[solver][mip]") {
  // 2a + 2b = 3 has the fractional solution a = 1.5 but no whole one.
  LpBuilder b;
  const int a = b.add_col("a", 0.0, 10.0, 1.0);
  const int c = b.add_col("b", 0.0, 10.0, 1.0);
  b.set_integer(a);
  b.set_integer(c);
  const int r = b.add_row("odd", 3.0, 3.0);
  b.add_entry(r, a, 2.0);
  b.add_entry(r, c, 2.0);
  const SolveResult res = capplan::make_cbc_solver()->solve(std::move(b).finish(), {});
  CHECK(res.call == CallStatus::kOk);
  CHECK(res.status == SolveStatus::kInfeasible);
  CHECK(res.integer);
  CHECK_FALSE(res.proven_optimal);
  CHECK_THAT(res.relaxation_objective, WithinAbs(1.5, 1e-9));
  CHECK(res.col_value.empty());
  CHECK(std::isinf(res.mip_gap));
}

TEST_CASE("cbc: an infeasible relaxation is an infeasible MIP", "[solver][mip]") {
  LpModel model = knapsack();
  model.row_lower[0] = 30.0;  // 5 + 7 + 4 + 3 = 19 < 30
  const SolveResult res = capplan::make_cbc_solver()->solve(model, {});
  CHECK(res.call == CallStatus::kOk);
  CHECK(res.status == SolveStatus::kInfeasible);
  CHECK(res.message.find("LP relaxation") != std::string::npos);
}

TEST_CASE("cbc: a non-finite number fails the call", "[solver][mip]") {
  LpModel model = knapsack();
  model.value[1] = std::numeric_limits<double>::quiet_NaN();
  const SolveResult res = capplan::make_cbc_solver()->solve(model, {});
  CHECK(res.call == CallStatus::kError);
  CHECK(res.status == SolveStatus::kNotSolved);
  CHECK(res.message == "LP relaxation: non-finite number in the model: coefficient of b in weight");
}

TEST_CASE("cbc: integer flags of the wrong length fail the call", "[solver][mip]") {
  LpModel model = knapsack();
  model.col_integer.pop_back();
  const SolveResult res = capplan::make_cbc_solver()->solve(model, {});
  CHECK(res.call == CallStatus::kError);
  CHECK(res.message == "col_integer has 3 flags for 4 columns");
}

TEST_CASE("cbc: a search stopped by the time limit is feasible or limit_reached, not proven",
          "[solver][mip]") {
  // 250 correlated binaries in 10 dimensions: far beyond a proof in half a second.
  const LpModel model = hard_knapsack(250, 10, 2024);
  SolveOptions options;
  options.time_limit_s = 0.5;
  const SolveResult r = capplan::make_cbc_solver()->solve(model, options);
  CHECK(r.call == CallStatus::kOk);
  CHECK(r.integer);
  CHECK_FALSE(r.proven_optimal);
  CHECK(r.searched);
  REQUIRE((r.status == SolveStatus::kFeasible || r.status == SolveStatus::kLimitReached));
  CHECK(r.best_bound >= r.relaxation_objective);
  if (r.status == SolveStatus::kFeasible) {
    CHECK(std::string(capplan::to_string(r.status)) == "feasible");
    CHECK(r.mip_gap > 0);
    CHECK(r.objective >= r.best_bound);
    REQUIRE(r.col_value.size() == 250);
    for (double v : r.col_value) CHECK((v == 0.0 || v == 1.0));
    REQUIRE(r.row_dual.size() == 10);
    CHECK(r.message.find("time limit") != std::string::npos);
  } else {
    CHECK(r.col_value.empty());
  }
}

TEST_CASE("cbc: the same model gives the same answer every run and in parallel", "[solver][mip]") {
  const LpModel model = hard_knapsack(30, 3, 7);  // small enough to prove in a moment
  const SolveResult first = capplan::make_cbc_solver()->solve(model, {});
  REQUIRE(first.status == SolveStatus::kOptimal);
  const SolveResult again = capplan::make_cbc_solver()->solve(model, {});
  CHECK(again.col_value == first.col_value);
  CHECK(again.objective == first.objective);
  CHECK(again.row_dual == first.row_dual);

  // Two threads at once, each with its own solver (as plan.cpp's workers): the same answers.
  SolveResult in_thread[2];
  std::thread t0([&] { in_thread[0] = capplan::make_cbc_solver()->solve(model, {}); });
  std::thread t1([&] { in_thread[1] = capplan::make_cbc_solver()->solve(model, {}); });
  t0.join();
  t1.join();
  for (const SolveResult& r : in_thread) {
    CHECK(r.status == SolveStatus::kOptimal);
    CHECK(r.col_value == first.col_value);
    CHECK(r.objective == first.objective);
  }
}

TEST_CASE("cbc: the output capture of these tests sees both descriptors", "[solver][mip]") {
  const std::string out = captured_output([] {
    std::printf("to stdout;");  // left in stdio's buffer: the capture must flush it
    std::fprintf(stderr, "to stderr;");
    std::cout << "to cout";
  });
  CHECK(out.find("to stdout;") != std::string::npos);
  CHECK(out.find("to stderr;") != std::string::npos);
  CHECK(out.find("to cout") != std::string::npos);
}

TEST_CASE("cbc: nothing reaches stdout or stderr during solves", "[solver][mip]") {
  SolveResult results[5];
  const std::string out = captured_output([&] {
    auto solver = capplan::make_cbc_solver();
    results[0] = solver->solve(knapsack(), {});
    results[1] = solver->solve(reserved_units(), {});
    LpModel infeasible = knapsack();
    infeasible.row_lower[0] = infeasible.row_upper[0] = 2.5;  // no item weighs 2.5 or a sum of
    results[2] = solver->solve(infeasible, {});
    SolveOptions limited;
    limited.time_limit_s = 0.2;
    results[3] = solver->solve(hard_knapsack(250, 10, 99), limited);
    LpModel lp = reserved_units();
    lp.col_integer.clear();
    results[4] = solver->solve(lp, {});
  });
  CHECK(out == "");
  CHECK(results[0].status == SolveStatus::kOptimal);
  CHECK(results[1].status == SolveStatus::kOptimal);
  CHECK(results[2].status == SolveStatus::kInfeasible);
  CHECK((results[3].status == SolveStatus::kFeasible ||
         results[3].status == SolveStatus::kLimitReached));
  CHECK(results[4].status == SolveStatus::kOptimal);
}

TEST_CASE("lp model: set_integer flags one column per column", "[solver][mip]") {
  LpBuilder b;
  b.add_col("a", 0, 1, 0);
  const int c = b.add_col("b", 0, 1, 0);
  b.set_integer(c);
  b.add_col("c", 0, 1, 0);  // added after a set_integer: continuous
  const LpModel m = std::move(b).finish();
  CHECK(m.col_integer == std::vector<char>{0, 1, 0});
  CHECK(m.has_integers());
  LpBuilder none;
  none.add_col("a", 0, 1, 0);
  const LpModel plain = std::move(none).finish();
  CHECK(plain.col_integer.empty());
  CHECK_FALSE(plain.has_integers());
}

TEST_CASE("mps: integer columns between MARKER lines, a model without them unchanged",
          "[solver][mip]") {
  LpModel model = reserved_units();
  const std::string path = temp_path("units.mps");
  capplan::write_mps(model, path);
  const std::string mps = read_file(path);
  CHECK(mps ==
        "NAME capplan\nROWS\n N obj\n G demand\nCOLUMNS\n"
        "    MARKER 'MARKER' 'INTORG'\n"
        "    u obj 8\n    u demand 10\n"
        "    MARKER 'MARKER' 'INTEND'\n"
        "    y obj 1\n    y demand 1\n"
        "RHS\n    rhs demand 25\nRANGES\nBOUNDS\n PL bnd u\nENDATA\n");

  // Without integers, empty flags or all-zero flags, the file is the LP one of before.
  LpModel lp = model;
  lp.col_integer.clear();
  capplan::write_mps(lp, path);
  const std::string plain = read_file(path);
  CHECK(plain ==
        "NAME capplan\nROWS\n N obj\n G demand\nCOLUMNS\n"
        "    u obj 8\n    u demand 10\n    y obj 1\n    y demand 1\n"
        "RHS\n    rhs demand 25\nRANGES\nBOUNDS\nENDATA\n");
  lp.col_integer.assign(2, 0);
  capplan::write_mps(lp, path);
  CHECK(read_file(path) == plain);
  std::remove(path.c_str());
}

TEST_CASE("lp file: integer columns are listed under General", "[solver][mip]") {
  const std::string path = temp_path("units.lp");
  capplan::write_lp(reserved_units(), path);
  const std::string text = read_file(path);
  CHECK(text.find("Bounds\nGeneral\n u\nEnd\n") != std::string::npos);
  LpModel lp = reserved_units();
  lp.col_integer.clear();
  capplan::write_lp(lp, path);
  CHECK(read_file(path).find("General") == std::string::npos);
  std::remove(path.c_str());
}

TEST_CASE("mps: the cbc binary reads the integer columns back", "[solver][mip]") {
  // Debian package coinor-cbc; without it, clp reads the same file as the LP relaxation.
  const bool have_cbc = run("command -v cbc").first == 0;
  const bool have_clp = run("command -v clp").first == 0;
  if (!have_cbc && !have_clp) {
    WARN("neither cbc nor clp is installed: the MPS read-back is skipped");
    return;
  }
  // u has no upper bound: a reader taking an unbounded integer column as binary would find
  // u <= 1 and a cost of 8 + 15 = 23 instead of 21.
  for (const LpModel& model : {reserved_units(), knapsack()}) {
    const SolveResult ours = capplan::make_cbc_solver()->solve(model, {});
    REQUIRE(ours.status == SolveStatus::kOptimal);
    const std::string path = temp_path("readback.mps");
    capplan::write_mps(model, path);
    std::smatch m;
    if (have_cbc) {
      const auto [status, out] = run("cbc " + path + " -solve -quit");
      INFO(out);
      CHECK(status == 0);
      REQUIRE(std::regex_search(out, m, std::regex(R"(Objective value:\s+([-+0-9.eE]+))")));
      CHECK_THAT(std::stod(m[1]), WithinAbs(ours.objective, 1e-6));
    } else {
      const auto [status, out] = run("clp " + path + " -dualsimplex");
      INFO(out);
      CHECK(status == 0);
      REQUIRE(std::regex_search(out, m, std::regex(R"(Optimal objective\s+([-+0-9.eE]+))")));
      CHECK_THAT(std::stod(m[1]), WithinAbs(ours.relaxation_objective, 1e-6));
    }
    std::remove(path.c_str());
  }
}
