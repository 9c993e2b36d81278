// capplan deals [SCENARIO...]: each option's decision, value and break-even price in the base
// plan and under every scenario (by default every bundled one): which deal to sign, how big, up
// to what price, and in which futures it pays (docs/CLI.md).
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <memory>
#include <sstream>

#include "capplan/compare.hpp"
#include "capplan/deals.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"

namespace capplan::cli {

namespace {

struct DealsCommand {
  InputFlags inputs;
  std::vector<std::string> scenarios;
  std::string format = "table";
  std::string output;
  std::string threads = "0";
  std::string time_limit_s = "0";
  bool integer = false;
};

void run_deals(const DealsCommand& c, const GlobalOptions& global) {
  const Format format = parse_format(c.format);
  CompareOptions options;
  options.jobs = parse_threads("-j/--threads", c.threads);
  options.time_limit_s = parse_nonnegative("--time-limit", c.time_limit_s, "seconds; 0 = no limit");
  options.option_values = true;
  options.integer = c.integer;
  std::vector<std::string> scenarios = {"base"};
  if (c.scenarios.empty()) {
    for (const std::string& name : bundled_scenario_names()) scenarios.push_back(name);
  } else {
    for (const std::string& s : c.scenarios)
      if (s != "base") scenarios.push_back(s);
  }
  const std::vector<InputSources> runs = resolve_scenario_runs(c.inputs, scenarios);
  print_input_warnings(runs, global);
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<Plan> plans = plan_scenarios(runs, options);
  spdlog::info("planned and valued {} scenarios in {:.3f} s", plans.size(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  std::ostringstream out;
  render_deals(plans, format, out);
  std::vector<std::string> inputs = input_paths(c.inputs);
  inputs.insert(inputs.end(), c.scenarios.begin(), c.scenarios.end());
  write_output(c.output, out.str(), inputs);
}

}  // namespace

void add_deals_command(CLI::App& app, const GlobalOptions& global) {
  auto c = std::make_shared<DealsCommand>();
  CLI::App* cmd = app.add_subcommand(
      "deals", "Which options to sign, how big, up to what price, under every scenario");
  cmd->add_option("scenarios", c->scenarios,
                  "Scenario files or bundled names to value the deals under (default: every "
                  "bundled scenario); the base plan comes first")
      ->type_name("SCENARIO");
  add_input_options(*cmd, &c->inputs);
  add_format_option(*cmd, &c->format,
                    {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown});
  add_output_option(*cmd, &c->output);
  add_threads_option(*cmd, &c->threads, "Scenarios solved at once");
  cmd->add_option("--time-limit", c->time_limit_s,
                  "Solver time limit per solve in seconds (0 = none)")
      ->type_name("SECONDS");
  cmd->add_flag("--integer", c->integer, "Whole units and yes/no deals, solved with Cbc");
  cmd->callback([c, &global] { run_deals(*c, global); });
}

}  // namespace capplan::cli
