#include "cli/cli_util.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <set>

#include "capplan/output_file.hpp"
#include "cli/app.hpp"

namespace capplan::cli {

// --- Output formats ------------------------------------------------------------------------

namespace {

std::string join_formats(const std::vector<Format>& formats) {
  std::string out;
  for (const Format f : formats) {
    if (!out.empty()) out += ", ";
    out += to_string(f);
  }
  return out;
}

}  // namespace

Format parse_format(const std::string& text, const std::vector<Format>& allowed) {
  const std::optional<Format> format = ::capplan::parse_format(text);
  if (format && std::find(allowed.begin(), allowed.end(), *format) != allowed.end()) return *format;
  std::vector<std::string> names;
  for (const Format f : allowed) names.emplace_back(to_string(f));
  throw UsageError("--format: unknown format \"" + text + "\"" + did_you_mean(text, names) +
                   "; expected one of: " + join_formats(allowed));
}

void add_format_option(CLI::App& cmd, std::string* text, const std::vector<Format>& allowed,
                       Format default_format) {
  *text = to_string(default_format);
  cmd.add_option(
         "--format,-f", *text,
         "Output format: " + join_formats(allowed) + " (default " + to_string(default_format) + ")")
      ->type_name("FORMAT");
}

// --- Writing results -----------------------------------------------------------------------

void write_file_atomic(const std::string& path, std::string_view content,
                       const std::vector<std::string>& inputs) {
  write_output_file(path, content, inputs);
}

void write_output(const std::string& path, std::string_view content,
                  const std::vector<std::string>& inputs) {
  if (!path.empty() && path != "-") {
    write_output_file(path, content, inputs);
    return;
  }
  std::cout.write(content.data(), static_cast<std::streamsize>(content.size()));
  std::cout.flush();
  if (!std::cout) {
    const int error = errno != 0 ? errno : EIO;
    std::cout.clear();
    throw OutputError(std::string("stdout: cannot write: ") + std::strerror(error));
  }
}

std::vector<std::string> input_paths(const InputFlags& flags) {
  std::vector<std::string> paths = {flags.catalog, flags.demand, flags.policy};
  // A scenario that names no file is a bundled one; check_not_an_input skips missing paths.
  paths.insert(paths.end(), flags.scenarios.begin(), flags.scenarios.end());
  return paths;
}

void add_output_option(CLI::App& cmd, std::string* path) {
  cmd.add_option("--output,-o", *path,
                 "Write the result to FILE instead of stdout (a regular file atomically: a "
                 "temporary file, then rename; a device or FIFO directly)")
      ->type_name("FILE");
}

// --- Numbers on the command line ---------------------------------------------------------

double parse_nonnegative(const std::string& flag, const std::string& text,
                         const std::string& what) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || !std::isfinite(value) || value < 0)
    throw UsageError(flag + " \"" + text + "\": expected a number >= 0 (" + what + ")");
  return value;
}

int parse_threads(const std::string& flag, const std::string& text) {
  int value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 0)
    throw UsageError(flag + " \"" + text +
                     "\": expected a whole number of threads >= 1, or 0 for one per core");
  return value;
}

void add_threads_option(CLI::App& cmd, std::string* text, const std::string& what) {
  *text = "0";
  cmd.add_option("-j,--threads", *text, what + " (0 = one per core, the default)")->type_name("N");
}

// --- Inputs --------------------------------------------------------------------------------

void add_input_options(CLI::App& cmd, InputFlags* flags) {
  cmd.add_option("--catalog", flags->catalog, "Catalog JSON (default: the bundled catalog)")
      ->type_name("FILE");
  cmd.add_option("--demand", flags->demand,
                 "Demand forecast, JSON or CSV (default: the bundled demand)")
      ->type_name("FILE");
  cmd.add_option("--policy", flags->policy, "Policy JSON (default: the bundled policy)")
      ->type_name("FILE");
  cmd.add_option("--scenario,-s", flags->scenarios,
                 "Scenario file or bundled scenario name; repeat to apply several, left to "
                 "right")
      ->type_name("SCENARIO")
      ->allow_extra_args(false);
}

namespace {

Diagnostic error_at(const std::string& file, const std::string& message) {
  Diagnostic d;
  d.severity = Diagnostic::Severity::kError;
  d.file = file;
  d.message = message;
  return d;
}

// Reads the whole file or returns the errno of the failure.
std::optional<int> read_file(const std::string& path, std::string* out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  out->clear();
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int error = errno;
      ::close(fd);
      return error;
    }
    if (n == 0) break;
    out->append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return std::nullopt;
}

Diagnostic cannot_read(const std::string& path, int error) {
  return error_at(path, std::string("cannot read: ") + std::strerror(error));
}

