// Inputs a person gets wrong, and inputs that once crashed a reader: each is an input error
// (exit 1) naming the file and the place, never an internal error or an abort.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "capplan/inputs.hpp"
#include "cli_run.hpp"
#include "demand_csv.hpp"
#include "fixtures/inputs/documents.hpp"

namespace capplan {
namespace {

using test_inputs::Lines;

InputSources with_csv_demand(const std::string& name, const std::string& csv) {
  InputSources sources = test_inputs::sources();
  sources.demand = SourceText{name, csv};
  return sources;
}

SourceText scenario(const std::string& file, const std::string& patch) {
  return SourceText{file, R"({"schema": "capplan.scenario/v1", "name": "s", "description": "d",
                             "patch": )" +
                              patch + "}"};
}

}  // namespace

// --- Numbers the model cannot represent -------------------------------------------------

TEST_CASE("demand of 1e120 tokens per day is rejected instead of aborting the solver",
          "[hardening]") {
  CHECK(test_inputs::demand_errors(R"({"slices": {"frontier-us-interactive": {"tokens_per_day":
          [{"from": "2026-07", "value": 1e12}, {"from": "2027-01", "value": 1e120}]}}})") ==
        Lines{"demand.json: /slices/frontier-us-interactive/tokens_per_day/1/value: must be "
              "between 0 and 1e18 (tokens per day of one slice; larger volumes are beyond what "
              "the planning model represents accurately), got 1e+120"});
  CHECK(test_inputs::demand_errors(
            R"({"slices": {"small-us-batch": {"base_tokens_per_day": 2e18}}})") ==
        Lines{"demand.json: /slices/small-us-batch/base_tokens_per_day: must be between 0 and "
              "1e18 (tokens per day of one slice; larger volumes are beyond what the planning "
              "model represents accurately), got 2e+18"});
}

TEST_CASE("demand that compounds past 1e18 tokens per day by the horizon's end is rejected",
          "[hardening]") {
  // 5e11 x (1 + 999999)^(11/12) = 5e11 x 1e5.5 = 1.58e17: within the limit.
  CHECK(test_inputs::demand_errors(R"({"slices": {"small-us-batch": {"growth_per_year": 999999}}})")
            .empty());
  // 5e11 x (1 + 1e9)^(11/12) = 5e11 x 10^8.25 = 8.89e19 by 2027-06.
  CHECK(test_inputs::demand_errors(R"({"slices": {"small-us-batch": {"growth_per_year": 1e9}}})") ==
        Lines{"demand.json: /slices/small-us-batch/growth_per_year: grows base_tokens_per_day "
              "500000000000 to 8.89e+19 tokens per day by 2027-06, above the limit of 1e18 "
              "(tokens per day of one slice; larger volumes are beyond what the planning model "
              "represents accurately)"});
}

TEST_CASE("a peak_to_avg of 1e150 is rejected instead of aborting the solver", "[hardening]") {
  CHECK(
      test_inputs::demand_errors(R"({"classes": {"interactive": {"peak_to_avg": 100}}})").empty());
  CHECK(test_inputs::demand_errors(R"({"classes": {"interactive": {"peak_to_avg": 1e150}}})") ==
        Lines{"demand.json: /classes/interactive/peak_to_avg: must be between 1 and 100 (a peak "
              "above 100 times the mean is beyond what the planning model represents "
              "accurately), got 1e+150"});
}

TEST_CASE("prices, power and throughput beyond 1e15 of their unit are rejected", "[hardening]") {
  CHECK(test_inputs::catalog_errors(R"({"offerings": {"aws-trn2-use2":
          {"price_per_chip_hour": 1e16}},
          "regions": {"aws-us-east-2": {"power_mw": [{"from": "2026-01", "value": 2e15}]}},
          "throughput": {"trn2": {"frontier": 1e300}}})") ==
        Lines{"catalog.json: /throughput/trn2/frontier: must be at most 1e15 (larger numbers are "
              "beyond what the planning model represents accurately), got 1e+300",
              "catalog.json: /regions/aws-us-east-2/power_mw/0/value: must be at most 1e15 "
              "(larger numbers are beyond what the planning model represents accurately), got "
              "2000000000000000",
              "catalog.json: /offerings/aws-trn2-use2/price_per_chip_hour: must be at most 1e15 "
              "(larger numbers are beyond what the planning model represents accurately), got "
              "1e+16"});
}

