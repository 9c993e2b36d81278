// Renders a Plan for people (table, markdown) and scripts (json, csv), and the number formats
// every renderer shares. Pure: writes only to the given stream; the same plan always gives the
// same bytes. Totals come from plan_figures.hpp; people see rounded numbers with thousands
// separators, scripts see every number at full precision with magnitudes below 1e-9 as 0.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "capplan/plan.hpp"
#include "capplan/plan_figures.hpp"

namespace capplan {

enum class Format { kTable, kJson, kCsv, kMarkdown };
// "table" | "json" | "csv" | "markdown"; parse_format is its inverse (nullopt for any other text).
const char* to_string(Format format);
std::optional<Format> parse_format(const std::string& name);

void render_plan(const Plan& plan, Format format, std::ostream& out);

// A deal's decision in words: "do not sign", "sign, full size" or "sign, part", with
// " (relaxed)" when signed as the LP relaxation of a yes/no or step decision; and its break-even
// price factor: "1.121x", "any" (its value does not depend on its prices) or "—" (not valued).
// Its value: "$1.03B", "all (no plan without it)" or "—" (not valued).
std::string deal_decision(const OptionResult& deal);
std::string deal_value(const OptionResult& deal);
std::string deal_breakeven(const OptionResult& deal);

// Human-readable numbers: "$1.23B", "$456.7M", "$12.3k"; "1,234,567"; "61.2%".
std::string format_usd(double usd);
std::string format_count(double n);  // rounded to a whole number, thousands grouped
std::string format_percent(double fraction);
// Fixed `decimals` with thousands separators: "250,345.57". No "-" on a value that rounds to 0.
std::string format_grouped(double v, int decimals);

}  // namespace capplan
