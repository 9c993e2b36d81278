// The only file that includes Cbc. A model with integer columns is solved in three steps:
//   1. the LP relaxation, by the Clp adapter: it checks every number, finds an infeasible or
//      unbounded model cheaply and gives relaxation_objective; rounded by the caller's rounding
//      (SolveOptions::round), and, when that is not within the gap target, one branch on the
//      costliest fractional yes/no column, both sides relaxed and rounded;
//   2. branch-and-cut by Cbc's own driver (CbcMain1: preprocessing, cuts and heuristics; bare
//      CbcModel::branchAndBound has none of them and is far weaker), one thread, fixed seeds,
//      every log at level 0;
//   3. the LP with every integer column fixed at Cbc's value, by the Clp adapter again: its
//      primal, duals, basis and tie-break are the answer's.
// Cbc's driver keeps global state (its command reader, its print switch), so step 2 holds a
// process-wide lock. CoinError (not a std::exception) is caught here.
#include <fmt/format.h>

#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinError.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <string>
#include <vector>

#include "capplan/solver.hpp"
#include "coin_arrays.hpp"

namespace capplan {
namespace {

// Fixed seeds for Clp (tie-breaking in degenerate pivots) and Cbc (heuristics): the value 0
// would mean "the time of day".
constexpr int kSeed = 1234567;

std::mutex& cbc_driver_mutex() {
  static std::mutex mutex;
  return mutex;
}

// What the search found, in the LpModel's terms (objective_offset not yet added).
struct Search {
  SolveStatus status = SolveStatus::kNotSolved;  // kNotSolved: the search failed
  std::vector<double> x;                         // when a solution was found
  double objective = 0.0;
  double bound = -kInf;
  int iterations = 0;
  std::string message;
};

void silence(CbcModel& cbc) {
  cbc.setLogLevel(0);
  cbc.messageHandler()->setLogLevel(0);
  OsiSolverInterface* solver = cbc.solver();
  solver->messageHandler()->setLogLevel(0);
  if (auto* clp = dynamic_cast<OsiClpSolverInterface*>(solver)) {
    clp->getModelPtr()->setLogLevel(0);
    clp->getModelPtr()->messageHandler()->setLogLevel(0);
  }
}

// Cbc's secondary status after CbcMain1, as its driver names it.
const char* stop_reason(int secondary) {
  switch (secondary) {
    case 2:
      return "gap target";
    case 3:
      return "node limit";
    case 4:
      return "time limit";
    case 5:
      return "interrupt";
    case 6:
      return "solution limit";
    default:
      return "limit";
  }
}

using Clock = std::chrono::steady_clock;

// A whole-valued solution found by rounding the relaxation (objective with the offset).
struct Rounded {
  bool found = false;
  std::vector<double> x;
  double objective = 0.0;
  int iterations = 0;
};

// The model with every integer column fixed at `value(j)`, clamped to its bounds.
template <typename Value>
LpModel fix_integers(const LpModel& model, Value value) {
  LpModel fixed = model;
  fixed.col_integer.clear();
  for (int j = 0; j < model.num_cols(); ++j) {
    if (model.col_integer[j] == 0) continue;
    double v = value(j);
    v = std::max(v, std::ceil(model.col_lower[j] - 1e-9));
    v = std::min(v, std::floor(model.col_upper[j] + 1e-9));
    fixed.col_lower[j] = fixed.col_upper[j] = v;
  }
  return fixed;
}

// Step 2, to stop at `deadline` (Clock::time_point::max(): no limit).
Search branch_and_cut(const LpModel& model, Clock::time_point deadline, double mip_gap,
                      const Rounded* incumbent) {
  const int n = model.num_cols(), m = model.num_rows();
  const CoinArrays coin(model);

  OsiClpSolverInterface osi;
  osi.messageHandler()->setLogLevel(0);
  osi.getModelPtr()->setLogLevel(0);
  osi.loadProblem(n, m, coin.start.data(), model.row_index.data(), model.value.data(),
                  coin.col_lo.data(), coin.col_up.data(), model.objective.data(),
                  coin.row_lo.data(), coin.row_up.data());
  for (int j = 0; j < n; ++j)
    if (model.col_integer[j] != 0) osi.setInteger(j);

  CbcModel cbc(osi);  // clones osi
  silence(cbc);
  // The rounded relaxation as a first solution: a cutoff for the search from the start.
  if (incumbent != nullptr)
    cbc.setBestSolution(incumbent->x.data(), n, incumbent->objective - model.objective_offset,
                        false);
  // CbcMain1 reads the log level from its arguments as well as from the models.
  std::vector<std::string> args = {"capplan", "-log", "0", "-slogLevel", "0"};
  auto option = [&args](const char* name, std::string value) {
    args.emplace_back(name);
    args.push_back(std::move(value));
  };
  option("-threads", "0");  // one thread: parallel Cbc is not repeatable
  option("-randomSeed", std::to_string(kSeed));
  option("-randomCbcSeed", std::to_string(kSeed));
  option("-ratioGap", fmt::format("{:.17g}", mip_gap));
  option("-timeMode", "elapsed");  // the default counts CPU time, not what a caller waits

  Search s;
  {
    const std::lock_guard<std::mutex> lock(cbc_driver_mutex());
    if (deadline != Clock::time_point::max()) {  // the time spent waiting for the lock counts
      const double seconds = std::chrono::duration<double>(deadline - Clock::now()).count();
      if (seconds <= 0) {
        s.status = SolveStatus::kLimitReached;
        s.message = "the time limit ran out before the search started";
        return s;
      }
      option("-seconds", fmt::format("{:.17g}", seconds));
    }
    args.emplace_back("-solve");
    args.emplace_back("-quit");
    std::vector<const char*> argv;
    argv.reserve(args.size());
    for (const std::string& a : args) argv.push_back(a.c_str());
    CbcSolverUsefulData data;  // no printing, no signal handler
    CbcMain0(cbc, data);
    silence(cbc);
    auto no_callback = [](CbcModel*, int) { return 0; };
    CbcMain1(static_cast<int>(argv.size()), argv.data(), cbc, no_callback, data);
  }

  s.iterations = cbc.getIterationCount();
  s.bound = cbc.getBestPossibleObjValue();
  const double* best = cbc.bestSolution();
  if (best != nullptr) {
    s.x.assign(best, best + n);
    s.objective = cbc.getObjValue();
  }
  if (cbc.isAbandoned()) {
    s.status = SolveStatus::kNotSolved;
    s.message = "cbc abandoned the search (numerical trouble)";
  } else if (cbc.isProvenOptimal() && best != nullptr) {
    s.status = SolveStatus::kOptimal;
  } else if (cbc.isContinuousUnbounded()) {
    s.status = SolveStatus::kUnbounded;
    s.message = "cbc: the LP relaxation is unbounded";
  } else if (cbc.status() == 1 && best != nullptr) {
    s.status = SolveStatus::kFeasible;
    s.message = fmt::format("cbc stopped on its {} with an integer solution",
                            stop_reason(cbc.secondaryStatus()));
  } else if (cbc.status() == 1) {
    s.status = SolveStatus::kLimitReached;
    s.message = fmt::format("cbc stopped on its {} before any integer solution",
                            stop_reason(cbc.secondaryStatus()));
  } else if (cbc.status() == 0) {  // the search ended without a solution: none exists
    s.status = SolveStatus::kInfeasible;
    s.message = "cbc: no integer solution exists";
  } else {
    s.status = SolveStatus::kNotSolved;
    s.message = fmt::format("cbc status {} (secondary {})", cbc.status(), cbc.secondaryStatus());
  }
  return s;
}

class CbcMipSolver final : public Solver {
 public:
  SolveResult solve(const LpModel& model, const SolveOptions& options) override {
    if (!model.col_integer.empty() &&
        static_cast<int>(model.col_integer.size()) != model.num_cols()) {
      SolveResult result;
      result.message = fmt::format("col_integer has {} flags for {} columns",
                                   model.col_integer.size(), model.num_cols());
      return result;
    }
    if (!model.has_integers()) return clp_->solve(model, options);
    try {
      return solve_mip(model, options);
    } catch (const CoinError& e) {
      SolveResult result;
      result.integer = true;
      result.message = fmt::format("cbc: {}::{}: {}", e.className(), e.methodName(), e.message());
      return result;
    }
  }

