// The solver boundary. A Solver takes an LpModel and returns a SolveResult. As in HiGHS
// (HighsStatus vs HighsModelStatus), whether the call worked (CallStatus) is kept apart from
// what the answer is (SolveStatus): a solver that failed has no model status, and an infeasible
// model is an answer, not a failure nor an exception. Values are in the LpModel's own units.
// solver_clp.cpp is the only file that includes Clp, solver_cbc.cpp the only one that includes
// Cbc; nothing here exposes their codes.
//
// Integer mode (LpModel::col_integer): make_clp_solver() ignores integrality and solves the LP
// relaxation; make_cbc_solver() honours it. A MIP answer is then reported with this contract:
//   kOptimal       an integer solution proven optimal within SolveOptions::mip_gap
//   kFeasible      an integer solution, but a limit stopped the search before the proof
//   kLimitReached  a limit stopped the search before any integer solution was found
//   kInfeasible    no integer solution exists (or the LP relaxation is infeasible)
// With kOptimal or kFeasible the solution fields are those of the LP that remains when every
// integer column is fixed at its value: continuous values exact for those integers, duals and
// reduced costs of that LP (the marginal values of the plan with its whole units as chosen).
#pragma once

#include <functional>
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
enum class SolveStatus { kNotSolved, kOptimal, kInfeasible, kUnbounded, kLimitReached, kFeasible };
// "not_solved" | "optimal" | "infeasible" | "unbounded" | "limit_reached" | "feasible"
const char* to_string(SolveStatus status);

// Where a column or row stands in a simplex basis.
enum class BasisStatus : unsigned char { kFree, kBasic, kAtUpper, kAtLower, kSuperbasic, kFixed };

// A simplex basis: one BasisStatus per column and per row. Empty = no basis.
struct Basis {
  std::vector<BasisStatus> col_status;
  std::vector<BasisStatus> row_status;
  bool empty() const { return col_status.empty(); }
};

struct SolveOptions {
  // 0 = none. Wall-clock seconds. For a MIP it covers the LP relaxation and the branch-and-cut
  // search; the final LP with the integers fixed always runs to its end (there is no answer
  // without it), so the call can take somewhat longer.
  double time_limit_s = 0.0;
  // MIP only: the search stops, proven, once |objective - best bound| <= mip_gap * |objective|
  // (Cbc's ratioGap). 1e-6 is as good as exact for costs in dollars.
  double mip_gap = 1e-6;
  // LP only: a MIP ignores it. Used when its sizes match the model.
  const Basis* warm_start = nullptr;
  bool want_basis = false;
  // LP only: block structure, a hint for a cold solve: col_block[j] is the block of column j (0,
  // 1, ...). With two blocks or more, each block is first solved alone (its columns and the rows
  // all of whose columns are in it; a row that links blocks is left out), in up to `threads`
  // threads, and the whole LP starts from their bases with every linking row basic: a dual
  // feasible start that dual simplex finishes. The optimum is the same; only the time differs.
  // col_block[j] = -1: a column shared by blocks (an option's size, which every year of its
  // term uses) joins each block that has a row of it, with its cost divided among them.
  // Ignored when warm_start is used or the size does not match.
  const std::vector<int>* col_block = nullptr;
  int threads = 1;  // threads for the block solves; 0 = one per hardware thread
  // Tie-break: after the optimum z*, a second pass minimises Σ tie_break[j]·x[j] over the
  // optimal plans, from the optimal basis: columns and rows that the optimal duals price
  // (reduced cost or dual beyond 1e-9) stay at their bound, as every optimal plan has them
  // (complementary slackness), and the rest may move. Objective, duals and basis are the first
  // pass's; the primal is the second's. For a MIP it applies to the LP with the integers fixed
  // (the integer values are Cbc's).
  const std::vector<double>* tie_break = nullptr;
  // MIP only: turns the LP relaxation's values into whole values for the integer columns (a
  // rounding that knows the model); the LP with them fixed is the first incumbent. Empty: every
  // integer column rounded up, else down.
  std::function<std::vector<double>(const std::vector<double>& relaxed)> round;
};

struct SolveResult {
  CallStatus call = CallStatus::kError;
  SolveStatus status = SolveStatus::kNotSolved;  // kNotSolved when call is kError
  std::string message;  // why the call failed, or the solver's codes when not optimal
  // objective to basis: filled only when status is kOptimal or kFeasible.
  double objective = 0.0;  // includes objective_offset
  std::vector<double> col_value;
  std::vector<double> row_activity;
  std::vector<double> row_dual;  // d objective / d row bound (minimisation sign convention)
  std::vector<double> col_reduced_cost;
  Basis basis;  // when options.want_basis (for a MIP, the basis of the LP with integers fixed)
  int iterations = 0;  // simplex iterations, all LP solves and the search together

  // MIP fields, set when `integer` (the model had integer columns and make_cbc_solver solved it).
  // All include objective_offset.
  bool integer = false;
  // The LP relaxation's optimum (integrality dropped): objective - relaxation_objective is what
  // whole values cost. Set whenever the relaxation was solved to optimality.
  double relaxation_objective = 0.0;
  // The best proven lower bound on any integer solution's objective (at least the relaxation's).
  double best_bound = 0.0;
  // |objective - best_bound| / max(1e-9, |objective|); kInf when there is no integer solution.
  double mip_gap = 0.0;
  bool proven_optimal = false;  // status is kOptimal: the search ended within mip_gap
  // Cbc's branch-and-cut ran; false when the roundings (SolveOptions::round, then one branch on
  // the costliest fractional yes/no column) were already within mip_gap of the bound.
  bool searched = false;
};

class Solver {
 public:
  virtual ~Solver() = default;
  virtual SolveResult solve(const LpModel& model, const SolveOptions& options) = 0;
};

std::unique_ptr<Solver> make_clp_solver();
// Branch-and-cut (Cbc) for a model with integer columns; a model without them goes to
// make_clp_solver(). Deterministic: one thread, fixed seeds, so the same model gives the same
// answer every run unless time_limit_s stops the search (where it stops depends on the clock).
// Cbc's own driver keeps global state, so its searches are run one at a time in the process
// (the LP solves around them run in parallel). Prints nothing.
std::unique_ptr<Solver> make_cbc_solver();

}  // namespace capplan