TEST_CASE("a number too large for a double is an error at its place, not infinity", "[hardening]") {
  CHECK(test_inputs::errors_of(
            with_csv_demand("demand.json", R"({"schema": "capplan.demand/v1", "start": "2026-07",
              "end": "2026-07", "classes": {"batch": {"peak_to_avg": 1e999, "interactive": false}},
              "slices": {}})")) == Lines{"demand.json: 2:74: number overflow parsing '1e999'"});
}

// --- Text that is not UTF-8 -------------------------------------------------------------

TEST_CASE("invalid UTF-8 in a CSV field is an input error, not an internal error",
          "[hardening][csv]") {
  CHECK(test_inputs::errors_of(with_csv_demand("demand.csv",
                                               "period,model,class,geo,tokens_per_day\n"
                                               "2026-07,frontier,batch,u\x96s,1e12\n"
                                               "2026-07,small,batch,us,1e12\n")) ==
        Lines{"demand.csv: 2:25: not UTF-8 text (byte 0x96); save the file as UTF-8"});
  CHECK(test_inputs::errors_of(
            with_csv_demand("demand.csv", "period,model,cl\xC3\x28ss,geo,tokens_per_day\n")) ==
        Lines{"demand.csv: 1:16: not UTF-8 text (byte 0xC3); save the file as UTF-8"});
}

TEST_CASE("invalid UTF-8 in a JSON document is an input error", "[hardening]") {
  InputSources sources = test_inputs::sources();
  sources.policy.text = "{\"schema\": \"capplan.policy/v1\",\n \"note\": \"caf\xE9\"}";
  CHECK(test_inputs::errors_of(sources) ==
        Lines{"policy.json: 2:14: not UTF-8 text (byte 0xE9); save the file as UTF-8"});
  // Well-formed multi-byte text is fine.
  sources.policy.text =
      "{\"schema\": \"capplan.policy/v1\", \"note\": \"caf\xC3\xA9 \xE2\x82\xAC\"}";
  CHECK(test_inputs::errors_of(sources).empty());
}

TEST_CASE("validate of a CSV with invalid UTF-8 exits 1 with the place", "[hardening][cli]") {
  const test::TempDir dir;
  const std::string csv = dir.write(
      "demand.csv", "period,model,class,geo,tokens_per_day\n2026-07,frontier,batch,u\x96s,1e12\n");
  const test::CliResult r = test::run_capplan({"validate", csv});
  CHECK(r.exit_code == 1);
  CHECK(r.err ==
        "capplan: error: " + csv + ": 2:25: not UTF-8 text (byte 0x96); save the file as UTF-8\n");
}

// --- Overrides --------------------------------------------------------------------------

TEST_CASE("an override whose array index overflows is an input error, not out_of_range",
          "[hardening][override]") {
  InputSources sources = test_inputs::sources();
  const std::string pointer = "/regions/aws-us-east-2/power_mw/99999999999999999999999/value";
  sources.overrides = {ValueOverride{"catalog", pointer, 1, "--set catalog:" + pointer}};
  CHECK(test_inputs::errors_of(sources) ==
        Lines{"--set catalog:" + pointer + ": " + pointer +
              ": no such field in catalog.json: \"99999999999999999999999\""});
}

TEST_CASE("sweep --set with an overflowing array index exits 1", "[hardening][cli]") {
  const test::CliResult r = test::run_capplan(
      {"sweep", "--set",
       "catalog:/regions/aws-rainier-indiana/power_mw/99999999999999999999999/value=1:1:1"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("internal") == std::string::npos);
  CHECK(r.err.find("no such field in catalog.json: \"99999999999999999999999\"") !=
        std::string::npos);
}

// --- Scenario typos ---------------------------------------------------------------------

TEST_CASE("a scenario that creates an entity next to an existing id suggests that id",
          "[hardening][scenario]") {
  InputSources sources = test_inputs::sources();
  sources.scenarios = {scenario("typo.json", R"({"catalog": {"offerings":
      {"azure-maia200-centrl": {"price_per_chip_hour": 2.0}}}})")};
  CHECK(test_inputs::errors_of(sources) ==
        Lines{"typo.json: /patch/catalog/offerings/azure-maia200-centrl: creates a new offering "
              "\"azure-maia200-centrl\" (did you mean \"azure-maia200-central\"?)",
              "typo.json: /patch/catalog/offerings/azure-maia200-centrl: missing required field "
              "\"region\"",
              "typo.json: /patch/catalog/offerings/azure-maia200-centrl: missing required field "
              "\"accelerator\""});
  // A complete new entity is fine even when its id is close to another.
  sources.scenarios = {scenario("new.json", R"({"catalog": {"commitments":
      {"aws-6gw": {"provider": "aws", "status": "signed", "start": "2027-01", "end": "2030-12"}}}})")};
  CHECK(test_inputs::errors_of(sources).empty());
  // Far from every id: only the missing fields.
  sources.scenarios = {scenario("far.json", R"({"demand": {"slices":
      {"brand-new-slice": {"model": "small", "class": "batch"}}}})")};
  CHECK(test_inputs::errors_of(sources) ==
        Lines{"far.json: /patch/demand/slices/brand-new-slice: missing required field \"geo\"",
              "far.json: /patch/demand/slices/brand-new-slice: missing required field "
              "\"tokens_per_day\" (or \"base_tokens_per_day\")"});
}