 private:
  SolveResult solve_mip(const LpModel& model, const SolveOptions& options) {
    const Clock::time_point t0 = Clock::now();
    SolveResult result;
    result.integer = true;
    result.mip_gap = kInf;

    // Step 1: the relaxation (the Clp adapter ignores col_integer).
    SolveOptions relax_options;
    relax_options.time_limit_s = options.time_limit_s;
    SolveResult relaxation = clp_->solve(model, relax_options);
    result.iterations = relaxation.iterations;
    if (relaxation.call == CallStatus::kError) {
      result.message = "LP relaxation: " + relaxation.message;
      return result;
    }
    result.call = CallStatus::kOk;
    if (relaxation.status != SolveStatus::kOptimal) {
      result.status = relaxation.status;  // infeasible, unbounded or stopped: so is the MIP
      result.message =
          fmt::format("LP relaxation {} ({})", to_string(relaxation.status), relaxation.message);
      return result;
    }
    result.relaxation_objective = relaxation.objective;
    result.best_bound = relaxation.objective;
    // Step 1b: the relaxation rounded to whole values (up, else down) and the rest re-solved: an
    // incumbent. In a capacity plan whole units are small against the fleet, so this is often
    // within the gap target already, and it is the answer when the search finds nothing better.
    Rounded incumbent = round_relaxation(model, relaxation.col_value, options);
    result.iterations += incumbent.iterations;
    const auto within_gap = [&options](const Rounded& r, double bound) {
      return r.found && std::fabs(r.objective - bound) / std::max(1e-9, std::fabs(r.objective)) <=
                            options.mip_gap;
    };
    if (within_gap(incumbent, result.best_bound))
      return finish(model, options, incumbent.x, SolveStatus::kOptimal, result);
    // Step 1c: one branch on the costliest fractional yes/no column (a deal's signing, which the
    // relaxation pays only in part): each side relaxed and rounded. The bound is the lower of the
    // two sides' relaxations, the incumbent the best rounding; often within the gap target
    // without a search.
    if (const int j = costliest_fractional_binary(model, relaxation.col_value); j >= 0) {
      double bound = kInf;
      for (const double side : {1.0, 0.0}) {
        LpModel branch = model;
        branch.col_lower[j] = branch.col_upper[j] = side;
        const SolveResult relaxed = clp_->solve(branch, relax_options);
        result.iterations += relaxed.iterations;
        if (relaxed.call == CallStatus::kOk && relaxed.status == SolveStatus::kInfeasible)
          continue;  // nothing on this side
        if (relaxed.call != CallStatus::kOk || relaxed.status != SolveStatus::kOptimal) {
          bound = -kInf;  // no bound from this side: the search decides
          continue;
        }
        bound = std::min(bound, relaxed.objective);
        Rounded rounded = round_relaxation(branch, relaxed.col_value, options);
        result.iterations += rounded.iterations;
        if (rounded.found && (!incumbent.found || rounded.objective < incumbent.objective))
          incumbent = std::move(rounded);
      }
      if (std::isfinite(bound)) {
        result.best_bound = std::max(result.best_bound, bound);
        if (within_gap(incumbent, result.best_bound))
          return finish(model, options, incumbent.x, SolveStatus::kOptimal, result);
      }
    }

    // Step 2: the search, in the time left.
    Clock::time_point deadline = Clock::time_point::max();
    if (options.time_limit_s > 0)  // at most 1e9 s (31 years), so that the sum cannot overflow
      deadline = t0 + std::chrono::duration_cast<Clock::duration>(
                          std::chrono::duration<double>(std::min(options.time_limit_s, 1e9)));
    result.searched = true;
    Search search = branch_and_cut(model, deadline, options.mip_gap,
                                   incumbent.found ? &incumbent : nullptr);
    result.iterations += search.iterations;
    result.message = search.message;
    // The rounding stands when the search found nothing better before the limit.
    const bool searched = search.status == SolveStatus::kOptimal ||
                          search.status == SolveStatus::kFeasible;
    if (incumbent.found && (search.status == SolveStatus::kLimitReached ||
                            (search.status == SolveStatus::kFeasible &&
                             search.objective > incumbent.objective - model.objective_offset))) {
      search.status = SolveStatus::kFeasible;
      search.x = incumbent.x;
      search.objective = incumbent.objective - model.objective_offset;
    }
    (void)searched;
    if (std::isfinite(search.bound))
      result.best_bound = std::max(result.best_bound, search.bound + model.objective_offset);
    if (search.status == SolveStatus::kNotSolved) {
      result.call = CallStatus::kError;
      return result;
    }
    result.status = search.status;
    if (search.status != SolveStatus::kOptimal && search.status != SolveStatus::kFeasible)
      return result;

    return finish(model, options, search.x, search.status, result);
  }

