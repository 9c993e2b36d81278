// catalog.json: every kind of invalid input is reported with its exact pointer and message.
#include <catch2/catch.hpp>

#include "capplan/inputs.hpp"
#include "fixtures/inputs/documents.hpp"

namespace capplan {
namespace {

using test_inputs::catalog_errors;
using test_inputs::Lines;

// The catalog fixture with `text` in place of the whole document.
Lines errors_of_catalog_text(const std::string& text) {
  InputSources input_sources = test_inputs::sources();
  input_sources.catalog.text = text;
  return test_inputs::errors_of(input_sources);
}

}  // namespace

TEST_CASE("the catalog fixture loads with ids sorted and resolved", "[catalog]") {
  const Inputs inputs = load_inputs(test_inputs::sources());
  const Catalog& catalog = inputs.catalog;
  REQUIRE(catalog.providers.size() == 2);
  CHECK(catalog.providers[0].id == "aws");
  REQUIRE(catalog.accelerators.size() == 2);
  CHECK(catalog.accelerators[0].id == "maia200");  // sorted by id
  CHECK(catalog.accelerators[1].hbm_gb == 96.0);
  CHECK(catalog.accelerators[1].peak_tflops.bf16 == 667.0);
  CHECK_FALSE(catalog.accelerators[1].peak_tflops.fp8.has_value());
  CHECK(catalog.accelerators[0].available_from == Month::from_ym(2026, 1));
  CHECK(catalog.accelerators[1].provenance.source == "a; b");
  CHECK(catalog.accelerators[1].provenance.is_estimated("all_in_kw"));
  CHECK_FALSE(catalog.accelerators[1].provenance.is_estimated("hbm_gb"));
  const Offering& maia = catalog.offerings[1];
  CHECK(maia.id == "azure-maia200-central");
  CHECK(catalog.regions[maia.region].id == "azure-us-central");
  CHECK(catalog.commitments[maia.commitment].status == CommitmentStatus::kTalks);
  CHECK(catalog.provider_of_offering(1) == 1);
  CHECK_FALSE(maia.price_usd_per_chip_hour.at(Month::from_ym(2026, 12)).has_value());
  CHECK(maia.max_chips->at(Month::from_ym(2027, 8)) == 40000.0);
  CHECK(catalog.tokens_per_s(1, 1) == 4000.0);  // trn2, small
  CHECK(catalog.throughput[2].provenance.is_estimated("tokens_per_s"));
  CHECK(catalog.tokens_per_s(0, 1) == 0.0);  // maia200 cannot serve small
  CHECK(catalog.commitments[0].min_spend_usd_per_year == 1e10);
  CHECK(std::string(to_string(CommitmentStatus::kLapsed)) == "lapsed");
}

TEST_CASE("catalog syntax errors give line and column", "[catalog]") {
  CHECK(
      errors_of_catalog_text("{\n  \"schema\": \"capplan.catalog/v1\",\n  \"providers\": {,}\n}") ==
      Lines{"catalog.json: 3:17: syntax error while parsing object key - unexpected ','; "
            "expected string literal"});
  CHECK(errors_of_catalog_text("") ==
        Lines{"catalog.json: 1:1: syntax error while parsing value - unexpected end of input; "
              "expected '[', '{', or a literal"});
  CHECK(errors_of_catalog_text("{\"schema\": 1e999}") ==
        Lines{"catalog.json: 1:16: number overflow parsing '1e999'"});
}

TEST_CASE("the catalog schema field is checked", "[catalog]") {
  CHECK(catalog_errors(R"({"schema": "capplan.demand/v1"})") ==
        Lines{"catalog.json: /schema: expected \"capplan.catalog/v1\", got \"capplan.demand/v1\""});
  CHECK(catalog_errors(R"({"schema": null})") ==
        Lines{"catalog.json: missing required field \"schema\" (expected \"capplan.catalog/v1\")"});
  CHECK(errors_of_catalog_text("[]") == Lines{"catalog.json: expected an object, got an array"});
}

TEST_CASE("unknown catalog fields are reported with the nearest allowed name", "[catalog]") {
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": {"max_chip": 10}}})") ==
        Lines{"catalog.json: /offerings/aws-trn2-use2: unknown field \"max_chip\" (did you "
              "mean \"max_chips\"?)"});
  CHECK(catalog_errors(R"({"providerz": {}})") ==
        Lines{"catalog.json: unknown field \"providerz\" (did you mean \"providers\"?)"});
  CHECK(catalog_errors(R"({"regions": {"aws-us-east-2": {"colour": "blue"}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2: unknown field \"colour\""});
  CHECK(catalog_errors(R"({"accelerators": {"trn2": {"peak_tflops": {"fp16": 1}}}})") ==
        Lines{"catalog.json: /accelerators/trn2/peak_tflops: unknown field \"fp16\" (did you "
              "mean \"bf16\"?)"});
}

