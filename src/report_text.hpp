// Figures and words the report's renderers share (index.md and report.html), so both say the
// same thing about a plan in the same number style as the table output.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "capplan/render.hpp"  // deal_decision, deal_value, deal_breakeven
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

// Providers by their share of served capacity over the horizon (plan_figures), largest first,
// those under 0.5% left out: "aws 65% · gcp 26% · azure 9%". "—" when nothing is served.
std::string provider_mix(const PlanFigures& figures);

// The fleet of one provider and accelerator, one entry per year of PlanFigures::years: average
// chips over the year and chips added during it (ProviderYearFigures). Rows with no chips and
// none added in any year are left out; sorted by provider, then accelerator.
struct FleetLine {
  std::string provider, accelerator;
  std::vector<std::pair<double, double>> years;  // (chips_avg, chips_added)
};
std::vector<FleetLine> fleet_lines(const PlanFigures& figures);

// The deals of a plan: its options (OptionResult::is_option), in the plan's order.
std::vector<const OptionResult*> deals(const Plan& plan);
// "262 of 500": MW signed of the most it can be.
std::string deal_mw(const OptionResult& deal);
// One line a planning lead acts on: "Sign azure-maia200: 262 of 500 MW, saves $1.03B, pays up
// to 1.13x its prices" | "Do not sign X: saves nothing at its prices, pays below 0.93x".
std::string deal_sentence(const OptionResult& deal);
// The scenario whose deals the summary states: the first scenario when it has deals, otherwise
// the first that has any; null when no plan has a deal.
const ReportScenario* deal_scenario(const Report& report);

// The survive rule's words: "if any one provider is lost, the others' fleet must still carry
// 30.0% of every slice's peak".
std::string survive_rule(const Plan& plan);
// Whether a loss leaves its worst slice below the rule (its shortfall is priced).
bool below_rule(const Plan& plan, const SurviveLoss& loss);

}  // namespace capplan::report_text
