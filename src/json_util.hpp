// Helpers for reading input documents: a JSON parser that reports syntax errors and duplicate
// keys as diagnostics, JSON pointers (RFC 6901), "did you mean" suggestions, and ObjectReader,
// which reads the members of one JSON object and reports every type, range and unknown-field
// error it meets instead of stopping at the first.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capplan/error.hpp"
#include "capplan/inputs.hpp"
#include "capplan/month.hpp"

namespace capplan {

// Objects keep the order of the document, so diagnostics come in document order.
using Json = nlohmann::ordered_json;

// --- Diagnostics -----------------------------------------------------------------------

// Collects the diagnostics of one document.
class Reporter {
 public:
  Reporter(std::string file, std::vector<Diagnostic>& out) : file_(std::move(file)), out_(out) {}
  void error(std::string pointer, std::string message);
  void warning(std::string pointer, std::string message);
  const std::string& file() const { return file_; }
  int error_count() const { return errors_; }

 private:
  std::string file_;
  std::vector<Diagnostic>& out_;
  int errors_ = 0;
};

// --- Parsing ---------------------------------------------------------------------------

// Parses JSON text. Syntax errors are reported at "line:col" (1-based, column in bytes);
// duplicate keys at the pointer of their object. nullopt when the text is not JSON.
std::optional<Json> parse_json(const std::string& text, Reporter& reporter);

// The offset of the first byte of `text` that is not part of well-formed UTF-8 (overlong
// forms, surrogates and code points above U+10FFFF included), or nullopt when it is all UTF-8.
std::optional<std::size_t> invalid_utf8_offset(std::string_view text);

// "line:col" of the byte at `offset` in `text` (1-based).
std::string line_col(std::string_view text, std::size_t offset);

// --- Pointers and suggestions ----------------------------------------------------------

// The one way capplan builds and reads JSON pointers: nlohmann::json_pointer, which escapes
// "~" as "~0" and "/" as "~1" in a reference token.
std::string pointer_append(const std::string& parent, std::string_view key);
std::string pointer_append(const std::string& parent, std::size_t index);
// The reference tokens of `pointer`, unescaped; nullopt when it is not an RFC 6901 pointer
// (not starting with "/", or a "~" not followed by 0 or 1). "" has no tokens.
std::optional<std::vector<std::string>> pointer_tokens(const std::string& pointer);

// Levenshtein distance (insert, delete, substitute all cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b);
// " (did you mean \"x\"?)" for the nearest candidate within max(2, len/3) edits (ties go to
// the first in `candidates`; " and \ escaped), else "": also when `word` is itself a
// candidate. The one suggester of capplan: input documents and the command line use it.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

std::string in_quotes(std::string_view text);  // "text", with " and \ escaped
std::string format_number(double value);       // shortest form that reads back exactly
std::string format_limit(double value);        // as format_number, exponents as "1e18"
std::string describe_type(const Json& value);  // "a string", "an array", ...

// --- Reading objects -------------------------------------------------------------------

enum class Presence { kRequired, kOptional };

// Numbers beyond this magnitude of their unit are refused unless a field sets its own upper
// bound: the planning model cannot represent them accurately (docs/FORMATS.md, "Limits").
inline constexpr double kMaxInputMagnitude = 1e15;

// An interval of allowed numbers; each bound may be open or closed or absent.
struct Range {
  std::optional<double> low, high;
  bool low_open = false, high_open = false;
  // Why the upper bound is there, named in the message about a number above it.
  const char* high_reason = nullptr;

  static Range any() { return {}; }
  static Range at_least(double v) { return {v, std::nullopt, false, false}; }
  static Range greater_than(double v) { return {v, std::nullopt, true, false}; }
  static Range closed(double lo, double hi) { return {lo, hi, false, false}; }
  // This range with the upper bound `hi` (closed), explained by `reason` in messages.
  Range at_most(double hi, const char* reason) const {
    Range r = *this;
    r.high = hi;
    r.high_open = false;
    r.high_reason = reason;
    return r;
  }
  bool contains(double v) const;
  std::string describe() const;  // "between 0 and 1", "at least 1", "greater than 0", ...
};

// The ids of one entity map, sorted. `known` is false when the map is missing or is not an
// object: references to it are then not checked, as the map's own error says enough.
struct IdSet {
  std::vector<std::string> ids;
  bool known = false;
};
// The ids of `map`; an absent optional map is known and empty.
IdSet id_set(const Json* map, Presence presence);

// Reads the members of one JSON object. When the value is not an object it reports that once
// and every read returns nullopt.
class ObjectReader {
 public:
  ObjectReader(const Json& value, std::string pointer, Reporter& reporter);