TEST_CASE("report and compare name every unknown scenario, not only the first",
          "[hardening][cli]") {
  const test::TempDir dir;
  const std::string out_dir = dir.file("report");
  const test::CliResult report =
      test::run_capplan({"report", "--out-dir", out_dir, "maia-closd", "demand-hihg"});
  CHECK(report.exit_code == 1);
  CHECK(report.err ==
        "capplan: error: maia-closd: no such file, and no bundled scenario of that name (did "
        "you mean \"maia-closed\"?)\n"
        "capplan: error: demand-hihg: no such file, and no bundled scenario of that name (did "
        "you mean \"demand-high\"?)\n");
  CHECK_FALSE(std::filesystem::exists(out_dir));
  const test::CliResult compare = test::run_capplan({"compare", "maia-closd", "demand-hihg"});
  CHECK(compare.exit_code == 1);
  CHECK(compare.err == report.err);
}

// --- CSV demand -------------------------------------------------------------------------

TEST_CASE("CSV demand takes its columns in any order, quoted, from a .CSV file",
          "[hardening][csv]") {
  const Inputs inputs =
      load_inputs(with_csv_demand("DEMAND.CSV",
                                  "\"geo\",Tokens_Per_Day,\"period\",model,class\n"
                                  "us,1e12,2026-07,frontier,interactive\n"
                                  "\"us\",\"2e12\",2026-08,\"frontier\",\"interactive\"\n"));
  REQUIRE(inputs.demand.slices.size() == 1);
  CHECK(inputs.demand.slices[0].id == "frontier-interactive-us");
  CHECK(inputs.demand.tokens_per_day(0, Month::from_ym(2026, 8)) == 2e12);
  CHECK(test_inputs::errors_of(
            with_csv_demand("d.csv", "period,model,klass,geo,geo\n2026-07,small,batch,us,1\n")) ==
        Lines{"d.csv: 1:14: unknown column \"klass\" (did you mean \"class\"?) (the header is "
              "\"period,model,class,geo,tokens_per_day\" in any order)",
              "d.csv: 1:24: duplicate column \"geo\" (first is column 4)",
              "d.csv: 1:1: missing column \"class\" (the header is "
              "\"period,model,class,geo,tokens_per_day\" in any order)",
              "d.csv: 1:1: missing column \"tokens_per_day\" (the header is "
              "\"period,model,class,geo,tokens_per_day\" in any order)"});
  CHECK(test_inputs::errors_of(with_csv_demand(
            "d.csv", "period,model,class,geo,tokens_per_day\n2026-07,\"small,batch,us,1\n")) ==
        Lines{"d.csv: 2:9: unterminated quoted field (a field cannot span lines)"});
}

TEST_CASE(
    "the bundled demand round-trips through CSV with its slice ids, so scenarios that "
    "patch slices apply to a CSV forecast",
    "[hardening][csv]") {
  const Inputs bundled = load_inputs(bundled_sources());
  InputSources sources = bundled_sources();
  sources.demand = SourceText{"demand.csv", demand_to_csv(bundled.demand)};
  const Inputs from_csv = load_inputs(sources);
  REQUIRE(from_csv.demand.slices.size() == bundled.demand.slices.size());
  for (std::size_t s = 0; s < bundled.demand.slices.size(); ++s) {
    CHECK(from_csv.demand.slices[s].id == bundled.demand.slices[s].id);
  }
  sources.scenarios = {scenario("more.json", R"({"demand": {"slices":
      {"frontier-interactive-us": {"tokens_per_day": 7e12}}}})")};
  const Inputs patched = load_inputs(sources);
  REQUIRE(patched.demand.slices.size() == bundled.demand.slices.size());
  CHECK(patched.demand.tokens_per_day(3, Month::from_ym(2027, 1)) == 7e12);
}

}  // namespace capplan
