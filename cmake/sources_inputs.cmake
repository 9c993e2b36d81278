# Inputs area: months and schedules, parsing, validation, scenarios, CSV demand, embedded data.
set(CAPPLAN_INPUT_SOURCES
  src/error.cpp
  src/month.cpp
  src/inputs.cpp
)
set(CAPPLAN_INPUT_TESTS
)
