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
  int jobs = 0;
};

// Progress on stderr for runs longer than a second, only when stderr is a terminal.
std::function<void(int, int)> progress_reporter() {
  if (::isatty(STDERR_FILENO) == 0) return {};
  const auto t0 = std::chrono::steady_clock::now();
  return [t0](int done, int total) {
    if (std::chrono::steady_clock::now() - t0 < std::chrono::seconds(1) && done < total) return;
    std::fprintf(stderr, "\rcapplan: planned %d/%d scenarios%s", done, total, done == total ? "\n" : "");
    std::fflush(stderr);
  };
}

void run_compare(const CompareCommand& c) {
  const Format format = parse_format(c.format);
  if (c.scenarios.size() < 2) throw UsageError("compare needs at least two scenarios (use \"base\" for no patch)");
  std::vector<InputSources> runs;
  for (const std::string& s : c.scenarios) {
    InputFlags flags = c.inputs;
    if (s != "base") flags.scenarios.push_back(s);
    runs.push_back(resolve_inputs(flags));
  }
  CompareOptions options;
  options.jobs = c.jobs;
  options.progress = progress_reporter();
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<Plan> plans = plan_scenarios(runs, options);
  spdlog::info("planned {} scenarios in {:.3f} s", plans.size(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  std::ostringstream out;
  render_comparison(plans, format, out);
  write_output(c.output, out.str());
  for (const Plan& p : plans)
    if (p.status != PlanStatus::kOptimal)
      throw SolverError("scenario " + p.scenario + ": " + p.message);
}

}  // namespace

void add_compare_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto c = std::make_shared<CompareCommand>();
  CLI::App* cmd = app.add_subcommand("compare", "Plan several scenarios and print them side by side with deltas");
  cmd->add_option("scenarios", c->scenarios,
                  "Scenario files or bundled names (\"base\" = no patch); the first is the reference")
      ->required()
      ->type_name("SCENARIO");
  add_input_options(*cmd, &c->inputs);
  add_format_option(*cmd, &c->format, {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown});
  add_output_option(*cmd, &c->output);
  cmd->add_option("-j,--jobs", c->jobs, "Scenarios solved at once (0 = one per core)")->check(CLI::NonNegativeNumber);
  cmd->callback([c] { run_compare(*c); });
}

}  // namespace capplan::cli
