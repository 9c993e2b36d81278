// The only file that includes Clp. Maps Clp's status codes once to CallStatus and SolveStatus,
// and Clp's basis codes to BasisStatus and back; keeps Clp's
// log off stdout, checks every number is finite before loading (Clp accepts NaN silently) and
// catches CoinError (not a std::exception) at this boundary.
#include <fmt/format.h>

#include <ClpSimplex.hpp>
#include <ClpSolve.hpp>
#include <CoinError.hpp>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "capplan/solver.hpp"
#include "coin_arrays.hpp"
#include "parallel.hpp"

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

// Settings measured in-process on capplan's LPs (bench/README.md, "Where the time goes"):
// perturbation 50 (always perturb, as the `clp` binary does; Clp's automatic choice leaves these
// degenerate LPs unperturbed) halves dual simplex at 100k columns; a crash basis before dual
// simplex saves a further quarter.
constexpr int kPerturbation = 50;
// A reduced cost or dual beyond this (LP units, where costs are near 1) prices its column or row:
// every optimal plan has it at its bound. Rounding noise is far below it.
constexpr double kPriced = 1e-9;

void quiet(ClpSimplex& clp) {
  clp.setLogLevel(0);
  clp.messageHandler()->setLogLevel(0);
}

// A cold solve: presolve, a crash basis, dual simplex.
void solve_cold(ClpSimplex& clp) {
  ClpSolve how;
  how.setSolveType(ClpSolve::useDual);
  how.setPresolveType(ClpSolve::presolveOn);
  how.setSpecialOption(0, 1);  // crash
  clp.initialSolve(how);
}

