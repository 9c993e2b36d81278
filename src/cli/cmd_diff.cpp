// capplan diff: the deltas between a plan and a baseline plan, both written by
// `capplan allocate --format json`, without re-solving; and gates on those deltas for CI.
#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "capplan/plan.hpp"
#include "capplan/plan_diff.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"

namespace capplan::cli {

namespace {

struct DiffOptions {
  std::string plan;
  std::string base;
  std::string format = "table";
  std::string output;
  bool allow_catalog_change = false;
  // Gates; < 0 = off.
  double max_cost_increase_pct = -1;
  double max_unmet_tokens_per_s = -1;
  double max_share_drift_pp = -1;
  double max_power_increase_mw = -1;
};

// Reads both plans, reporting every unreadable or invalid one before failing.
std::pair<Plan, Plan> read_plans(const std::string& plan_path, const std::string& base_path) {
  std::vector<Diagnostic> errors;
  auto read = [&errors](const std::string& path) {
    try {
      const SourceText source = read_source_file(path);
      return plan_from_json(source.text, source.name);
    } catch (const InputError& e) {
      if (e.diagnostics().empty())
        errors.push_back(Diagnostic{Diagnostic::Severity::kError, "", "", e.what()});
      errors.insert(errors.end(), e.diagnostics().begin(), e.diagnostics().end());
      return Plan{};
    }
  };
  Plan plan = read(plan_path);
  Plan base = read(base_path);
  if (!errors.empty()) throw InputError(std::move(errors));
  return {std::move(plan), std::move(base)};
}

std::optional<double> gate(double value) {
  return value < 0 ? std::nullopt : std::optional<double>(value);
}

// A plan built from another catalog prices and limits other things: its deltas would mix a
// change of facts with a change of decisions, so comparing them takes an explicit flag.
void check_same_catalog(const Plan& plan, const Plan& base, const DiffOptions& o) {
  if (o.allow_catalog_change) return;
  const auto p = plan.input_hashes.find("catalog");
  const auto b = base.input_hashes.find("catalog");
  if (p == plan.input_hashes.end() || b == base.input_hashes.end() || p->second == b->second)
    return;
  throw InputError(
      {Diagnostic{Diagnostic::Severity::kError, o.plan, "/inputs/catalog",
                  "built from a different catalog than " + o.base + " (" + p->second + " vs " +
                      b->second + "); pass --allow-catalog-change to compare them anyway"}});
}

void run_diff(const DiffOptions& o) {
  const Format format = parse_format(o.format);
  const auto [plan, base] = read_plans(o.plan, o.base);
  check_same_catalog(plan, base, o);

  const PlanDiff diff = diff_plans(base, o.base, plan, o.plan);
  std::ostringstream out;
  render_plan_diff(diff, format, out);
  write_output(o.output, out.str());

  DiffGates gates;
  gates.max_cost_increase_pct = gate(o.max_cost_increase_pct);
  gates.max_unmet_tokens_per_s = gate(o.max_unmet_tokens_per_s);
  gates.max_share_drift_pp = gate(o.max_share_drift_pp);
  gates.max_power_increase_mw = gate(o.max_power_increase_mw);
  const std::vector<std::string> failures = failed_gates(diff, gates);
  if (failures.empty()) return;
  // Every failed gate is reported; the last one travels as the exception that sets exit 3.
  for (std::size_t i = 0; i + 1 < failures.size(); ++i) print_error(failures[i]);
  throw GateError(failures.back());
}

}  // namespace

void add_diff_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto opts = std::make_shared<DiffOptions>();
  CLI::App* cmd = app.add_subcommand(
      "diff", "Compare a plan against a baseline plan (both from allocate --format json)");
  cmd->add_option("plan", opts->plan, "The plan to compare (JSON from allocate --format json)")
      ->required()
      ->type_name("PLAN.json");
  cmd->add_option("--compare-to", opts->base, "The baseline plan the deltas are taken against")
      ->required()
      ->type_name("BASE.json");
  add_format_option(*cmd, &opts->format,
                    {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown});
  add_output_option(*cmd, &opts->output);
  cmd->add_flag("--allow-catalog-change", opts->allow_catalog_change,
                "Compare plans built from different catalogs (refused otherwise)");
  cmd->add_option("--max-cost-increase", opts->max_cost_increase_pct,
                  "Exit 3 when the objective rose by more than PCT percent")
      ->check(CLI::NonNegativeNumber)
      ->type_name("PCT");
  cmd->add_option("--max-unmet", opts->max_unmet_tokens_per_s,
                  "Exit 3 when the plan's total unmet demand in any period exceeds TOKENS_PER_S")
      ->check(CLI::NonNegativeNumber)
      ->type_name("TOKENS_PER_S");
  cmd->add_option("--max-share-drift", opts->max_share_drift_pp,
                  "Exit 3 when any provider's share moved by more than PP percentage points in "
                  "any common period")
      ->check(CLI::NonNegativeNumber)
      ->type_name("PP");
  cmd->add_option("--max-power-increase", opts->max_power_increase_mw,
                  "Exit 3 when total power rose by more than MW in any common period")
      ->check(CLI::NonNegativeNumber)
      ->type_name("MW");
  cmd->callback([opts] { run_diff(*opts); });
}

}  // namespace capplan::cli
