#include "json_util.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace capplan {

// --- Diagnostics -----------------------------------------------------------------------

void Reporter::error(std::string pointer, std::string message) {
  out_.push_back(
      Diagnostic{Diagnostic::Severity::kError, file_, std::move(pointer), std::move(message)});
  ++errors_;
}

void Reporter::warning(std::string pointer, std::string message) {
  out_.push_back(
      Diagnostic{Diagnostic::Severity::kWarning, file_, std::move(pointer), std::move(message)});
}

// --- Parsing ---------------------------------------------------------------------------

namespace {

// Deeper documents are refused, so that nothing recursive downstream (merge patches, dumps)
// can exhaust the stack.
constexpr std::size_t kMaxDepth = 128;

// Builds an ordered_json document from SAX events, so that duplicate keys (which the DOM
// parser silently overwrites) and the byte offset of a syntax error are both seen. Members are
// appended in O(1): ordered_json's own insertion searches the object linearly.
class DomBuilder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  explicit DomBuilder(Reporter& reporter) : reporter_(reporter) {}

  bool null() { return add(Json(nullptr)); }
  bool boolean(bool v) { return add(Json(v)); }
  bool number_integer(number_integer_t v) { return add(Json(v)); }
  bool number_unsigned(number_unsigned_t v) { return add(Json(v)); }
  bool number_float(number_float_t v, const string_t& /*text*/) { return add(Json(v)); }
  bool string(string_t& v) { return add(Json(std::move(v))); }
  bool binary(binary_t& v) { return add(Json::binary(std::move(v))); }
  bool start_object(std::size_t /*size*/) { return open(Json::object()); }
  bool start_array(std::size_t /*size*/) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& k) {
    Frame& frame = stack_.back();
    frame.duplicate = !frame.keys.insert(k).second;
    if (frame.duplicate) reporter_.error(frame.pointer, "duplicate key " + in_quotes(k));
    frame.key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string& /*last_token*/,
                   const Json::exception& ex) {
    error_offset_ = position == 0 ? 0 : position - 1;
    error_message_ = strip_nlohmann_prefix(ex.what());
    return false;
  }

  Json take() { return std::move(root_); }
  bool too_deep() const { return too_deep_; }
  std::optional<std::size_t> error_offset() const { return error_offset_; }
  const std::string& error_message() const { return error_message_; }

 private:
  struct Frame {
    Json* node;
    std::string pointer;
    std::string key;         // pending key of an object
    bool duplicate = false;  // the pending key was seen before in this object
    std::unordered_set<std::string> keys;
  };

  // nlohmann's message is "[json.exception.x.n] parse error at line L, column C: what";
  // line:col is written by the caller, so keep only "what".
  static std::string strip_nlohmann_prefix(const std::string& what) {
    std::string text = what;
    const std::size_t bracket = text.find("] ");
    if (bracket != std::string::npos) text = text.substr(bracket + 2);
    const std::size_t column = text.find(", column ");
    if (text.rfind("parse error", 0) == 0 && column != std::string::npos) {
      const std::size_t colon = text.find(": ", column);
      if (colon != std::string::npos) text = text.substr(colon + 2);
    }
    return text;
  }

  std::string child_pointer() const {
    if (stack_.empty()) return "";
    const Frame& frame = stack_.back();
    if (frame.node->is_object()) return pointer_append(frame.pointer, frame.key);
    return pointer_append(frame.pointer, frame.node->size());
  }

  // Inserts `value` into the open container (or as the root); returns where it went.
  Json* insert(Json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& frame = stack_.back();
    if (frame.node->is_object()) {
      auto& object = frame.node->get_ref<Json::object_t&>();
      if (frame.duplicate) {
        Json& slot = object[frame.key];  // the last value wins, as in nlohmann's own parser
        slot = std::move(value);
        return &slot;
      }
      object.emplace_back(std::move(frame.key), std::move(value));
      return &object.back().second;
    }
    frame.node->push_back(std::move(value));
    return &frame.node->back();
  }

  bool add(Json value) {
    insert(std::move(value));
    return true;
  }

  bool open(Json container) {
    if (stack_.size() >= kMaxDepth) {
      too_deep_ = true;
      return false;
    }
    std::string pointer = child_pointer();
    Json* node = insert(std::move(container));
    stack_.push_back(Frame{node, std::move(pointer), "", false, {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  Reporter& reporter_;
  Json root_;
  std::vector<Frame> stack_;
  std::optional<std::size_t> error_offset_;
  std::string error_message_;
  bool too_deep_ = false;
};

}  // namespace

std::optional<std::size_t> invalid_utf8_offset(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    // Length of the sequence and the allowed range of its second byte (Unicode table 3-7).
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return i;
    }
    if (i + length > text.size() || byte(i + 1) < low || byte(i + 1) > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return i;
    }
    i += length;
  }
  return std::nullopt;
}

