// ValueOverride (capplan sweep --set): a number set at a pointer after the scenarios, with
// errors reported against the override's origin; and the document hashes plans carry.
#include <catch2/catch.hpp>

#include "capplan/inputs.hpp"
#include "plan_fixture.hpp"

using capplan::InputError;
using capplan::Inputs;
using capplan::InputSources;
using capplan::ValueOverride;
using capplan::testing::Instance;

namespace {

InputSources sources_of(const Instance& inst) {
  return InputSources{{"catalog.json", inst.catalog.dump()},
                      {"demand.json", inst.demand.dump()},
                      {"policy.json", inst.policy.dump()},
                      {},
                      {}};
}

std::string first_error(InputSources src) {
  try {
    capplan::load_inputs(src);
  } catch (const InputError& e) {
    return e.diagnostics().at(0).to_string();
  }
  return "no error";
}

}  // namespace

TEST_CASE("an override sets a number after the scenarios", "[scenario]") {
  InputSources src = sources_of(Instance{});
  src.overrides.push_back({"catalog", "/offerings/a/price_per_chip_hour", 2.5,
                           "--set catalog:/offerings/a/price_per_chip_hour"});
  src.overrides.push_back(
      {"policy", "/utilization_target", 0.5, "--set policy:/utilization_target"});
  const Inputs in = capplan::load_inputs(src);
  CHECK(in.catalog.offerings.at(0).price_usd_per_chip_hour.constant == 2.5);
  CHECK(in.policy.utilization_target == 0.5);
}

TEST_CASE("an override of an unknown field names the origin and the nearest field", "[scenario]") {
  InputSources src = sources_of(Instance{});
  src.overrides.push_back({"catalog", "/offerings/a/price_per_chip_hr", 2.5,
                           "--set catalog:/offerings/a/price_per_chip_hr"});
  CHECK(first_error(src) ==
        "--set catalog:/offerings/a/price_per_chip_hr: /offerings/a/price_per_chip_hr: no such "
        "field in catalog.json: "
        "\"price_per_chip_hr\" (did you mean \"price_per_chip_hour\"?)");
}

TEST_CASE("an override of something that is not a number is refused", "[scenario]") {
  InputSources src = sources_of(Instance{});
  src.overrides.push_back(
      {"catalog", "/offerings/a/region", 1, "--set catalog:/offerings/a/region"});
  CHECK(first_error(src) ==
        "--set catalog:/offerings/a/region: /offerings/a/region: can only set a number, but this "
        "is a string");
}

TEST_CASE("an override that makes the data invalid is reported against the override",
          "[scenario]") {
  InputSources src = sources_of(Instance{});
  src.overrides.push_back(
      {"policy", "/utilization_target", 1.5, "--set policy:/utilization_target"});
  const std::string e = first_error(src);
  CHECK(e.rfind("--set policy:/utilization_target: /utilization_target: ", 0) == 0);
}

TEST_CASE("an override of an unknown document is refused", "[scenario]") {
  InputSources src = sources_of(Instance{});
  src.overrides.push_back({"catalogue", "/x", 1, "--set catalogue:/x"});
  CHECK(first_error(src) ==
        "--set catalogue:/x: unknown document \"catalogue\" (did you mean \"catalog\"?); expected "
        "catalog, demand or policy");
}

TEST_CASE("document hashes change with the effective document only", "[scenario]") {
  const Inputs a = capplan::load_inputs(sources_of(Instance{}));
  const Inputs b = capplan::load_inputs(sources_of(Instance{}));
  CHECK(a.document_hashes == b.document_hashes);
  CHECK(a.document_hashes.at("catalog").size() == 16);
  InputSources src = sources_of(Instance{});
  src.overrides.push_back({"catalog", "/offerings/a/price_per_chip_hour", 2.5, "--set"});
  const Inputs c = capplan::load_inputs(src);
  CHECK(c.document_hashes.at("catalog") != a.document_hashes.at("catalog"));
  CHECK(c.document_hashes.at("demand") == a.document_hashes.at("demand"));
  CHECK(c.document_hashes.at("policy") == a.document_hashes.at("policy"));
}
