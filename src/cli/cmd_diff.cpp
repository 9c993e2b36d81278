// capplan diff: the deltas between a plan and a baseline plan, both written by
// `capplan allocate --format json`, without re-solving; and gates on those deltas for CI.
#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "capplan/gates.hpp"
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
  bool same_inputs = false;
  bool allow_catalog_change = false;  // a changed catalog is expected: no warning
  // Gates as typed; empty = off.
  std::string max_cost_increase_pct;
  std::string max_unmet_tokens_per_s;
  std::string max_share_drift_pp;
  std::string max_power_increase_mw;
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

std::optional<double> gate(const std::string& flag, const std::string& text,
                           const std::string& what) {
  if (text.empty()) return std::nullopt;
  return parse_nonnegative(flag, text, what);
}

// The input documents whose hashes differ between the plans, with both hashes.
std::vector<Diagnostic> changed_inputs(const Plan& plan, const Plan& base, const DiffOptions& o) {
  std::vector<Diagnostic> changes;
  for (const char* kind : {"catalog", "demand", "policy"}) {
    const auto p = plan.input_hashes.find(kind);
    const auto b = base.input_hashes.find(kind);
    if (p == plan.input_hashes.end() || b == base.input_hashes.end() || p->second == b->second)
      continue;
    changes.push_back(Diagnostic{Diagnostic::Severity::kError, o.plan,
                                 std::string("/inputs/") + kind,
                                 std::string("built from a different ") + kind + " than " + o.base +
                                     " (" + p->second + " vs " + b->second + ")"});
  }
  return changes;
}

// Plans built from other inputs price and limit other things: their deltas mix a change of
// facts with a change of decisions. They are compared anyway (the output lists which inputs
// changed, and a changed catalog is warned about); --same-inputs refuses them.
void check_inputs(const Plan& plan, const Plan& base, const DiffOptions& o,
                  const GlobalOptions& global) {
  std::vector<Diagnostic> changes = changed_inputs(plan, base, o);
  if (changes.empty()) return;
  if (o.same_inputs) {
    changes.back().message += "; --same-inputs refuses plans of different inputs";
    throw InputError(std::move(changes));
  }
  // A changed demand or policy is what a change under review is expected to make; a changed
  // catalog changes the facts the plans stand on, so it is pointed out unless the user said
  // it is expected (--allow-catalog-change).
  std::erase_if(changes, [&o](const Diagnostic& d) {
    return d.pointer != "/inputs/catalog" || o.allow_catalog_change;
  });
  for (Diagnostic& d : changes) {
    d.severity = Diagnostic::Severity::kWarning;
    d.message += "; compared anyway";
  }
  print_diagnostics(changes, global);
}

void run_diff(const DiffOptions& o, const GlobalOptions& global) {
  const Format format = parse_format(o.format);
  DiffGates gates;
  gates.max_cost_increase_pct = gate("--max-cost-increase", o.max_cost_increase_pct, "percent");
  gates.max_unmet_tokens_per_s = gate("--max-unmet", o.max_unmet_tokens_per_s, "tokens/s");
  gates.max_share_drift_pp = gate("--max-share-drift", o.max_share_drift_pp, "percentage points");
  gates.max_power_increase_mw = gate("--max-power-increase", o.max_power_increase_mw, "MW");
  const auto [plan, base] = read_plans(o.plan, o.base);
  check_inputs(plan, base, o, global);

  const PlanDiff diff = diff_plans(base, o.base, plan, o.plan);
  const std::vector<GateResult> results = check_diff_gates(diff, gates);
  std::ostringstream out;
  render_plan_diff(diff, format, out, results);
  write_output(o.output, out.str(), {o.plan, o.base});

  const std::vector<std::string> failures = failure_messages(results);
  if (failures.empty()) return;
  // Every failed gate is reported; the last one travels as the exception that sets exit 3.
  for (std::size_t i = 0; i + 1 < failures.size(); ++i) print_error(failures[i]);
  throw GateError(failures.back());
}

}  // namespace

void add_diff_command(CLI::App& app, const GlobalOptions& global) {
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
  cmd->add_flag("--same-inputs", opts->same_inputs,
                "Refuse plans built from a different catalog, demand or policy (exit 1); "
                "by default they are compared with a warning naming what changed");
  cmd->add_flag("--allow-catalog-change", opts->allow_catalog_change,
                "A changed catalog is expected: compare without the warning (plans of "
                "different catalogs are compared by default)");
  cmd->add_option("--max-cost-increase", opts->max_cost_increase_pct,
                  "Exit 3 when the cost over the periods both plans cover rose by more than "
                  "PCT percent")
      ->type_name("PCT");
  cmd->add_option("--max-unmet", opts->max_unmet_tokens_per_s,
                  "Exit 3 when the plan's total unmet demand in any period exceeds TOKENS_PER_S")
      ->type_name("TOKENS_PER_S");
  cmd->add_option("--max-share-drift", opts->max_share_drift_pp,
                  "Exit 3 when any provider's share moved by more than PP percentage points in "
                  "any common period")
      ->type_name("PP");
  cmd->add_option("--max-power-increase", opts->max_power_increase_mw,
                  "Exit 3 when total power rose by more than MW in any common period")
      ->type_name("MW");
  cmd->callback([opts, &global] { run_diff(*opts, global); });
}

}  // namespace capplan::cli
