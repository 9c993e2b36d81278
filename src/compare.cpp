#include "capplan/compare.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace capplan {

std::vector<Plan> plan_scenarios(const std::vector<InputSources>& scenarios, const CompareOptions& options) {
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
  plans[0] = make_plan(inputs[0], first);
  report();

  unsigned jobs = options.jobs > 0 ? static_cast<unsigned>(options.jobs)
                                   : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max(1, total - 1)));
  std::atomic<int> next{1};
  auto work = [&] {
    for (int i = next++; i < total; i = next++) {
      PlanOptions po;
      po.warm_start = &reference_bases;
      po.threads = 1;  // scenarios are the parallel unit
      plans[i] = make_plan(inputs[i], po);
      report();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned k = 1; k < jobs; ++k) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  return plans;
}

}  // namespace capplan
