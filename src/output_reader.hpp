// Reads back documents capplan itself wrote (plans, sweep shards): each accessor checks one
// field's presence and type and throws an InputError naming the file and the JSON pointer.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "capplan/error.hpp"
#include "json_util.hpp"  // pointer_append

namespace capplan {

class OutputReader {
 public:
  using ojson = nlohmann::ordered_json;

  explicit OutputReader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw InputError({Diagnostic{Diagnostic::Severity::kError, file_, pointer, message}});
  }
  const ojson& at(const ojson& j, const std::string& key, const std::string& ptr) const {
    if (!j.is_object() || !j.contains(key)) fail(pointer_append(ptr, key), "missing field");
    return j.at(key);
  }
  double number(const ojson& j, const std::string& key, const std::string& ptr) const {
    const ojson& v = at(j, key, ptr);
    if (!v.is_number()) fail(pointer_append(ptr, key), "expected a number");
    return v.get<double>();
  }
  // A number or null.
  std::optional<double> optional(const ojson& j, const std::string& key,
                                 const std::string& ptr) const {
    if (at(j, key, ptr).is_null()) return std::nullopt;
    return number(j, key, ptr);
  }
  bool boolean(const ojson& j, const std::string& key, const std::string& ptr) const {
    const ojson& v = at(j, key, ptr);
    if (!v.is_boolean()) fail(pointer_append(ptr, key), "expected true or false");
    return v.get<bool>();
  }
  std::size_t count(const ojson& j, const std::string& key, const std::string& ptr) const {
    const ojson& v = at(j, key, ptr);
    if (!v.is_number_unsigned())
      fail(pointer_append(ptr, key), "expected a count (an integer at least 0)");
    return v.get<std::size_t>();
  }
  std::string string(const ojson& j, const std::string& key, const std::string& ptr) const {
    const ojson& v = at(j, key, ptr);
    if (!v.is_string()) fail(pointer_append(ptr, key), "expected a string");
    return v.get<std::string>();
  }
  const ojson& array(const ojson& j, const std::string& key, const std::string& ptr) const {
    const ojson& v = at(j, key, ptr);
    if (!v.is_array()) fail(pointer_append(ptr, key), "expected an array");
    return v;
  }
  const ojson& object(const ojson& j, const std::string& key, const std::string& ptr) const {
    const ojson& v = at(j, key, ptr);
    if (!v.is_object()) fail(pointer_append(ptr, key), "expected an object");
    return v;
  }
  // An object of numbers, as a sorted map.
  std::map<std::string, double> numbers(const ojson& j, const std::string& key,
                                        const std::string& ptr) const {
    std::map<std::string, double> out;
    for (const auto& [k, x] : object(j, key, ptr).items()) {
      if (!x.is_number()) fail(pointer_append(pointer_append(ptr, key), k), "expected a number");
      out[k] = x.get<double>();
    }
    return out;
  }

 private:
  std::string file_;
};

}  // namespace capplan
