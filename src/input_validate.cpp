// validate_documents: `capplan validate FILE...`.
#include <algorithm>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "capplan/validate.hpp"
#include "input_documents.hpp"
#include "input_load.hpp"
#include "json_util.hpp"

namespace capplan {
namespace {

enum class Kind { kCatalog, kDemand, kPolicy, kScenario };

// The given files sorted by kind, in the order given.
struct Classified {
  std::vector<SourceText> catalogs, demands, policies, scenarios;
};

std::optional<Kind> kind_of_schema(const std::string& schema) {
  if (schema == kCatalogSchema) return Kind::kCatalog;
  if (schema == kDemandSchema) return Kind::kDemand;
  if (schema == kPolicySchema) return Kind::kPolicy;
  if (schema == kScenarioSchema) return Kind::kScenario;
  return std::nullopt;
}

// The kind of a document from its "schema" member; reports why when it has none.
std::optional<Kind> kind_of(const SourceText& file, std::vector<Diagnostic>& out) {
  if (is_csv_name(file.name)) return Kind::kDemand;
  Reporter reporter(file.name, out);
  const std::optional<Json> json = parse_json(file.text, reporter);
  if (!json) return std::nullopt;
  const std::string known = std::string("one of ") + in_quotes(kCatalogSchema) + ", " +
                            in_quotes(kDemandSchema) + ", " + in_quotes(kPolicySchema) + " or " +
                            in_quotes(kScenarioSchema);
  if (!json->is_object() || !json->contains("schema")) {
    reporter.error("", "missing required field \"schema\" (" + known + ")");
    return std::nullopt;
  }
  const Json& schema = (*json)["schema"];
  const std::optional<Kind> kind =
      schema.is_string() ? kind_of_schema(schema.get<std::string>()) : std::nullopt;
  if (!kind) {
    reporter.error("/schema", "unknown schema " +
                                  (schema.is_string() ? in_quotes(schema.get<std::string>())
                                                      : describe_type(schema)) +
                                  " (expected " + known + ")");
  }
  return kind;
}

Classified classify(const std::vector<SourceText>& files, std::vector<Diagnostic>& out) {
  Classified classified;
  for (const SourceText& file : files) {
    const std::optional<Kind> kind = kind_of(file, out);
    if (!kind) continue;
    switch (*kind) {
      case Kind::kCatalog:
        classified.catalogs.push_back(file);
        break;
      case Kind::kDemand:
        classified.demands.push_back(file);
        break;
      case Kind::kPolicy:
        classified.policies.push_back(file);
        break;
      case Kind::kScenario:
        classified.scenarios.push_back(file);
        break;
    }
  }
  return classified;
}

// The i-th document given of a kind (the last one when fewer were given), else the default.
const SourceText& pick(const std::vector<SourceText>& given, std::size_t i,
                       const SourceText& fallback) {
  if (given.empty()) return fallback;
  return given[std::min(i, given.size() - 1)];
}

void append_unique(std::vector<Diagnostic>& all, const std::vector<Diagnostic>& more) {
  const auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.severity, a.file, a.pointer, a.message) ==
           std::tie(b.severity, b.file, b.pointer, b.message);
  };
  for (const Diagnostic& d : more) {
    if (std::none_of(all.begin(), all.end(), [&](const Diagnostic& e) { return same(d, e); })) {
      all.push_back(d);
    }
  }
}

}  // namespace

std::vector<Diagnostic> validate_documents(const std::vector<SourceText>& files) {
  std::vector<Diagnostic> diagnostics;
  const Classified given = classify(files, diagnostics);
  InputSources defaults;
  const bool need_defaults =
      given.catalogs.empty() || given.demands.empty() || given.policies.empty();
  if (need_defaults) {
    try {
      defaults = bundled_sources();
    } catch (const InputError& e) {
      append_unique(diagnostics, e.diagnostics());
      return diagnostics;
    }
  }
  // Several documents of one kind are each checked, with the i-th (or last) of the others.
  const std::size_t runs = std::max(
      {given.catalogs.size(), given.demands.size(), given.policies.size(), std::size_t{1}});
  for (std::size_t i = 0; i < runs; ++i) {
    InputSources sources;
    sources.catalog = pick(given.catalogs, i, defaults.catalog);
    sources.demand = pick(given.demands, i, defaults.demand);
    sources.policy = pick(given.policies, i, defaults.policy);
    sources.scenarios = given.scenarios;
    append_unique(diagnostics, check_inputs(sources).diagnostics);
  }
  return diagnostics;
}

}  // namespace capplan
