# Inputs area: months and schedules, parsing, validation, scenarios, CSV demand, embedded data.
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
)
set(CAPPLAN_INPUT_TESTS
  tests/input_month_test.cpp
)
