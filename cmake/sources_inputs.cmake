# Inputs area: months and schedules, parsing, validation, scenarios, CSV demand, embedded data,
# and the figures derived from a catalog alone.
set(CAPPLAN_INPUT_SOURCES
  src/error.cpp
  src/month.cpp
  src/json_util.cpp
  src/input_catalog.cpp
  src/input_demand.cpp
  src/input_policy.cpp
  src/input_scenario.cpp
  src/input_csv.cpp
  src/inputs.cpp
  src/input_validate.cpp
  src/catalog_figures.cpp
  src/input_lint.cpp
)
set(CAPPLAN_INPUT_TESTS
  tests/input_month_test.cpp
  tests/input_catalog_test.cpp
  tests/input_demand_test.cpp
  tests/input_policy_test.cpp
  tests/input_scenario_test.cpp
  tests/input_csv_test.cpp
  tests/input_validate_test.cpp
  tests/catalog_figures_test.cpp
  tests/input_lint_test.cpp
  tests/input_hardening_test.cpp
)
