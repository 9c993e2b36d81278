// The checking behind load_inputs and validate_documents: every diagnostic, errors and
// warnings, and the inputs when there are no errors.
#pragma once

#include <optional>
#include <vector>

#include "capplan/error.hpp"
#include "capplan/inputs.hpp"

namespace capplan {

struct LoadOutcome {
  std::optional<Inputs> inputs;         // set when there are no errors
  std::vector<Diagnostic> diagnostics;  // errors first (document by document), then warnings
};

LoadOutcome check_inputs(const InputSources& sources);

}  // namespace capplan
