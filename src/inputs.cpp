// load_inputs: parse the documents, apply scenarios, validate, resolve; and the bundled data.
//
// Scenario errors are found by checking the inputs twice: as written and as patched. An error
// of the patched inputs that the unpatched ones do not have was caused by a patch, so it is
// reported against the scenario file whose patch touched that place.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "capplan/validate.hpp"
#include "embedded.hpp"
#include "input_documents.hpp"
#include "input_load.hpp"
#include "json_util.hpp"

namespace capplan {
namespace {

enum Part { kCatalogPart = 0, kDemandPart = 1, kPolicyPart = 2, kPartCount = 3 };

// One input document, parsed.
struct Document {
  std::string name;              // for messages
  std::optional<Json> json;      // nullopt when it is not JSON or is another kind of document
  std::optional<CsvDemand> csv;  // set when the demand came from CSV
};

using Documents = std::array<Document, kPartCount>;

// The inputs read from a set of documents, and their diagnostics per document.
struct Resolution {
  Inputs inputs;
  std::array<std::vector<Diagnostic>, kPartCount> diagnostics;
};

Document parse_document(const SourceText& source, const char* schema, bool csv_allowed,
                        std::vector<Diagnostic>& out) {
  Reporter reporter(source.name, out);
  Document document{source.name, std::nullopt, std::nullopt};
  if (csv_allowed && is_csv_name(source.name)) {
    document.csv = convert_demand_csv(source.text, reporter);
    if (document.csv) document.json = document.csv->document;
    return document;
  }
  std::optional<Json> json = parse_json(source.text, reporter);
  if (json && check_schema(*json, schema, reporter)) document.json = std::move(json);
  return document;
}

Documents parse_documents(const InputSources& sources, std::vector<Diagnostic>& out) {
  return {parse_document(sources.catalog, kCatalogSchema, false, out),
          parse_document(sources.demand, kDemandSchema, true, out),
          parse_document(sources.policy, kPolicySchema, false, out)};
}

std::vector<Scenario> parse_scenarios(const std::vector<SourceText>& sources,
                                      std::vector<Diagnostic>& out) {
  std::vector<Scenario> scenarios;
  for (const SourceText& source : sources) {
    Reporter reporter(source.name, out);
    const std::optional<Json> json = parse_json(source.text, reporter);
    if (!json) continue;
    std::optional<Scenario> scenario = read_scenario(*json, reporter);
    if (scenario) scenarios.push_back(std::move(*scenario));
  }
  return scenarios;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Diagnostic::Severity::kError;
  });
}

Resolution resolve(const Documents& documents) {
  Resolution out;
  Reporter catalog_reporter(documents[kCatalogPart].name, out.diagnostics[kCatalogPart]);
  Reporter demand_reporter(documents[kDemandPart].name, out.diagnostics[kDemandPart]);
  Reporter policy_reporter(documents[kPolicyPart].name, out.diagnostics[kPolicyPart]);
  CatalogIds ids;
  const Catalog* valid_catalog = nullptr;
  if (const std::optional<Json>& json = documents[kCatalogPart].json) {
    out.inputs.catalog = read_catalog(*json, catalog_reporter);
    ids = catalog_ids(*json);
    if (catalog_reporter.error_count() == 0) valid_catalog = &out.inputs.catalog;
  }
  if (const std::optional<Json>& json = documents[kDemandPart].json) {
    out.inputs.demand = read_demand(*json, valid_catalog, ids, demand_reporter);
  }
  if (const std::optional<Json>& json = documents[kPolicyPart].json) {
    out.inputs.policy = read_policy(*json, ids, policy_reporter);
  }
  const bool complete = std::all_of(documents.begin(), documents.end(),
                                    [](const Document& d) { return d.json.has_value(); });
  if (complete && !has_errors(out.diagnostics[kDemandPart]) &&
      !has_errors(out.diagnostics[kPolicyPart])) {
    // An interactive class's peak block carries peak_to_avg × φ of its tokens: more than all of
    // them is not a load profile (docs/MODEL.md, "Blocks").
    const double phi = out.inputs.policy.peak_hours_share;
    for (const DemandClass& c : out.inputs.demand.classes) {
      if (c.interactive && c.peak_to_avg * phi > 1.0 + 1e-12) {
        policy_reporter.error(
            "/peak_hours_share",
            fmt::format("{} times peak_to_avg {} of class \"{}\" is more than 1: the peak block "
                        "would carry more than the period's tokens",
                        format_number(phi), format_number(c.peak_to_avg), c.id));
      }
    }
  }
  const bool valid = std::none_of(out.diagnostics.begin(), out.diagnostics.end(), has_errors);
  if (complete && valid) {
    std::array<Reporter*, kPartCount> reporters = {&catalog_reporter, &demand_reporter,
                                                   &policy_reporter};
    for (const InputWarning& w : lint_inputs(out.inputs)) {
      for (int part = 0; part < kPartCount; ++part) {
        if (patchable_parts()[part] == w.document) reporters[part]->warning(w.pointer, w.message);
      }
    }
  }
  return out;
}

