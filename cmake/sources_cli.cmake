# CLI area: one cmd_<verb>.cpp per subcommand; the only place with CLI11, spdlog and std::cout.
set(CAPPLAN_CLI_LIB_SOURCES
)
set(CAPPLAN_CLI_TESTS
)
