// Renders a Plan for people (table, markdown) and scripts (json, csv). Pure: writes only to
// the given stream; the same plan always gives the same bytes.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "capplan/plan.hpp"

namespace capplan {

enum class Format { kTable, kJson, kCsv, kMarkdown };
std::optional<Format> parse_format(const std::string& name);

void render_plan(const Plan& plan, Format format, std::ostream& out);

// Human-readable numbers: "$1.23B", "$456.7M", "$12.3k"; "1,234,567"; "61.2%".
std::string format_usd(double usd);
std::string format_count(double n);
std::string format_percent(double fraction);

// Aggregates of a plan per calendar year and provider, shared by allocate and compare.
struct YearProvider {
  double share = 0;          // of served tokens over the year
  double chips_avg = 0;      // averaged over the year's months in the horizon
  std::map<std::string, double> chips_by_accelerator_avg;
  double power_mw_avg = 0;
  double committed_mw_avg = 0;  // signed commitments' power, averaged
  double usage_usd = 0;         // chips × price × hours
  double min_spend_usd = 0;     // take-or-pay minimum
  double stranded_usd = 0;      // paid above usage
};
struct YearSummary {
  int year = 0;
  int months = 0;
  double cost_usd = 0;        // usage + stranded take-or-pay (+ unmet penalty not included)
  double demand_tokens = 0;
  double unmet_tokens = 0;    // tokens not served over the year
  double usd_per_mtok = 0;    // cost / demanded Mtok
  std::map<std::string, YearProvider> providers;
};
std::vector<YearSummary> summarize_years(const Plan& plan);

}  // namespace capplan