std::string line_col(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const auto line = std::count(before.begin(), before.end(), '\n') + 1;
  const std::size_t last_newline = before.rfind('\n');
  const std::size_t column =
      last_newline == std::string_view::npos ? offset + 1 : offset - last_newline;
  return fmt::format("{}:{}", line, column);
}

std::optional<Json> parse_json(const std::string& text, Reporter& reporter) {
  // JSON is UTF-8 (RFC 8259); say so plainly rather than in the parser's terms.
  if (const std::optional<std::size_t> bad = invalid_utf8_offset(text)) {
    reporter.error(line_col(text, *bad),
                   fmt::format("not UTF-8 text (byte 0x{:02X}); save the file as UTF-8",
                               static_cast<unsigned char>(text[*bad])));
    return std::nullopt;
  }
  DomBuilder builder(reporter);
  const bool ok = Json::sax_parse(text, &builder, nlohmann::detail::input_format_t::json, true);
  if (builder.too_deep()) {
    reporter.error("", fmt::format("nested more than {} levels deep", kMaxDepth));
    return std::nullopt;
  }
  if (!ok || builder.error_offset()) {
    reporter.error(line_col(text, builder.error_offset().value_or(0)), builder.error_message());
    return std::nullopt;
  }
  return builder.take();
}

// --- Pointers and suggestions ----------------------------------------------------------

std::string pointer_append(const std::string& parent, std::string_view key) {
  nlohmann::json::json_pointer token;
  token.push_back(std::string(key));
  return parent + token.to_string();  // nlohmann escapes ~ as ~0 and / as ~1
}

std::string pointer_append(const std::string& parent, std::size_t index) {
  return pointer_append(parent, std::to_string(index));
}

std::optional<std::vector<std::string>> pointer_tokens(const std::string& pointer) {
  nlohmann::json::json_pointer parsed;
  try {
    parsed = nlohmann::json::json_pointer(pointer);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  std::vector<std::string> tokens;
  for (; !parsed.empty(); parsed.pop_back()) tokens.push_back(parsed.back());
  std::reverse(tokens.begin(), tokens.end());
  return tokens;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitute});
    }
  }
  return row[b.size()];
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  const std::string* best = nullptr;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == word) return "";  // a known word is no typo
    const std::size_t d = edit_distance(word, candidate);
    if (d < best_distance) {
      best = &candidate;
      best_distance = d;
    }
  }
  if (best == nullptr) return "";
  return " (did you mean " + in_quotes(*best) + "?)";
}

std::string in_quotes(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

std::string format_number(double value) { return fmt::format("{}", value); }

std::string format_limit(double value) {
  std::string text = fmt::format("{:g}", value);  // 100, 0.25, 1e+15, 1e+06
  const std::size_t e = text.find('e');
  if (e == std::string::npos) return text;
  std::size_t digits = e + 1;
  if (text[digits] == '+') text.erase(digits, 1);
  if (text[digits] == '-') ++digits;
  while (digits + 1 < text.size() && text[digits] == '0') text.erase(digits, 1);
  return text;
}

std::string describe_type(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::null:
      return "null";
    default:
      return value.is_number() ? "a number" : "binary data";
  }
}

