// The solver boundary. A Solver takes an LpModel and returns a SolveResult: whether the call
// worked and what the answer is are kept apart (status vs values). Infeasible is an answer,
// not an exception. solver_clp.cpp is the only file that includes Clp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "capplan/lp_model.hpp"

namespace capplan {

enum class SolveStatus { kOptimal, kInfeasible, kUnbounded, kLimitReached, kError };
const char* to_string(SolveStatus status);

// A simplex basis, as Clp status codes per column and per row (0 free, 1 basic, 2 at upper,
// 3 at lower, 4 superbasic, 5 fixed). Empty = no basis.
struct Basis {
  std::vector<unsigned char> col_status;
  std::vector<unsigned char> row_status;
  bool empty() const { return col_status.empty(); }
};

struct SolveOptions {
  double time_limit_s = 0.0;  // 0 = none
  const Basis* warm_start = nullptr;  // used when its sizes match the model
  bool want_basis = false;
  // Tie-break: after the optimum z*, a second pass minimises Σ tie_break[j]·x[j] over the plans
  // whose objective is at most z* + tie_break_tolerance·|z*|, from the optimal basis.
  // Objective, duals and basis are the first pass's; the primal is the second's.
  const std::vector<double>* tie_break = nullptr;
  double tie_break_tolerance = 0.0;
};

struct SolveResult {
  SolveStatus status = SolveStatus::kError;
  std::string message;       // what went wrong, when not optimal
  double objective = 0.0;    // includes objective_offset
  std::vector<double> col_value;
  std::vector<double> row_activity;
  std::vector<double> row_dual;   // d objective / d row bound (minimisation sign convention)
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
