// capplan validate [FILE...]: checks input documents and reports every error and warning.
// With no files it checks the bundled catalog, demand and policy, and each bundled scenario
// applied on its own over them.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "capplan/inputs.hpp"
#include "capplan/validate.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"

namespace capplan::cli {

namespace {

bool has_error(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Diagnostic::Severity::kError) return true;
  }
  return false;
}

// Appends `more` to `all`, skipping findings already reported (the bundled base documents are
// checked once per bundled scenario).
void append_unique(std::vector<Diagnostic>* all, std::set<std::string>* seen,
                   const std::vector<Diagnostic>& more) {
  for (const Diagnostic& d : more) {
    const std::string key =
        (d.severity == Diagnostic::Severity::kError ? "e:" : "w:") + d.to_string();
    if (seen->insert(key).second) all->push_back(d);
  }
}

struct Findings {
  std::vector<std::string> documents;  // names of the documents checked
  std::vector<Diagnostic> diagnostics;
};

Findings check_bundled() {
  Findings findings;
  std::set<std::string> seen;
  const InputSources bundled = bundled_sources();
  findings.documents = {bundled.catalog.name, bundled.demand.name, bundled.policy.name};
  spdlog::info("validating the bundled catalog, demand and policy");
  append_unique(&findings.diagnostics, &seen, validate_documents({}));
  for (const std::string& name : bundled_scenario_names()) {
    const std::optional<SourceText> scenario = bundled_scenario(name);
    if (!scenario) continue;
    spdlog::info("validating bundled scenario {}", name);
    findings.documents.push_back(scenario->name);
    append_unique(&findings.diagnostics, &seen, validate_documents({*scenario}));
  }
  return findings;
}

Findings check_files(const std::vector<std::string>& paths) {
  Findings findings;
  std::vector<SourceText> readable;
  for (const std::string& path : paths) {
    try {
      readable.push_back(read_source_file(path));
      findings.documents.push_back(path);
    } catch (const InputError& e) {
      findings.diagnostics.insert(findings.diagnostics.end(), e.diagnostics().begin(),
                                  e.diagnostics().end());
    }
  }
  // With nothing readable there is nothing of the user's to check; validating the bundled
  // documents in their place would report a misleading success.
  if (!readable.empty()) {
    spdlog::info("validating {} document(s)", readable.size());
    const std::vector<Diagnostic> found = validate_documents(readable);
    findings.diagnostics.insert(findings.diagnostics.end(), found.begin(), found.end());
  }
  return findings;
}

void run_validate(const std::vector<std::string>& paths, const GlobalOptions& global) {
  Findings findings = paths.empty() ? check_bundled() : check_files(paths);
  if (has_error(findings.diagnostics)) throw InputError(std::move(findings.diagnostics));
  print_diagnostics(findings.diagnostics, global);

  std::string line = "ok: " + std::to_string(findings.documents.size()) +
                     (findings.documents.size() == 1 ? " document valid: " : " documents valid: ");
  for (std::size_t i = 0; i < findings.documents.size(); ++i) {
    line += (i ? ", " : "") + findings.documents[i];
  }
  write_output("", line + "\n");
}

}  // namespace

void add_validate_command(CLI::App& app, const GlobalOptions& global) {
  auto paths = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand(
      "validate",
      "Check input documents (catalog, demand, policy, scenarios; kind read from \"schema\"); "
      "print every error and warning, exit 1 on any error");
  cmd->add_option("files", *paths,
                  "Documents to check; kinds not given are taken from the bundled defaults. "
                  "None: the bundled documents and every bundled scenario")
      ->type_name("FILE");
  cmd->callback([paths, &global] { run_validate(*paths, global); });
}

}  // namespace capplan::cli
