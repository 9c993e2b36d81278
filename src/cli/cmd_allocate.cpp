// capplan allocate: plan the cheapest allocation of the demand over the catalog under the
// policy, print it, optionally export the LP, and gate on unmet demand or cost.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>
#include <sstream>

#include "capplan/gates.hpp"
#include "capplan/inputs.hpp"
#include "capplan/model_builder.hpp"
#include "capplan/output_file.hpp"
#include "capplan/plan.hpp"
#include "capplan/render.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"

namespace capplan::cli {

namespace {

struct AllocateOptions {
  InputFlags inputs;
  std::string format = "table";
  std::string output;
  std::string export_mps;
  std::string export_lp;
  // Numbers as typed, parsed in run_allocate so that an error echoes them.
  std::string time_limit_s = "0";
  std::string fail_on_unmet;  // tokens/s; empty = off
  std::string max_cost;       // USD; empty = off
  bool monolithic = false;
  std::string threads = "0";
  bool integer = false;
  std::string mip_gap = "0.001";
  bool require_optimal = false;
  bool no_option_values = false;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void export_model(const Inputs& inputs, const AllocateOptions& o) {
  if (o.export_mps.empty() && o.export_lp.empty()) return;
  // The whole model of docs/MODEL.md as one LP, whatever the solve strategy.
  for (const std::string* path : {&o.export_mps, &o.export_lp})
    if (*path == "-")
      throw UsageError(std::string(path == &o.export_mps ? "--export-mps" : "--export-lp") +
                       " \"-\": stdout carries the plan; give a file name");
  const LpModel lp = build_lp(inputs, o.integer);
  const std::vector<std::string> input_files = input_paths(o.inputs);
  if (!o.export_mps.empty()) write_mps(lp, o.export_mps, input_files);
  if (!o.export_lp.empty()) write_lp(lp, o.export_lp, input_files);
}

// Gates (docs/CLI.md), checked after the plan is written: every failed gate is printed, the
// last travels as the exception that sets exit 3.
void check_gates(const Plan& plan, const PlanGates& gates) {
  const std::vector<std::string> failures = failure_messages(check_plan_gates(plan, gates));
  if (failures.empty()) return;
  for (std::size_t i = 0; i + 1 < failures.size(); ++i) print_error(failures[i]);
  throw GateError(failures.back());
}

void run_allocate(const AllocateOptions& o, const GlobalOptions& global) {
  const Format format = parse_format(o.format);
  PlanGates gates;
  if (!o.fail_on_unmet.empty())
    gates.max_unmet_tokens_per_s =
        parse_nonnegative("--fail-on-unmet", o.fail_on_unmet, "tokens/s");
  if (!o.max_cost.empty()) gates.max_cost_usd = parse_nonnegative("--max-cost", o.max_cost, "USD");
  const double time_limit_s =
      parse_nonnegative("--time-limit", o.time_limit_s, "seconds; 0 = no limit");
  const int threads = parse_threads("-j/--threads", o.threads);
  auto t0 = std::chrono::steady_clock::now();
  // Refused before anything is solved: an output that would overwrite an input.
  for (const std::string& path : {o.output, o.export_mps, o.export_lp})
    if (!path.empty() && path != "-") check_not_an_input(path, input_paths(o.inputs));
  const Inputs inputs = load_inputs_and_warn(resolve_inputs(o.inputs), global);
  spdlog::info("inputs loaded in {:.3f} s", seconds_since(t0));
  export_model(inputs, o);

  t0 = std::chrono::steady_clock::now();
  PlanTimings timings;
  PlanOptions po;
  po.timings = &timings;
  po.time_limit_s = time_limit_s;
  po.decompose = !o.monolithic;
  po.threads = threads;
  po.integer = o.integer;
  po.mip_gap = parse_nonnegative("--mip-gap", o.mip_gap, "a fraction of the objective");
  po.option_values = !o.no_option_values;
  const Plan plan = make_plan(inputs, po);
  spdlog::info("planned in {:.3f} s: {} rows, {} columns, {} blocks", seconds_since(t0),
               plan.stats.rows, plan.stats.cols, plan.stats.blocks);
  spdlog::info(
      "build {:.3f} s, solve {:.3f} s, read and verify {:.3f} s (build and solve summed over "
      "blocks)",
      timings.build_s, timings.solve_s, timings.read_s);

  t0 = std::chrono::steady_clock::now();
  std::ostringstream out;
  render_plan(plan, format, out);
  write_output(o.output, out.str(), input_paths(o.inputs));
  spdlog::info("written in {:.3f} s", seconds_since(t0));
  if (plan.status != PlanStatus::kOptimal) throw SolverError(plan.message);
  if (plan.integer && !plan.proven_optimal) {
    const std::string what = fmt::format(
        "not proven optimal: the time limit stopped the integer search with a gap of {:.3f}%",
        100.0 * plan.mip_gap);
    if (o.require_optimal) throw SolverError(what);
    spdlog::warn("{}", what);
  }
  if (!plan.verification.ok) {
    throw SolverError("the plan failed verification: " + (plan.verification.failures.empty()
                                                              ? std::string("unknown")
                                                              : plan.verification.failures[0]));
  }
  check_gates(plan, gates);
}

}  // namespace

void add_allocate_command(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<AllocateOptions>();
  CLI::App* cmd =
      app.add_subcommand("allocate", "Plan the cheapest allocation of demand across providers");
  add_input_options(*cmd, &opts->inputs);
  add_format_option(*cmd, &opts->format,
                    {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown});
  add_output_option(*cmd, &opts->output);
  cmd->add_option("--export-mps", opts->export_mps, "Write the whole LP in MPS format to FILE")
      ->type_name("FILE");
  cmd->add_option("--export-lp", opts->export_lp, "Write the whole LP in CPLEX LP format to FILE")
      ->type_name("FILE");
  cmd->add_option("--time-limit", opts->time_limit_s, "Solver time limit in seconds (0 = none)")
      ->type_name("SECONDS");
  cmd->add_option("--fail-on-unmet", opts->fail_on_unmet,
                  "Exit 3 when unmet demand in any period exceeds X tokens/s (0 = any unmet)")
      ->type_name("X");
  cmd->add_option("--max-cost", opts->max_cost, "Exit 3 when the plan's objective exceeds X USD")
      ->type_name("X");
  cmd->add_flag("--monolithic", opts->monolithic,
                "Solve the whole horizon as one LP instead of independent calendar-year blocks");
  add_threads_option(*cmd, &opts->threads, "Calendar-year blocks solved in parallel");
  cmd->add_flag("--integer", opts->integer,
                "Whole deployment units and yes/no deals, solved with Cbc (policy \"integer\")");
  cmd->add_option("--mip-gap", opts->mip_gap,
                  "Integer mode: stop, proven, within this fraction of the objective (default "
                  "0.001)")
      ->type_name("FRACTION");
  cmd->add_flag("--require-optimal", opts->require_optimal,
                "Exit 4 when the integer search stops at the time limit before proving optimality");
  cmd->add_flag("--no-option-values", opts->no_option_values,
                "Decide the options but skip their value and break-even (the re-solves)");
  cmd->callback([opts, &global] { run_allocate(*opts, global); });
}

}  // namespace capplan::cli
