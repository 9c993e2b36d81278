// Demand as CSV (`period,model,class,geo,tokens_per_day`), converted to and from the JSON form.
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "demand_csv.hpp"
#include "input_documents.hpp"
#include "json_util.hpp"

namespace capplan {
namespace {

constexpr const char* kHeader = "period,model,class,geo,tokens_per_day";
constexpr std::size_t kColumns = 5;
enum Column { kPeriod = 0, kModel, kClass, kGeo, kTokensPerDay };
constexpr const char* kColumnNames[kColumns] = {"period", "model", "class", "geo",
                                                "tokens_per_day"};
// Classes the CSV cannot describe get these (docs/FORMATS.md).
constexpr const char* kInteractiveClass = "interactive";
constexpr double kInteractivePeakToAvg = 1.5;

struct Field {
  std::string text;
  std::size_t column = 1;  // 1-based byte column of the field in its line
};

struct Row {
  std::size_t line = 0;
  std::vector<Field> fields;
  Month period;
  double tokens_per_day = 0.0;
  std::string location(Column c) const { return fmt::format("{}:{}", line, fields[c].column); }
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

std::vector<Field> split_fields(std::string_view line) {
  std::vector<Field> fields;
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = line.find(',', begin);
    const std::string_view raw = line.substr(
        begin, comma == std::string_view::npos ? std::string_view::npos : comma - begin);
    const std::size_t lead = raw.find_first_not_of(" \t");
    fields.push_back(Field{std::string(trim(raw)), begin + 1 + (lead == raw.npos ? 0 : lead)});
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  return fields;
}

std::optional<double> parse_number(const std::string& text) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// Checks one data line's fields; reports every problem.
std::optional<Row> parse_row(std::size_t line, std::vector<Field> fields, Reporter& reporter) {
  Row row{line, std::move(fields), Month{}, 0.0};
  if (row.fields.size() != kColumns) {
    reporter.error(fmt::format("{}:1", line),
                   fmt::format("expected {} fields, got {}", kColumns, row.fields.size()));
    return std::nullopt;
  }
  bool ok = true;
  const std::optional<Month> period = Month::parse(row.fields[kPeriod].text);
  if (!period) {
    reporter.error(row.location(kPeriod),
                   "expected a month as \"YYYY-MM\", got " + in_quotes(row.fields[kPeriod].text));
    ok = false;
  }
  for (Column c : {kModel, kClass, kGeo}) {
    if (!row.fields[c].text.empty()) continue;
    reporter.error(row.location(c), fmt::format("{} must not be empty", kColumnNames[c]));
    ok = false;
  }
  const std::optional<double> tokens = parse_number(row.fields[kTokensPerDay].text);
  if (!tokens || *tokens < 0) {
    reporter.error(row.location(kTokensPerDay),
                   "tokens_per_day must be a number of at least 0, got " +
                       in_quotes(row.fields[kTokensPerDay].text));
    ok = false;
  }
  if (!ok) return std::nullopt;
  row.period = *period;
  row.tokens_per_day = *tokens;
  return row;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t newline = text.find('\n', begin);
    if (newline == std::string_view::npos) {
      lines.push_back(text.substr(begin));
      break;
    }
    lines.push_back(text.substr(begin, newline - begin));
    begin = newline + 1;
  }
  return lines;
}

std::string slice_id(const Row& row) {
  return row.fields[kModel].text + "-" + row.fields[kGeo].text + "-" + row.fields[kClass].text;
}

// The rows of every slice, in period order; reports duplicate periods and ambiguous ids.
std::map<std::string, std::map<Month, const Row*>> group_rows(const std::vector<Row>& rows,
                                                              Reporter& reporter) {
  std::map<std::string, std::map<Month, const Row*>> slices;
  for (const Row& row : rows) {
    auto& periods = slices[slice_id(row)];
    const Row* first = periods.empty() ? nullptr : periods.begin()->second;
    if (first != nullptr && (first->fields[kModel].text != row.fields[kModel].text ||
                             first->fields[kClass].text != row.fields[kClass].text ||
                             first->fields[kGeo].text != row.fields[kGeo].text)) {
      reporter.error(fmt::format("{}:1", row.line),
                     fmt::format("slice id {} also names the slice of line {}; use ids without "
                                 "\"-\" in model, geo or class",
                                 in_quotes(slice_id(row)), first->line));
      continue;
    }
    const auto [it, inserted] = periods.emplace(row.period, &row);
    if (!inserted) {
      reporter.error(
          row.location(kPeriod),
          fmt::format("duplicate row for slice {} in {} (first on line {})",
                      in_quotes(slice_id(row)), row.period.to_string(), it->second->line));
    }
  }
  return slices;
}

Json class_json(const std::string& id) {
  const bool interactive = id == kInteractiveClass;
  Json demand_class = Json::object();
  demand_class["peak_to_avg"] = interactive ? kInteractivePeakToAvg : 1.0;
  demand_class["interactive"] = interactive;
  return demand_class;
}

// Builds the JSON document and the pointer -> line:col map from well-formed rows.
CsvDemand build_document(const std::vector<Row>& rows,
                         const std::map<std::string, std::map<Month, const Row*>>& slices) {
  CsvDemand csv;
  const Row* first = &rows.front();
  const Row* last = &rows.front();
  Json classes = Json::object();
  Json slices_json = Json::object();
  for (const auto& [id, periods] : slices) {
    const Row& head = *periods.begin()->second;
    const std::string pointer = pointer_append("/slices", id);
    Json steps = Json::array();
    for (const auto& [period, row] : periods) {
      const std::string step_pointer =
          pointer_append(pointer_append(pointer, "tokens_per_day"), steps.size());
      csv.locations[step_pointer] = fmt::format("{}:1", row->line);
      csv.locations[pointer_append(step_pointer, "value")] = row->location(kTokensPerDay);
      steps.push_back(Json{{"from", period.to_string()}, {"value", row->tokens_per_day}});
      if (row->period < first->period) first = row;
      if (row->period > last->period) last = row;
    }
    slices_json[id] = Json{{"model", head.fields[kModel].text},
                           {"class", head.fields[kClass].text},
                           {"geo", head.fields[kGeo].text},
                           {"tokens_per_day", std::move(steps)}};
    csv.locations[pointer] = fmt::format("{}:1", head.line);
    for (Column c : {kModel, kClass, kGeo}) {
      csv.locations[pointer_append(pointer, kColumnNames[c])] = head.location(c);
    }
    const std::string& class_id = head.fields[kClass].text;
    if (!classes.contains(class_id)) {
      classes[class_id] = class_json(class_id);
      csv.locations[pointer_append("/classes", class_id)] = head.location(kClass);
    }
  }
  csv.locations["/start"] = first->location(kPeriod);
  csv.locations["/end"] = last->location(kPeriod);
  csv.document = Json{{"schema", kDemandSchema},         {"start", first->period.to_string()},
                      {"end", last->period.to_string()}, {"step", "month"},
                      {"classes", std::move(classes)},   {"slices", std::move(slices_json)}};
  return csv;
}

}  // namespace

bool is_csv_name(const std::string& name) {
  return name.size() >= 4 && name.compare(name.size() - 4, 4, ".csv") == 0;
}

std::optional<CsvDemand> convert_demand_csv(const std::string& text, Reporter& reporter) {
  const int errors_before = reporter.error_count();
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  std::vector<std::string_view> lines = split_lines(text);
  if (lines[0].substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    lines[0].remove_prefix(kByteOrderMark.size());
  }
  std::vector<Row> rows;
  bool header_seen = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) continue;
    if (!header_seen) {
      header_seen = true;
      std::string header;
      for (const Field& field : split_fields(lines[i]))
        header += (header.empty() ? "" : ",") + field.text;
      if (header == kHeader) continue;
      reporter.error(fmt::format("{}:1", i + 1),
                     fmt::format("expected the header {}, got {}", in_quotes(kHeader),
                                 in_quotes(trim(lines[i]))));
      return std::nullopt;
    }
    std::optional<Row> row = parse_row(i + 1, split_fields(lines[i]), reporter);
    if (row) rows.push_back(std::move(*row));
  }
  if (!header_seen) {
    reporter.error("1:1",
                   fmt::format("expected the header {}, got an empty file", in_quotes(kHeader)));
    return std::nullopt;
  }
  if (rows.empty()) {
    if (reporter.error_count() == errors_before) {
      reporter.error("1:1", "no data rows after the header");
    }
    return std::nullopt;
  }
  return build_document(rows, group_rows(rows, reporter));
}