TEST_CASE("missing required catalog fields are reported at their object", "[catalog]") {
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": {"region": null}}})") ==
        Lines{"catalog.json: /offerings/aws-trn2-use2: missing required field \"region\""});
  CHECK(catalog_errors(R"({"accelerators": {"trn2": {"all_in_kw": null}}})") ==
        Lines{"catalog.json: /accelerators/trn2: missing required field \"all_in_kw\""});
  CHECK(catalog_errors(R"({"models": null})") ==
        Lines{"catalog.json: missing required field \"models\""});
  CHECK(catalog_errors(R"({"commitments": {"aws-5gw": {"start": null}}})") ==
        Lines{"catalog.json: /commitments/aws-5gw: missing required field \"start\""});
}

TEST_CASE("catalog fields of the wrong type are reported", "[catalog]") {
  CHECK(catalog_errors(R"({"regions": {"aws-us-east-2": {"pue": "1.2"}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2/pue: expected a number, got a string"});
  CHECK(catalog_errors(R"({"providers": {"aws": {"name": 7}}})") ==
        Lines{"catalog.json: /providers/aws/name: expected a string, got a number"});
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": "cheap"}})") ==
        Lines{"catalog.json: /offerings/aws-trn2-use2: expected an object, got a string"});
  CHECK(catalog_errors(R"({"regions": []})") ==
        Lines{"catalog.json: /regions: expected an object keyed by id, got an array"});
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": {"price_per_chip_hour": "2.5"}}})") ==
        Lines{"catalog.json: /offerings/aws-trn2-use2/price_per_chip_hour: expected a number or "
              "an array of {\"from\", \"value\"} steps, got a string"});
}

TEST_CASE("catalog numbers out of range are reported with their value", "[catalog]") {
  CHECK(catalog_errors(R"({"regions": {"aws-us-east-2": {"pue": 0.9}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2/pue: must be at least 1, got 0.9"});
  CHECK(catalog_errors(R"({"accelerators": {"trn2": {"all_in_kw": 0}}})") ==
        Lines{"catalog.json: /accelerators/trn2/all_in_kw: must be greater than 0, got 0"});
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": {"price_per_chip_hour": -1}}})") ==
        Lines{"catalog.json: /offerings/aws-trn2-use2/price_per_chip_hour: must be at least 0, "
              "got -1"});
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": {"max_chips": [{"from": "2026-07",
        "value": -5}]}}})") == Lines{"catalog.json: /offerings/aws-trn2-use2/max_chips/0/value: "
                                     "must be at least 0, got -5"});
  CHECK(catalog_errors(R"({"commitments": {"aws-5gw": {"min_spend_usd_per_year": -1e9}}})") ==
        Lines{"catalog.json: /commitments/aws-5gw/min_spend_usd_per_year: must be at least 0, "
              "got -1000000000"});
  CHECK(catalog_errors(R"({"throughput": {"trn2": {"frontier": 0}}})") ==
        Lines{"catalog.json: /throughput/trn2/frontier: must be greater than 0, got 0"});
  CHECK(catalog_errors(R"({"throughput": {"trn2": {"small": {"tokens_per_s": -3}}}})") ==
        Lines{"catalog.json: /throughput/trn2/small/tokens_per_s: must be greater than 0, got -3"});
}

