// Sweep shard files read back with pointers built the one way (json_util.hpp): keys holding
// "/" or "~" are escaped in messages, and --set pointers are read with the same rules.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "capplan/sweep.hpp"

namespace capplan {
namespace {

// A one-point sweep result, as a shard file.
nlohmann::ordered_json one_point_file() {
  SweepResult r;
  r.spec = make_sweep_spec({"policy:/provider_share/p1/max=0.5:0.5:0.1"});
  r.providers = {"p1"};
  r.input_hashes = {{"catalog", "0"}, {"demand", "1"}, {"policy", "2"}};
  SweepRow row;
  row.point = 0;
  row.values = {0.5};
  row.status = capplan::PlanStatus::kOptimal;
  row.objective_usd = 1;
  row.unmet_tokens = 0;
  row.share_fractions = {{"p1", 1.0}};
  row.duals = {1.0};
  r.rows = {row};
  return nlohmann::ordered_json::parse(sweep_to_json(r));
}

std::string read_error(const nlohmann::ordered_json& file) {
  try {
    sweep_from_json(file.dump(), "s.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a shard file reads back unchanged", "[sweep]") {
  const nlohmann::ordered_json file = one_point_file();
  CHECK(read_error(file) == "no error");
  CHECK(sweep_to_json(sweep_from_json(file.dump(), "s.json")) == file.dump(2) + "\n");
}

TEST_CASE("a shard file error under a key with / or ~ names an escaped pointer", "[sweep]") {
  nlohmann::ordered_json file = one_point_file();
  file["rows"][0]["shares"]["a/b~c"] = "x";
  CHECK(read_error(file) == "s.json: /rows/0/shares/a~1b~0c: expected a number");
  file = one_point_file();
  file["inputs"]["x/y"] = 1;
  CHECK(read_error(file) == "s.json: /inputs/x~1y: expected a string");
}

TEST_CASE("a --set pointer is read with RFC 6901 escapes", "[sweep]") {
  const SweepAxis a = parse_sweep_axis("catalog:/regions/r~1x~0/power_mw/2/value=1:2:1");
  CHECK(a.dual_kind() == SweepDualKind::kRegionPower);
  CHECK(a.dual_entity() == "r/x~");
  CHECK(a.dual_step() == 2);
  // Not a pointer nlohmann reads: no dual, and the override names the pointer.
  CHECK(parse_sweep_axis("catalog:/regions/r~2/power_mw=1:2:1").dual_kind() ==
        SweepDualKind::kNone);
}

}  // namespace capplan
