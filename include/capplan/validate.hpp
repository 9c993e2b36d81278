// Validation of any set of input documents, for `capplan validate`: the same checks
// load_inputs makes (inputs.hpp), over files of any kind given together, reported as a list of
// diagnostics instead of thrown. Diagnostics name the file and a JSON pointer (or line:col for
// syntax and CSV errors) as docs/FORMATS.md describes; nothing is planned or solved.
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
