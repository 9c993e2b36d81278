// CSV demand: conversion to the JSON form, round trips, and malformed lines at line:col.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "capplan/inputs.hpp"
#include "demand_csv.hpp"
#include "fixtures/inputs/documents.hpp"

namespace capplan {
namespace {

using test_inputs::Lines;

InputSources with_csv_demand(const std::string& csv) {
  InputSources sources = test_inputs::sources();
  sources.demand = SourceText{"demand.csv", csv};
  return sources;
}

Lines csv_errors(const std::string& csv) { return test_inputs::errors_of(with_csv_demand(csv)); }

// Same slices (by model, class and geo) and the same tokens per day in every period.
void require_same_demand(const Demand& a, const Demand& b) {
  REQUIRE(a.start == b.start);
  REQUIRE(a.end == b.end);
  REQUIRE(a.slices.size() == b.slices.size());
  for (std::size_t s = 0; s < a.slices.size(); ++s) {
    INFO("slice " << a.slices[s].id);
    // The CSV form names each slice <model>-<class>-<geo>, as the bundled demand does.
    CHECK(b.slices[s].id == a.slices[s].model_id + "-" + a.classes[a.slices[s].demand_class].id +
                                "-" + a.slices[s].geo);
    CHECK(a.slices[s].model == b.slices[s].model);
    CHECK(a.classes[a.slices[s].demand_class].id == b.classes[b.slices[s].demand_class].id);
    CHECK(a.slices[s].geo == b.slices[s].geo);
    for (const Period& period : a.periods()) {
      INFO("period " << period.label());
      const int slice = static_cast<int>(s);
      CHECK(a.tokens_per_day(slice, period.first) == b.tokens_per_day(slice, period.first));
    }
  }
}

const char* kCsv =
    "period,model,class,geo,tokens_per_day\n"
    "2026-07,frontier,interactive,us,1e12\n"
    "2026-07,small,batch,us,5e11\n"
    "2026-08,small,batch,us,6e11\n";

}  // namespace

TEST_CASE("CSV demand written from JSON demand reads back the same", "[csv]") {
  const Inputs from_json = load_inputs(test_inputs::sources());
  const std::string csv = demand_to_csv(from_json.demand);
  CHECK(csv.rfind("period,model,class,geo,tokens_per_day\n2026-07,frontier,interactive,us,"
                  "1000000000000\n",
                  0) == 0);
  const Inputs from_csv = load_inputs(with_csv_demand(csv));
  require_same_demand(from_json.demand, from_csv.demand);
  CHECK(from_csv.demand.classes[1].peak_to_avg == 1.5);  // "interactive"
  CHECK(from_csv.demand.classes[0].peak_to_avg == 1.0);  // "batch"
}

TEST_CASE("CSV demand converts to the equivalent JSON demand", "[csv]") {
  const std::string json = demand_csv_to_json(SourceText{"demand.csv", kCsv});
  const nlohmann::json document = nlohmann::json::parse(json);
  CHECK(document["schema"] == "capplan.demand/v1");
  CHECK(document["start"] == "2026-07");
  CHECK(document["end"] == "2026-08");
  CHECK(document["step"] == "month");
  CHECK(document["classes"]["interactive"] ==
        nlohmann::json{{"peak_to_avg", 1.5}, {"interactive", true}});
  CHECK(document["classes"]["batch"] ==
        nlohmann::json{{"peak_to_avg", 1.0}, {"interactive", false}});
  CHECK(document["slices"]["small-batch-us"]["tokens_per_day"] ==
        nlohmann::json::parse(R"([{"from": "2026-07", "value": 5e11},
                                  {"from": "2026-08", "value": 6e11}])"));
  InputSources sources = test_inputs::sources();
  sources.demand = SourceText{"demand.json", json};
  require_same_demand(load_inputs(sources).demand, load_inputs(with_csv_demand(kCsv)).demand);
}

TEST_CASE("CSV rows may come in any order, with blank lines and CRLF", "[csv]") {
  const Demand demand = load_inputs(with_csv_demand("period,model,class,geo,tokens_per_day\r\n\r\n"
                                                    "2026-09,small,batch,us,7\r\n"
                                                    "2026-08, small ,batch,us,6\r\n"))
                            .demand;
  CHECK(demand.start == Month::from_ym(2026, 8));
  CHECK(demand.end == Month::from_ym(2026, 9));
  CHECK(demand.tokens_per_day(0, Month::from_ym(2026, 8)) == 6.0);
  CHECK(demand.tokens_per_day(0, Month::from_ym(2026, 9)) == 7.0);
}

TEST_CASE("malformed CSV lines are reported at line:col", "[csv]") {
  CHECK(csv_errors("period,model,klass,geo,tokens_per_day\n2026-07,small,batch,us,1\n") ==
        Lines{"demand.csv: 1:14: unknown column \"klass\" (did you mean \"class\"?) (the header "
              "is \"period,model,class,geo,tokens_per_day\" in any order)",
              "demand.csv: 1:1: missing column \"class\" (the header is "
              "\"period,model,class,geo,tokens_per_day\" in any order)"});
  CHECK(csv_errors("") == Lines{"demand.csv: 1:1: expected the header "
                                "\"period,model,class,geo,tokens_per_day\", got an empty file"});
  CHECK(csv_errors("period,model,class,geo,tokens_per_day\n") ==
        Lines{"demand.csv: 1:1: no data rows after the header"});
  CHECK(csv_errors("period,model,class,geo,tokens_per_day\n2026-07,small,batch,us\n") ==
        Lines{"demand.csv: 2:1: expected 5 fields, got 4"});
  CHECK(csv_errors("period,model,class,geo,tokens_per_day\n2026-7,small,batch,us,1\n"
                   "2026-08,small,,us,lots\n") ==
        Lines{"demand.csv: 2:1: expected a month as \"YYYY-MM\", got \"2026-7\"",
              "demand.csv: 3:15: class must not be empty",
              "demand.csv: 3:19: tokens_per_day must be a number of at least 0, got \"lots\""});
  CHECK(csv_errors("period,model,class,geo,tokens_per_day\n2026-07,small,batch,us,-1\n") ==
        Lines{"demand.csv: 2:24: tokens_per_day must be a number of at least 0, got \"-1\""});
  CHECK(csv_errors("period,model,class,geo,tokens_per_day\n2026-07,small,batch,us,1\n"
                   "2026-07,small,batch,us,2\n") ==
        Lines{"demand.csv: 3:1: duplicate row for slice \"small-batch-us\" in 2026-07 (first on "
              "line 2)"});
}

TEST_CASE("errors in CSV demand content point at the CSV line and column", "[csv]") {
  CHECK(csv_errors("period,model,class,geo,tokens_per_day\n2026-07,frontir,interactive,us,1\n") ==
        Lines{"demand.csv: 2:9: unknown model \"frontir\" (did you mean \"frontier\"?)"});
}

TEST_CASE("the well-formed CSV lines are checked even when others are malformed", "[csv]") {
  CHECK(csv_errors("\xEF\xBB\xBFperiod,model,class,geo,tokens_per_day\n"
                   "2026-07,frontier,interactive,us,1e12\n"
                   "2026-08,frontier,interactive,us,x\n"
                   "2026-08,smal,batch,us,5\n") ==
        Lines{"demand.csv: 3:33: tokens_per_day must be a number of at least 0, got \"x\"",
              "demand.csv: 4:9: unknown model \"smal\" (did you mean \"small\"?)"});
}

TEST_CASE("demand_csv_to_json throws every CSV error", "[csv]") {
  try {
    demand_csv_to_json(SourceText{"d.csv", "period,model,class,geo,tokens_per_day\nx,,c,g,1\n"});
    FAIL("no InputError");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) ==
          "d.csv: 2:1: expected a month as \"YYYY-MM\", got \"x\"\n"
          "d.csv: 2:3: model must not be empty");
  }
}

}  // namespace capplan