// The start of SolveOptions::col_block: every block solved alone, without the rows that link
// blocks, and the whole model's basis assembled from theirs with each linking row basic. A basic
// linking row has dual 0, so every reduced cost is its block's: the start is dual feasible and
// only the linking rows' primal infeasibility is left for dual simplex. A shared column (block
// -1) joins every block that has a row of it, with its cost divided among them; it is basic in
// the start when it is basic in any block (Clp puts slacks in where that leaves the basis
// short). Returns false, leaving `clp` as it was, when the hint does not apply (fewer than two
// blocks, a block without rows) or some block has no optimum (the whole model is then solved
// cold and says why).
bool start_from_blocks(ClpSimplex& clp, const LpModel& model, const std::vector<int>& col_block,
                       int threads, double time_limit_s, int& iterations) {
  const int n = model.num_cols(), m = model.num_rows();
  int num_blocks = 0;
  for (int b : col_block) {
    if (b < -1) return false;
    num_blocks = std::max(num_blocks, b + 1);
  }
  if (num_blocks < 2) return false;
  // A row is in the block of its columns, shared ones aside; -1: it links blocks (or has no
  // column of a block).
  std::vector<int> row_block(m, -2);
  for (int j = 0; j < n; ++j) {
    if (col_block[j] < 0) continue;
    for (int k = model.col_start[j]; k < model.col_start[j + 1]; ++k) {
      int& r = row_block[model.row_index[k]];
      r = r == -2 || r == col_block[j] ? col_block[j] : -1;
    }
  }
  std::vector<std::vector<int>> rows(num_blocks), cols(num_blocks);
  for (int i = 0; i < m; ++i)
    if (row_block[i] >= 0) rows[row_block[i]].push_back(i);
  std::vector<int> shares(n, 1);  // the number of blocks a shared column joins
  std::vector<char> joins(num_blocks);
  for (int j = 0; j < n; ++j) {
    if (col_block[j] >= 0) {
      cols[col_block[j]].push_back(j);
      continue;
    }
    std::fill(joins.begin(), joins.end(), 0);
    for (int k = model.col_start[j]; k < model.col_start[j + 1]; ++k)
      if (const int r = row_block[model.row_index[k]]; r >= 0) joins[r] = 1;
    shares[j] = std::max(1, static_cast<int>(std::count(joins.begin(), joins.end(), 1)));
    for (int b = 0; b < num_blocks; ++b)
      if (joins[b]) cols[b].push_back(j);
  }
  for (const auto& r : rows)
    if (r.empty()) return false;
  // Largest blocks first, so that the last one to finish is small.
  std::vector<int> order(num_blocks);
  for (int b = 0; b < num_blocks; ++b) order[b] = b;
  std::stable_sort(order.begin(), order.end(),
                   [&cols](int a, int b) { return cols[a].size() > cols[b].size(); });

  std::vector<ClpSimplex::Status> col_status(n, ClpSimplex::atLowerBound),
      row_status(m, ClpSimplex::basic);
  std::atomic<int> block_iterations{0};
  std::atomic<bool> optimal{true};
  std::mutex copy_mutex;
  const unsigned pool_size = worker_threads(threads);
  parallel_for(static_cast<size_t>(num_blocks), pool_size, [&](size_t k) {
    if (!optimal) return;  // the whole model is solved cold: no use for the other blocks
    const int b = order[k];
    std::unique_ptr<ClpSimplex> sub_owner;
    {
      // Copies out of the shared model one at a time: Clp does not promise that reading a model
      // from two threads at once is safe.
      const std::lock_guard<std::mutex> lock(copy_mutex);
      sub_owner = std::make_unique<ClpSimplex>(&clp, static_cast<int>(rows[b].size()),
                                               rows[b].data(), static_cast<int>(cols[b].size()),
                                               cols[b].data());
    }
    ClpSimplex& sub = *sub_owner;
    for (size_t c = 0; c < cols[b].size(); ++c)
      if (const int j = cols[b][c]; shares[j] > 1)
        sub.setObjectiveCoefficient(static_cast<int>(c), sub.objective()[c] / shares[j]);
    quiet(sub);
    sub.setPerturbation(kPerturbation);
    if (time_limit_s > 0) sub.setMaximumSeconds(time_limit_s);
    solve_cold(sub);
    block_iterations += sub.numberIterations();
    if (!sub.isProvenOptimal()) {
      optimal = false;
      return;
    }
    // A shared column is written by several blocks, one at a time: basic wins.
    const std::lock_guard<std::mutex> lock(copy_mutex);
    for (size_t c = 0; c < cols[b].size(); ++c) {
      const int j = cols[b][c];
      if (col_block[j] >= 0 || col_status[j] != ClpSimplex::basic)
        col_status[j] = sub.getColumnStatus(static_cast<int>(c));
    }
    for (size_t r = 0; r < rows[b].size(); ++r)
      row_status[rows[b][r]] = sub.getRowStatus(static_cast<int>(r));
  });
  iterations += block_iterations;
  if (!optimal) return false;
  for (int j = 0; j < n; ++j) clp.setColumnStatus(j, col_status[j]);
  for (int i = 0; i < m; ++i) clp.setRowStatus(i, row_status[i]);
  return true;
}

