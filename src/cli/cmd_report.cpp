// capplan report --out-dir DIR [SCENARIO...] [--compare-to BASELINE]: the planning report a
// CI job regenerates and gates on. Plans the base data and each scenario (default: every
// bundled one), builds the report (capplan/report.hpp) and writes its folder in one step;
// the gates of `capplan diff` apply against the baseline (exit 3). This file binds flags.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capplan/compare.hpp"
#include "capplan/plan.hpp"
#include "capplan/report.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"
#include "report_text.hpp"

namespace capplan::cli {

namespace {

struct ReportCommand {
  InputFlags inputs;
  std::string out_dir;
  std::vector<std::string> scenarios;
  std::string compare_to;
  bool timestamp = false;
  std::string threads = "0";
  std::string time_limit_s = "0";
  // Gates as typed; empty = off.
  std::string max_cost_increase_pct;
  std::string max_unmet_tokens_per_s;
  std::string max_share_drift_pp;
  std::string max_power_increase_mw;
};

std::optional<double> gate(const std::string& flag, const std::string& text,
                           const std::string& what) {
  if (text.empty()) return std::nullopt;
  return parse_nonnegative(flag, text, what);
}

DiffGates parse_gates(const ReportCommand& c) {
  DiffGates gates;
  gates.max_cost_increase_pct = gate("--max-cost-increase", c.max_cost_increase_pct, "percent");
  gates.max_unmet_tokens_per_s = gate("--max-unmet", c.max_unmet_tokens_per_s, "tokens/s");
  gates.max_share_drift_pp = gate("--max-share-drift", c.max_share_drift_pp, "percentage points");
  gates.max_power_increase_mw = gate("--max-power-increase", c.max_power_increase_mw, "MW");
  if (c.compare_to.empty()) {
    for (const auto& [flag, text] : {std::pair{"--max-cost-increase", &c.max_cost_increase_pct},
                                     std::pair{"--max-unmet", &c.max_unmet_tokens_per_s},
                                     std::pair{"--max-share-drift", &c.max_share_drift_pp},
                                     std::pair{"--max-power-increase", &c.max_power_increase_mw}})
      if (!text->empty())
        throw UsageError(std::string(flag) +
                         " gates against a baseline: give --compare-to a previous report folder "
                         "or plan JSON");
  }
  return gates;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

void run_report(const ReportCommand& c, const GlobalOptions& global) {
  CompareOptions options;
  options.jobs = parse_threads("-j/--threads", c.threads);
  options.time_limit_s = parse_nonnegative("--time-limit", c.time_limit_s, "seconds; 0 = no limit");
  // The report states each deal's value and break-even (re-solves only when there are deals).
  options.option_values = true;
  const DiffGates gates = parse_gates(c);
  // The baseline is read before anything is solved: a bad one fails fast.
  std::optional<ReportBaseline> baseline;
  if (!c.compare_to.empty()) baseline = read_report_baseline(c.compare_to);

  std::vector<std::string> names = {"base"};
  const std::vector<std::string> chosen =
      c.scenarios.empty() ? bundled_scenario_names() : c.scenarios;
  for (const std::string& s : chosen)
    if (s != "base") names.push_back(s);
  const std::vector<InputSources> runs = resolve_scenario_runs(c.inputs, names);
  print_input_warnings(runs, global);
  std::vector<Plan> plans = plan_scenarios(runs, options);

  Report report = build_report(std::move(plans), baseline ? &*baseline : nullptr, gates);
  report.capplan_version = CAPPLAN_VERSION;
  if (c.timestamp) report.generated_at = utc_now();
  std::vector<std::string> inputs = input_paths(c.inputs);
  inputs.insert(inputs.end(), c.scenarios.begin(), c.scenarios.end());
  // The baseline is not among them: it was read whole before anything is written, so
  // `--out-dir report --compare-to report` regenerates a report against its own last run.
  const std::vector<ReportFile> files = report_files(report);
  const ReportWriteResult written = write_report_dir(c.out_dir, files, inputs);

  if (!global.quiet)
    std::cerr << fmt::format(
        "capplan report: {} scenario{}, {} files written to {}{}; {}\n", report.scenarios.size(),
        report.scenarios.size() == 1 ? "" : "s", written.written, c.out_dir,
        written.removed > 0 ? fmt::format(" ({} stale removed)", written.removed) : "",
        report_text::gates_words(report));
  for (const ReportScenario& s : report.scenarios)
    if (s.plan.status != PlanStatus::kOptimal)
      throw SolverError("scenario " + s.plan.scenario + ": " + s.plan.message);
  std::vector<std::string> failures;
  for (const ReportScenario& s : report.scenarios)
    for (const GateResult& g : s.gates)
      if (!g.passed) failures.push_back(s.plan.scenario + ": " + g.message);
  if (failures.empty()) return;
  // Every failed gate is reported; the last one travels as the exception that sets exit 3.
  for (std::size_t i = 0; i + 1 < failures.size(); ++i) print_error(failures[i]);
  throw GateError(failures.back());
}

}  // namespace

void add_report_command(CLI::App& app, const GlobalOptions& global) {
  auto c = std::make_shared<ReportCommand>();
  CLI::App* cmd = app.add_subcommand(
      "report", "Write a planning report (index.md, report.html, plans, manifest) for CI");
  cmd->add_option("--out-dir", c->out_dir,
                  "Directory to write the report into (created if missing)")
      ->required()
      ->type_name("DIR");
  cmd->add_option("scenarios", c->scenarios, "Scenarios besides base (default: every bundled one)")
      ->type_name("SCENARIO");
  cmd->add_option("--compare-to", c->compare_to,
                  "Baseline: a previous report folder or a plan JSON; deltas and gates are taken "
                  "against it")
      ->type_name("BASELINE");
  cmd->add_flag("--timestamp", c->timestamp,
                "Record the time of the run in index.md, report.html and manifest.json (the "
                "files then differ from run to run)");
  add_input_options(*cmd, &c->inputs);
  add_threads_option(*cmd, &c->threads, "Scenarios solved at once");
  // --jobs: the name before -j meant --threads in every command; still accepted.
  cmd->add_option("--jobs", c->threads)->group("");
  cmd->add_option("--time-limit", c->time_limit_s,
                  "Solver time limit per plan in seconds (0 = none)")
      ->type_name("SECONDS");
  cmd->add_option("--max-cost-increase", c->max_cost_increase_pct,
                  "Exit 3 when a scenario's cost over the periods it shares with the baseline "
                  "rose by more than PCT percent")
      ->type_name("PCT");
  cmd->add_option("--max-unmet", c->max_unmet_tokens_per_s,
                  "Exit 3 when a scenario's total unmet demand in any period exceeds TOKENS_PER_S")
      ->type_name("TOKENS_PER_S");
  cmd->add_option("--max-share-drift", c->max_share_drift_pp,
                  "Exit 3 when any provider's share moved by more than PP percentage points "
                  "against the baseline in any common period")
      ->type_name("PP");
  cmd->add_option("--max-power-increase", c->max_power_increase_mw,
                  "Exit 3 when total power rose by more than MW against the baseline in any "
                  "common period")
      ->type_name("MW");
  cmd->callback([c, &global] { run_report(*c, global); });
}

}  // namespace capplan::cli
