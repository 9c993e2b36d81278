// The only file that includes Clp. Maps Clp's status codes once to CallStatus and SolveStatus,
// and Clp's basis codes to BasisStatus and back; keeps Clp's
// log off stdout, checks every number is finite before loading (Clp accepts NaN silently) and
// catches CoinError (not a std::exception) at this boundary.
#include <fmt/format.h>

#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinError.hpp>
#include <algorithm>
#include <cmath>
#include <string>

#include "capplan/solver.hpp"

namespace capplan {

const char* to_string(CallStatus status) {
  switch (status) {
    case CallStatus::kOk:
      return "ok";
    case CallStatus::kError:
      return "error";
  }
  return "error";
}

const char* to_string(SolveStatus status) {
  switch (status) {
    case SolveStatus::kNotSolved:
      return "not_solved";
    case SolveStatus::kOptimal:
      return "optimal";
    case SolveStatus::kInfeasible:
      return "infeasible";
    case SolveStatus::kUnbounded:
      return "unbounded";
    case SolveStatus::kLimitReached:
      return "limit_reached";
    case SolveStatus::kFeasible:
      return "feasible";
  }
  return "not_solved";
}

namespace {

double to_coin(double v) {
  if (v == kInf) return COIN_DBL_MAX;
  if (v == -kInf) return -COIN_DBL_MAX;
  return v;
}

// The first non-finite number of the model, described, or "" when all are finite.
std::string find_non_finite(const LpModel& m) {
  auto bad = [](double v) { return std::isnan(v); };
  for (int j = 0; j < m.num_cols(); ++j) {
    if (!std::isfinite(m.objective[j])) return fmt::format("objective of {}", m.col_names[j]);
    if (bad(m.col_lower[j]) || bad(m.col_upper[j]) || m.col_lower[j] == kInf ||
        m.col_upper[j] == -kInf)
      return fmt::format("bounds of {}", m.col_names[j]);
    for (int k = m.col_start[j]; k < m.col_start[j + 1]; ++k)
      if (!std::isfinite(m.value[k]))
        return fmt::format("coefficient of {} in {}", m.col_names[j], m.row_names[m.row_index[k]]);
  }
  for (int i = 0; i < m.num_rows(); ++i)
    if (bad(m.row_lower[i]) || bad(m.row_upper[i]) || m.row_lower[i] == kInf ||
        m.row_upper[i] == -kInf)
      return fmt::format("bounds of {}", m.row_names[i]);
  return "";
}

// Clp's status(): 0 optimal, 1 primal infeasible, 2 dual infeasible (unbounded), 3 stopped on
// iterations or time, 4 stopped on errors, 5 stopped by an event handler. 4 and 5 are failed
// calls, not answers.
void map_status(const ClpSimplex& clp, SolveResult& result) {
  result.call = CallStatus::kOk;
  if (clp.isProvenOptimal()) {
    result.status = SolveStatus::kOptimal;
    return;
  }
  switch (clp.status()) {
    case 1:
      result.status = SolveStatus::kInfeasible;
      return;
    case 2:
      result.status = SolveStatus::kUnbounded;
      return;
    case 3:
      result.status = SolveStatus::kLimitReached;
      return;
    default:
      result.call = CallStatus::kError;
      result.status = SolveStatus::kNotSolved;
  }
}

BasisStatus from_clp(ClpSimplex::Status status) {
  switch (status) {
    case ClpSimplex::isFree:
      return BasisStatus::kFree;
    case ClpSimplex::basic:
      return BasisStatus::kBasic;
    case ClpSimplex::atUpperBound:
      return BasisStatus::kAtUpper;
    case ClpSimplex::atLowerBound:
      return BasisStatus::kAtLower;
    case ClpSimplex::superBasic:
      return BasisStatus::kSuperbasic;
    case ClpSimplex::isFixed:
      return BasisStatus::kFixed;
  }
  return BasisStatus::kFree;
}

ClpSimplex::Status to_clp(BasisStatus status) {
  switch (status) {
    case BasisStatus::kFree:
      return ClpSimplex::isFree;
    case BasisStatus::kBasic:
      return ClpSimplex::basic;
    case BasisStatus::kAtUpper:
      return ClpSimplex::atUpperBound;
    case BasisStatus::kAtLower:
      return ClpSimplex::atLowerBound;
    case BasisStatus::kSuperbasic:
      return ClpSimplex::superBasic;
    case BasisStatus::kFixed:
      return ClpSimplex::isFixed;
  }
  return ClpSimplex::isFree;
}

class ClpSolver final : public Solver {
 public:
  SolveResult solve(const LpModel& model, const SolveOptions& options) override {
    SolveResult result;
    if (std::string what = find_non_finite(model); !what.empty()) {
      result.call = CallStatus::kError;
      result.message = "non-finite number in the model: " + what;
      return result;
    }
    try {
      solve_loaded(model, options, result);
    } catch (const CoinError& e) {
      result = SolveResult{};
      result.call = CallStatus::kError;
      result.message = fmt::format("clp: {}::{}: {}", e.className(), e.methodName(), e.message());
    }
    return result;
  }

