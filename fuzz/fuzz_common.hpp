// Shared by the libFuzzer targets in this directory (docs/TESTING.md). Each target feeds the
// fuzz input to one of capplan's readers through its public function and lets through only
// the errors that reader documents; any other exception (std::terminate), crash or sanitizer
// report is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "capplan/inputs.hpp"

namespace capplan::fuzz {

inline std::string text_of(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// The bundled documents with one of them (or a scenario) replaced by the fuzz input, loaded
// as `capplan validate` and `capplan allocate` load them. InputError is the documented
// failure of a bad document (exit 1).
template <class Replace>
void load_with(Replace replace) {
  InputSources sources = bundled_sources();
  replace(sources);
  try {
    (void)load_inputs(sources);
  } catch (const InputError&) {
  }
}

}  // namespace capplan::fuzz
