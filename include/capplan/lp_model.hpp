// A linear program as plain data: minimise objective·x + objective_offset subject to
// row_lower <= A·x <= row_upper and col_lower <= x <= col_upper. A is stored column-major
// (CSC: col_start has num_cols()+1 entries). Infinity is std::numeric_limits<double>::infinity().
// Every row and column has a readable, deterministic name that traces back to the inputs,
// e.g. x[2027-03][frontier-us-int][azure-maia200-centralus].
//
// Integrality: col_integer is empty when every column is continuous; otherwise it has one flag
// per column, nonzero for a column that must take a whole value (whole deployment units, whole
// option steps, yes/no decisions). An LP solver (make_clp_solver) ignores it and solves the LP
// relaxation; make_cbc_solver honours it (capplan/solver.hpp).
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
  std::vector<char> col_integer;  // empty = all continuous, else one flag per column

  int num_cols() const { return static_cast<int>(col_names.size()); }
  int num_rows() const { return static_cast<int>(row_names.size()); }
  int num_nonzeros() const { return static_cast<int>(value.size()); }
  // True when some column must take a whole value.
  bool has_integers() const;
};

// Builds an LpModel row by row and column by column; entries are collected as triplets and
// compressed by finish().
class LpBuilder {
 public:
  int add_col(std::string name, double lower, double upper, double cost);
  // Marks an added column as integer (whole values only).
  void set_integer(int col);
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
// over one of `inputs`). Throws OutputError naming the path and the reason. Integer columns sit
// between MARKER INTORG/INTEND lines and always carry explicit bounds (some readers take an
// integer column without bounds as binary); a model without integers is written as before.
void write_mps(const LpModel& model, const std::string& path,
               const std::vector<std::string>& inputs = {});
// Writes the model in CPLEX LP format, as write_mps; integer columns are listed under General.
void write_lp(const LpModel& model, const std::string& path,
              const std::vector<std::string>& inputs = {});

}  // namespace capplan