TEST_CASE("catalog schedules must be well formed", "[catalog]") {
  CHECK(catalog_errors(R"({"regions": {"aws-us-east-2": {"power_mw": []}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2/power_mw: a schedule needs at least one "
              "step"});
  CHECK(catalog_errors(R"({"regions": {"aws-us-east-2": {"power_mw": [
          {"from": "2027-01", "value": 1}, {"from": "2026-07", "value": 2}]}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2/power_mw/1/from: steps must be in strictly "
              "increasing order of \"from\", got 2026-07 after 2027-01"});
  CHECK(catalog_errors(R"({"regions": {"aws-us-east-2": {"power_mw": [
          {"from": "2027-01", "value": 1}, {"from": "2027-01", "value": 2}]}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2/power_mw/1/from: steps must be in strictly "
              "increasing order of \"from\", got 2027-01 after 2027-01"});
  CHECK(catalog_errors(R"({"regions": {"aws-us-east-2": {"power_mw": [
          {"from": "2027-13", "value": 1}]}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2/power_mw/0/from: expected a month as "
              "\"YYYY-MM\", got \"2027-13\""});
  CHECK(catalog_errors(R"({"regions": {"aws-us-east-2": {"power_mw": [
          {"from": "2027-01", "valu": 1}]}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2/power_mw/0: unknown field \"valu\" (did you "
              "mean \"value\"?)",
              "catalog.json: /regions/aws-us-east-2/power_mw/0: missing required field \"value\""});
}

TEST_CASE("catalog months must exist", "[catalog]") {
  CHECK(catalog_errors(R"({"accelerators": {"maia200": {"available_from": "2026-1"}}})") ==
        Lines{"catalog.json: /accelerators/maia200/available_from: expected a month as "
              "\"YYYY-MM\", got \"2026-1\""});
  CHECK(catalog_errors(R"({"commitments": {"aws-5gw": {"end": "2035-00"}}})") ==
        Lines{"catalog.json: /commitments/aws-5gw/end: expected a month as \"YYYY-MM\", got "
              "\"2035-00\""});
  CHECK(catalog_errors(R"({"commitments": {"aws-5gw": {"end": "2026-03"}}})") ==
        Lines{"catalog.json: /commitments/aws-5gw/end: end 2026-03 is before start 2026-04"});
}

TEST_CASE("catalog references resolve or name the nearest id", "[catalog]") {
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": {"region": "aws-us-east-9"}}})") ==
        Lines{"catalog.json: /offerings/aws-trn2-use2/region: unknown region \"aws-us-east-9\" "
              "(did you mean \"aws-us-east-2\"?)"});
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": {"accelerator": "trn3"}}})") ==
        Lines{"catalog.json: /offerings/aws-trn2-use2/accelerator: unknown accelerator \"trn3\" "
              "(did you mean \"trn2\"?)"});
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": {"commitment": "gcp-200b"}}})") ==
        Lines{"catalog.json: /offerings/aws-trn2-use2/commitment: unknown commitment "
              "\"gcp-200b\""});
  CHECK(catalog_errors(R"({"regions": {"aws-us-east-2": {"provider": "amazon"}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2/provider: unknown provider \"amazon\""});
  CHECK(catalog_errors(R"({"commitments": {"azure-maia": {"provider": "azur"}}})") ==
        Lines{"catalog.json: /commitments/azure-maia/provider: unknown provider \"azur\" (did "
              "you mean \"azure\"?)"});
}

TEST_CASE("throughput keys resolve to accelerators and models", "[catalog]") {
  CHECK(catalog_errors(R"({"throughput": {"trn3": {"frontier": 100}}})") ==
        Lines{"catalog.json: /throughput/trn3: unknown accelerator \"trn3\" (did you mean "
              "\"trn2\"?)"});
  CHECK(catalog_errors(R"({"throughput": {"trn2": {"frontir": 100}}})") ==
        Lines{"catalog.json: /throughput/trn2/frontir: unknown model \"frontir\" (did you mean "
              "\"frontier\"?)"});
  CHECK(catalog_errors(R"({"throughput": {"trn2": {"small": "fast"}}})") ==
        Lines{"catalog.json: /throughput/trn2/small: expected tokens per second (a number or an "
              "object with \"tokens_per_s\"), got a string"});
}

TEST_CASE("an offering's commitment belongs to its region's provider", "[catalog]") {
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": {"commitment": "azure-maia"}}})") ==
        Lines{"catalog.json: /offerings/aws-trn2-use2/commitment: commitment \"azure-maia\" "
              "belongs to provider \"azure\", but region \"aws-us-east-2\" belongs to provider "
              "\"aws\""});
}

