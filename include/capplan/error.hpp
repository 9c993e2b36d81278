// Failures of capplan, as exceptions. Only main() catches them; each maps to one exit code
// (docs/CLI.md). Outcomes such as an infeasible plan or unmet demand are values, not errors.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace capplan {

// One finding about an input document: `file: /json/pointer: message`.
// A syntax error uses `line:column` in place of the pointer.
struct Diagnostic {
  enum class Severity { kError, kWarning };
  Severity severity = Severity::kError;
  std::string file;
  std::string pointer;  // JSON pointer ("" = whole document) or "line:col"
  std::string message;  // lowercase, no trailing period

  std::string to_string() const;  // "file: pointer: message" (pointer omitted when empty)
};

// Invalid input (exit 1). Carries every error found, in document order.
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  explicit InputError(const std::string& message);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

// Bad command line (exit 2).
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A plan gate failed (exit 3).
class GateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The solver failed or the model has no feasible plan (exit 4).
class SolverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An output file could not be written (exit 5).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace capplan
