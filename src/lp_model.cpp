#include "capplan/lp_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "capplan/output_file.hpp"

namespace capplan {

bool LpModel::has_integers() const {
  return std::any_of(col_integer.begin(), col_integer.end(), [](char c) { return c != 0; });
}

int LpBuilder::add_col(std::string name, double lower, double upper, double cost) {
  model_.col_names.push_back(std::move(name));
  model_.col_lower.push_back(lower);
  model_.col_upper.push_back(upper);
  model_.objective.push_back(cost);
  return model_.num_cols() - 1;
}

void LpBuilder::set_integer(int col) {
  if (static_cast<int>(model_.col_integer.size()) < model_.num_cols())
    model_.col_integer.resize(model_.num_cols(), 0);
  model_.col_integer[col] = 1;
}

int LpBuilder::add_row(std::string name, double lower, double upper) {
  model_.row_names.push_back(std::move(name));
  model_.row_lower.push_back(lower);
  model_.row_upper.push_back(upper);
  return model_.num_rows() - 1;
}

void LpBuilder::add_entry(int row, int col, double value) {
  if (value != 0.0) entries_.push_back({row, col, value});
}

LpModel LpBuilder::finish() && {
  // Counting sort by column, rows in insertion order within a column; duplicates are summed.
  const int n = model_.num_cols();
  std::vector<int> count(n + 1, 0);
  for (const Entry& e : entries_) ++count[e.col + 1];
  for (int j = 0; j < n; ++j) count[j + 1] += count[j];
  std::vector<int> row(entries_.size());
  std::vector<double> value(entries_.size());
  std::vector<int> next(count.begin(), count.end() - 1);
  for (const Entry& e : entries_) {
    int k = next[e.col]++;
    row[k] = e.row;
    value[k] = e.value;
  }
  model_.col_start.assign(1, 0);
  for (int j = 0; j < n; ++j) {
    std::vector<std::pair<int, double>> col;
    for (int k = count[j]; k < count[j + 1]; ++k) col.emplace_back(row[k], value[k]);
    std::stable_sort(col.begin(), col.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t k = 0; k < col.size(); ++k) {
      if (!model_.row_index.empty() &&
          static_cast<int>(model_.row_index.size()) > model_.col_start.back() &&
          model_.row_index.back() == col[k].first) {
        model_.value.back() += col[k].second;
        continue;
      }
      model_.row_index.push_back(col[k].first);
      model_.value.push_back(col[k].second);
    }
    model_.col_start.push_back(static_cast<int>(model_.row_index.size()));
  }
  if (!model_.col_integer.empty()) model_.col_integer.resize(n, 0);  // columns added after
  entries_.clear();
  return std::move(model_);
}

namespace {

std::string num(double v) { return fmt::format("{:.17g}", v); }

bool is_integer(const LpModel& m, int j) {
  return j < static_cast<int>(m.col_integer.size()) && m.col_integer[j] != 0;
}

// Renders the model with `body` and writes it by the rules of capplan/output_file.hpp.
template <typename Body>
void write_model_file(const std::string& path, const std::vector<std::string>& inputs,
                      Body&& body) {
  std::ostringstream out;
  body(out);
  write_output_file(path, out.str(), inputs);
}

}  // namespace

void write_mps(const LpModel& m, const std::string& path, const std::vector<std::string>& inputs) {
  write_model_file(path, inputs, [&](std::ostream& out) {
    out << "NAME capplan\nROWS\n N obj\n";
    for (int i = 0; i < m.num_rows(); ++i) {
      const char* type = "E";
      if (m.row_lower[i] == m.row_upper[i])
        type = "E";
      else if (std::isinf(m.row_lower[i]) && std::isinf(m.row_upper[i]))
        type = "N";
      else if (std::isinf(m.row_upper[i]))
        type = "G";
      else if (std::isinf(m.row_lower[i]))
        type = "L";
      else
        type = "L";  // ranged: L with RANGES
      out << ' ' << type << ' ' << m.row_names[i] << '\n';
    }
    out << "COLUMNS\n";
    bool in_integers = false;  // between MARKER INTORG and INTEND
    for (int j = 0; j < m.num_cols(); ++j) {
      const bool integer = is_integer(m, j);
      if (integer != in_integers) {
        out << "    MARKER 'MARKER' " << (integer ? "'INTORG'" : "'INTEND'") << '\n';
        in_integers = integer;
      }
      // An integer column with no entry at all still needs a line to be declared integer.
      if (m.objective[j] != 0.0 || (integer && m.col_start[j] == m.col_start[j + 1]))
        out << "    " << m.col_names[j] << " obj " << num(m.objective[j]) << '\n';
      for (int k = m.col_start[j]; k < m.col_start[j + 1]; ++k)
        out << "    " << m.col_names[j] << ' ' << m.row_names[m.row_index[k]] << ' '
            << num(m.value[k]) << '\n';
    }
    if (in_integers) out << "    MARKER 'MARKER' 'INTEND'\n";
    out << "RHS\n";
    if (m.objective_offset != 0.0) out << "    rhs obj " << num(-m.objective_offset) << '\n';
    for (int i = 0; i < m.num_rows(); ++i) {
      double rhs = std::isinf(m.row_upper[i]) ? m.row_lower[i] : m.row_upper[i];
      if (std::isinf(rhs) || rhs == 0.0) continue;
      out << "    rhs " << m.row_names[i] << ' ' << num(rhs) << '\n';
    }
    out << "RANGES\n";
    for (int i = 0; i < m.num_rows(); ++i) {
      if (std::isinf(m.row_lower[i]) || std::isinf(m.row_upper[i]) ||
          m.row_lower[i] == m.row_upper[i])
        continue;
      out << "    rng " << m.row_names[i] << ' ' << num(m.row_upper[i] - m.row_lower[i]) << '\n';
    }
    out << "BOUNDS\n";
    for (int j = 0; j < m.num_cols(); ++j) {
      const double lo = m.col_lower[j], up = m.col_upper[j];
      if (lo == up) {
        out << " FX bnd " << m.col_names[j] << ' ' << num(lo) << '\n';
        continue;
      }
      if (std::isinf(lo))
        out << " MI bnd " << m.col_names[j] << '\n';
      else if (lo != 0.0)
        out << " LO bnd " << m.col_names[j] << ' ' << num(lo) << '\n';
      if (!std::isinf(up))
        out << " UP bnd " << m.col_names[j] << ' ' << num(up) << '\n';
      else if (is_integer(m, j))
        out << " PL bnd " << m.col_names[j] << '\n';  // not the binary default of old readers
    }
    out << "ENDATA\n";
  });
}

void write_lp(const LpModel& m, const std::string& path, const std::vector<std::string>& inputs) {
  // Transposed view: the LP format is written row by row.
  std::vector<std::vector<std::pair<int, double>>> rows(m.num_rows());
  for (int j = 0; j < m.num_cols(); ++j)
    for (int k = m.col_start[j]; k < m.col_start[j + 1]; ++k)
      rows[m.row_index[k]].emplace_back(j, m.value[k]);
  auto term = [&](std::ostream& out, double v, int j) {
    out << (v < 0 ? " - " : " + ") << num(std::fabs(v)) << ' ' << m.col_names[j];
  };
  write_model_file(path, inputs, [&](std::ostream& out) {
    out << "\\ capplan model: " << m.num_rows() << " rows, " << m.num_cols()
        << " columns\nMinimize\n obj:";
    bool any = false;
    for (int j = 0; j < m.num_cols(); ++j)
      if (m.objective[j] != 0.0) term(out, m.objective[j], j), any = true;
    if (m.objective_offset != 0.0)
      out << (m.objective_offset < 0 ? " - " : " + ") << num(std::fabs(m.objective_offset)),
          any = true;
    if (!any) out << " 0 " << (m.num_cols() ? m.col_names[0] : "x");
    out << "\nSubject To\n";
    for (int i = 0; i < m.num_rows(); ++i) {
      auto body = [&](const std::string& name) {
        out << ' ' << name << ':';
        if (rows[i].empty()) out << " 0 " << (m.num_cols() ? m.col_names[0] : "x");
        for (auto [j, v] : rows[i]) term(out, v, j);
      };
      const double lo = m.row_lower[i], up = m.row_upper[i];
      if (lo == up) {
        body(m.row_names[i]);
        out << " = " << num(lo) << '\n';
        continue;
      }
      if (!std::isinf(lo)) {
        body(std::isinf(up) ? m.row_names[i] : m.row_names[i] + "_lo");
        out << " >= " << num(lo) << '\n';
      }
      if (!std::isinf(up)) {
        body(std::isinf(lo) ? m.row_names[i] : m.row_names[i] + "_up");
        out << " <= " << num(up) << '\n';
      }
    }
    out << "Bounds\n";
    for (int j = 0; j < m.num_cols(); ++j) {
      const double lo = m.col_lower[j], up = m.col_upper[j];
      if (lo == 0.0 && std::isinf(up)) continue;
      if (lo == up) {
        out << ' ' << m.col_names[j] << " = " << num(lo) << '\n';
        continue;
      }
      out << ' ' << (std::isinf(lo) ? "-inf" : num(lo)) << " <= " << m.col_names[j]
          << " <= " << (std::isinf(up) ? "+inf" : num(up)) << '\n';
    }
    if (m.has_integers()) {
      out << "General\n";
      for (int j = 0; j < m.num_cols(); ++j)
        if (is_integer(m, j)) out << ' ' << m.col_names[j] << '\n';
    }
    out << "End\n";
  });
}

}  // namespace capplan
