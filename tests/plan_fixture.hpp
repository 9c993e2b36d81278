// Small planning instances for known-answer tests, written as JSON and loaded through the real
// parser. One month (2026-07: 31 days, 744 hours), so hand arithmetic stays short.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "capplan/inputs.hpp"

namespace capplan::testing {

using nlohmann::json;

// Providers p1 and p2; region r1 (p1, us) and r2 (p2, us), pue 1; accelerator "fast" serves
// model m at 1000 tokens/s, "slow" at 500 tokens/s, both 0.5 kW; offering a = fast in r1 at
// $1/chip-hour, offering b = slow in r2 at $1/chip-hour. Policy: utilization 0.7, so a gives
// 700 tokens/s per chip and b 350.
struct Instance {
  json catalog = {
      {"schema", "capplan.catalog/v1"},
      {"providers",
       {{"p1", {{"name", "P1"}, {"kind", "hyperscaler"}}},
        {"p2", {{"name", "P2"}, {"kind", "neocloud"}}}}},
      {"accelerators",
       {{"fast", {{"name", "Fast"}, {"vendor", "v"}, {"all_in_kw", 0.5}}},
        {"slow", {{"name", "Slow"}, {"vendor", "v"}, {"all_in_kw", 0.5}}}}},
      {"models", {{"m", {{"name", "M"}}}}},
      {"throughput", {{"fast", {{"m", 1000}}}, {"slow", {{"m", 500}}}}},
      {"regions",
       {{"r1", {{"provider", "p1"}, {"location", "here"}, {"geo", "us"}, {"pue", 1.0}}},
        {"r2", {{"provider", "p2"}, {"location", "there"}, {"geo", "us"}, {"pue", 1.0}}}}},
      {"offerings",
       {{"a", {{"region", "r1"}, {"accelerator", "fast"}, {"price_per_chip_hour", 1.0}}},
        {"b", {{"region", "r2"}, {"accelerator", "slow"}, {"price_per_chip_hour", 1.0}}}}},
      {"commitments", json::object()}};
  // One batch slice of 7000 tokens/s (peak_to_avg 1).
  json demand = {{"schema", "capplan.demand/v1"},
                 {"start", "2026-07"},
                 {"end", "2026-07"},
                 {"step", "month"},
                 {"classes",
                  {{"batch", {{"peak_to_avg", 1.0}, {"interactive", false}}},
                   {"chat", {{"peak_to_avg", 1.0}, {"interactive", true}}}}},
                 {"slices",
                  {{"s",
                    {{"model", "m"},
                     {"class", "batch"},
                     {"geo", "us"},
                     {"tokens_per_day", 7000.0 * 86400}}}}}};
  json policy = {{"schema", "capplan.policy/v1"},
                 {"utilization_target", 0.7},
                 {"unmet_penalty_usd_per_mtok", 20}};

  Inputs load() const {
    InputSources src{{"catalog.json", catalog.dump()},
                     {"demand.json", demand.dump()},
                     {"policy.json", policy.dump()},
                     {},
                     {}};
    return load_inputs(src);
  }
};

}  // namespace capplan::testing
