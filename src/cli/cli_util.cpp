#include "cli/cli_util.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>

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
  cmd.add_option("--format,-f", *text,
                 "Output format: " + join_formats(allowed) + " (default " +
                     to_string(default_format) + ")")
      ->type_name("FORMAT");
}

// --- Writing results -----------------------------------------------------------------------

namespace {

[[noreturn]] void throw_write_error(const std::string& path, int error) {
  throw OutputError(path + ": cannot write: " + std::strerror(error));
}

// Writes all of `content` to `fd`; returns 0 or the errno of the failure.
int write_all(int fd, std::string_view content) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return 0;
}

// Permission bits a newly created file gets under the current umask.
mode_t default_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return static_cast<mode_t>(0666 & ~mask);
}

}  // namespace

void write_file_atomic(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  if (path.empty()) throw OutputError("cannot write: empty file name");
  const fs::path target(path);
  std::error_code ec;
  if (fs::is_directory(target, ec)) throw_write_error(path, EISDIR);

  fs::path dir = target.parent_path();
  if (dir.empty()) dir = ".";
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');

  const int fd = ::mkstemp(name.data());
  if (fd < 0) throw_write_error(path, errno);
  const std::string tmp_path(name.data());

  int error = write_all(fd, content);
  if (error == 0 && ::fchmod(fd, default_file_mode()) != 0) error = errno;
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error == 0 && std::rename(tmp_path.c_str(), path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(tmp_path.c_str());
    throw_write_error(path, error);
  }
}

void write_output(const std::string& path, std::string_view content) {
  if (!path.empty() && path != "-") {
    write_file_atomic(path, content);
    return;
  }
  std::cout.write(content.data(), static_cast<std::streamsize>(content.size()));
  std::cout.flush();
  if (!std::cout) {
    const int error = errno != 0 ? errno : EIO;
    std::cout.clear();
    throw_write_error("stdout", error);
  }
}

void add_output_option(CLI::App& cmd, std::string* path) {
  cmd.add_option("--output,-o", *path,
                 "Write the result to FILE (atomically: a temporary file, then rename) instead "
                 "of stdout")
      ->type_name("FILE");
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

// --- Messages ------------------------------------------------------------------------------

int edit_distance(std::string_view a, std::string_view b) {
  std::vector<int> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const int above = row[j];
      const int substitute = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitute});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string nearest(const std::string& word, const std::vector<std::string>& candidates) {
  const int limit = std::max(2, static_cast<int>(word.size()) / 3);
  std::string best;
  int best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    const int d = edit_distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string best = nearest(word, candidates);
  if (best.empty() || best == word) return "";
  return " (did you mean \"" + best + "\"?)";
}

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
