// Validation of any set of input documents, for `capplan validate`.
#pragma once

#include <vector>

#include "capplan/error.hpp"
#include "capplan/inputs.hpp"

namespace capplan {

// Checks the given documents together. Each document's kind is read from its "schema" field
// (a .csv file is demand). Kinds not given are taken from the bundled defaults; scenario files
// among them are applied in the order given. Returns every diagnostic, errors and warnings, in
// a deterministic order; an empty list or warnings only means valid.
std::vector<Diagnostic> validate_documents(const std::vector<SourceText>& files);

}  // namespace capplan
