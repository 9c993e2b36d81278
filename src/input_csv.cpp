// Demand as CSV (`period,model,class,geo,tokens_per_day`), converted to and from the JSON form.
#include <fmt/format.h>

#include <algorithm>
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

// The fields of one line, RFC 4180 style: a field may be quoted ("a, b"; "" is a quote inside
// one) and spaces around a field are dropped. nullopt, with the error reported, for an
// unterminated quote or text after a closing one.
std::optional<std::vector<Field>> split_fields(std::string_view line, std::size_t line_number,
                                               Reporter& reporter) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  std::vector<Field> fields;
  std::size_t pos = 0;
  while (true) {
    while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
    Field field{std::string(), pos + 1};
    if (pos < line.size() && line[pos] == '"') {
      const std::size_t open = pos++;
      bool closed = false;
      while (pos < line.size()) {
        if (line[pos] != '"') {
          field.text += line[pos++];
        } else if (pos + 1 < line.size() && line[pos + 1] == '"') {
          field.text += '"';
          pos += 2;
        } else {
          closed = true;
          ++pos;
          break;
        }
      }
      if (!closed) {
        reporter.error(fmt::format("{}:{}", line_number, open + 1),
                       "unterminated quoted field (a field cannot span lines)");
        return std::nullopt;
      }
      while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
      if (pos < line.size() && line[pos] != ',') {
        reporter.error(fmt::format("{}:{}", line_number, pos + 1),
                       "expected a comma after the closing quote of a field");
        return std::nullopt;
      }
    } else {
      const std::size_t comma = std::min(line.find(',', pos), line.size());
      field.text = std::string(trim(line.substr(pos, comma - pos)));
      pos = comma;
    }
    fields.push_back(std::move(field));
    if (pos >= line.size()) break;
    ++pos;  // the comma
  }
  return fields;
}

std::string lowercase(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// Where each column is in the file's lines. The header names the five columns once each, in
// any order and any case; every problem is reported at its field.
std::optional<std::vector<std::size_t>> read_header(const std::vector<Field>& fields,
                                                    std::size_t line_number, Reporter& reporter) {
  const std::vector<std::string> names(std::begin(kColumnNames), std::end(kColumnNames));
  std::vector<std::optional<std::size_t>> found(kColumns);
  bool ok = true;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string name = lowercase(fields[i].text);
    const std::string place = fmt::format("{}:{}", line_number, fields[i].column);
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end()) {
      reporter.error(place, fmt::format("unknown column {}{} (the header is {} in any order)",
                                        in_quotes(fields[i].text), did_you_mean(name, names),
                                        in_quotes(kHeader)));
      ok = false;
      continue;
    }
    std::optional<std::size_t>& slot = found[static_cast<std::size_t>(it - names.begin())];
    if (slot) {
      reporter.error(place, fmt::format("duplicate column {} (first is column {})",
                                        in_quotes(fields[i].text), *slot + 1));
      ok = false;
      continue;
    }
    slot = i;
  }
  std::vector<std::size_t> index(kColumns);
  for (std::size_t c = 0; c < kColumns; ++c) {
    if (found[c]) {
      index[c] = *found[c];
      continue;
    }
    reporter.error(fmt::format("{}:1", line_number),
                   fmt::format("missing column {} (the header is {} in any order)",
                               in_quotes(kColumnNames[c]), in_quotes(kHeader)));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return index;
}

std::optional<double> parse_number(const std::string& text) {
  double value = 0.0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// Checks one data line's fields (in the file's column order, placed by `columns`); reports
// every problem.
std::optional<Row> parse_row(std::size_t line, const std::vector<Field>& fields,
                             const std::vector<std::size_t>& columns, Reporter& reporter) {
  if (fields.size() != kColumns) {
    reporter.error(fmt::format("{}:1", line),
                   fmt::format("expected {} fields, got {}", kColumns, fields.size()));
    return std::nullopt;
  }
  Row row{line, std::vector<Field>(kColumns), Month{}, 0.0};
  for (std::size_t c = 0; c < kColumns; ++c) row.fields[c] = fields[columns[c]];
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

// Named as the bundled demand names its slices, so that scenarios patching a slice by id apply
// to a CSV forecast too.
std::string slice_id(const Row& row) {
  return row.fields[kModel].text + "-" + row.fields[kClass].text + "-" + row.fields[kGeo].text;
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
                                 "\"-\" in model, class or geo",
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
  return name.size() >= 4 && lowercase(name.substr(name.size() - 4)) == ".csv";
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
  std::vector<std::size_t> columns;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (trim(lines[i]).empty()) continue;
    const std::size_t line_number = i + 1;
    if (const std::optional<std::size_t> bad = invalid_utf8_offset(lines[i])) {
      reporter.error(fmt::format("{}:{}", line_number, *bad + 1),
                     fmt::format("not UTF-8 text (byte 0x{:02X}); save the file as UTF-8",
                                 static_cast<unsigned char>(lines[i][*bad])));
      if (!header_seen) return std::nullopt;
      continue;
    }
    const std::optional<std::vector<Field>> fields = split_fields(lines[i], line_number, reporter);
    if (!header_seen) {
      header_seen = true;
      if (!fields) return std::nullopt;
      std::optional<std::vector<std::size_t>> header = read_header(*fields, line_number, reporter);
      if (!header) return std::nullopt;
      columns = std::move(*header);
      continue;
    }
    if (!fields) continue;
    std::optional<Row> row = parse_row(line_number, *fields, columns, reporter);
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
