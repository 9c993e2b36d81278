// `capplan deals` end to end on the bundled data: the Maia deal is an option in the base
// catalog, signed by the maia-closed scenario and lapsed by maia-not.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_run.hpp"

using capplan::test::CliResult;
using capplan::test::run_capplan;
using nlohmann::json;

TEST_CASE("deals values each option in the base plan and says what each scenario made of it",
          "[cli][deals]") {
  const CliResult j = run_capplan({"deals", "maia-closed", "maia-not", "--format", "json"});
  INFO(j.err);
  REQUIRE(j.exit_code == 0);
  const json d = json::parse(j.out);
  CHECK(d["schema"] == "capplan.deals/v1");
  REQUIRE(d["scenarios"].size() == 3);
  CHECK(d["scenarios"][0]["scenario"] == "base");
  const auto has = [](const json& scenario, const std::string& id) {
    for (const auto& o : scenario["options"])
      if (o["id"] == id) return true;
    return false;
  };
  REQUIRE(has(d["scenarios"][0], "azure-maia200"));
  CHECK_FALSE(has(d["scenarios"][1], "azure-maia200"));  // signed in maia-closed
  CHECK_FALSE(has(d["scenarios"][2], "azure-maia200"));  // lapsed in maia-not
  for (const auto& o : d["scenarios"][0]["options"]) {
    INFO(o.dump());
    REQUIRE(o["value_usd"].is_number());
    CHECK(o["value_usd"].get<double>() >= 0.0);
    // A deal signed is worth something; its break-even is above its prices' factor 1.
    if (o["signed"] == true && o["value_usd"].get<double>() > 0.0) {
      REQUIRE(o["breakeven_price_factor"].is_number());
      CHECK(o["breakeven_price_factor"].get<double>() > 1.0);
    }
  }
  // The table says the same in words.
  const CliResult t = run_capplan({"deals", "maia-closed", "maia-not"});
  REQUIRE(t.exit_code == 0);
  CHECK(t.out.find("Deals in base") != std::string::npos);
  CHECK(t.out.find("signed here") != std::string::npos);
  CHECK(t.out.find("not an option here") != std::string::npos);
}

TEST_CASE("deals with an unknown scenario is an input error naming it", "[cli][deals]") {
  const CliResult r = run_capplan({"deals", "maia-closd"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("maia-closed") != std::string::npos);  // did you mean
  CHECK(r.out.empty());
}
