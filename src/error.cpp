#include "capplan/error.hpp"

#include <string>
#include <utility>
#include <vector>

namespace capplan {
namespace {

std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string joined;
  for (const Diagnostic& d : diagnostics) {
    if (!joined.empty()) joined += '\n';
    joined += d.to_string();
  }
  return joined;
}

}  // namespace

std::string Diagnostic::to_string() const {
  std::string text;
  for (const std::string* part : {&file, &pointer, &message}) {
    if (part->empty()) continue;
    if (!text.empty()) text += ": ";
    text += *part;
  }
  return text;
}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

InputError::InputError(const std::string& message)
    : std::runtime_error(message),
      diagnostics_{Diagnostic{Diagnostic::Severity::kError, "", "", message}} {}

}  // namespace capplan