// --- Ranges ----------------------------------------------------------------------------

bool Range::contains(double v) const {
  if (low && (low_open ? v <= *low : v < *low)) return false;
  if (high && (high_open ? v >= *high : v > *high)) return false;
  return true;
}

std::string Range::describe() const {
  if (low && high && !low_open && !high_open) {
    return "between " + format_limit(*low) + " and " + format_limit(*high);
  }
  std::string lower, upper;
  if (low) lower = (low_open ? "greater than " : "at least ") + format_limit(*low);
  if (high) upper = (high_open ? "less than " : "at most ") + format_limit(*high);
  if (!lower.empty() && !upper.empty()) return lower + " and " + upper;
  return lower + upper;
}

// --- Reading objects -------------------------------------------------------------------

const std::vector<std::string>& provenance_fields() {
  static const std::vector<std::string> fields = {"source", "as_of", "note", "estimated"};
  return fields;
}

std::vector<std::string> with_provenance(std::vector<std::string> fields) {
  const std::vector<std::string>& extra = provenance_fields();
  fields.insert(fields.end(), extra.begin(), extra.end());
  return fields;
}

int index_of(const std::vector<std::string>& ids, std::string_view id) {
  const auto it = std::lower_bound(ids.begin(), ids.end(), id);
  if (it == ids.end() || *it != id) return -1;
  return static_cast<int>(it - ids.begin());
}

int resolve_id(const IdSet& ids, const std::string& id, std::string_view kind,
               const std::string& pointer, Reporter& reporter) {
  const int index = index_of(ids.ids, id);
  if (index < 0 && ids.known) {
    reporter.error(pointer,
                   fmt::format("unknown {} {}{}", kind, in_quotes(id), did_you_mean(id, ids.ids)));
  }
  return index;
}

IdSet id_set(const Json* map, Presence presence) {
  if (map == nullptr) return IdSet{{}, presence == Presence::kOptional};
  return IdSet{sorted_keys(map), map->is_object()};
}