Documents apply_scenarios(const Documents& base, const std::vector<Scenario>& scenarios) {
  Documents patched = base;
  for (int part = 0; part < kPartCount; ++part) {
    if (!patched[part].json) continue;
    for (const Scenario& scenario : scenarios) {
      const auto patch = scenario.patch.find(patchable_parts()[part]);
      if (patch != scenario.patch.end()) patched[part].json->merge_patch(patch->second);
    }
  }
  return patched;
}

bool touches(const std::vector<std::string>& touched, const std::string& pointer) {
  const auto is_prefix = [](const std::string& prefix, const std::string& of) {
    return of.size() > prefix.size() && of.compare(0, prefix.size(), prefix) == 0 &&
           of[prefix.size()] == '/';
  };
  return std::any_of(touched.begin(), touched.end(), [&](const std::string& t) {
    return pointer.empty() || t == pointer || is_prefix(t, pointer) || is_prefix(pointer, t);
  });
}

// Re-addresses an error caused by scenarios to the scenario file whose patch last touched
// its place (else the last that patched that document). An error in a document no scenario
// patched stays there, naming the scenarios.
Diagnostic attribute(Diagnostic diagnostic, int part, const std::vector<Scenario>& scenarios) {
  const std::string& part_name = patchable_parts()[part];
  const Scenario* chosen = nullptr;
  const Scenario* fallback = nullptr;
  for (auto it = scenarios.rbegin(); it != scenarios.rend() && chosen == nullptr; ++it) {
    const auto touched = it->touched.find(part_name);
    if (touched == it->touched.end()) continue;
    if (fallback == nullptr) fallback = &*it;
    if (touches(touched->second, diagnostic.pointer)) chosen = &*it;
  }
  if (chosen == nullptr) chosen = fallback;
  if (chosen == nullptr) {
    diagnostic.message += " (with scenario " + in_quotes(scenarios.back().name) + ")";
    return diagnostic;
  }
  diagnostic.file = chosen->file;
  if (!chosen->is_override) diagnostic.pointer = "/patch/" + part_name + diagnostic.pointer;
  return diagnostic;
}

// A warning about a value a scenario set is reported against that scenario (the last one
// that set it); any other stays with its document.
Diagnostic attribute_warning(Diagnostic diagnostic, int part,
                             const std::vector<Scenario>& scenarios) {
  if (diagnostic.pointer.empty()) return diagnostic;
  const std::string& part_name = patchable_parts()[part];
  for (auto it = scenarios.rbegin(); it != scenarios.rend(); ++it) {
    const auto touched = it->touched.find(part_name);
    if (touched == it->touched.end()) continue;
    // The scenario set this value, or a member of it.
    const bool set_here =
        std::any_of(touched->second.begin(), touched->second.end(), [&](const std::string& t) {
          return t == diagnostic.pointer || (diagnostic.pointer.size() > t.size() &&
                                             diagnostic.pointer.compare(0, t.size(), t) == 0 &&
                                             diagnostic.pointer[t.size()] == '/');
        });
    if (!set_here) continue;
    diagnostic.file = it->file;
    if (!it->is_override) diagnostic.pointer = "/patch/" + part_name + diagnostic.pointer;
    break;
  }
  return diagnostic;
}

using DiagnosticKey = std::tuple<Diagnostic::Severity, std::string, std::string>;

DiagnosticKey key_of(const Diagnostic& d) { return {d.severity, d.pointer, d.message}; }

