// The solver boundary. A Solver takes an LpModel and returns a SolveResult. As in HiGHS
// (HighsStatus vs HighsModelStatus), whether the call worked (CallStatus) is kept apart from
// what the answer is (SolveStatus): a solver that failed has no model status, and an infeasible
// model is an answer, not a failure nor an exception. Values are in the LpModel's own units.
// solver_clp.cpp is the only file that includes Clp; nothing here exposes Clp's codes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "capplan/lp_model.hpp"

namespace capplan {

// Did the call work: kError when the solver could not run to an answer (a non-finite number in
// the model, an exception inside the solver, a stop on numerical trouble).
enum class CallStatus { kOk, kError };
const char* to_string(CallStatus status);  // "ok" | "error"

// What the answer is, meaningful only when the call was kOk.
enum class SolveStatus { kNotSolved, kOptimal, kInfeasible, kUnbounded, kLimitReached };
const char* to_string(SolveStatus status);  // "not_solved" | "optimal" | ... | "limit_reached"

// Where a column or row stands in a simplex basis.
enum class BasisStatus : unsigned char { kFree, kBasic, kAtUpper, kAtLower, kSuperbasic, kFixed };

// A simplex basis: one BasisStatus per column and per row. Empty = no basis.
struct Basis {
  std::vector<BasisStatus> col_status;
  std::vector<BasisStatus> row_status;
  bool empty() const { return col_status.empty(); }
};

struct SolveOptions {
  double time_limit_s = 0.0;          // 0 = none
  const Basis* warm_start = nullptr;  // used when its sizes match the model
  bool want_basis = false;
  // Block structure, a hint for a cold solve: col_block[j] is the block of column j (0, 1, ...).
  // With two blocks or more, each block is first solved alone (its columns and the rows all of
  // whose columns are in it; a row that links blocks is left out), in up to `threads` threads, and
  // the whole LP starts from their bases with every linking row basic: a dual feasible start
  // that dual simplex finishes. The optimum is the same; only the time differs. Ignored when
  // warm_start is used or the size does not match.
  const std::vector<int>* col_block = nullptr;
  int threads = 1;  // threads for the block solves; 0 = one per hardware thread
  // Tie-break: after the optimum z*, a second pass minimises Σ tie_break[j]·x[j] over the
  // optimal plans, from the optimal basis: columns and rows that the optimal duals price
  // (reduced cost or dual beyond 1e-9) stay at their bound, as every optimal plan has them
  // (complementary slackness), and the rest may move. Objective, duals and basis are the first
  // pass's; the primal is the second's.
  const std::vector<double>* tie_break = nullptr;
};

struct SolveResult {
  CallStatus call = CallStatus::kError;
  SolveStatus status = SolveStatus::kNotSolved;  // kNotSolved when call is kError
  std::string message;  // why the call failed, or the solver's codes when not optimal
  // objective to basis: filled only when status is kOptimal.
  double objective = 0.0;  // includes objective_offset
  std::vector<double> col_value;
  std::vector<double> row_activity;
  std::vector<double> row_dual;  // d objective / d row bound (minimisation sign convention)
  std::vector<double> col_reduced_cost;
  Basis basis;  // when options.want_basis
  int iterations = 0;
};

class Solver {
 public:
  virtual ~Solver() = default;
  virtual SolveResult solve(const LpModel& model, const SolveOptions& options) = 0;
};

std::unique_ptr<Solver> make_clp_solver();

}  // namespace capplan
