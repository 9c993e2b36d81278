// capplan report --out-dir DIR [SCENARIO...]: the planning report a CI job regenerates. Plans
// the base data and each scenario (default: every bundled one), and writes into DIR:
//   index.md                      what was planned, objective, verification, links
//   plan-<scenario>.json / .md    each plan (JSON for scripts and `capplan diff`, markdown to read)
//   compare.md / compare.csv      every scenario side by side with deltas against base
// Files are written atomically and deterministically, so a report diff shows only real changes.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "capplan/compare.hpp"
#include "capplan/output_file.hpp"
#include "capplan/plan.hpp"
#include "capplan/render.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"

namespace capplan::cli {

namespace {

struct ReportCommand {
  InputFlags inputs;
  std::string out_dir;
  std::vector<std::string> scenarios;
  std::string threads = "0";
  std::string time_limit_s = "0";
};

std::string rendered(const Plan& plan, Format format) {
  std::ostringstream out;
  render_plan(plan, format, out);
  return out.str();
}

std::string index_markdown(const std::vector<Plan>& plans) {
  std::string md = "# capplan planning report\n\n";
  md += "| scenario | status | verified | objective | unmet penalty | plan |\n";
  md += "| --- | --- | --- | ---: | ---: | --- |\n";
  for (const Plan& p : plans)
    md += fmt::format("| {} | {} | {} | {} | {} | [json](plan-{}.json), [markdown](plan-{}.md) |\n",
                      p.scenario, to_string(p.status), p.verification.ok ? "yes" : "no",
                      format_usd(p.objective_usd), format_usd(p.unmet_penalty_usd), p.scenario,
                      p.scenario);
  md += "\nSide by side with deltas against base: [compare.md](compare.md), [compare.csv](compare.csv).\n";
  return md;
}

void run_report(const ReportCommand& c, const GlobalOptions& global) {
  CompareOptions options;
  options.jobs = parse_threads("-j/--threads", c.threads);
  options.time_limit_s = parse_nonnegative("--time-limit", c.time_limit_s, "seconds; 0 = no limit");
  std::vector<std::string> names = {"base"};
  const std::vector<std::string> chosen = c.scenarios.empty() ? bundled_scenario_names() : c.scenarios;
  for (const std::string& s : chosen)
    if (s != "base") names.push_back(s);
  const std::vector<InputSources> runs = resolve_scenario_runs(c.inputs, names);
  print_input_warnings(runs, global);
  const std::vector<Plan> plans = plan_scenarios(runs, options);

  std::error_code ec;
  std::filesystem::create_directories(c.out_dir, ec);
  if (ec) throw OutputError(c.out_dir + ": cannot create directory: " + ec.message());
  const std::filesystem::path dir(c.out_dir);
  std::vector<std::string> inputs = input_paths(c.inputs);
  inputs.insert(inputs.end(), c.scenarios.begin(), c.scenarios.end());
  // Every file is checked before the first is written, so a refused report writes nothing.
  std::vector<std::pair<std::string, std::string>> files;
  for (const Plan& p : plans) {
    files.emplace_back((dir / ("plan-" + p.scenario + ".json")).string(),
                       rendered(p, Format::kJson));
    files.emplace_back((dir / ("plan-" + p.scenario + ".md")).string(),
                       rendered(p, Format::kMarkdown));
  }
  for (Format f : {Format::kMarkdown, Format::kCsv}) {
    std::ostringstream out;
    render_comparison(plans, f, out);
    files.emplace_back((dir / (f == Format::kCsv ? "compare.csv" : "compare.md")).string(),
                       out.str());
  }
  files.emplace_back((dir / "index.md").string(), index_markdown(plans));
  for (const auto& [path, text] : files) check_not_an_input(path, inputs);
  for (const auto& [path, text] : files) write_output_file(path, text, inputs);
  spdlog::info("report of {} plans written to {}", plans.size(), c.out_dir);
  for (const Plan& p : plans)
    if (p.status != PlanStatus::kOptimal)
      throw SolverError("scenario " + p.scenario + ": " + p.message);
}

}  // namespace

void add_report_command(CLI::App& app, const GlobalOptions& global) {
  auto c = std::make_shared<ReportCommand>();
  CLI::App* cmd = app.add_subcommand("report", "Write a planning report (plans, comparison, index) for CI");
  cmd->add_option("--out-dir", c->out_dir, "Directory to write the report into (created if missing)")
      ->required()
      ->type_name("DIR");
  cmd->add_option("scenarios", c->scenarios, "Scenarios besides base (default: every bundled one)")
      ->type_name("SCENARIO");
  add_input_options(*cmd, &c->inputs);
  add_threads_option(*cmd, &c->threads, "Scenarios solved at once");
  // --jobs: the name before -j meant --threads in every command; still accepted.
  cmd->add_option("--jobs", c->threads)->group("");
  cmd->add_option("--time-limit", c->time_limit_s,
                  "Solver time limit per plan in seconds (0 = none)")
      ->type_name("SECONDS");
  cmd->callback([c, &global] { run_report(*c, global); });
}

}  // namespace capplan::cli
