// Fuzz target: demand in CSV (period,model,class,geo,tokens_per_day), read through the CSV
// conversion, loaded with the bundled other documents. Only InputError may leave load_inputs.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  capplan::fuzz::load_with([&](capplan::InputSources& sources) {
    sources.demand = {"demand.csv", capplan::fuzz::text_of(data, size)};
  });
  return 0;
}
