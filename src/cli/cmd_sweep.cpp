// capplan sweep: re-plan with one or more numbers set to each value of a grid and print the
// objective, unmet tokens, shares and the dual of each swept limit per point; or merge the
// shard files of a sweep split with --shard.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "capplan/inputs.hpp"
#include "capplan/sweep.hpp"
#include "cli/app.hpp"
#include "cli/cli_util.hpp"

namespace capplan::cli {

namespace {

struct SweepFlags {
  InputFlags inputs;
  std::vector<std::string> sets;
  std::vector<std::string> merge;
  std::string shard;
  std::string format = "table";
  std::string output;
  std::string threads = "0";
  bool cold = false;
  std::string time_limit_s = "0";
};

bool has_input_flags(const InputFlags& f) {
  return !f.catalog.empty() || !f.demand.empty() || !f.policy.empty() || !f.scenarios.empty();
}

// "capplan: point 12/40" on stderr, rewritten in place, once the run has taken more than a
// second and only when stderr is a terminal.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled && ::isatty(STDERR_FILENO) == 1) {}
  ~Progress() {
    if (shown_) std::cerr << '\n' << std::flush;
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (elapsed <= 1.0) return;
    std::cerr << "\rcapplan: point " << done << '/' << total << std::flush;
    shown_ = true;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

SweepResult merge_files(const std::vector<std::string>& files) {
  std::vector<std::pair<std::string, SweepResult>> parts;
  for (const std::string& file : files) {
    const SourceText source = read_source_file(file);
    parts.emplace_back(file, sweep_from_json(source.text, file));
  }
  return merge_sweeps(parts);
}

void run_sweep_command(const SweepFlags& f, const GlobalOptions& global) {
  const Format format = parse_format(f.format);
  SweepResult result;
  if (!f.merge.empty()) {
    if (!f.sets.empty() || !f.shard.empty() || has_input_flags(f.inputs))
      throw UsageError(
          "--merge takes only shard files (with --format and --output); the sweep and its inputs "
          "come from the files");
    result = merge_files(f.merge);
  } else {
    const SweepSpec spec = make_sweep_spec(f.sets);
    SweepOptions options;
    options.threads = parse_threads("-j/--threads", f.threads);
    options.warm_start = !f.cold;
    options.time_limit_s =
        parse_nonnegative("--time-limit", f.time_limit_s, "seconds; 0 = no limit");
    if (!f.shard.empty()) {
      options.shard = parse_sweep_shard(f.shard);
      if (format != Format::kJson)
        throw UsageError("--shard writes a shard file for --merge: add --format json");
    }
    Progress progress(!global.quiet);
    options.progress = [&progress](std::size_t done, std::size_t total) {
      progress.update(done, total);
    };
    std::vector<Diagnostic> warnings;
    result = run_sweep(resolve_inputs(f.inputs), spec, options, &warnings);
    print_diagnostics(warnings, global);
  }
  std::ostringstream out;
  render_sweep(result, format, out);
  std::vector<std::string> inputs = input_paths(f.inputs);
  inputs.insert(inputs.end(), f.merge.begin(), f.merge.end());
  write_output(f.output, out.str(), inputs);
}

}  // namespace

void add_sweep_command(CLI::App& app, const GlobalOptions& global) {
  auto f = std::make_shared<SweepFlags>();
  CLI::App* cmd =
      app.add_subcommand("sweep", "Sensitivity of the plan to one or more numbers of the inputs");
  cmd->add_option("--set", f->sets,
                  "DOC:POINTER=FROM:TO:STEP: set the number at JSON POINTER of DOC (catalog, "
                  "demand or policy) to FROM, FROM+STEP, ... up to TO; repeat for a grid (the "
                  "first varies slowest)")
      ->type_name("SPEC")
      ->allow_extra_args(false);
  cmd->add_option("--merge", f->merge,
                  "Merge the shard files of one sweep (written with --shard) into its output")
      ->type_name("FILE...");
  cmd->add_option("--shard", f->shard,
                  "Solve only the points with index % N == I-1 and write a shard file (needs "
                  "--format json)")
      ->type_name("I/N");
  add_input_options(*cmd, &f->inputs);
  add_format_option(*cmd, &f->format,
                    {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown});
  add_output_option(*cmd, &f->output);
  add_threads_option(*cmd, &f->threads,
                     "Points solved in parallel; the output does not depend on it");
  cmd->add_flag("--cold", f->cold,
                "Solve every point from scratch instead of from point 0's bases (slower; each "
                "row is then the plan `allocate` makes for that point)");
  cmd->add_option("--time-limit", f->time_limit_s,
                  "Solver time limit per plan in seconds (0 = none)")
      ->type_name("SECONDS");
  cmd->callback([f, &global] { run_sweep_command(*f, global); });
}

}  // namespace capplan::cli