TEST_CASE("catalog choices are checked", "[catalog]") {
  CHECK(catalog_errors(R"({"commitments": {"azure-maia": {"status": "maybe"}}})") ==
        Lines{"catalog.json: /commitments/azure-maia/status: must be \"signed\", \"talks\", "
              "\"lapsed\" or \"option\", got \"maybe\""});
  CHECK(catalog_errors(R"({"providers": {"aws": {"kind": "cloud"}}})") ==
        Lines{"catalog.json: /providers/aws/kind: must be \"hyperscaler\" or \"neocloud\", got "
              "\"cloud\""});
}

TEST_CASE("provenance is checked on every entity", "[catalog]") {
  CHECK(catalog_errors(R"({"offerings": {"aws-trn2-use2": {"estimated":
        ["price_per_chip_hr"]}}})") ==
        Lines{"catalog.json: /offerings/aws-trn2-use2/estimated/0: unknown field "
              "\"price_per_chip_hr\" (did you mean \"price_per_chip_hour\"?)"});
  CHECK(catalog_errors(R"({"throughput": {"trn2": {"small": {"estimated": ["price"]}}}})") ==
        Lines{"catalog.json: /throughput/trn2/small/estimated/0: unknown field \"price\""});
  CHECK(catalog_errors(R"({"regions": {"aws-us-east-2": {"as_of": "2026-02-30"}}})") ==
        Lines{"catalog.json: /regions/aws-us-east-2/as_of: expected a date as \"YYYY-MM\" or "
              "\"YYYY-MM-DD\", got \"2026-02-30\""});
  CHECK(catalog_errors(R"({"providers": {"aws": {"source": ["x", 3]}}})") ==
        Lines{"catalog.json: /providers/aws/source/1: expected a string, got a number"});
  CHECK(catalog_errors(R"({"models": {"small": {"note": "n", "as_of": "2026-02-28",
        "source": "https://example.com", "estimated": ["name"]}}})")
            .empty());
}

TEST_CASE("pointers escape ~ and / in ids", "[catalog]") {
  CHECK(catalog_errors(R"({"offerings": {"a/b~c": {"region": "aws-us-east-2",
        "accelerator": "trn2", "price_per_chip_hour": -2}}})") ==
        Lines{"catalog.json: /offerings/a~1b~0c/price_per_chip_hour: must be at least 0, got -2"});
}

TEST_CASE("duplicate keys are reported", "[catalog]") {
  const std::string text = test_inputs::patched(test_inputs::catalog_text(), "{}");
  const std::string duplicated =
      "{\"models\": {\"x\": {\"name\": \"a\", \"name\": \"b\"}}, " + text.substr(1);
  CHECK(errors_of_catalog_text(duplicated) ==
        Lines{"catalog.json: /models/x: duplicate key \"name\"",
              "catalog.json: duplicate key \"models\""});
}

TEST_CASE("documents nested too deeply are refused", "[catalog]") {
  CHECK(errors_of_catalog_text(std::string(200, '[') + std::string(200, ']')) ==
        Lines{"catalog.json: nested more than 128 levels deep"});
}

TEST_CASE("every catalog error is reported, not just the first", "[catalog]") {
  CHECK(catalog_errors(R"({
    "providers": {"aws": {"kind": "cloud"}},
    "regions": {"aws-us-east-2": {"pue": 0.5, "geo": null}},
    "offerings": {"aws-trn2-use2": {"region": "aws-us-east-9", "price_per_chip_hour": -1}}
  })") == Lines{"catalog.json: /providers/aws/kind: must be \"hyperscaler\" or \"neocloud\", "
                "got \"cloud\"",
                "catalog.json: /regions/aws-us-east-2: missing required field \"geo\"",
                "catalog.json: /regions/aws-us-east-2/pue: must be at least 1, got 0.5",
                "catalog.json: /offerings/aws-trn2-use2/region: unknown region \"aws-us-east-9\" "
                "(did you mean \"aws-us-east-2\"?)",
                "catalog.json: /offerings/aws-trn2-use2/price_per_chip_hour: must be at least 0, "
                "got -1"});
}

}  // namespace capplan
