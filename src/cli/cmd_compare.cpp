// capplan compare SCENARIO SCENARIO...: plans each scenario (a file, a bundled name, or
// "base" for no patch) over the same base inputs and prints them side by side.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <memory>
#include <sstream>

#include "capplan/compare.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"

namespace capplan::cli {

namespace {

struct CompareCommand {
  InputFlags inputs;  // base documents (and scenarios applied to every side)
  std::vector<std::string> scenarios;
  std::string format = "table";
  std::string output;
  std::string threads = "0";
  std::string time_limit_s = "0";
};

// Progress on stderr for runs longer than a second, only when stderr is a terminal.
std::function<void(int, int)> progress_reporter() {
  if (::isatty(STDERR_FILENO) == 0) return {};
  const auto t0 = std::chrono::steady_clock::now();
  return [t0](int done, int total) {
    if (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1) && done < total) return;
    std::fprintf(stderr, "\rcapplan: planned %d/%d scenarios%s", done, total,
                 done == total ? "\n" : "");
    std::fflush(stderr);
  };
}

void run_compare(const CompareCommand& c, const GlobalOptions& global) {
  const Format format = parse_format(c.format);
  if (c.scenarios.size() < 2)
    throw UsageError("compare needs at least two scenarios (use \"base\" for no patch)");
  CompareOptions options;
  options.jobs = parse_threads("-j/--threads", c.threads);
  options.time_limit_s = parse_nonnegative("--time-limit", c.time_limit_s, "seconds; 0 = no limit");
  const std::vector<InputSources> runs = resolve_scenario_runs(c.inputs, c.scenarios);
  print_input_warnings(runs, global);
  options.progress = progress_reporter();
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<Plan> plans = plan_scenarios(runs, options);
  spdlog::info("planned {} scenarios in {:.3f} s", plans.size(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  std::ostringstream out;
  render_comparison(plans, format, out);
  std::vector<std::string> inputs = input_paths(c.inputs);
  inputs.insert(inputs.end(), c.scenarios.begin(), c.scenarios.end());
  write_output(c.output, out.str(), inputs);
  for (const Plan& p : plans)
    if (p.status != PlanStatus::kOptimal)
      throw SolverError("scenario " + p.scenario + ": " + p.message);
}

}  // namespace

void add_compare_command(CLI::App& app, const GlobalOptions& global) {
  auto c = std::make_shared<CompareCommand>();
  CLI::App* cmd = app.add_subcommand(
      "compare", "Plan several scenarios and print them side by side with deltas");
  cmd->add_option(
         "scenarios", c->scenarios,
         "Scenario files or bundled names (\"base\" = no patch); the first is the reference")
      ->required()
      ->type_name("SCENARIO");
  add_input_options(*cmd, &c->inputs);
  add_format_option(*cmd, &c->format,
                    {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown});
  add_output_option(*cmd, &c->output);
  add_threads_option(*cmd, &c->threads, "Scenarios solved at once");
  // --jobs: the name before -j meant --threads in every command; still accepted.
  cmd->add_option("--jobs", c->threads)->group("");
  cmd->add_option("--time-limit", c->time_limit_s,
                  "Solver time limit per plan in seconds (0 = none)")
      ->type_name("SECONDS");
  cmd->callback([c, &global] { run_compare(*c, global); });
}

}  // namespace capplan::cli