// Errors of the unpatched inputs, then errors only the patched inputs have (attributed to
// scenarios), then warnings about the patched inputs.
// An entity a scenario's patch creates under an id within kNearIdDistance edits of an id the
// document already has: most likely a typo for it, which the errors of the half-specified new
// entity alone would not reveal.
struct NearMissEntity {
  int part = 0;
  std::string pointer;  // of the entity in the document, e.g. /offerings/azure-cus-maia-200
  Diagnostic diagnostic;
};

constexpr std::size_t kNearIdDistance = 2;

// The entity maps of each document, with the kind of entity they hold.
const std::vector<std::pair<std::string, std::string>>& entity_maps(int part) {
  static const std::array<std::vector<std::pair<std::string, std::string>>, kPartCount> maps = {{
      {{"providers", "provider"},
       {"accelerators", "accelerator"},
       {"models", "model"},
       {"regions", "region"},
       {"offerings", "offering"},
       {"commitments", "commitment"}},
      {{"classes", "class"}, {"slices", "slice"}},
      {},
  }};
  return maps[part];
}

std::vector<NearMissEntity> near_miss_entities(const Documents& base,
                                               const std::vector<Scenario>& scenarios) {
  std::vector<NearMissEntity> found;
  Documents documents = base;
  for (const Scenario& scenario : scenarios) {
    for (int part = 0; part < kPartCount; ++part) {
      const auto patch = scenario.patch.find(patchable_parts()[part]);
      if (patch == scenario.patch.end() || !documents[part].json) continue;
      const Json& document = *documents[part].json;
      for (const auto& [map, kind] : entity_maps(part)) {
        const auto patch_map = patch->second.find(map);
        const auto document_map = document.find(map);
        if (patch_map == patch->second.end() || !patch_map->is_object() ||
            document_map == document.end() || !document_map->is_object()) {
          continue;
        }
        for (const auto& [id, value] : patch_map->items()) {
          if (!value.is_object() || document_map->contains(id)) continue;
          std::vector<std::string> near;
          for (const auto& item : document_map->items()) {
            if (edit_distance(id, item.key()) <= kNearIdDistance) near.push_back(item.key());
          }
          const std::string suggestion = did_you_mean(id, near);
          if (suggestion.empty()) continue;
          const std::string pointer = pointer_append("/" + map, id);
          found.push_back(NearMissEntity{
              part, pointer,
              Diagnostic{Diagnostic::Severity::kError, scenario.file,
                         "/patch/" + patchable_parts()[part] + pointer,
                         "creates a new " + kind + " " + in_quotes(id) + suggestion}});
        }
      }
      documents[part].json->merge_patch(patch->second);
    }
  }
  return found;
}

// Whether `pointer` is `entity` or inside it.
bool within(const std::string& pointer, const std::string& entity) {
  return pointer == entity ||
         (pointer.size() > entity.size() && pointer.compare(0, entity.size(), entity) == 0 &&
          pointer[entity.size()] == '/');
}

std::vector<Diagnostic> merge_diagnostics(const Resolution& base, const Resolution& patched,
                                          const std::vector<Scenario>& scenarios,
                                          const std::vector<NearMissEntity>& near_misses) {
  std::vector<Diagnostic> merged;
  std::vector<Diagnostic> warnings;
  std::vector<bool> near_miss_reported(near_misses.size(), false);
  for (int part = 0; part < kPartCount; ++part) {
    std::set<DiagnosticKey> known;
    for (const Diagnostic& d : base.diagnostics[part]) {
      if (d.severity != Diagnostic::Severity::kError) continue;
      merged.push_back(d);
      known.insert(key_of(d));
    }
    for (const Diagnostic& d : patched.diagnostics[part]) {
      if (d.severity == Diagnostic::Severity::kWarning) {
        warnings.push_back(attribute_warning(d, part, scenarios));
      } else if (known.count(key_of(d)) == 0) {
        // A new entity near an existing id is named once, before its first error.
        for (std::size_t i = 0; i < near_misses.size(); ++i) {
          if (near_miss_reported[i] || near_misses[i].part != part ||
              !within(d.pointer, near_misses[i].pointer)) {
            continue;
          }
          merged.push_back(near_misses[i].diagnostic);
          near_miss_reported[i] = true;
        }
        merged.push_back(attribute(d, part, scenarios));
      }
    }
  }
  merged.insert(merged.end(), warnings.begin(), warnings.end());
  return merged;
}