Diagnostic unknown_scenario(const std::string& name) {
  const std::vector<std::string> names = bundled_scenario_names();
  std::string message = "no such file, and no bundled scenario of that name";
  const std::string suggestion = did_you_mean(name, names);
  if (!suggestion.empty()) {
    message += suggestion;
  } else if (!names.empty()) {
    message += " (bundled: ";
    for (std::size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
    message += ")";
  }
  return error_at(name, message);
}

// Tries to resolve one scenario; on failure appends a diagnostic and returns nullopt.
std::optional<SourceText> try_scenario(const std::string& value, std::vector<Diagnostic>* errors) {
  std::error_code ec;
  if (std::filesystem::exists(value, ec)) {
    SourceText source{value, {}};
    if (const auto error = read_file(value, &source.text)) {
      errors->push_back(cannot_read(value, *error));
      return std::nullopt;
    }
    return source;
  }
  if (auto bundled = bundled_scenario(value)) return bundled;
  errors->push_back(unknown_scenario(value));
  return std::nullopt;
}

void read_into(const std::string& path, SourceText* target, std::vector<Diagnostic>* errors) {
  if (path.empty()) return;
  SourceText source{path, {}};
  if (const auto error = read_file(path, &source.text)) {
    errors->push_back(cannot_read(path, *error));
    return;
  }
  *target = std::move(source);
}

}  // namespace

SourceText read_source_file(const std::string& path) {
  SourceText source{path, {}};
  if (const auto error = read_file(path, &source.text)) {
    throw InputError(std::vector<Diagnostic>{cannot_read(path, *error)});
  }
  return source;
}

SourceText resolve_scenario(const std::string& file_or_name) {
  std::vector<Diagnostic> errors;
  auto source = try_scenario(file_or_name, &errors);
  if (!source) throw InputError(std::move(errors));
  return *std::move(source);
}

InputSources resolve_inputs(const InputFlags& flags) {
  InputSources sources = bundled_sources();
  std::vector<Diagnostic> errors;
  read_into(flags.catalog, &sources.catalog, &errors);
  read_into(flags.demand, &sources.demand, &errors);
  read_into(flags.policy, &sources.policy, &errors);
  sources.scenarios.clear();
  for (const std::string& value : flags.scenarios) {
    if (auto source = try_scenario(value, &errors)) sources.scenarios.push_back(*std::move(source));
  }
  if (!errors.empty()) throw InputError(std::move(errors));
  return sources;
}

std::vector<InputSources> resolve_scenario_runs(const InputFlags& flags,
                                                const std::vector<std::string>& scenarios) {
  std::vector<InputSources> runs;
  std::vector<Diagnostic> errors;
  for (const std::string& scenario : scenarios) {
    InputFlags run = flags;
    if (scenario != "base") run.scenarios.push_back(scenario);
    try {
      runs.push_back(resolve_inputs(run));
    } catch (const InputError& e) {
      for (const Diagnostic& d : e.diagnostics()) {
        const bool seen = std::any_of(errors.begin(), errors.end(), [&](const Diagnostic& o) {
          return o.to_string() == d.to_string();
        });
        if (!seen) errors.push_back(d);
      }
    }
  }
  if (!errors.empty()) throw InputError(std::move(errors));
  return runs;
}

Inputs load_inputs_and_warn(const InputSources& sources, const GlobalOptions& global) {
  std::vector<Diagnostic> warnings;
  Inputs inputs = load_inputs(sources, &warnings);
  print_diagnostics(warnings, global);
  return inputs;
}

void print_input_warnings(const std::vector<InputSources>& runs, const GlobalOptions& global) {
  std::vector<Diagnostic> unique;
  std::set<std::string> seen;
  for (const InputSources& run : runs) {
    std::vector<Diagnostic> warnings;
    load_inputs(run, &warnings);
    for (Diagnostic& d : warnings) {
      if (seen.insert(d.to_string()).second) unique.push_back(std::move(d));
    }
  }
  print_diagnostics(unique, global);
}

// --- Messages ------------------------------------------------------------------------------

void print_diagnostics(const std::vector<Diagnostic>& diagnostics, const GlobalOptions& global) {
  for (const Diagnostic& d : diagnostics) {
    if (d.severity == Diagnostic::Severity::kWarning) {
      if (global.show_warnings()) std::cerr << "capplan: warning: " << d.to_string() << '\n';
    } else {
      std::cerr << "capplan: error: " << d.to_string() << '\n';
    }
  }
  std::cerr.flush();
}

void print_error(std::string_view message) {
  std::cerr << "capplan: error: " << message << '\n';
  std::cerr.flush();
}

}  // namespace capplan::cli
