// Deals to decide across scenarios (docs/MODEL.md, "Deals to decide"; docs/CLI.md, `capplan
// deals`): for every option of the catalog, the plan's decision, value and break-even price
// factor in each scenario, so a planner sees both whether to sign and which futures it pays in.
// Plans come from plan_scenarios (compare.hpp) with option values on.
#pragma once

#include <ostream>
#include <vector>

#include "capplan/plan.hpp"
#include "capplan/render.hpp"

namespace capplan {

// The first plan is the reference: its deals lead. A deal absent from a scenario's plan (signed
// or lapsed by the scenario) is shown as such. Formats: table, markdown, json, csv.
void render_deals(const std::vector<Plan>& plans, Format format, std::ostream& out);

}  // namespace capplan
