// capplan allocate: plan the cheapest allocation of the demand over the catalog under the
// policy, print it, optionally export the LP, and gate on unmet demand or cost.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "capplan/inputs.hpp"
#include "capplan/model_builder.hpp"
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
  double time_limit_s = 0;
  double fail_on_unmet = -1;  // tokens/s; < 0 = off
  double max_cost = -1;       // USD; < 0 = off
  bool monolithic = false;
  int threads = 0;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void export_model(const Inputs& inputs, const AllocateOptions& o) {
  if (o.export_mps.empty() && o.export_lp.empty()) return;
  // The whole model of docs/MODEL.md as one LP, whatever the solve strategy.
  const LpModel lp = build_lp(inputs);
  if (!o.export_mps.empty() && !write_mps(lp, o.export_mps))
    throw OutputError(o.export_mps + ": cannot write");
  if (!o.export_lp.empty() && !write_lp(lp, o.export_lp))
    throw OutputError(o.export_lp + ": cannot write");
}

// Gates of DESIGN.md §4, checked after the plan is written.
void check_gates(const Plan& plan, const AllocateOptions& o) {
  if (o.fail_on_unmet >= 0) {
    for (const PeriodPlan& pp : plan.periods) {
      double unmet = 0;
      for (const auto& [s, u] : pp.unmet_tokens_per_s) unmet += u;
      if (unmet > o.fail_on_unmet)
        throw GateError(fmt::format("gate --fail-on-unmet: {:.0f} tokens/s unmet in {} exceeds {}", unmet, pp.period,
                                    o.fail_on_unmet));
    }
  }
  if (o.max_cost >= 0 && plan.objective_usd > o.max_cost)
    throw GateError(fmt::format("gate --max-cost: objective {:.0f} USD exceeds {} USD", plan.objective_usd, o.max_cost));
}

void run_allocate(const AllocateOptions& o, const GlobalOptions& global) {
  const Format format = parse_format(o.format);
  auto t0 = std::chrono::steady_clock::now();
  std::vector<Diagnostic> warnings;
  const Inputs inputs = load_inputs(resolve_inputs(o.inputs), &warnings);
  print_diagnostics(warnings, global);
  spdlog::info("inputs loaded in {:.3f} s", seconds_since(t0));
  export_model(inputs, o);

  t0 = std::chrono::steady_clock::now();
  PlanTimings timings;
  PlanOptions po;
  po.timings = &timings;
  po.time_limit_s = o.time_limit_s;
  po.decompose = !o.monolithic;
  po.threads = o.threads;
  const Plan plan = make_plan(inputs, po);
  spdlog::info("planned in {:.3f} s: {} rows, {} columns, {} blocks", seconds_since(t0), plan.stats.rows,
               plan.stats.cols, plan.stats.blocks);
  spdlog::info("build {:.3f} s, solve {:.3f} s, read and verify {:.3f} s (build and solve summed over blocks)",
               timings.build_s, timings.solve_s, timings.read_s);

  t0 = std::chrono::steady_clock::now();
  std::ostringstream out;
  render_plan(plan, format, out);
  write_output(o.output, out.str());
  spdlog::info("written in {:.3f} s", seconds_since(t0));
  if (plan.status != PlanStatus::kOptimal) throw SolverError(plan.message);
  if (!plan.verification.ok) {
    throw SolverError("the plan failed verification: " +
                      (plan.verification.failures.empty() ? std::string("unknown") : plan.verification.failures[0]));
  }
  check_gates(plan, o);
}

}  // namespace

void add_allocate_command(CLI::App& app, const GlobalOptions& global) {
  auto opts = std::make_shared<AllocateOptions>();
  CLI::App* cmd = app.add_subcommand("allocate", "Plan the cheapest allocation of demand across providers");
  add_input_options(*cmd, &opts->inputs);
  add_format_option(*cmd, &opts->format, {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown});
  add_output_option(*cmd, &opts->output);
  cmd->add_option("--export-mps", opts->export_mps, "Write the whole LP in MPS format to FILE")->type_name("FILE");
  cmd->add_option("--export-lp", opts->export_lp, "Write the whole LP in CPLEX LP format to FILE")->type_name("FILE");
  cmd->add_option("--time-limit", opts->time_limit_s, "Solver time limit in seconds (0 = none)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("SECONDS");
  cmd->add_option("--fail-on-unmet", opts->fail_on_unmet,
                  "Exit 3 when unmet demand in any period exceeds X tokens/s (0 = any unmet)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("X");
  cmd->add_option("--max-cost", opts->max_cost, "Exit 3 when the plan's objective exceeds X USD")
      ->check(CLI::NonNegativeNumber)
      ->type_name("X");
  cmd->add_flag("--monolithic", opts->monolithic,
                "Solve the whole horizon as one LP instead of independent calendar-year blocks");
  cmd->add_option("--threads,-j", opts->threads, "Blocks solved in parallel (0 = one per core)")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([opts, &global] { run_allocate(*opts, global); });
}

}  // namespace capplan::cli
