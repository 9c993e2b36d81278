// A planning report: what `capplan report --out-dir DIR` writes for a CI job to publish and
// gate on. The report is built as values (Report) from the plans of the run and, optionally,
// a baseline (a previous report folder or a plan JSON); rendering it gives the files of the
// folder, each a pure function of the Report, so the same inputs give the same bytes.
//
//   index.md            GitHub-flavoured markdown for a pull-request comment: summary first,
//                       then one <details> block per scenario; no table wider than 8 columns
//   report.html         one standalone page with inline SVG charts (no network, no fonts)
//   plan-S.json         each plan (schema capplan.plan/v1), what a later --compare-to reads
//   plan-S.csv          allocations; plan-S-unmet.csv and plan-S-periods.csv beside it
//   compare.json        every scenario side by side (schema capplan.compare/v1)
//   manifest.json       capplan version, input hashes, every file with its size and SHA-256
//
// Deltas are taken against the baseline's plan of the same scenario when a baseline is given,
// otherwise against the first scenario. Gates (capplan/gates.hpp, those of `capplan diff`)
// apply only against a baseline. Every figure comes from plan_figures and the Plan.
//
// Units: usd, tokens, tokens_per_s, power_mw (facility MW), chips; shares are fractions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capplan/gates.hpp"
#include "capplan/plan.hpp"
#include "capplan/plan_diff.hpp"
#include "capplan/plan_figures.hpp"

namespace capplan {

// Plans to compare against: the plans of a previous report folder, or one plan JSON.
struct ReportBaseline {
  std::string name;  // as given on the command line
  bool is_folder = false;
  std::vector<Plan> plans;
  std::vector<std::string> files;  // the file each plan was read from, for messages
};

struct ReportScenario {
  Plan plan;
  PlanFigures figures;
  // What the deltas are taken against: the baseline plan of the same scenario, or the first
  // scenario. Absent for the first scenario without a baseline, and for a scenario the
  // baseline does not have.
  std::optional<PlanFigures> reference;
  std::string reference_name;     // "base", or "BASELINE (scenario)"
  std::optional<PlanDiff> diff;   // against the baseline only
  std::vector<GateResult> gates;  // against the baseline only
};

struct Report {
  std::vector<ReportScenario> scenarios;   // in the order planned
  std::string baseline;                    // --compare-to as given; empty = none
  std::vector<std::string> baseline_only;  // baseline scenarios this run did not plan
  std::string capplan_version;
  std::string generated_at;  // empty unless the user asked for a timestamp

  std::size_t gates_checked() const;
  std::size_t gates_failed() const;
};

// The stem of a scenario's files: "plan-" + its name, with every character other than
// letters, digits, '.', '_', '+' and '-' (and a leading '.') written as '_', so a scenario
// named "../x" cannot write outside the folder.
std::string report_plan_stem(const std::string& scenario);

// Builds the report. Throws InputError when two scenarios would write the same files (the same
// scenario given twice, or names equal once made safe). Gates are checked for every scenario with a
// baseline plan; `gates` with no baseline is a caller error (the command line refuses it).
Report build_report(std::vector<Plan> plans, const ReportBaseline* baseline,
                    const DiffGates& gates);

struct ReportFile {
  std::string name;  // inside the report folder
  std::string content;
};

std::string render_report_markdown(const Report& report);
std::string render_report_html(const Report& report);

// Every file of the folder, manifest.json last (it lists the others with their hashes).
std::vector<ReportFile> report_files(const Report& report);

// Reads a baseline: a folder written by `capplan report` (its manifest.json, or every
// plan-*.json when it has none) or one plan JSON. Throws InputError naming the file.
ReportBaseline read_report_baseline(const std::string& path);

// SHA-256 of `bytes` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

struct ReportWriteResult {
  std::size_t written = 0;
  std::size_t removed = 0;  // files of the old manifest not written now
};

// Writes `files` into `dir` as one step: they go into a temporary folder beside `dir`, the
// files of `dir` that capplan did not write (not listed in its old manifest.json) are linked
// in, and the two folders are swapped, so `dir` is the old report or the new one, never a
// mix. Files of the old manifest that are not written now are gone with the old folder.
// A `dir` that is a mount point cannot be swapped: there each file is replaced atomically,
// manifest.json last, and then the stale files are removed.
// A file that would overwrite one of `inputs` is refused before anything is written. Throws
// OutputError ("DIR: cannot write: REASON") on any failure, leaving `dir` as it was.
ReportWriteResult write_report_dir(const std::string& dir, const std::vector<ReportFile>& files,
                                   const std::vector<std::string>& inputs);

}  // namespace capplan
