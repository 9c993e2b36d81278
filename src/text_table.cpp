#include "text_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace capplan {

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  for (const char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;  // not a continuation byte
  }
  return width;
}

namespace {

const std::string& cell(const std::vector<std::string>& row, std::size_t i) {
  static const std::string kEmpty;
  return i < row.size() ? row[i] : kEmpty;
}

void rstrip(std::string* line) {
  while (!line->empty() && line->back() == ' ') line->pop_back();
}

}  // namespace

std::string render_aligned(const TextTable& table) {
  const std::size_t n = table.columns.size();
  std::vector<std::size_t> width(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    width[i] = display_width(table.columns[i].header);
    for (const auto& row : table.rows) width[i] = std::max(width[i], display_width(cell(row, i)));
  }
  // A group label spans its run of columns; widen the run's last column if the label is longer.
  bool grouped = false;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && table.columns[j + 1].group == table.columns[i].group) ++j;
    const std::string& group = table.columns[i].group;
    if (!group.empty()) {
      grouped = true;
      std::size_t span = 0;
      for (std::size_t k = i; k <= j; ++k) span += width[k] + (k > i ? 2 : 0);
      if (display_width(group) > span) width[j] += display_width(group) - span;
    }
    i = j + 1;
  }

  std::string out;
  if (grouped) {
    // Each label starts where the first column of its run starts.
    std::string line;
    std::size_t column_start = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& group = table.columns[i].group;
      if (!group.empty() && (i == 0 || table.columns[i - 1].group != group)) {
        const std::size_t at = display_width(line);
        if (at < column_start) line.append(column_start - at, ' ');
        line += group;
      }
      column_start += width[i] + 2;
    }
    rstrip(&line);
    out += line + "\n";
  }
  auto format_line = [&](auto&& text_of, auto&& right_of) {
    std::string line;
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& text = text_of(i);
      const std::size_t pad = width[i] - display_width(text);
      if (i > 0) line += "  ";
      if (right_of(i)) {
        line.append(pad, ' ');
        line += text;
      } else {
        line += text;
        line.append(pad, ' ');
      }
    }
    rstrip(&line);
    return line + "\n";
  };
  out += format_line([&](std::size_t i) -> const std::string& { return table.columns[i].header; },
                     [&](std::size_t i) { return table.columns[i].right_aligned; });
  std::string rule;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) rule += "  ";
    rule.append(width[i], '-');
  }
  out += rule + "\n";
  for (const auto& row : table.rows) {
    out += format_line([&](std::size_t i) -> const std::string& { return cell(row, i); },
                       [&](std::size_t i) { return table.columns[i].right_aligned; });
  }
  return out;
}

std::string render_markdown(const TextTable& table) {
  auto escape = [](const std::string& text) {
    std::string out;
    for (const char c : text) {
      if (c == '|' || c == '*') out += '\\';
      out += c;
    }
    return out;
  };
  std::string out = "|";
  for (const auto& column : table.columns) {
    const std::string header =
        column.group.empty() ? column.header : column.group + " " + column.header;
    out += " " + escape(header) + " |";
  }
  out += "\n|";
  for (const auto& column : table.columns) out += column.right_aligned ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : table.rows) {
    out += "|";
    for (std::size_t i = 0; i < table.columns.size(); ++i) out += " " + escape(cell(row, i)) + " |";
    out += "\n";
  }
  return out;
}

void drop_empty_columns(TextTable* table) {
  for (std::size_t i = table->columns.size(); i-- > 0;) {
    bool empty = true;
    for (const auto& row : table->rows) empty = empty && cell(row, i).empty();
    if (!empty) continue;
    table->columns.erase(table->columns.begin() + static_cast<std::ptrdiff_t>(i));
    for (auto& row : table->rows) {
      if (i < row.size()) row.erase(row.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string render_csv(const TextTable& table) {
  std::string out;
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    out += (i ? "," : "") + csv_field(table.columns[i].header);
  }
  out += "\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      out += (i ? "," : "") + csv_field(cell(row, i));
    }
    out += "\n";
  }
  return out;
}

}  // namespace capplan