// The bound of [lower, upper] nearest to `value`, or `value` when both are infinite.
double nearest_bound(double value, double lower, double upper) {
  const bool lo = lower > -COIN_DBL_MAX, up = upper < COIN_DBL_MAX;
  if (lo && up) return std::fabs(value - lower) <= std::fabs(value - upper) ? lower : upper;
  if (lo) return lower;
  if (up) return upper;
  return value;
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
    const CoinArrays coin(model);

    ClpSimplex clp;
    quiet(clp);
    clp.loadProblem(n, m, coin.start.data(), model.row_index.data(), model.value.data(),
                    coin.col_lo.data(), coin.col_up.data(), model.objective.data(),
                    coin.row_lo.data(), coin.row_up.data());
    clp.setObjectiveOffset(-model.objective_offset);  // Clp subtracts its offset
    clp.setPerturbation(kPerturbation);
    if (options.time_limit_s > 0) clp.setMaximumSeconds(options.time_limit_s);

    int iterations = 0;
    const Basis* warm = options.warm_start;
    bool started = false;
    if (warm != nullptr && static_cast<int>(warm->col_status.size()) == n &&
        static_cast<int>(warm->row_status.size()) == m) {
      for (int j = 0; j < n; ++j) clp.setColumnStatus(j, to_clp(warm->col_status[j]));
      for (int i = 0; i < m; ++i) clp.setRowStatus(i, to_clp(warm->row_status[i]));
      started = true;
    } else if (options.col_block != nullptr && static_cast<int>(options.col_block->size()) == n) {
      started = start_from_blocks(clp, model, *options.col_block, options.threads,
                                  options.time_limit_s, iterations);
    }
    if (started) {
      clp.dual(0);
      if (clp.status() != 0 && clp.status() != 1) {  // fall back to a cold solve
        iterations += clp.numberIterations();
        solve_cold(clp);
      }
    } else {
      solve_cold(clp);
    }

    map_status(clp, result);
    result.iterations = iterations + clp.numberIterations();
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
      tie_break(clp, model, options, result, clean);
  }

  // The second pass of SolveOptions::tie_break. A plan is optimal exactly when it is feasible and
  // complementary to the optimal duals, whichever optimal duals: so the optimal face is the model
  // with every priced column and row held at its bound. No objective row is needed, and presolve
  // removes what is held. Simplex then minimises the weights over the face. Its primal replaces
  // the first pass's only when it is optimal.
  template <typename Clean>
  static void tie_break(ClpSimplex& clp, const LpModel& model, const SolveOptions& options,
                        SolveResult& result, Clean clean) {
    const std::vector<double>& weights = *options.tie_break;
    const int n = clp.numberColumns(), m = clp.numberRows();
    const double* x = clp.primalColumnSolution();
    const double* act = clp.primalRowSolution();
    std::vector<std::pair<int, double>> hold_cols, hold_rows;
    for (int j = 0; j < n; ++j)
      if (clp.getColumnStatus(j) != ClpSimplex::basic &&
          std::fabs(result.col_reduced_cost[j]) > kPriced)
        hold_cols.emplace_back(j, nearest_bound(x[j], clp.columnLower()[j], clp.columnUpper()[j]));
    for (int i = 0; i < m; ++i)
      if (clp.getRowStatus(i) != ClpSimplex::basic && std::fabs(result.row_dual[i]) > kPriced)
        hold_rows.emplace_back(i, nearest_bound(act[i], clp.rowLower()[i], clp.rowUpper()[i]));
    for (const auto& [j, v] : hold_cols) clp.setColumnBounds(j, v, v);
    for (const auto& [i, v] : hold_rows) clp.setRowBounds(i, v, v);
    for (int j = 0; j < n; ++j) clp.setObjectiveCoefficient(j, weights[j]);
    // With a block hint the face is solved as the first pass was: its blocks alone, then the
    // whole from their bases (half the wall time on two threads); otherwise from the optimal
    // basis.
    int iterations = 0;
    bool solved = false;
    if (options.col_block != nullptr && static_cast<int>(options.col_block->size()) == n &&
        start_from_blocks(clp, model, *options.col_block, options.threads, options.time_limit_s,
                          iterations)) {
      clp.dual(0);
      iterations += clp.numberIterations();
      solved = clp.isProvenOptimal();
    }
    if (!solved) {
      ClpSolve how;
      how.setSolveType(ClpSolve::usePrimal);
      how.setPresolveType(ClpSolve::presolveOn);
      clp.initialSolve(how);
      iterations += clp.numberIterations();
    }
    result.iterations += iterations;
    if (!clp.isProvenOptimal()) return;
    result.col_value = clean(clp.primalColumnSolution(), n);
    result.row_activity = clean(clp.primalRowSolution(), m);
  }
};

}  // namespace

std::unique_ptr<Solver> make_clp_solver() { return std::make_unique<ClpSolver>(); }

}  // namespace capplan
