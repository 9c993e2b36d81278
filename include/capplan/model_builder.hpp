// The linear program of docs/MODEL.md for a set of Inputs, as one LpModel over the whole
// horizon: what `capplan allocate --export-mps/--export-lp` writes. Every row and column has a
// readable name that traces back to the inputs (x[2027-03][slice][offering]); constraint names
// follow docs/MODEL.md. Units inside the LP are scaled so coefficients stay near 1 (thousands of
// chips, Mtok/s, M$, MW, times one power of ten picked from the demand's size), so the LP's
// objective is in millions of dollars times that power of ten, not in dollars: use make_plan
// (plan.hpp) for answers in planner units.
#pragma once

#include "capplan/inputs.hpp"
#include "capplan/lp_model.hpp"

namespace capplan {

// With `integer` (or policy.integer), whole units and yes/no deals are integer columns.
LpModel build_lp(const Inputs& inputs, bool integer = false);

}  // namespace capplan
