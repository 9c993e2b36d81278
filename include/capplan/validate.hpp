// Validation of any set of input documents, for `capplan validate`: the same checks
// load_inputs makes (inputs.hpp), over files of any kind given together, reported as a list of
// diagnostics instead of thrown. Diagnostics name the file and a JSON pointer (or line:col for
// syntax and CSV errors) as docs/FORMATS.md describes; nothing is planned or solved. Also the
// warnings about valid but suspicious inputs (likely unit mistakes) that validate and every
// planning command print.
#pragma once

#include <string>
#include <vector>

#include "capplan/error.hpp"
#include "capplan/inputs.hpp"

namespace capplan {

// Checks the given documents together. Each document's kind is read from its "schema" field
// (a .csv file is demand). Kinds not given are taken from the bundled defaults; scenario files
// among them are applied in the order given. Returns every diagnostic, errors and warnings, in
// a deterministic order; an empty list or warnings only means valid.
std::vector<Diagnostic> validate_documents(const std::vector<SourceText>& files);

// A valid value that is probably a mistake, most often a unit typed wrong (watts as kW, a
// host's price as a chip's, GW as MW), or demand nothing may serve.
struct InputWarning {
  std::string document;  // "catalog" | "demand" | "policy"
  std::string pointer;   // JSON pointer into that document (after scenarios)
  std::string message;   // lowercase, no trailing period
};

// Every warning about valid inputs, in a deterministic order. load_inputs reports these as
// warning diagnostics with the file (or scenario) they come from, so `capplan validate` and
// every planning command show the same ones.
std::vector<InputWarning> lint_inputs(const Inputs& inputs);

}  // namespace capplan
