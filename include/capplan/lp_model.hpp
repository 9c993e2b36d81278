// A linear program as plain data: minimise objective·x + objective_offset subject to
// row_lower <= A·x <= row_upper and col_lower <= x <= col_upper. A is stored column-major
// (CSC: col_start has num_cols()+1 entries). Infinity is std::numeric_limits<double>::infinity().
// Every row and column has a readable, deterministic name that traces back to the inputs,
// e.g. x[2027-03][frontier-us-int][azure-maia200-centralus].
#pragma once

#include <limits>
#include <string>
#include <vector>

namespace capplan {

inline constexpr double kInf = std::numeric_limits<double>::infinity();

struct LpModel {
  std::vector<std::string> col_names;
  std::vector<double> col_lower, col_upper, objective;
  std::vector<std::string> row_names;
  std::vector<double> row_lower, row_upper;
  std::vector<int> col_start;  // size num_cols()+1
  std::vector<int> row_index;
  std::vector<double> value;
  double objective_offset = 0.0;

  int num_cols() const { return static_cast<int>(col_names.size()); }
  int num_rows() const { return static_cast<int>(row_names.size()); }
  int num_nonzeros() const { return static_cast<int>(value.size()); }
};

// Builds an LpModel row by row and column by column; entries are collected as triplets and
// compressed by finish().
class LpBuilder {
 public:
  int add_col(std::string name, double lower, double upper, double cost);
  int add_row(std::string name, double lower, double upper);
  void add_entry(int row, int col, double value);
  LpModel finish() &&;

 private:
  LpModel model_;
  struct Entry {
    int row, col;
    double value;
  };
  std::vector<Entry> entries_;
};

// Writes the model in free MPS format to `path` by the rules of capplan/output_file.hpp (never
// over one of `inputs`). Throws OutputError naming the path and the reason.
void write_mps(const LpModel& model, const std::string& path,
               const std::vector<std::string>& inputs = {});
// Writes the model in CPLEX LP format, as write_mps.
void write_lp(const LpModel& model, const std::string& path,
              const std::vector<std::string>& inputs = {});

}  // namespace capplan
