// Figures and words the report's renderers share (index.md and report.html), so both say the
// same thing about a plan in the same number style as the table output.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "capplan/report.hpp"

namespace capplan::report_text {

// The horizon's cost per 12 months: cost_usd × 12 / months (plan_figures).
double cost_per_year_usd(const PlanFigures& figures);

// "$81.20B"-style amounts; a change as "+$1.2B (+1.5%)", "0" when it shows as nothing.
std::string usd_change(double now_usd, double before_usd);
// Relative change "+1.5%"; "new" from nothing.
std::string percent_change(double now, double before);
// Tokens as "476.5 Ttok".
std::string tokens(double tokens);
std::string tokens_change(double now, double before);

// "optimal, verified" | "optimal, NOT verified" | "infeasible: MESSAGE".
std::string status_words(const Plan& plan);

// Every provider of any plan of the report, sorted.
std::set<std::string> providers(const Report& report);

// First and last period over all plans, and the most periods of one plan.
std::string horizon_words(const Report& report);

// The gates line: "all 8 gates passed against BASE" | "2 of 8 gates failed against BASE" |
// "no gates (no --compare-to)" | "no gates checked against BASE".
std::string gates_words(const Report& report);

// One sentence on what the scenarios say: the cheapest and the costliest against their
// reference, and where demand goes unmet. Empty when nothing is compared.
std::string headline(const Report& report);

// "Δ vs base" or "Δ vs baseline".
std::string delta_header(const Report& report);

}  // namespace capplan::report_text
