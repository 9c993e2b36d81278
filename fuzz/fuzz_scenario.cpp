// Fuzz target: a scenario document (capplan.scenario/v1) applied to the bundled documents.
// Only InputError may leave load_inputs.
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  capplan::fuzz::load_with([&](capplan::InputSources& sources) {
    sources.scenarios.push_back({"scenario.json", capplan::fuzz::text_of(data, size)});
  });
  return 0;
}
