// Scenario comparison: the Maia 200 question on the bundled data, and `capplan compare` end to end.
#include "capplan/compare.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

using capplan::Plan;

namespace {

capplan::InputSources bundled_with(const std::string& scenario) {
  capplan::InputSources src = capplan::bundled_sources();
  src.scenarios.push_back(*capplan::bundled_scenario(scenario));
  return src;
}

// Share of served tokens on Maia 200 chips in the period labelled `period`.
double maia_share(const Plan& plan, const std::string& period) {
  for (const auto& pp : plan.periods) {
    if (pp.period != period) continue;
    double maia = 0;
    for (const auto& a : pp.allocations)
      if (a.accelerator == "maia200") maia += a.tokens_per_s;
    return pp.served_tokens_per_s > 0 ? maia / pp.served_tokens_per_s : 0.0;
  }
  FAIL("no period " << period);
  return 0;
}

capplan::test::CliResult capplan_run(const std::vector<std::string>& args) {
  return capplan::test::run_program(CAPPLAN_BINARY, args);
}

}  // namespace

// The name has no ";": catch_discover_tests would split the test at it into two names that match
// no test case, and ctest would report both as passed without running anything.
TEST_CASE("maia-closed gives Maia 5-15 % of served tokens by month 24, maia-not none",
          "[compare]") {
  const std::vector<Plan> plans =
      capplan::plan_scenarios({bundled_with("maia-not"), bundled_with("maia-closed")});
  const Plan& no = plans[0];
  const Plan& yes = plans[1];
  REQUIRE(no.status == capplan::PlanStatus::kOptimal);
  REQUIRE(yes.status == capplan::PlanStatus::kOptimal);
  CHECK(no.verification.ok);
  CHECK(yes.verification.ok);
  CHECK(no.scenario == "maia-not");
  CHECK(yes.scenario == "maia-closed");
  for (const auto& pp : no.periods) CHECK(maia_share(no, pp.period) == 0.0);
  // Signed 2026-09: no capacity before 2027-03 (integration), then a ramp.
  CHECK(maia_share(yes, "2026-09") == 0.0);
  CHECK(maia_share(yes, "2027-02") == 0.0);
  CHECK(maia_share(yes, "2027-03") > 0.0);
  // Month 24 after signing.
  const double at_24 = maia_share(yes, "2028-09");
  CHECK(at_24 >= 0.05);
  CHECK(at_24 <= 0.15);
  // Signed for 150 MW, under the size the base plan chooses, the deal lowers the cost.
  CHECK(yes.objective_usd <= no.objective_usd);
}

TEST_CASE("the bundled plan decides the three deals: Maia signed, worth it up to a believable price",
          "[compare][options]") {
  capplan::CompareOptions values;
  values.option_values = true;  // as capplan deals
  const std::vector<Plan> plans = capplan::plan_scenarios(
      {capplan::bundled_sources(), bundled_with("maia-not")}, values);
  const Plan& base = plans[0];
  const Plan& no = plans[1];
  REQUIRE(base.status == capplan::PlanStatus::kOptimal);
  CHECK(base.verification.ok);
  // An option open can only lower the cost against the same deal lapsed.
  CHECK(base.objective_usd <= no.objective_usd);
  auto option = [&](const std::string& id) -> const capplan::OptionResult& {
    for (const auto& o : base.options)
      if (o.id == id) return o;
    FAIL("no option " << id);
    return base.options.front();
  };
  const auto& maia = option("azure-maia200");
  CHECK(maia.is_option);
  CHECK(maia.is_signed);
  CHECK(maia.size_mw >= 50.0);  // at least one 50 MW step
  CHECK(maia.size_mw < maia.size_max_mw);
  REQUIRE(maia.valued);
  CHECK(maia.value_usd > 0.0);
  // Its value is the cost of the plan without it: maia-not, to the solvers' tolerance.
  CHECK_THAT(maia.value_usd,
             Catch::Matchers::WithinAbs(no.objective_usd - base.objective_usd, 1e-6 * no.objective_usd));
  REQUIRE(maia.breakeven_price_factor);
  CHECK(*maia.breakeven_price_factor > 1.0);
  CHECK(*maia.breakeven_price_factor <= 1.5);
  // The 2028 TPU deal costs what the signed TPU capacity costs, which has power to spare; the
  // CoreWeave GB200 deal costs more per token than TPU: neither is worth signing at its price.
  for (const char* id : {"gcp-2028-tpu", "coreweave-2027-gb200"}) {
    INFO(id);
    const auto& o = option(id);
    CHECK_FALSE(o.is_signed);
    REQUIRE(o.valued);
    CHECK(o.value_usd == 0.0);
    REQUIRE(o.breakeven_price_factor);
    CHECK(*o.breakeven_price_factor < 1.0);
    CHECK(*o.breakeven_price_factor > 0.0);
  }
}

TEST_CASE("compare prints the same bytes twice and whatever the number of jobs", "[cli][compare]") {
  const auto a = capplan_run(
      {"compare", "maia-not", "maia-closed", "gcp-2027-tpu-late", "-j", "1", "--format", "json"});
  const auto b = capplan_run(
      {"compare", "maia-not", "maia-closed", "gcp-2027-tpu-late", "-j", "3", "--format", "json"});
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  const auto j = nlohmann::json::parse(a.out);
  CHECK(j["schema"] == "capplan.compare/v1");
  CHECK(j["reference"] == "maia-not");
  CHECK(j["scenarios"].size() == 3);
  // The late TPU gigawatts cost more than the reference.
  for (const auto& row : j["rows"])
    if (row["metric"] == "objective") CHECK(row["deltas"][2].get<double>() > 0);
}

TEST_CASE("compare renders every format with a delta column per scenario", "[cli][compare]") {
  for (const std::string format : {"table", "markdown", "csv"}) {
    const auto r = capplan_run({"compare", "base", "demand-high", "--format", format});
    INFO(format << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    if (format == "csv") {
      CHECK(r.out.rfind("metric,year,provider,scenario,value,delta\n", 0) == 0);
      CHECK(r.out.find("\nobjective,,,demand-high,") != std::string::npos);
    } else {
      CHECK(r.out.find("Δ demand-high") != std::string::npos);
      CHECK(r.out.find("Largest shifts in allocation") != std::string::npos);
    }
  }
}

TEST_CASE("compare refuses fewer than two scenarios and unknown names", "[cli][compare]") {
  CHECK(capplan_run({"compare", "maia-closed"}).exit_code == 2);
  const auto r = capplan_run({"compare", "maia-not", "maia-closd"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("did you mean \"maia-closed\"") != std::string::npos);
}

TEST_CASE("a scenario whose patch breaks validation is exit 1 naming the scenario file",
          "[cli][compare]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("capplan_cmp_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "broken.json";
  std::ofstream(file)
      << R"({"schema": "capplan.scenario/v1", "name": "broken", "description": "bad region",
    "patch": {"catalog": {"offerings": {"azure-cus-maia200": {"region": "azure-central-us"}}}}})";
  const auto r = capplan_run({"compare", "base", file.string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find(file.string() +
                   ": /patch/catalog/offerings/azure-cus-maia200/region: unknown region") !=
        std::string::npos);
  std::filesystem::remove_all(dir);
}
