// Work spread over threads, for the core's loops over independent items: plan blocks
// (src/plan.cpp), the years of a block hint (src/solver_clp.cpp) and the deals to value.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace capplan {

// The threads a `threads` setting asks for: itself when positive, else one per hardware thread.
inline unsigned worker_threads(int threads) {
  return threads > 0 ? static_cast<unsigned>(threads)
                     : std::max(1u, std::thread::hardware_concurrency());
}

// Calls body(i) once for every i in [0, count), handed out in order to up to `threads` threads
// (this one among them), and returns when every thread has ended. Once a call throws, no further
// item is handed out, and the first exception caught is rethrown here: a failure in a worker
// reaches the caller instead of ending the process.
template <typename Body>
void parallel_for(std::size_t count, unsigned threads, Body body) {
  std::atomic<std::size_t> next{0};
  std::mutex error_mutex;
  std::exception_ptr error;
  auto work = [&] {
    try {
      for (std::size_t i = next++; i < count; i = next++) body(i);
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      next = count;  // the other threads stop after their current item
    }
  };
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, count));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace capplan
