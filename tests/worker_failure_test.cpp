// A solver failure inside a worker thread becomes a SolverError naming the scenario, carried
// back to the caller (exit 4), instead of std::terminate.
#include <atomic>
#include <catch2/catch.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "capplan/compare.hpp"
#include "capplan/error.hpp"
#include "capplan/plan.hpp"
#include "capplan/solver.hpp"

namespace {

// Throws on every solve, or only on warm-started solves once `armed` is set (compare sets it when
// its reference is done: the reference's own warm-started re-solves, such as the value of each
// deal to decide, run before), solving the others with Clp.
class FailingSolver : public capplan::Solver {
 public:
  explicit FailingSolver(bool only_warm, std::shared_ptr<std::atomic<bool>> armed = nullptr)
      : only_warm_(only_warm), armed_(std::move(armed)) {}
  capplan::SolveResult solve(const capplan::LpModel& model,
                             const capplan::SolveOptions& options) override {
    if (!only_warm_ || (options.warm_start != nullptr && (!armed_ || *armed_)))
      throw capplan::SolverError("solver failed: injected failure");
    return clp_->solve(model, options);
  }

 private:
  bool only_warm_;
  std::shared_ptr<std::atomic<bool>> armed_;
  std::unique_ptr<capplan::Solver> clp_ = capplan::make_clp_solver();
};

capplan::InputSources bundled_with(const std::string& scenario) {
  capplan::InputSources src = capplan::bundled_sources();
  if (scenario != "base") src.scenarios.push_back(*capplan::bundled_scenario(scenario));
  return src;
}

}  // namespace

TEST_CASE("a solver failure in compare's worker threads names the scenario instead of terminating",
          "[compare][worker]") {
  capplan::CompareOptions options;
  options.jobs = 2;
  auto armed = std::make_shared<std::atomic<bool>>(false);
  options.progress = [armed](int done, int) {
    if (done >= 1) *armed = true;
  };
  options.make_solver = [armed] { return std::make_unique<FailingSolver>(true, armed); };
  // The reference (solved cold, then its options valued) succeeds; both others fail, one in a
  // worker thread. The first failed scenario in the order given is reported, whatever the timing.
  CHECK_THROWS_WITH(
      capplan::plan_scenarios(
          {bundled_with("base"), bundled_with("maia-not"), bundled_with("maia-closed")}, options),
      "scenario maia-not: solver failed: injected failure");
}

TEST_CASE("a solver failure of compare's reference names the reference scenario",
          "[compare][worker]") {
  capplan::CompareOptions options;
  options.make_solver = [] { return std::make_unique<FailingSolver>(false); };
  CHECK_THROWS_AS(
      capplan::plan_scenarios({bundled_with("maia-closed"), bundled_with("base")}, options),
      capplan::SolverError);
  CHECK_THROWS_WITH(
      capplan::plan_scenarios({bundled_with("maia-closed"), bundled_with("base")}, options),
      "scenario maia-closed: solver failed: injected failure");
}

TEST_CASE("a solver failure in make_plan's per-year block threads reaches the caller",
          "[plan][worker]") {
  const capplan::Inputs inputs = capplan::load_inputs(capplan::bundled_sources());
  capplan::PlanOptions options;
  options.threads = 4;  // several calendar-year blocks, each in its own thread
  options.make_solver = [] { return std::make_unique<FailingSolver>(false); };
  CHECK_THROWS_WITH(capplan::make_plan(inputs, options), "solver failed: injected failure");
  // Not only SolverError: anything a worker throws comes back as itself.
  options.make_solver = []() -> std::unique_ptr<capplan::Solver> {
    throw std::runtime_error("no solver");
  };
  CHECK_THROWS_WITH(capplan::make_plan(inputs, options), "no solver");
}
