// Helpers shared by the subcommands: output formats, writing results (atomically to a file or
// to stdout), the input flags every planning command takes, reading input files, bundled
// scenario lookup, did-you-mean suggestions and printing diagnostics.
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
Format parse_format(const std::string& text, const std::vector<Format>& allowed = {
                                                 Format::kTable, Format::kJson, Format::kCsv,
                                                 Format::kMarkdown});

// Adds `--format` to `cmd`, storing the raw text in *text (parse it in the callback with
// parse_format, so that an unknown value is a UsageError listing `allowed`).
void add_format_option(CLI::App& cmd, std::string* text, const std::vector<Format>& allowed,
                       Format default_format = Format::kTable);

// --- Writing results -----------------------------------------------------------------------

// Writes `content` to `path` atomically: a temporary file in the same directory is written,
// flushed and renamed over `path`. On any failure the temporary file is removed, `path` is left
// as it was, and OutputError("PATH: cannot write: <reason>") is thrown.
void write_file_atomic(const std::string& path, std::string_view content);

// Writes `content` to the file `path` (atomically, as above), or to stdout when `path` is empty
// or "-". A failed write to stdout (a closed pipe, a full disk) throws OutputError.
void write_output(const std::string& path, std::string_view content);

// Adds `--output,-o FILE` (stdout when absent or "-") to `cmd`.
void add_output_option(CLI::App& cmd, std::string* path);

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

// --- Messages ------------------------------------------------------------------------------

// Levenshtein distance (insert, delete, substitute all cost 1).
int edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` by edit distance when it is close enough to be a plausible
// typo (distance <= max(2, |word|/3)), ties broken by order in `candidates`; "" when none.
std::string nearest(const std::string& word, const std::vector<std::string>& candidates);

// ` (did you mean "X"?)` when nearest() finds X, else "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// Prints each diagnostic to stderr as "capplan: error: ..." or "capplan: warning: ...";
// warnings only when global.show_warnings().
void print_diagnostics(const std::vector<Diagnostic>& diagnostics, const GlobalOptions& global);

// Prints "capplan: error: MESSAGE" to stderr.
void print_error(std::string_view message);

}  // namespace capplan::cli
