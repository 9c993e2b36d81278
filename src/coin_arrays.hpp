// An LpModel's bounds and column starts as COIN-OR's loadProblem takes them: capplan's kInf is
// COIN_DBL_MAX there. Shared by the Clp and Cbc adapters (src/solver_clp.cpp,
// src/solver_cbc.cpp), the only files that include it.
#pragma once

#include <CoinFinite.hpp>
#include <CoinTypes.hpp>
#include <vector>

#include "capplan/lp_model.hpp"

namespace capplan {

inline double to_coin(double v) {
  if (v == kInf) return COIN_DBL_MAX;
  if (v == -kInf) return -COIN_DBL_MAX;
  return v;
}

struct CoinArrays {
  explicit CoinArrays(const LpModel& model)
      : col_lo(model.num_cols()),
        col_up(model.num_cols()),
        row_lo(model.num_rows()),
        row_up(model.num_rows()),
        start(model.col_start.begin(), model.col_start.end()) {
    for (int j = 0; j < model.num_cols(); ++j)
      col_lo[j] = to_coin(model.col_lower[j]), col_up[j] = to_coin(model.col_upper[j]);
    for (int i = 0; i < model.num_rows(); ++i)
      row_lo[i] = to_coin(model.row_lower[i]), row_up[i] = to_coin(model.row_upper[i]);
  }
  std::vector<double> col_lo, col_up, row_lo, row_up;
  std::vector<CoinBigIndex> start;
};

}  // namespace capplan