  // The yes/no integer column (bounds 0 and 1) whose fractional relaxed value costs the most in
  // the objective, |cost| · min(x, 1 − x); -1 when none is fractional.
  static int costliest_fractional_binary(const LpModel& model, const std::vector<double>& x) {
    int best = -1;
    double best_weight = 0.0;
    for (int j = 0; j < model.num_cols(); ++j) {
      if (model.col_integer[j] == 0 || model.col_lower[j] != 0.0 || model.col_upper[j] != 1.0)
        continue;
      const double fraction = std::min(x[j], 1.0 - x[j]);
      if (fraction <= 1e-6) continue;
      const double weight = std::fabs(model.objective[j]) * fraction;
      if (weight > best_weight) best = j, best_weight = weight;
    }
    return best;
  }

  // Step 1b: every integer column of the relaxation rounded up, the rest re-solved; if that LP
  // has no solution (a power limit, say), rounded down instead.
  Rounded round_relaxation(const LpModel& model, const std::vector<double>& relaxed,
                           const SolveOptions& options) {
    Rounded r;
    std::vector<double> given;
    if (options.round) given = options.round(relaxed);
    for (const int way : {0, 1, -1}) {  // the caller's rounding, up, down
      if (way == 0 && static_cast<int>(given.size()) != model.num_cols()) continue;
      const LpModel fixed = fix_integers(model, [&](int j) {
        if (way == 0) return std::round(given[j]);
        return way > 0 ? std::ceil(relaxed[j] - 1e-6) : std::floor(relaxed[j] + 1e-6);
      });
      const SolveResult lp = clp_->solve(fixed, SolveOptions{});
      r.iterations += lp.iterations;
      if (lp.call != CallStatus::kOk || lp.status != SolveStatus::kOptimal) continue;
      r.found = true;
      r.x = lp.col_value;
      r.objective = lp.objective;
      return r;
    }
    return r;
  }

