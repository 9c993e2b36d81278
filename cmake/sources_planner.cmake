# Planner area: LP model, solver adapter, plan, verification, rendering.
set(CAPPLAN_PLANNER_SOURCES
  src/lp_model.cpp
  src/model_builder.cpp
  src/solver_clp.cpp
  src/plan.cpp
  src/verify.cpp
  src/plan_json.cpp
  src/render_plan.cpp
  src/text_table.cpp
)
set(CAPPLAN_PLANNER_TESTS
  tests/model_test.cpp
  tests/plan_test.cpp
  tests/allocate_test.cpp
  tests/input_override_test.cpp
  bench/instance_gen.cpp
)
