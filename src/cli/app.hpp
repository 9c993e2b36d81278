// The capplan command line: global options, the command registry and run().
//
// Each subcommand lives in its own src/cli/cmd_<verb>.cpp and exposes one registration
// function, declared below, that adds a CLI11 subcommand with its options and a callback.
// The callback does the work and reports failure only by throwing one of the exceptions of
// capplan/error.hpp; run() is the only place that catches them and maps each to an exit code
// (docs/CLI.md). stdout carries the result only; diagnostics and logs go to stderr.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace capplan::cli {

// Options every command accepts, parsed before any command callback runs.
struct GlobalOptions {
  std::string log_level = "warn";  // trace | debug | info | warn | error | off
  bool quiet = false;              // errors only: no warnings, no logs below error

  // Whether warnings (input diagnostics of severity warning) are printed.
  bool show_warnings() const;
};

// Exit codes of docs/CLI.md ("Exit codes").
inline constexpr int kExitOk = 0;
inline constexpr int kExitInput = 1;   // invalid input
inline constexpr int kExitUsage = 2;   // bad command line
inline constexpr int kExitGate = 3;    // a plan gate failed
inline constexpr int kExitSolver = 4;  // no feasible plan, solver failure or internal error
inline constexpr int kExitOutput = 5;  // cannot write output

// Parses the command line, runs the chosen command and returns the process exit code.
// Never throws.
int run(int argc, char** argv);

// --- Command registration: one function per src/cli/cmd_<verb>.cpp -----------------------
// `global` outlives the command; read it in the callback, not at registration.
void add_validate_command(CLI::App& app, const GlobalOptions& global);
void add_catalog_command(CLI::App& app, const GlobalOptions& global);
void add_allocate_command(CLI::App& app, const GlobalOptions& global);
void add_sweep_command(CLI::App& app, const GlobalOptions& global);
void add_compare_command(CLI::App& app, const GlobalOptions& global);
void add_report_command(CLI::App& app, const GlobalOptions& global);
void add_diff_command(CLI::App& app, const GlobalOptions& global);
void add_deals_command(CLI::App& app, const GlobalOptions& global);

}  // namespace capplan::cli