  // Step 3: the LP with the integers fixed at `x`'s values gives the answer's numbers.
  SolveResult finish(const LpModel& model, const SolveOptions& options,
                     const std::vector<double>& x, SolveStatus status, SolveResult& result) {
    result.status = status;
    const LpModel fixed = fix_integers(model, [&](int j) { return std::round(x[j]); });
    SolveOptions fixed_options;
    fixed_options.want_basis = options.want_basis;
    fixed_options.tie_break = options.tie_break;
    SolveResult lp = clp_->solve(fixed, fixed_options);
    result.iterations += lp.iterations;
    if (lp.call == CallStatus::kError || lp.status != SolveStatus::kOptimal) {
      // Cbc checks each solution by this very LP, so this is numerical trouble, not an answer.
      result.call = CallStatus::kError;
      result.status = SolveStatus::kNotSolved;
      result.message =
          fmt::format("the LP with the integers fixed at cbc's solution ended {}{}",
                      lp.call == CallStatus::kError ? "in error" : to_string(lp.status),
                      lp.message.empty() ? "" : " (" + lp.message + ")");
      return result;
    }
    result.objective = lp.objective;
    result.col_value = std::move(lp.col_value);
    result.row_activity = std::move(lp.row_activity);
    result.row_dual = std::move(lp.row_dual);
    result.col_reduced_cost = std::move(lp.col_reduced_cost);
    result.basis = std::move(lp.basis);
    result.best_bound = std::min(result.best_bound, result.objective);  // no bound above a value
    result.mip_gap = std::fabs(result.objective - result.best_bound) /
                     std::max(1e-9, std::fabs(result.objective));
    // Proven means the bound says so: Cbc stopped early (a time limit during its preprocessing)
    // can call a solution optimal that its own bound does not prove.
    if (result.status == SolveStatus::kOptimal &&
        result.mip_gap > options.mip_gap * (1.0 + 1e-9) + 1e-12)
      result.status = SolveStatus::kFeasible;
    result.proven_optimal = result.status == SolveStatus::kOptimal;
    return result;
  }

  std::unique_ptr<Solver> clp_ = make_clp_solver();
};

}  // namespace

std::unique_ptr<Solver> make_cbc_solver() { return std::make_unique<CbcMipSolver>(); }

}  // namespace capplan
