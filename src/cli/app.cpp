#include "cli/app.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "capplan/error.hpp"
#include "cli/cli_util.hpp"

#ifndef CAPPLAN_VERSION
#error "CAPPLAN_VERSION must be defined by the build (see CMakeLists.txt)"
#endif

namespace capplan::cli {

namespace {

// The commands, in the order `capplan --help` lists them. A new cmd_<verb>.cpp adds its
// registration function to app.hpp and one line here.
void register_commands(CLI::App& app, const GlobalOptions& global) {
  add_allocate_command(app, global);
  add_sweep_command(app, global);
  add_compare_command(app, global);
  add_deals_command(app, global);
  add_report_command(app, global);
  add_diff_command(app, global);
  add_validate_command(app, global);
  add_catalog_command(app, global);
}

const std::vector<std::string>& log_level_names() {
  static const std::vector<std::string> names = {"trace", "debug", "info", "warn", "error", "off"};
  return names;
}

spdlog::level::level_enum effective_level(const GlobalOptions& global) {
  spdlog::level::level_enum level = spdlog::level::warn;
  if (global.log_level == "trace") level = spdlog::level::trace;
  if (global.log_level == "debug") level = spdlog::level::debug;
  if (global.log_level == "info") level = spdlog::level::info;
  if (global.log_level == "error") level = spdlog::level::err;
  if (global.log_level == "off") level = spdlog::level::off;
  if (global.quiet && level < spdlog::level::err) level = spdlog::level::err;
  return level;
}

// Logs go to stderr only, one line each: "capplan: info: message".
void configure_logging(const GlobalOptions& global) {
  auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  auto logger = std::make_shared<spdlog::logger>("capplan", std::move(sink));
  logger->set_pattern("capplan: %l: %v");
  logger->set_level(effective_level(global));
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
}

// CLI11 messages start with a capital letter; ours are lowercase.
std::string lowercase_first(std::string message) {
  if (message.size() >= 2 && std::isupper(static_cast<unsigned char>(message[0])) &&
      std::islower(static_cast<unsigned char>(message[1]))) {
    message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  }
  while (!message.empty() && (message.back() == '.' || message.back() == '\n')) {
    message.pop_back();
  }
  return message;
}

std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

// A usage error for a parse failure, naming a missing or unknown command as such.
std::string usage_message(const CLI::App& app, const CLI::ParseError& e,
                          const std::vector<std::string>& args) {
  if (app.get_subcommands().empty()) {
    const std::vector<std::string> names = command_names(app);
    // The first word that is not an option (or an option's value) is the command the user
    // meant; CLI11 reports it only as an unexpected argument.
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& word = args[i];
      if (word == "--log-level") {
        ++i;
        continue;
      }
      if (word.empty() || word[0] == '-') continue;
      if (std::find(names.begin(), names.end(), word) != names.end()) break;
      return "unknown command \"" + word + "\"" + did_you_mean(word, names);
    }
    if (e.get_name() == "RequiredError") {
      std::string message = "missing command; expected one of: ";
      for (std::size_t i = 0; i < names.size(); ++i) message += (i ? ", " : "") + names[i];
      return message;
    }
  }
  return lowercase_first(e.what());
}

int report_usage_error(const CLI::App& app, const std::string& message) {
  print_error(message);
  const std::vector<CLI::App*> chosen = app.get_subcommands();
  const std::string command = chosen.empty() ? "capplan" : "capplan " + chosen[0]->get_name();
  std::cerr << "capplan: run '" << command << " --help' for usage\n";
  return kExitUsage;
}

}  // namespace

bool GlobalOptions::show_warnings() const { return effective_level(*this) <= spdlog::level::warn; }

int run(int argc, char** argv) {
  GlobalOptions global;
  configure_logging(global);  // stderr from the start; the options refine it once parsed
  CLI::App app{"capplan: capacity planning for AI inference across clouds", "capplan"};
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);

  try {
    app.fallthrough();  // global options may follow the command
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("capplan ") + CAPPLAN_VERSION,
                         "Print the version and exit");
    app.add_option("--log-level", global.log_level,
                   "Log verbosity on stderr: trace, debug, info, warn, error, off (default warn)")
        ->check(CLI::IsMember(log_level_names()))
        ->type_name("LEVEL");
    app.add_flag("--quiet,-q", global.quiet, "Print errors only (no warnings, no logs)");
    app.footer(
        "--log-level and --quiet may come before or after the command.\nExit codes: 0 ok, "
        "1 invalid input, 2 usage, 3 plan gate failed, 4 no feasible plan, solver failure "
        "or internal error, 5 cannot write output. See docs/CLI.md.");
    // Runs after all options are parsed and before the chosen command's callback.
    app.parse_complete_callback([&global] { configure_logging(global); });
    register_commands(app, global);
  } catch (const std::exception& e) {
    print_error(std::string("internal: ") + e.what());
    return kExitSolver;
  }

  try {
    try {
      app.parse(argc, argv);
      return kExitOk;
    } catch (const CLI::ParseError& e) {
      if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) {
        app.exit(e, std::cout, std::cerr);  // --help, --help-all, --version
        std::cout.flush();
        return std::cout ? kExitOk : kExitOutput;
      }
      return report_usage_error(app, usage_message(app, e, args));
    }
  } catch (const InputError& e) {
    if (e.diagnostics().empty()) {
      print_error(e.what());
    } else {
      print_diagnostics(e.diagnostics(), global);
    }
    return kExitInput;
  } catch (const UsageError& e) {
    return report_usage_error(app, e.what());
  } catch (const GateError& e) {
    print_error(e.what());
    return kExitGate;
  } catch (const SolverError& e) {
    print_error(e.what());
    return kExitSolver;
  } catch (const OutputError& e) {
    print_error(e.what());
    return kExitOutput;
  } catch (const std::exception& e) {
    print_error(std::string("internal: ") + e.what());
    return kExitSolver;
  } catch (...) {
    print_error("internal: unknown exception");
    return kExitSolver;
  }
}

}  // namespace capplan::cli