  bool is_object() const { return object_ != nullptr; }
  const Json* object() const { return object_; }  // nullptr when not an object
  const std::string& pointer() const { return pointer_; }
  std::string pointer_to(std::string_view key) const { return pointer_append(pointer_, key); }
  Reporter& reporter() const { return reporter_; }
  const Json* find(std::string_view key) const;

  // Reports each member not in `allowed`, with a suggestion.
  void check_fields(const std::vector<std::string>& allowed) const;

  std::optional<std::string> string(std::string_view key, Presence presence) const;
  std::optional<double> number(std::string_view key, Presence presence, const Range& range) const;
  std::optional<bool> boolean(std::string_view key, Presence presence) const;
  std::optional<Month> month(std::string_view key, Presence presence) const;
  // A string that must be one of `choices`.
  std::optional<std::string> choice(std::string_view key, Presence presence,
                                    const std::vector<std::string>& choices) const;
  std::optional<Schedule> schedule(std::string_view key, Presence presence,
                                   const Range& range) const;
  // A reference to an entity id: reports an unknown id with the nearest known one.
  // Returns the index of the id in the sorted `ids`, or -1.
  int reference(std::string_view key, Presence presence, std::string_view kind,
                const IdSet& ids) const;
  // "YYYY-MM" or "YYYY-MM-DD".
  std::optional<std::string> date(std::string_view key, Presence presence) const;
  // A string or an array of strings, joined with "; ".
  std::optional<std::string> text_list(std::string_view key, Presence presence) const;
  // source, as_of, note and estimated (field names among `estimable`).
  Provenance provenance(const std::vector<std::string>& estimable) const;

 private:
  // The member, or nullptr (reporting it when required and absent).
  const Json* member(std::string_view key, Presence presence) const;
  void type_error(std::string_view key, std::string_view expected, const Json& got) const;

  const Json* object_ = nullptr;
  std::string pointer_;
  Reporter& reporter_;
};

// The provenance members every entity may carry.
const std::vector<std::string>& provenance_fields();
// `fields` followed by the provenance members.
std::vector<std::string> with_provenance(std::vector<std::string> fields);

// Index of `id` in sorted `ids`, or -1.
int index_of(const std::vector<std::string>& ids, std::string_view id);
// Reports `id` when `ids` is known and lacks it ("unknown <kind> ..." with a suggestion).
// Returns its index, or -1.
int resolve_id(const IdSet& ids, const std::string& id, std::string_view kind,
               const std::string& pointer, Reporter& reporter);
// The keys of an object member, sorted (the order entity vectors use); empty when absent.
std::vector<std::string> sorted_keys(const Json* object);

// Checks the "schema" member. Returns false when the document is not an object or names a
// different schema, in which case its other contents are not worth checking.
bool check_schema(const Json& document, std::string_view expected, Reporter& reporter);

// Reads the entity map `key` of `doc` ({id: {...}}) into `out`, sorted by id; `read` reads one
// entity from its ObjectReader and the id is set afterwards.
template <class Entity, class Read>
void read_entity_map(const ObjectReader& doc, std::string_view key, Presence presence,
                     std::vector<Entity>& out, Read read) {
  const Json* map = doc.find(key);
  if (map == nullptr) {
    if (presence == Presence::kRequired) {
      doc.reporter().error(doc.pointer(), "missing required field " + in_quotes(key));
    }
    return;
  }
  const std::string pointer = doc.pointer_to(key);
  if (!map->is_object()) {
    doc.reporter().error(pointer, "expected an object keyed by id, got " + describe_type(*map));
    return;
  }
  const std::vector<std::string> ids = sorted_keys(map);
  out.resize(ids.size());
  for (const auto& [id, value] : map->items()) {
    if (id.empty()) doc.reporter().error(pointer, "ids must not be empty");
    Entity entity = read(ObjectReader(value, pointer_append(pointer, id), doc.reporter()));
    entity.id = id;
    out[static_cast<std::size_t>(index_of(ids, id))] = std::move(entity);
  }
}

}  // namespace capplan