std::vector<std::string> sorted_keys(const Json* object) {
  std::vector<std::string> keys;
  if (object == nullptr || !object->is_object()) return keys;
  for (const auto& [key, value] : object->items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

ObjectReader::ObjectReader(const Json& value, std::string pointer, Reporter& reporter)
    : pointer_(std::move(pointer)), reporter_(reporter) {
  if (value.is_object()) {
    object_ = &value;
  } else {
    reporter_.error(pointer_, "expected an object, got " + describe_type(value));
  }
}

const Json* ObjectReader::find(std::string_view key) const {
  if (object_ == nullptr) return nullptr;
  const auto it = object_->find(std::string(key));
  return it == object_->end() ? nullptr : &*it;
}

const Json* ObjectReader::member(std::string_view key, Presence presence) const {
  if (object_ == nullptr) return nullptr;
  const Json* value = find(key);
  if (value == nullptr && presence == Presence::kRequired) {
    reporter_.error(pointer_, "missing required field " + in_quotes(key));
  }
  return value;
}

void ObjectReader::type_error(std::string_view key, std::string_view expected,
                              const Json& got) const {
  reporter_.error(pointer_to(key),
                  fmt::format("expected {}, got {}", expected, describe_type(got)));
}

void ObjectReader::check_fields(const std::vector<std::string>& allowed) const {
  if (object_ == nullptr) return;
  for (const auto& [key, value] : object_->items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    reporter_.error(pointer_, "unknown field " + in_quotes(key) + did_you_mean(key, allowed));
  }
}

std::optional<std::string> ObjectReader::string(std::string_view key, Presence presence) const {
  const Json* value = member(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    type_error(key, "a string", *value);
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<double> ObjectReader::number(std::string_view key, Presence presence,
                                           const Range& range) const {
  const Json* value = member(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number()) {
    type_error(key, "a number", *value);
    return std::nullopt;
  }
  const double v = value->get<double>();
  if (!std::isfinite(v)) {
    reporter_.error(pointer_to(key), "must be a finite number, got " + format_number(v));
    return std::nullopt;
  }
  if (!range.contains(v)) {
    const bool too_high = range.high && v > *range.high && range.high_reason != nullptr;
    // A representability limit is named only to a number above it.
    Range shown = range;
    if (range.high_reason != nullptr && !too_high) shown.high.reset();
    reporter_.error(
        pointer_to(key),
        fmt::format("must be {}{}, got {}", shown.describe(),
                    too_high ? fmt::format(" ({})", range.high_reason) : "", format_number(v)));
    return std::nullopt;
  }
  if (!range.high && std::abs(v) > kMaxInputMagnitude) {
    reporter_.error(pointer_to(key),
                    fmt::format("must be at most {} (larger numbers are beyond what the planning "
                                "model represents accurately), got {}",
                                format_limit(kMaxInputMagnitude), format_number(v)));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> ObjectReader::boolean(std::string_view key, Presence presence) const {
  const Json* value = member(key, presence);
  if (value == nullptr) return std::nullopt;
  if (!value->is_boolean()) {
    type_error(key, "true or false", *value);
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<Month> ObjectReader::month(std::string_view key, Presence presence) const {
  const std::optional<std::string> text = string(key, presence);
  if (!text) return std::nullopt;
  std::optional<Month> parsed = Month::parse(*text);
  if (!parsed) {
    reporter_.error(pointer_to(key), "expected a month as \"YYYY-MM\", got " + in_quotes(*text));
  }
  return parsed;
}

std::optional<std::string> ObjectReader::choice(std::string_view key, Presence presence,
                                                const std::vector<std::string>& choices) const {
  std::optional<std::string> text = string(key, presence);
  if (!text) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *text) != choices.end()) return text;
  std::string listed;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) listed += i + 1 == choices.size() ? " or " : ", ";
    listed += in_quotes(choices[i]);
  }
  reporter_.error(pointer_to(key), fmt::format("must be {}, got {}", listed, in_quotes(*text)));
  return std::nullopt;
}

namespace {

// One step {"from": "YYYY-MM", "value": number} of a schedule.
std::optional<ScheduleStep> read_step(const Json& value, const std::string& pointer,
                                      const Range& range, Reporter& reporter) {
  ObjectReader step(value, pointer, reporter);
  if (!step.is_object()) return std::nullopt;
  step.check_fields({"from", "value"});
  const std::optional<Month> from = step.month("from", Presence::kRequired);
  const std::optional<double> v = step.number("value", Presence::kRequired, range);
  if (!from || !v) return std::nullopt;
  return ScheduleStep{*from, *v};
}

}  // namespace

std::optional<Schedule> ObjectReader::schedule(std::string_view key, Presence presence,
                                               const Range& range) const {
  const Json* value = member(key, presence);
  if (value == nullptr) return std::nullopt;
  if (value->is_number()) {
    const std::optional<double> v = number(key, presence, range);
    if (!v) return std::nullopt;
    return Schedule::constant_of(*v);
  }
  if (!value->is_array()) {
    type_error(key, "a number or an array of {\"from\", \"value\"} steps", *value);
    return std::nullopt;
  }
  const std::string pointer = pointer_to(key);
  if (value->empty()) {
    reporter_.error(pointer, "a schedule needs at least one step");
    return std::nullopt;
  }
  Schedule schedule{false, 0.0, {}};
  bool ok = true;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const std::string step_pointer = pointer_append(pointer, i);
    const std::optional<ScheduleStep> step = read_step((*value)[i], step_pointer, range, reporter_);
    if (!step) {
      ok = false;
      continue;
    }
    if (!schedule.steps.empty() && step->from <= schedule.steps.back().from) {
      reporter_.error(pointer_append(step_pointer, "from"),
                      fmt::format("steps must be in strictly increasing order of \"from\", got {} "
                                  "after {}",
                                  step->from.to_string(), schedule.steps.back().from.to_string()));
      ok = false;
    }
    schedule.steps.push_back(*step);
  }
  if (!ok) return std::nullopt;
  return schedule;
}

int ObjectReader::reference(std::string_view key, Presence presence, std::string_view kind,
                            const IdSet& ids) const {
  const std::optional<std::string> id = string(key, presence);
  if (!id) return -1;
  return resolve_id(ids, *id, kind, pointer_to(key), reporter_);
}

namespace {

bool is_valid_date(const std::string& text) {
  if (text.size() == 7) return Month::parse(text).has_value();
  if (text.size() != 10 || text[7] != '-') return false;
  const std::optional<Month> month = Month::parse(text.substr(0, 7));
  if (!month) return false;
  const char d1 = text[8];
  const char d2 = text[9];
  if (d1 < '0' || d1 > '9' || d2 < '0' || d2 > '9') return false;
  const int day = (d1 - '0') * 10 + (d2 - '0');
  return day >= 1 && day <= month->days();
}

}  // namespace

std::optional<std::string> ObjectReader::date(std::string_view key, Presence presence) const {
  std::optional<std::string> text = string(key, presence);
  if (!text) return std::nullopt;
  if (!is_valid_date(*text)) {
    reporter_.error(pointer_to(key),
                    "expected a date as \"YYYY-MM\" or \"YYYY-MM-DD\", got " + in_quotes(*text));
    return std::nullopt;
  }
  return text;
}

std::optional<std::string> ObjectReader::text_list(std::string_view key, Presence presence) const {
  const Json* value = member(key, presence);
  if (value == nullptr) return std::nullopt;
  if (value->is_string()) return value->get<std::string>();
  if (!value->is_array()) {
    type_error(key, "a string or an array of strings", *value);
    return std::nullopt;
  }
  std::string joined;
  bool ok = true;
  for (std::size_t i = 0; i < value->size(); ++i) {
    const Json& item = (*value)[i];
    if (!item.is_string()) {
      reporter_.error(pointer_append(pointer_to(key), i),
                      "expected a string, got " + describe_type(item));
      ok = false;
      continue;
    }
    if (!joined.empty()) joined += "; ";
    joined += item.get<std::string>();
  }
  if (!ok) return std::nullopt;
  return joined;
}

Provenance ObjectReader::provenance(const std::vector<std::string>& estimable) const {
  Provenance provenance;
  provenance.source = text_list("source", Presence::kOptional).value_or("");
  provenance.as_of = date("as_of", Presence::kOptional).value_or("");
  provenance.note = string("note", Presence::kOptional).value_or("");
  const Json* estimated = member("estimated", Presence::kOptional);
  if (estimated == nullptr) return provenance;
  if (!estimated->is_array()) {
    type_error("estimated", "an array of field names", *estimated);
    return provenance;
  }
  for (std::size_t i = 0; i < estimated->size(); ++i) {
    const Json& item = (*estimated)[i];
    const std::string pointer = pointer_append(pointer_to("estimated"), i);
    if (!item.is_string()) {
      reporter_.error(pointer, "expected a field name, got " + describe_type(item));
    } else if (std::find(estimable.begin(), estimable.end(), item.get<std::string>()) ==
               estimable.end()) {
      const std::string name = item.get<std::string>();
      reporter_.error(pointer, "unknown field " + in_quotes(name) + did_you_mean(name, estimable));
    } else {
      provenance.estimated.push_back(item.get<std::string>());
    }
  }
  return provenance;
}

bool check_schema(const Json& document, std::string_view expected, Reporter& reporter) {
  if (!document.is_object()) {
    reporter.error("", "expected an object, got " + describe_type(document));
    return false;
  }
  const auto it = document.find("schema");
  if (it == document.end()) {
    reporter.error(
        "", fmt::format("missing required field \"schema\" (expected {})", in_quotes(expected)));
    return true;
  }
  if (!it->is_string() || it->get<std::string>() != expected) {
    const std::string got =
        it->is_string() ? in_quotes(it->get<std::string>()) : describe_type(*it);
    reporter.error("/schema", fmt::format("expected {}, got {}", in_quotes(expected), got));
    return false;
  }
  return true;
}

}  // namespace capplan
