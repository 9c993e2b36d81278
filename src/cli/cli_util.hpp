// Helpers shared by the subcommands: output formats, writing results (atomically to a file or
// to stdout), the input flags every planning command takes, reading input files, bundled
// scenario lookup and printing diagnostics.
//
// Failures are reported by throwing capplan exceptions (UsageError, InputError, OutputError);
// run() in app.cpp maps them to exit codes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "capplan/error.hpp"
#include "capplan/inputs.hpp"
#include "capplan/render.hpp"
#include "json_util.hpp"  // did_you_mean: the one suggester, shared with the input documents

namespace CLI {
class App;
}

namespace capplan::cli {

struct GlobalOptions;

// --- Output formats ------------------------------------------------------------------------

// The output formats of capplan/render.hpp: table | json | csv | markdown (to_string there).
using Format = ::capplan::Format;

// Parses "table" | "json" | "csv" | "markdown" (exact, lowercase). Throws UsageError naming
// the allowed values when `text` is not one of `allowed`.
Format parse_format(const std::string& text,
                    const std::vector<Format>& allowed = {Format::kTable, Format::kJson,
                                                          Format::kCsv, Format::kMarkdown});

// Adds `--format` to `cmd`, storing the raw text in *text (parse it in the callback with
// parse_format, so that an unknown value is a UsageError listing `allowed`).
void add_format_option(CLI::App& cmd, std::string* text, const std::vector<Format>& allowed,
                       Format default_format = Format::kTable);

// --- Writing results -----------------------------------------------------------------------

// Writes `content` to the file `path` by capplan/output_file.hpp's rules: a regular file
// atomically, a device or FIFO directly, never over one of `inputs` (the run's input files).
// Throws OutputError("PATH: cannot write: <reason>" or "PATH: would overwrite input IN").
void write_file_atomic(const std::string& path, std::string_view content,
                       const std::vector<std::string>& inputs = {});

// Writes `content` to the file `path` (as above), or to stdout when `path` is empty or "-".
// A failed write to stdout (a closed pipe, a full disk) throws OutputError.
void write_output(const std::string& path, std::string_view content,
                  const std::vector<std::string>& inputs = {});

// Adds `--output,-o FILE` (stdout when absent or "-") to `cmd`.
void add_output_option(CLI::App& cmd, std::string* path);

// --- Numbers on the command line ---------------------------------------------------------

// Parses the value of `flag` as typed: a finite number >= 0, all of `text`. Throws UsageError
// echoing the text: `--max-cost "-1": expected a number >= 0 (USD)`; `what` says what the
// number is ("USD", "seconds; 0 = no limit").
double parse_nonnegative(const std::string& flag, const std::string& text, const std::string& what);

// A thread count: a whole number >= 0 (0 = one per core).
int parse_threads(const std::string& flag, const std::string& text);

// Adds `-j,--threads N` to `cmd` (the same flag in every command), storing the text in *text.
void add_threads_option(CLI::App& cmd, std::string* text, const std::string& what);

// --- Inputs --------------------------------------------------------------------------------

// The input flags shared by allocate, compare, sweep and catalog. Empty = bundled default.
struct InputFlags {
  std::string catalog;
  std::string demand;  // JSON, or CSV when the name ends in .csv
  std::string policy;
  std::vector<std::string> scenarios;  // files or bundled scenario names, applied in order
};

// Adds --catalog, --demand, --policy and --scenario (repeatable) to `cmd`.
void add_input_options(CLI::App& cmd, InputFlags* flags);

// Every path the flags name (including scenario values that may be bundled names): the files
// an output must not overwrite.
std::vector<std::string> input_paths(const InputFlags& flags);

// Reads a file from disk as a SourceText named by its path. Throws InputError
// "PATH: cannot read: <strerror>" when the file cannot be opened or read.
SourceText read_source_file(const std::string& path);

// A scenario given on the command line: an existing file is read; otherwise the value is
// looked up among the bundled scenarios. Throws InputError when it is neither, suggesting the
// nearest bundled name.
SourceText resolve_scenario(const std::string& file_or_name);

// The bundled defaults with every given flag applied. Collects every unreadable file or
// unknown scenario before throwing one InputError listing them all.
InputSources resolve_inputs(const InputFlags& flags);

// One set of inputs per scenario of `scenarios` ("base" = none), each the bundled defaults with
// `flags` applied and then that scenario, for the commands that plan several scenarios side by
// side (compare, report). Every unreadable file and unknown scenario is collected before one
// InputError lists them all.
std::vector<InputSources> resolve_scenario_runs(const InputFlags& flags,
                                                const std::vector<std::string>& scenarios);

// Loads the inputs and prints their warnings (see print_input_warnings below).
Inputs load_inputs_and_warn(const InputSources& sources, const GlobalOptions& global);

// Prints the warnings about each run's inputs, each once, as `capplan validate` prints them:
// every planning command shows the same warnings about the same inputs. Throws InputError
// when a run's inputs are invalid.
void print_input_warnings(const std::vector<InputSources>& runs, const GlobalOptions& global);

// --- Messages ------------------------------------------------------------------------------

// Prints each diagnostic to stderr as "capplan: error: ..." or "capplan: warning: ...";
// warnings only when global.show_warnings().
void print_diagnostics(const std::vector<Diagnostic>& diagnostics, const GlobalOptions& global);

// Prints "capplan: error: MESSAGE" to stderr.
void print_error(std::string_view message);

}  // namespace capplan::cli