std::string csv_location(const CsvDemand& csv, const std::string& pointer) {
  std::string prefix = pointer;
  while (!prefix.empty()) {
    const auto it = csv.locations.find(prefix);
    if (it != csv.locations.end()) return it->second;
    prefix.erase(prefix.rfind('/'));
  }
  return pointer;
}

std::string demand_csv_to_json(const SourceText& csv) {
  std::vector<Diagnostic> diagnostics;
  Reporter reporter(csv.name, diagnostics);
  const std::optional<CsvDemand> converted = convert_demand_csv(csv.text, reporter);
  if (reporter.error_count() > 0) throw InputError(std::move(diagnostics));
  return converted->document.dump(2) + "\n";
}

std::string demand_to_csv(const Demand& demand) {
  std::string out = std::string(kHeader) + "\n";
  for (Month t = demand.start; t <= demand.end; t = t.plus(1)) {
    for (std::size_t s = 0; s < demand.slices.size(); ++s) {
      const Slice& slice = demand.slices[s];
      const std::string class_id =
          slice.demand_class >= 0 ? demand.classes[slice.demand_class].id : std::string();
      out += fmt::format("{},{},{},{},{}\n", t.to_string(), slice.model_id, class_id, slice.geo,
                         format_number(demand.tokens_per_day(static_cast<int>(s), t)));
    }
  }
  return out;
}

}  // namespace capplan