 private:
  static void solve_loaded(const LpModel& model, const SolveOptions& options, SolveResult& result) {
    const int n = model.num_cols(), m = model.num_rows();
    std::vector<double> col_lo(n), col_up(n), row_lo(m), row_up(m);
    for (int j = 0; j < n; ++j)
      col_lo[j] = to_coin(model.col_lower[j]), col_up[j] = to_coin(model.col_upper[j]);
    for (int i = 0; i < m; ++i)
      row_lo[i] = to_coin(model.row_lower[i]), row_up[i] = to_coin(model.row_upper[i]);
    std::vector<CoinBigIndex> start(model.col_start.begin(), model.col_start.end());

    ClpSimplex clp;
    clp.setLogLevel(0);
    clp.messageHandler()->setLogLevel(0);
    clp.loadProblem(n, m, start.data(), model.row_index.data(), model.value.data(), col_lo.data(),
                    col_up.data(), model.objective.data(), row_lo.data(), row_up.data());
    clp.setObjectiveOffset(-model.objective_offset);  // Clp subtracts its offset
    if (options.time_limit_s > 0) clp.setMaximumSeconds(options.time_limit_s);

    const Basis* warm = options.warm_start;
    if (warm != nullptr && static_cast<int>(warm->col_status.size()) == n &&
        static_cast<int>(warm->row_status.size()) == m) {
      for (int j = 0; j < n; ++j) clp.setColumnStatus(j, to_clp(warm->col_status[j]));
      for (int i = 0; i < m; ++i) clp.setRowStatus(i, to_clp(warm->row_status[i]));
      clp.dual(0);
      if (clp.status() != 0 && clp.status() != 1) {  // fall back to a cold solve
        ClpSolve cold;
        cold.setSolveType(ClpSolve::useDual);
        cold.setPresolveType(ClpSolve::presolveOn);
        clp.initialSolve(cold);
      }
    } else {
      ClpSolve how;
      how.setSolveType(ClpSolve::useDual);
      how.setPresolveType(ClpSolve::presolveOn);
      clp.initialSolve(how);
    }

    map_status(clp, result);
    result.iterations = clp.numberIterations();
    if (result.status != SolveStatus::kOptimal) {
      result.message =
          fmt::format("clp status {} (secondary {})", clp.status(), clp.secondaryStatus());
      return;
    }
    result.objective = clp.objectiveValue();
    auto clean = [](const double* p, int k) {
      std::vector<double> v(p, p + k);
      for (double& x : v)
        if (std::fabs(x) < 1e-12) x = 0.0;
      return v;
    };
    result.col_value = clean(clp.primalColumnSolution(), n);
    result.row_activity = clean(clp.primalRowSolution(), m);
    result.row_dual = clean(clp.dualRowSolution(), m);
    result.col_reduced_cost = clean(clp.dualColumnSolution(), n);
    if (options.want_basis) {
      result.basis.col_status.resize(n);
      result.basis.row_status.resize(m);
      for (int j = 0; j < n; ++j) result.basis.col_status[j] = from_clp(clp.getColumnStatus(j));
      for (int i = 0; i < m; ++i) result.basis.row_status[i] = from_clp(clp.getRowStatus(i));
    }
    if (options.tie_break != nullptr && static_cast<int>(options.tie_break->size()) == n)
      tie_break(clp, model, *options.tie_break, options.tie_break_tolerance, result, clean);
  }

  // The second pass of SolveOptions::tie_break: the objective becomes a row bounded by the
  // optimum, the tie-break weights the objective, and primal simplex walks the optimal face from
  // the optimal basis. Its primal replaces the first pass's only when it is optimal.
  template <typename Clean>
  static void tie_break(ClpSimplex& clp, const LpModel& model, const std::vector<double>& weights,
                        double tolerance, SolveResult& result, Clean clean) {
    const int n = model.num_cols(), m = model.num_rows();
    std::vector<int> index;
    std::vector<double> value;
    double cx = 0.0;
    const double* x = clp.primalColumnSolution();
    for (int j = 0; j < n; ++j) {
      if (model.objective[j] == 0.0) continue;
      index.push_back(j);
      value.push_back(model.objective[j]);
      cx += model.objective[j] * x[j];
    }
    clp.addRow(static_cast<int>(index.size()), index.data(), value.data(), -COIN_DBL_MAX,
               cx + tolerance * std::fabs(cx));
    for (int j = 0; j < n; ++j) clp.setObjectiveCoefficient(j, weights[j]);
    clp.primal(0);
    result.iterations += clp.numberIterations();
    if (!clp.isProvenOptimal()) return;
    std::vector<double> cols = clean(clp.primalColumnSolution(), n);
    std::vector<double> rows = clean(clp.primalRowSolution(), m + 1);
    rows.resize(m);
    result.col_value = std::move(cols);
    result.row_activity = std::move(rows);
  }
};

}  // namespace

std::unique_ptr<Solver> make_clp_solver() { return std::make_unique<ClpSolver>(); }

}  // namespace capplan
