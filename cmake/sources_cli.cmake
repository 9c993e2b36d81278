# CLI area: one cmd_<verb>.cpp per subcommand; the only place with CLI11, spdlog and std::cout.
# CAPPLAN_CLI_LIB_SOURCES is everything in src/cli except main.cpp, so tests can link it.
# A new subcommand adds its cmd_<verb>.cpp here, its add_<verb>_command() to src/cli/app.hpp
# and one line to register_commands() in src/cli/app.cpp.
set(CAPPLAN_CLI_LIB_SOURCES
  src/cli/app.cpp
  src/cli/cli_util.cpp
  src/cli/cmd_allocate.cpp
  src/cli/cmd_sweep.cpp
  src/cli/cmd_compare.cpp
  src/cli/cmd_deals.cpp
  src/cli/cmd_report.cpp
  src/cli/cmd_diff.cpp
  src/cli/cmd_validate.cpp
  src/cli/cmd_catalog.cpp
)
set(CAPPLAN_CLI_TESTS
  tests/cli_test.cpp
  tests/calibration_test.cpp
  tests/sweep_test.cpp
  tests/diff_test.cpp
  tests/cli_hardening_test.cpp
)