std::vector<Diagnostic> flatten(const Resolution& resolution) {
  std::vector<Diagnostic> all;
  for (const std::vector<Diagnostic>& part : resolution.diagnostics) {
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

// Diagnostics about a CSV demand point at line:col in the CSV rather than into its JSON form.
void locate_in_csv(const Document& demand, std::vector<Diagnostic>& diagnostics) {
  if (!demand.csv) return;
  for (Diagnostic& d : diagnostics) {
    if (d.file == demand.name && (d.pointer.empty() || d.pointer[0] == '/')) {
      d.pointer = csv_location(*demand.csv, d.pointer);
    }
  }
}

int part_of(const std::string& document) {
  for (int part = 0; part < kPartCount; ++part)
    if (patchable_parts()[part] == document) return part;
  return -1;
}

// The value at `ptr`, or nullptr when there is none. An array index too large for any array
// (or not a number) makes nlohmann throw rather than answer; it is simply not there.
Json* find_at(Json& root, const nlohmann::ordered_json::json_pointer& ptr) {
  try {
    return root.contains(ptr) ? &root.at(ptr) : nullptr;
  } catch (const nlohmann::json::exception&) {
    return nullptr;
  }
}

// Sets each override's number in the (patched) documents. Each override becomes a pseudo
// scenario named by its origin, so that errors it causes are reported against it.
void apply_overrides(const std::vector<ValueOverride>& overrides, Documents& documents,
                     std::vector<Scenario>& attribution, std::vector<Diagnostic>& out) {
  for (const ValueOverride& o : overrides) {
    Reporter reporter(o.origin, out);
    const int part = part_of(o.document);
    if (part < 0) {
      reporter.error("", "unknown document \"" + o.document + "\"" +
                             did_you_mean(o.document, {"catalog", "demand", "policy"}) +
                             "; expected catalog, demand or policy");
      continue;
    }
    if (!documents[part].json) continue;  // already reported
    Json& root = *documents[part].json;
    nlohmann::ordered_json::json_pointer ptr;
    try {
      ptr = nlohmann::ordered_json::json_pointer(o.pointer);
    } catch (const nlohmann::json::exception&) {
      reporter.error(o.pointer,
                     "not a JSON pointer (write it as /key/key..., e.g. /provider_share/aws/max)");
      continue;
    }
    Json* found = find_at(root, ptr);
    if (found == nullptr) {
      // Suggest among the members of the deepest existing parent.
      nlohmann::ordered_json::json_pointer parent = ptr;
      std::string missing;
      while (!parent.empty() && find_at(root, parent) == nullptr) {
        missing = parent.back();
        parent.pop_back();
      }
      std::vector<std::string> keys;
      if (root.at(parent).is_object())
        for (const auto& item : root.at(parent).items()) keys.push_back(item.key());
      reporter.error(o.pointer, "no such field in " + documents[part].name + ": \"" + missing +
                                    "\"" + did_you_mean(missing, keys));
      continue;
    }
    Json& target = *found;
    if (!target.is_number()) {
      reporter.error(o.pointer,
                     std::string("can only set a number, but this is ") +
                         (target.is_array()     ? "an array (a schedule: name one step's /N/value)"
                          : target.is_object()  ? "an object"
                          : target.is_string()  ? "a string"
                          : target.is_boolean() ? "a boolean"
                                                : "null"));
      continue;
    }
    target = o.value;
    Scenario pseudo;
    pseudo.file = o.origin;
    pseudo.name = o.origin;
    pseudo.is_override = true;
    pseudo.touched[o.document].push_back(o.pointer);
    attribution.push_back(std::move(pseudo));
  }
}

// FNV-1a 64-bit of the document's compact JSON, as 16 hex digits.
std::string document_hash(const Document& document) {
  if (!document.json) return "";
  // Readers refuse text that is not UTF-8; replacing stays a safeguard so a hash never throws.
  const std::string text =
      document.json->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  static const char* kHex = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[i] = kHex[h & 0xF];
  return out;
}

std::string scenario_label(const std::vector<Scenario>& scenarios) {
  if (scenarios.empty()) return "base";
  std::string label;
  for (const Scenario& scenario : scenarios) label += (label.empty() ? "" : "+") + scenario.name;
  return label;
}

const EmbeddedFile* find_embedded(std::string_view path) {
  const std::vector<EmbeddedFile>& files = embedded_files();
  const auto it = std::find_if(files.begin(), files.end(),
                               [&](const EmbeddedFile& f) { return f.path == path; });
  return it == files.end() ? nullptr : &*it;
}

SourceText bundled_file(const std::string& path) {
  const EmbeddedFile* file = find_embedded(path);
  if (file == nullptr) throw InputError("the bundled data/" + path + " is missing from this build");
  return SourceText{path, std::string(file->content)};
}

}  // namespace

LoadOutcome check_inputs(const InputSources& sources) {
  LoadOutcome outcome;
  std::vector<Diagnostic> parse_diagnostics;
  const Documents base = parse_documents(sources, parse_diagnostics);
  const std::vector<Scenario> scenarios = parse_scenarios(sources.scenarios, parse_diagnostics);
  Resolution resolution = resolve(base);
  std::vector<Diagnostic> diagnostics;
  Documents effective = base;
  if (scenarios.empty() && sources.overrides.empty()) {
    diagnostics = flatten(resolution);
  } else {
    effective = apply_scenarios(base, scenarios);
    std::vector<Scenario> attribution = scenarios;
    apply_overrides(sources.overrides, effective, attribution, parse_diagnostics);
    Resolution patched = resolve(effective);
    diagnostics =
        merge_diagnostics(resolution, patched, attribution, near_miss_entities(base, scenarios));
    resolution = std::move(patched);
  }
  locate_in_csv(base[kDemandPart], diagnostics);
  outcome.diagnostics = std::move(parse_diagnostics);
  outcome.diagnostics.insert(outcome.diagnostics.end(), diagnostics.begin(), diagnostics.end());
  if (!has_errors(outcome.diagnostics)) {
    resolution.inputs.scenario = scenario_label(scenarios);
    for (int part = 0; part < kPartCount; ++part)
      resolution.inputs.document_hashes[patchable_parts()[part]] = document_hash(effective[part]);
    outcome.inputs = std::move(resolution.inputs);
  }
  return outcome;
}

Inputs load_inputs(const InputSources& sources, std::vector<Diagnostic>* warnings) {
  LoadOutcome outcome = check_inputs(sources);
  if (!outcome.inputs) {
    std::vector<Diagnostic> errors;
    for (Diagnostic& d : outcome.diagnostics) {
      if (d.severity == Diagnostic::Severity::kError) errors.push_back(std::move(d));
    }
    throw InputError(std::move(errors));
  }
  if (warnings != nullptr) {
    warnings->insert(warnings->end(), outcome.diagnostics.begin(), outcome.diagnostics.end());
  }
  return std::move(*outcome.inputs);
}

bool Provenance::is_estimated(const std::string& field) const {
  return std::find(estimated.begin(), estimated.end(), field) != estimated.end();
}

InputSources bundled_sources() {
  InputSources sources;
  sources.catalog = bundled_file("catalog.json");
  sources.demand = bundled_file("demand/base.json");
  sources.policy = bundled_file("policy.json");
  return sources;
}

std::vector<std::string> bundled_scenario_names() {
  static constexpr std::string_view kPrefix = "scenarios/";
  static constexpr std::string_view kSuffix = ".json";
  std::vector<std::string> names;
  for (const EmbeddedFile& file : embedded_files()) {
    const std::string_view path = file.path;
    if (path.size() <= kPrefix.size() + kSuffix.size() ||
        path.substr(0, kPrefix.size()) != kPrefix ||
        path.substr(path.size() - kSuffix.size()) != kSuffix ||
        path.find('/', kPrefix.size()) != std::string_view::npos) {
      continue;
    }
    names.emplace_back(path.substr(kPrefix.size(), path.size() - kPrefix.size() - kSuffix.size()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::optional<SourceText> bundled_scenario(const std::string& name) {
  const std::string path = "scenarios/" + name + ".json";
  const EmbeddedFile* file = find_embedded(path);
  if (file == nullptr) return std::nullopt;
  return SourceText{path, std::string(file->content)};
}

}  // namespace capplan
