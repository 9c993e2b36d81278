// Planning several scenarios of the same question side by side. The first scenario is the
// reference: every other plan is reported with its deltas against it. Scenarios are solved in
// parallel, each warm-started from the reference's bases where the model has the same shape;
// the plans are the ones make_plan gives for each scenario alone, in the order given. Units are
// those of plan.hpp and plan_figures.hpp (USD, $/Mtok, tokens, MW, chips, shares as fractions).
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "capplan/inputs.hpp"
#include "capplan/plan.hpp"
#include "capplan/render.hpp"

namespace capplan {

struct CompareOptions {
  int jobs = 0;             // scenarios solved at once; 0 = hardware concurrency
  double time_limit_s = 0;  // solver time limit per plan block; 0 = none
  // Called after each plan is done (from the solving threads, serialised), for progress.
  std::function<void(int done, int total)> progress;
  // Each option's value and break-even in every plan (capplan deals); off, only the decisions.
  bool option_values = false;
  bool integer = false;  // integer mode for every plan (docs/MODEL.md, "Integer mode")
  // Makes each plan's solvers; empty = make_clp_solver(). A seam for tests.
  std::function<std::unique_ptr<Solver>()> make_solver;
};

// Loads every scenario's inputs first (an InputError names the bad file), then plans them.
// Plans come back in the order given. A solver failure in any scenario, in whichever thread,
// throws SolverError "scenario NAME: ..." (the first failed scenario in the order given).
std::vector<Plan> plan_scenarios(const std::vector<InputSources>& scenarios,
                                 const CompareOptions& options = {});

// Side by side with deltas against the first plan: cost per year, $ per 1M tokens, provider
// shares and MW, unmet demand, stranded commitments, and the largest allocation shifts.
void render_comparison(const std::vector<Plan>& plans, Format format, std::ostream& out);

}  // namespace capplan
