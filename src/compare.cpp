#include "capplan/compare.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "capplan/error.hpp"
#include "parallel.hpp"

namespace capplan {

namespace {

// Plans one scenario; a solver failure names the scenario ("scenario maia-closed: solver
// failed: ...").
Plan plan_scenario(const Inputs& inputs, const PlanOptions& options) {
  try {
    return make_plan(inputs, options);
  } catch (const SolverError& e) {
    throw SolverError("scenario " + inputs.scenario + ": " + e.what());
  }
}

}  // namespace

std::vector<Plan> plan_scenarios(const std::vector<InputSources>& scenarios,
                                 const CompareOptions& options) {
  std::vector<Inputs> inputs;
  inputs.reserve(scenarios.size());
  for (const InputSources& s : scenarios) inputs.push_back(load_inputs(s));
  std::vector<Plan> plans(inputs.size());
  if (inputs.empty()) return plans;

  const int total = static_cast<int>(inputs.size());
  std::mutex progress_mutex;
  int done = 0;
  auto report = [&] {
    if (!options.progress) return;
    std::lock_guard<std::mutex> lock(progress_mutex);
    options.progress(++done, total);
  };

  // The reference first; its bases warm-start the others.
  std::vector<Basis> reference_bases;
  PlanOptions first;
  first.bases_out = &reference_bases;
  first.make_solver = options.make_solver;
  first.time_limit_s = options.time_limit_s;
  first.option_values = options.option_values;
  first.integer = options.integer;
  plans[0] = plan_scenario(inputs[0], first);
  report();

  unsigned jobs = worker_threads(options.jobs);
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max(1, total - 1)));
  std::atomic<int> next{1};
  // A failure in a thread is carried back and rethrown here: the first scenario (in the
  // order given) that failed is the one reported, whatever the thread timing.
  std::vector<std::exception_ptr> errors(inputs.size());
  auto work = [&] {
    for (int i = next++; i < total; i = next++) {
      try {
        PlanOptions po;
        po.warm_start = &reference_bases;
        po.threads = 1;  // scenarios are the parallel unit
        po.make_solver = options.make_solver;
        po.time_limit_s = options.time_limit_s;
        po.option_values = options.option_values;
        po.integer = options.integer;
        plans[i] = plan_scenario(inputs[i], po);
        report();
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < jobs; ++k) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
  return plans;
}

}  // namespace capplan
