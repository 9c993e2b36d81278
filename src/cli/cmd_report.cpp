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

#include <fmt/format.h>

#include "capplan/compare.hpp"
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
  int jobs = 0;
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

void run_report(const ReportCommand& c) {
  std::vector<std::string> names = {"base"};
  const std::vector<std::string> chosen = c.scenarios.empty() ? bundled_scenario_names() : c.scenarios;
  for (const std::string& s : chosen)
    if (s != "base") names.push_back(s);
  std::vector<InputSources> runs;
  for (const std::string& s : names) {
    InputFlags flags = c.inputs;
    if (s != "base") flags.scenarios.push_back(s);
    runs.push_back(resolve_inputs(flags));
  }
  CompareOptions options;
  options.jobs = c.jobs;
  const std::vector<Plan> plans = plan_scenarios(runs, options);

  std::error_code ec;
  std::filesystem::create_directories(c.out_dir, ec);
  if (ec) throw OutputError(c.out_dir + ": cannot create directory: " + ec.message());
  const std::filesystem::path dir(c.out_dir);
  for (const Plan& p : plans) {
    write_file_atomic((dir / ("plan-" + p.scenario + ".json")).string(), rendered(p, Format::kJson));
    write_file_atomic((dir / ("plan-" + p.scenario + ".md")).string(), rendered(p, Format::kMarkdown));
  }
  for (Format f : {Format::kMarkdown, Format::kCsv}) {
    std::ostringstream out;
    render_comparison(plans, f, out);
    write_file_atomic((dir / (f == Format::kCsv ? "compare.csv" : "compare.md")).string(), out.str());
  }
  write_file_atomic((dir / "index.md").string(), index_markdown(plans));
  spdlog::info("report of {} plans written to {}", plans.size(), c.out_dir);
  for (const Plan& p : plans)
    if (p.status != PlanStatus::kOptimal)
      throw SolverError("scenario " + p.scenario + ": " + p.message);
}

}  // namespace

void add_report_command(CLI::App& app, const GlobalOptions& /*global*/) {
  auto c = std::make_shared<ReportCommand>();
  CLI::App* cmd = app.add_subcommand("report", "Write a planning report (plans, comparison, index) for CI");
  cmd->add_option("--out-dir", c->out_dir, "Directory to write the report into (created if missing)")
      ->required()
      ->type_name("DIR");
  cmd->add_option("scenarios", c->scenarios, "Scenarios besides base (default: every bundled one)")
      ->type_name("SCENARIO");
  add_input_options(*cmd, &c->inputs);
  cmd->add_option("-j,--jobs", c->jobs, "Scenarios solved at once (0 = one per core)")->check(CLI::NonNegativeNumber);
  cmd->callback([c] { run_report(*c); });
}

}  // namespace capplan::cli
