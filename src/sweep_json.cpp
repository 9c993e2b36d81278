// capplan sweep, shard files: the JSON a sweep writes (schema capplan.sweep/v1), reading it
// back, and merging the shards of one sweep.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "capplan/sweep.hpp"
#include "json_util.hpp"
#include "output_reader.hpp"

namespace capplan {

namespace {

using ojson = nlohmann::ordered_json;

constexpr const char* kSweepSchema = "capplan.sweep/v1";

ojson optional_number(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

ojson axis_json(const SweepAxis& a) {
  ojson j;
  j["set"] = a.target();
  j["from"] = a.from;
  j["to"] = a.to;
  j["step"] = a.step;
  j["count"] = a.size();
  const std::string unit = a.dual_unit();
  j["dual_unit"] = unit.empty() ? ojson(nullptr) : ojson(unit);
  return j;
}

ojson row_json(const SweepRow& row) {
  ojson j;
  j["point"] = row.point;
  j["values"] = row.values;
  j["status"] = to_string(row.status);
  j["objective_usd"] = optional_number(row.objective_usd);
  j["unmet_tokens"] = optional_number(row.unmet_tokens);
  ojson shares = ojson::object();
  for (const auto& [id, share] : row.share_fractions) shares[id] = share;
  j["shares"] = shares;
  ojson duals = ojson::array();
  for (const auto& d : row.duals) duals.push_back(optional_number(d));
  j["duals"] = duals;
  return j;
}

// Reading a sweep file back (OutputReader reports every missing or mistyped field).
SweepAxis read_axis(const OutputReader& r, const ojson& j, const std::string& ptr) {
  const std::string set = r.string(j, "set", ptr);
  SweepAxis axis;
  try {
    axis = parse_sweep_axis(set + "=" + format_number(r.number(j, "from", ptr)) + ":" +
                            format_number(r.number(j, "to", ptr)) + ":" +
                            format_number(r.number(j, "step", ptr)));
  } catch (const UsageError& e) {
    r.fail(ptr, e.what());
  }
  if (axis.size() != r.count(j, "count", ptr))
    r.fail(pointer_append(ptr, "count"), "does not match from, to and step");
  return axis;
}

SweepRow read_row(const OutputReader& r, const ojson& j, const std::string& ptr,
                  const SweepResult& result) {
  SweepRow row;
  row.point = r.count(j, "point", ptr);
  if (row.point >= result.spec.point_count())
    r.fail(pointer_append(ptr, "point"),
           fmt::format("no such point: the sweep has {}", result.spec.point_count()));
  for (std::size_t i = 0; const ojson& v : r.array(j, "values", ptr)) {
    if (!v.is_number())
      r.fail(pointer_append(pointer_append(ptr, "values"), i), "expected a number");
    row.values.push_back(v.get<double>());
    ++i;
  }
  if (row.values != result.spec.point_values(row.point))
    r.fail(pointer_append(ptr, "values"),
           fmt::format("not the values of point {} of the sweep", row.point));
  const std::optional<PlanStatus> status = parse_plan_status(r.string(j, "status", ptr));
  if (status != PlanStatus::kOptimal && status != PlanStatus::kInfeasible)
    r.fail(pointer_append(ptr, "status"), "expected \"optimal\" or \"infeasible\"");
  row.status = *status;
  row.objective_usd = r.optional(j, "objective_usd", ptr);
  row.unmet_tokens = r.optional(j, "unmet_tokens", ptr);
  for (const auto& [id, v] : r.object(j, "shares", ptr).items()) {
    if (!v.is_number())
      r.fail(pointer_append(pointer_append(ptr, "shares"), id), "expected a number");
    row.share_fractions[id] = v.get<double>();
  }
  const ojson& duals = r.array(j, "duals", ptr);
  if (duals.size() != result.spec.axes.size())
    r.fail(pointer_append(ptr, "duals"), "expected one per --set");
  for (std::size_t i = 0; i < duals.size(); ++i) {
    if (duals[i].is_null()) {
      row.duals.emplace_back();
    } else if (duals[i].is_number()) {
      row.duals.emplace_back(duals[i].get<double>());
    } else {
      r.fail(pointer_append(pointer_append(ptr, "duals"), i), "expected a number or null");
    }
  }
  return row;
}

}  // namespace

std::string sweep_to_json(const SweepResult& result) {
  ojson j;
  j["schema"] = kSweepSchema;
  j["scenario"] = result.scenario;
  ojson hashes = ojson::object();
  for (const auto& [k, v] : result.input_hashes) hashes[k] = v;
  j["inputs"] = hashes;
  ojson axes = ojson::array();
  for (const SweepAxis& a : result.spec.axes) axes.push_back(axis_json(a));
  j["sweep"] = axes;
  j["points"] = result.spec.point_count();
  j["providers"] = result.providers;
  if (result.shard) j["shard"] = {{"index", result.shard->index}, {"count", result.shard->count}};
  ojson rows = ojson::array();
  for (const SweepRow& row : result.rows) rows.push_back(row_json(row));
  j["rows"] = rows;
  return j.dump(2) + "\n";
}

SweepResult sweep_from_json(const std::string& text, const std::string& file_name) {
  const OutputReader r(file_name);
  std::vector<Diagnostic> syntax;
  Reporter reporter(file_name, syntax);
  std::optional<Json> parsed = parse_json(text, reporter);
  if (!parsed) throw InputError(std::move(syntax));
  const ojson root = std::move(*parsed);
  if (r.string(root, "schema", "") != kSweepSchema)
    r.fail("/schema", fmt::format("expected \"{}\" (a file written by capplan sweep --format json)",
                                  kSweepSchema));
  SweepResult result;
  result.scenario = r.string(root, "scenario", "");
  for (const auto& [k, v] : r.object(root, "inputs", "").items()) {
    if (!v.is_string()) r.fail(pointer_append("/inputs", k), "expected a string");
    result.input_hashes[k] = v.get<std::string>();
  }
  const ojson& axes = r.array(root, "sweep", "");
  if (axes.empty()) r.fail("/sweep", "expected at least one --set");
  for (std::size_t i = 0; i < axes.size(); ++i)
    result.spec.axes.push_back(read_axis(r, axes[i], pointer_append("/sweep", i)));
  if (result.spec.point_count() != r.count(root, "points", ""))
    r.fail("/points", "does not match the sweep");
  for (std::size_t i = 0; const ojson& p : r.array(root, "providers", "")) {
    if (!p.is_string()) r.fail(pointer_append("/providers", i), "expected a string");
    result.providers.push_back(p.get<std::string>());
    ++i;
  }
  if (root.contains("shard")) {
    const ojson& s = r.object(root, "shard", "");
    SweepShard shard;
    shard.index = static_cast<int>(r.count(s, "index", "/shard"));
    shard.count = static_cast<int>(r.count(s, "count", "/shard"));
    if (shard.index < 1 || shard.count < shard.index)
      r.fail("/shard", "expected 1 <= index <= count");
    result.shard = shard;
  }
  const ojson& rows = r.array(root, "rows", "");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    SweepRow row = read_row(r, rows[i], pointer_append("/rows", i), result);
    if (!result.rows.empty() && row.point <= result.rows.back().point)
      r.fail(pointer_append(pointer_append("/rows", i), "point"),
             "rows must be in ascending point order");
    result.rows.push_back(std::move(row));
  }
  return result;
}

// --- Merge ---------------------------------------------------------------------------------

namespace {

// "3, 5, 7-9" (at most `limit` items, then "and N more").
std::string point_list(const std::vector<std::size_t>& points, std::size_t limit = 20) {
  std::vector<std::string> items;
  std::size_t i = 0;
  while (i < points.size()) {
    std::size_t j = i;
    while (j + 1 < points.size() && points[j + 1] == points[j] + 1) ++j;
    items.push_back(j == i ? std::to_string(points[i])
                           : fmt::format("{}-{}", points[i], points[j]));
    i = j + 1;
  }
  std::string out;
  for (std::size_t k = 0; k < items.size() && k < limit; ++k) out += (k ? ", " : "") + items[k];
  if (items.size() > limit) out += fmt::format(" and {} more", items.size() - limit);
  return out;
}

Diagnostic merge_error(const std::string& file, const std::string& message) {
  return Diagnostic{Diagnostic::Severity::kError, file, "", message};
}

}  // namespace

SweepResult merge_sweeps(const std::vector<std::pair<std::string, SweepResult>>& parts) {
  if (parts.empty()) throw UsageError("--merge: no files");
  const auto& [first_name, first] = parts.front();
  SweepResult merged = first;
  merged.shard.reset();
  merged.rows.clear();
  std::vector<Diagnostic> errors;
  for (const auto& [name, part] : parts) {
    std::string differs;
    if (!(part.spec == first.spec))
      differs = "its --set differ";
    else if (part.input_hashes != first.input_hashes)
      differs = "its inputs differ (input hashes)";
    else if (part.scenario != first.scenario)
      differs = "its scenario differs";
    else if (part.providers != first.providers)
      differs = "its providers differ";
    if (!differs.empty())
      errors.push_back(
          merge_error(name, "not a shard of the same sweep as " + first_name + ": " + differs));
  }
  if (!errors.empty()) throw InputError(std::move(errors));

  const std::size_t total = first.spec.point_count();
  std::vector<std::vector<std::size_t>> holders(total);  // point -> parts holding it
  for (std::size_t k = 0; k < parts.size(); ++k)
    for (const SweepRow& row : parts[k].second.rows) holders[row.point].push_back(k);
  std::vector<std::size_t> missing;
  std::map<std::vector<std::size_t>, std::vector<std::size_t>> duplicated;  // parts -> points
  for (std::size_t p = 0; p < total; ++p) {
    if (holders[p].empty()) missing.push_back(p);
    if (holders[p].size() > 1) duplicated[holders[p]].push_back(p);
  }
  for (const auto& [holding, points] : duplicated) {
    std::string files;
    for (std::size_t k = 0; k < holding.size(); ++k)
      files += (k ? ", " : "") + parts[holding[k]].first;
    errors.push_back(merge_error(files, (points.size() == 1 ? "point " : "points ") +
                                            point_list(points) + " held more than once"));
  }
  if (!missing.empty())
    errors.push_back(merge_error(
        "", fmt::format("the shards do not cover the sweep: {} of {} points missing: {}",
                        missing.size(), total, point_list(missing))));
  if (!errors.empty()) throw InputError(std::move(errors));

  merged.rows.resize(total);
  for (const auto& [name, part] : parts)
    for (const SweepRow& row : part.rows) merged.rows[row.point] = row;
  return merged;
}

}  // namespace capplan
