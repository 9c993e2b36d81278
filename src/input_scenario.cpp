// Reads capplan.scenario/v1 (docs/FORMATS.md): a named set of JSON Merge Patches (RFC 7386).
#include <string>
#include <vector>

#include "input_documents.hpp"
#include "json_util.hpp"

namespace capplan {
namespace {

constexpr Presence kRequired = Presence::kRequired;
constexpr Presence kOptional = Presence::kOptional;

// Pointers of the members a merge patch sets or deletes: RFC 7386 recurses into object values
// and replaces (or, for null, removes) everything else.
void collect_touched(const Json& patch, const std::string& pointer,
                     std::vector<std::string>& touched) {
  for (const auto& [key, value] : patch.items()) {
    const std::string member = pointer_append(pointer, key);
    if (value.is_object() && !value.empty()) {
      collect_touched(value, member, touched);
    } else {
      touched.push_back(member);
    }
  }
}

void read_patch(const ObjectReader& doc, Scenario& scenario) {
  const Json* patch = doc.find("patch");
  if (patch == nullptr) {
    doc.reporter().error("", "missing required field \"patch\"");
    return;
  }
  const ObjectReader parts(*patch, "/patch", doc.reporter());
  if (!parts.is_object()) return;
  parts.check_fields(patchable_parts());
  for (const std::string& part : patchable_parts()) {
    const Json* value = parts.find(part);
    if (value == nullptr) continue;
    if (!value->is_object()) {
      doc.reporter().error(parts.pointer_to(part),
                           "expected an object (a JSON merge patch of the " + part + "), got " +
                               describe_type(*value));
      continue;
    }
    scenario.patch[part] = *value;
    collect_touched(*value, "", scenario.touched[part]);
  }
}

void read_sources(const ObjectReader& doc) {
  const Json* sources = doc.find("sources");
  if (sources == nullptr) return;
  if (!sources->is_array()) {
    doc.reporter().error("/sources",
                         "expected an array of strings, got " + describe_type(*sources));
    return;
  }
  for (std::size_t i = 0; i < sources->size(); ++i) {
    if ((*sources)[i].is_string()) continue;
    doc.reporter().error(pointer_append("/sources", i),
                         "expected a string, got " + describe_type((*sources)[i]));
  }
}

}  // namespace

std::optional<Scenario> read_scenario(const Json& document, Reporter& reporter) {
  const int errors_before = reporter.error_count();
  if (!check_schema(document, kScenarioSchema, reporter)) return std::nullopt;
  const ObjectReader doc(document, "", reporter);
  doc.check_fields({"schema", "name", "description", "sources", "note", "as_of", "patch"});
  Scenario scenario;
  scenario.file = reporter.file();
  scenario.name = doc.string("name", kRequired).value_or("");
  if (doc.find("name") != nullptr && scenario.name.empty() && doc.find("name")->is_string()) {
    reporter.error("/name", "must not be empty");
  }
  doc.string("description", kRequired);
  read_sources(doc);
  doc.string("note", kOptional);
  doc.date("as_of", kOptional);
  read_patch(doc, scenario);
  if (reporter.error_count() > errors_before) return std::nullopt;
  return scenario;
}

}  // namespace capplan
