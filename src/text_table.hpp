// Plain tables of strings rendered as aligned text, GitHub markdown or CSV (RFC 4180). Used by
// every renderer that prints rows; cells are already formatted, so rendering is deterministic.
// Internal to the core's renderers, not part of include/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace capplan {

struct TextTable {
  struct Column {
    std::string header;
    bool right_aligned = false;  // numbers
    std::string group;           // printed once above a run of columns with the same group
  };
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;  // each row has columns.size() cells

  void add_column(std::string header, bool right_aligned = false, std::string group = "") {
    columns.push_back({std::move(header), right_aligned, std::move(group)});
  }
  void add_row(std::vector<std::string> cells) { rows.push_back(std::move(cells)); }
};

// Columns separated by two spaces, header underlined with dashes, no trailing blanks. Column
// groups, when any, are a line above the header, each label over the first column of its run.
std::string render_aligned(const TextTable& table);
// A GitHub-flavoured markdown table ('|' and '*' in cells escaped); a column's header is prefixed
// with its group.
std::string render_markdown(const TextTable& table);
// Header line then one line per row; fields quoted only when they must be. Groups are not
// printed (give CSV columns self-contained names).
std::string render_csv(const TextTable& table);

// Removes the columns whose cells are all empty.
void drop_empty_columns(TextTable* table);

// A CSV field, quoted when it holds a comma, quote, CR or LF.
std::string csv_field(std::string_view text);

// Terminal columns taken by UTF-8 text (one per code point; no wide characters expected).
std::size_t display_width(std::string_view utf8);

}  // namespace capplan
