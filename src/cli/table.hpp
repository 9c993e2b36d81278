// Plain tables of strings rendered as aligned text, GitHub markdown or CSV (RFC 4180). Used by
// every command that prints rows; cells are already formatted, so rendering is deterministic.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace capplan::cli {

struct TextTable {
  struct Column {
    std::string header;
    bool right_aligned = false;  // numbers
  };
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  // each row has columns.size() cells

  void add_column(std::string header, bool right_aligned = false) {
    columns.push_back({std::move(header), right_aligned});
  }
  void add_row(std::vector<std::string> cells) { rows.push_back(std::move(cells)); }
};

// Columns separated by two spaces, header underlined with dashes, no trailing blanks.
std::string render_aligned(const TextTable& table);
// A GitHub-flavoured markdown table ('|' in cells escaped).
std::string render_markdown(const TextTable& table);
// Header line then one line per row; fields quoted only when they must be.
std::string render_csv(const TextTable& table);

// A CSV field, quoted when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view text);

// Terminal columns taken by UTF-8 text (one per code point; no wide characters expected).
std::size_t display_width(std::string_view utf8);

}  // namespace capplan::cli
