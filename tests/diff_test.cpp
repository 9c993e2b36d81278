// `capplan diff` end to end, on plans written by `capplan allocate --format json`: each gate
// passing and failing, the catalog-change refusal, schema and read errors, periods in only one
// plan, and deterministic JSON and CSV; plus diff_plans() on hand-built plans.
//
// The small instance is tests/plan_fixture.hpp scaled up a thousandfold so the numbers read
// like a plan: one month (744 hours), 7,000,000 tokens/s of batch demand, offering a (provider
// p1) serves 700 tokens/s per chip at $1/chip-hour and 0.5 kW, offering b (p2) 350 tokens/s at
// the same price and power. Base plan: 10,000 chips of a, $7,440,000, 5 MW, p1 100 %.
#include <fmt/format.h>

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "capplan/plan_diff.hpp"
#include "cli_run.hpp"
#include "plan_fixture.hpp"

namespace {

using capplan::test::CliResult;
using capplan::test::read_text;
using capplan::test::run_capplan;
using capplan::test::TempDir;
using capplan::testing::Instance;
using nlohmann::json;

constexpr double kTokensPerS = 7e6;

Instance scaled_instance() {
  Instance inst;
  inst.demand["slices"]["s"]["tokens_per_day"] = kTokensPerS * 86400;
  return inst;
}

// Writes the instance's documents under `name` in `dir`, plans them and returns the plan path.
std::string plan_file(const TempDir& dir, const std::string& name, const Instance& inst,
                      const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"allocate",
                                   "--catalog",
                                   dir.write(name + "-catalog.json", inst.catalog.dump()),
                                   "--demand",
                                   dir.write(name + "-demand.json", inst.demand.dump()),
                                   "--policy",
                                   dir.write(name + "-policy.json", inst.policy.dump()),
                                   "--format",
                                   "json",
                                   "-o",
                                   dir.file(name + ".json")};
  args.insert(args.end(), extra.begin(), extra.end());
  const CliResult r = run_capplan(args);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return dir.file(name + ".json");
}

// The plans every test compares, planned once.
struct Plans {
  TempDir dir;
  std::string base;          // the scaled instance
  std::string demand_5pct;   // demand +5 %: 10,500 chips, $7,812,000, 5.25 MW
  std::string demand_50pct;  // demand +50 %: 15,000 chips, $11,160,000, 7.5 MW
  std::string capped;        // catalog: a capped at 4,000 chips, b gone: 4,200,000 tokens/s unmet
  std::string share_cap;     // policy: p1 at most 60 %: p1 60 %, p2 40 %
  std::string three_months;  // demand runs to 2026-09

  Plans() {
    const Instance inst = scaled_instance();
    base = plan_file(dir, "base", inst);

    Instance more = inst;
    more.demand["slices"]["s"]["tokens_per_day"] = kTokensPerS * 1.05 * 86400;
    demand_5pct = plan_file(dir, "demand-5pct", more);
    more.demand["slices"]["s"]["tokens_per_day"] = kTokensPerS * 1.5 * 86400;
    demand_50pct = plan_file(dir, "demand-50pct", more);

    Instance cap = inst;
    cap.catalog["offerings"]["a"]["max_chips"] = 4000;
    cap.catalog["offerings"].erase("b");
    capped = plan_file(dir, "capped", cap);

    Instance share = inst;
    share.policy["provider_share"] = {{"p1", {{"max", 0.6}}}};
    share_cap = plan_file(dir, "share-cap", share);

    Instance longer = inst;
    longer.demand["end"] = "2026-09";
    three_months = plan_file(dir, "three-months", longer);
  }
};

const Plans& plans() {
  static const Plans p;
  return p;
}

CliResult diff(const std::string& plan, const std::string& base,
               const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"diff", plan, "--compare-to", base};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_capplan(args);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string catalog_hash(const std::string& plan_path) {
  return json::parse(read_text(plan_path))["inputs"]["catalog"].get<std::string>();
}

}  // namespace

TEST_CASE("diff of a plan against itself shows no change and passes every gate at 0",
          "[cli][diff]") {
  const Plans& p = plans();
  const CliResult r = diff(p.base, p.base,
                           {"--max-cost-increase", "0", "--max-unmet", "0", "--max-share-drift",
                            "0", "--max-power-increase", "0"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(contains(r.out, "inputs: catalog same; demand same, policy same"));
  CHECK(contains(r.out, "periods: 1 in common, 2026-07..2026-07\n"));
  CHECK(contains(r.out, "objective: $7.4M → $7.4M, $0.00 (0.00%)\n"));
  CHECK(contains(r.out, "share: no provider's share moved\n"));
  CHECK(contains(r.out, "power: 0.0 MW in 2026-07 (5.0 → 5.0 MW)\n"));
  CHECK(contains(r.out, "none: every offering runs the same average chips\n"));
}

TEST_CASE("diff --max-cost-increase passes below the rise and fails above it", "[cli][diff]") {
  const Plans& p = plans();
  // $7,440,000 → $7,812,000 is +5.00 %; only the demand changed, so no flag is needed.
  const CliResult pass = diff(p.demand_5pct, p.base, {"--max-cost-increase", "6"});
  INFO(pass.err);
  CHECK(pass.exit_code == 0);
  CHECK(contains(pass.out, "inputs: catalog same; demand changed, policy same"));
  CHECK(contains(pass.out, "objective: $7.4M → $7.8M, +$372.0k (+5.00%)\n"));

  const CliResult fail = diff(p.demand_5pct, p.base, {"--max-cost-increase", "4"});
  CHECK(fail.exit_code == 3);
  CHECK(fail.err ==
        "capplan: error: gate --max-cost-increase: cost rose 5.00% (7.4M → 7.8M USD over 1 "
        "common period), above 4%\n");
  CHECK(fail.out == pass.out);  // the result is written before the gate is checked
}

TEST_CASE("diff --max-power-increase passes below the rise and fails above it", "[cli][diff]") {
  const Plans& p = plans();
  // 10,000 → 15,000 chips at 0.5 kW: 5 → 7.5 MW.
  CHECK(diff(p.demand_50pct, p.base, {"--max-power-increase", "3"}).exit_code == 0);
  const CliResult fail = diff(p.demand_50pct, p.base, {"--max-power-increase", "2"});
  CHECK(fail.exit_code == 3);
  CHECK(fail.err ==
        "capplan: error: gate --max-power-increase: power rose 2.5 MW in 2026-07 (5.0 → 7.5 MW), "
        "above 2 MW\n");
}

TEST_CASE("diff --max-unmet passes below the new plan's unmet demand and fails above it",
          "[cli][diff]") {
  const Plans& p = plans();
  // 4,000 chips × 700 tokens/s serve 2,800,000 of 7,000,000 tokens/s.
  const CliResult pass = diff(p.capped, p.base, {"--allow-catalog-change", "--max-unmet", "5e6"});
  INFO(pass.err);
  CHECK(pass.exit_code == 0);
  CHECK(contains(pass.out, "inputs: catalog CHANGED;"));
  CHECK(contains(pass.out, "unmet: 4,200,000 tokens/s in 2026-07 of " + p.capped + "\n"));

  const CliResult fail = diff(p.capped, p.base, {"--allow-catalog-change", "--max-unmet", "4e6"});
  CHECK(fail.exit_code == 3);
  CHECK(fail.err == "capplan: error: gate --max-unmet: 4,200,000 tokens/s unmet in 2026-07 of " +
                        p.capped + ", above 4,000,000 tokens/s\n");
  // Only the new plan counts: the base has no unmet demand, the capped plan as base passes.
  CHECK(diff(p.base, p.capped, {"--allow-catalog-change", "--max-unmet", "0"}).exit_code == 0);
}

TEST_CASE("diff --max-share-drift passes below the drift and fails above it", "[cli][diff]") {
  const Plans& p = plans();
  // p1 100 % → 60 %, p2 0 % → 40 %: 40 pp each way; p1 comes first.
  const CliResult pass = diff(p.share_cap, p.base, {"--max-share-drift", "50"});
  INFO(pass.err);
  CHECK(pass.exit_code == 0);
  CHECK(contains(pass.out, "inputs: catalog same; demand same, policy changed"));
  CHECK(contains(pass.out, "share: p1 -40.0 pp in 2026-07 (100.0% → 60.0%)\n"));

  const CliResult fail = diff(p.share_cap, p.base, {"--max-share-drift", "30"});
  CHECK(fail.exit_code == 3);
  CHECK(fail.err ==
        "capplan: error: gate --max-share-drift: p1 share moved 40.00 pp in 2026-07 (100.00% → "
        "60.00%), above 30 pp\n");
}

TEST_CASE("diff prints every failed gate, then exits 3 once", "[cli][diff]") {
  const Plans& p = plans();
  // 6,000 chips of a and 8,000 of b: $10,416,000, +40.00 %.
  const CliResult r = diff(p.share_cap, p.base,
                           {"--max-cost-increase", "10", "--max-share-drift", "30",
                            "--max-power-increase", "100", "--max-unmet", "0"});
  CHECK(r.exit_code == 3);
  CHECK(r.err ==
        "capplan: error: gate --max-cost-increase: cost rose 40.00% (7.4M → 10.4M USD over 1 "
        "common period), above 10%\n"
        "capplan: error: gate --max-share-drift: p1 share moved 40.00 pp in 2026-07 (100.00% → "
        "60.00%), above 30 pp\n");
}

TEST_CASE("diff compares plans of different catalogs, naming the change, --same-inputs refuses",
          "[cli][diff]") {
  const Plans& p = plans();
  const std::string changed = p.capped + ": /inputs/catalog: built from a different catalog than " +
                              p.base + " (" + catalog_hash(p.capped) + " vs " +
                              catalog_hash(p.base) + ")";
  const CliResult r = diff(p.capped, p.base);
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "inputs: catalog CHANGED;"));
  CHECK(r.err == "capplan: warning: " + changed + "; compared anyway\n");
  CHECK(diff(p.capped, p.base, {"--quiet"}).err.empty());

  const CliResult strict = diff(p.capped, p.base, {"--same-inputs"});
  CHECK(strict.exit_code == 1);
  CHECK(strict.out.empty());
  CHECK(strict.err ==
        "capplan: error: " + changed + "; --same-inputs refuses plans of different inputs\n");
  // The flag that used to allow this now says the change is expected: the same output, no
  // warning.
  const CliResult allowed = diff(p.capped, p.base, {"--allow-catalog-change"});
  CHECK(allowed.out == r.out);
  CHECK(allowed.err.empty());
  CHECK(diff(p.base, p.base, {"--same-inputs"}).exit_code == 0);
  CHECK(diff(p.demand_5pct, p.base, {"--same-inputs"}).exit_code == 1);

  SECTION("a plan without input hashes is compared") {
    json plan = json::parse(read_text(p.capped));
    plan.erase("inputs");
    const std::string bare = p.dir.write("no-hashes.json", plan.dump());
    const CliResult r2 = diff(bare, p.base);
    CHECK(r2.exit_code == 0);
    CHECK(contains(r2.out, "inputs: catalog unknown; demand unknown, policy unknown"));
  }
}

TEST_CASE("diff refuses another plan schema and unreadable files with exit 1", "[cli][diff]") {
  const Plans& p = plans();
  std::string text = read_text(p.base);
  text.replace(text.find("capplan.plan/v2"), 15, "capplan.plan/v9");
  const std::string v9 = p.dir.write("v9.json", text);
  const CliResult schema = diff(v9, p.base);
  CHECK(schema.exit_code == 1);
  CHECK(schema.err == "capplan: error: " + v9 +
                          ": /schema: unsupported plan schema \"capplan.plan/v9\" (expected "
                          "\"capplan.plan/v2\")\n");
  // A baseline of the version 1 model is refused in one line that says what to do.
  std::string old_text = read_text(p.base);
  old_text.replace(old_text.find("capplan.plan/v2"), 15, "capplan.plan/v1");
  const std::string v1 = p.dir.write("v1.json", old_text);
  const CliResult old_schema = diff(p.base, v1);
  CHECK(old_schema.exit_code == 1);
  CHECK(old_schema.err ==
        "capplan: error: " + v1 +
            ": /schema: a capplan.plan/v1 plan (the version 1 model, chips per slice) "
            "cannot be compared with version 2 plans; make the baseline again with "
            "this capplan\n");

  const std::string missing = p.dir.file("missing.json");
  const CliResult unreadable = diff(p.base, missing);
  CHECK(unreadable.exit_code == 1);
  CHECK(unreadable.err ==
        "capplan: error: " + missing + ": cannot read: No such file or directory\n");

  // Both at once: every error, then one exit.
  const CliResult both = diff(v9, missing);
  CHECK(both.exit_code == 1);
  CHECK(contains(both.err, v9 + ": /schema"));
  CHECK(contains(both.err, missing + ": cannot read"));
}

TEST_CASE("diff without --compare-to is a usage error", "[cli][diff]") {
  const CliResult r = run_capplan({"diff", plans().base});
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "--compare-to"));
}

TEST_CASE("diff compares the common periods and lists the others", "[cli][diff]") {
  const Plans& p = plans();
  const CliResult r = diff(p.three_months, p.base, {"--format", "json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const json j = json::parse(r.out);
  CHECK(j["periods"]["common"] == 1);
  CHECK(j["periods"]["only_in_base"] == json::array());
  CHECK(j["periods"]["only_in_new"] == json::array({"2026-08", "2026-09"}));
  // The same month of the same demand: no change on the common period.
  CHECK(j["years"][0]["months"] == 1);
  CHECK(j["years"][0]["cost_usd"]["delta"] == 0.0);
  CHECK(j["allocation_shifts"] == json::array());

  const CliResult table = diff(p.three_months, p.base);
  CHECK(contains(table.out, "only in " + p.three_months + " (not compared): 2026-08, 2026-09\n"));
  CHECK(contains(table.out, "over each plan's own periods"));
}

TEST_CASE("diff json is full precision, parses and is the same bytes twice", "[cli][diff]") {
  const Plans& p = plans();
  const CliResult a = diff(p.share_cap, p.base, {"--format", "json"});
  const CliResult b = diff(p.share_cap, p.base, {"--format", "json"});
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  const json j = json::parse(a.out);
  CHECK(j["schema"] == "capplan.diff/v1");
  CHECK(j["inputs"] == json({{"catalog", "same"}, {"demand", "same"}, {"policy", "changed"}}));
  CHECK(j["objective_usd"]["base"].get<double>() == Approx(7.44e6));
  CHECK(j["objective_usd"]["new"].get<double>() == Approx(10.416e6));
  CHECK(j["objective_usd"]["change_pct"].get<double>() == Approx(40.0));
  const json& p1 = j["years"][0]["providers"]["p1"];
  CHECK(p1["share_pct"]["base"].get<double>() == Approx(100.0));
  CHECK(p1["share_pct"]["delta"].get<double>() == Approx(-40.0));
  CHECK(p1["chips_avg"]["delta"].get<double>() == Approx(-4000.0));
  // The largest shift first: b gains 8,000 chips, a loses 4,000.
  REQUIRE(j["allocation_shifts"].size() == 2);
  CHECK(j["allocation_shifts"][0]["offering"] == "b");
  CHECK(j["allocation_shifts"][0]["base"] == 0.0);
  CHECK(j["allocation_shifts"][0]["delta"].get<double>() == Approx(8000.0));
  CHECK(j["allocation_shifts"][1]["offering"] == "a");
  CHECK(j["extremes"]["max_share_drift_pp"]["provider"] == "p1");
  CHECK(j["extremes"]["max_unmet_tokens_per_s"]["period"] == nullptr);
}

TEST_CASE("diff csv is one header line and long-form rows", "[cli][diff]") {
  const Plans& p = plans();
  const CliResult r = diff(p.demand_50pct, p.base, {"--format", "csv"});
  REQUIRE(r.exit_code == 0);
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  CHECK(header == "metric,year,provider,base,new,delta");
  // metric,year,provider -> base, new, delta (full precision: the solver's round-off shows).
  std::map<std::string, std::vector<double>> rows;
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string field; std::getline(cells, field, ',');) fields.push_back(field);
    REQUIRE(fields.size() == 6);
    rows[fields[0] + "," + fields[1] + "," + fields[2]] = {
        std::stod(fields[3]), std::stod(fields[4]), std::stod(fields[5])};
  }
  auto check_row = [&rows](const std::string& key, double base, double next) {
    INFO(key);
    REQUIRE(rows.count(key) == 1);
    CHECK(rows[key][0] == Approx(base));
    CHECK(rows[key][1] == Approx(next));
    CHECK(rows[key][2] == Approx(next - base));
  };
  check_row("objective_usd,,", 7.44e6, 11.16e6);
  check_row("cost_usd,2026,", 7.44e6, 11.16e6);
  check_row("chips_avg,2026,p1", 10000, 15000);
  check_row("power_mw_avg,2026,p1", 5, 7.5);
  check_row("share_pct,2026,p1", 100, 100);
  check_row("offering_chips_avg:a,,p1", 10000, 15000);
}

TEST_CASE("diff markdown has a title and GitHub tables", "[cli][diff]") {
  const Plans& p = plans();
  const CliResult r = diff(p.demand_5pct, p.base, {"--format", "markdown"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("# capplan diff: ", 0) == 0);
  CHECK(contains(r.out, "\n## Per year (over the common periods)\n\n| year |"));
  CHECK(contains(r.out, "| cost base | cost new | cost Δ |"));
}

TEST_CASE("diff of the bundled data under demand-high gates the cost rise", "[cli][diff]") {
  const Plans& p = plans();
  const std::string base = p.dir.file("bundled.json");
  const std::string high = p.dir.file("bundled-high.json");
  REQUIRE(run_capplan({"allocate", "--format", "json", "-o", base}).exit_code == 0);
  REQUIRE(run_capplan({"allocate", "--scenario", "demand-high", "--format", "json", "-o", high})
              .exit_code == 0);

  const CliResult r = diff(high, base, {"--max-cost-increase", "2"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.rfind("capplan: error: gate --max-cost-increase: cost rose ", 0) == 0);
  // The base's cost over the 30 common periods is its objective (every period is common).
  const double base_cost = json::parse(read_text(base))["objective_usd"].get<double>();
  CHECK(contains(r.err, fmt::format("% ({:.2f}B → ", base_cost / 1e9)));
  CHECK(contains(r.out, "inputs: catalog same; demand changed, policy same"));
  CHECK(contains(r.out, "periods: 30 in common, 2026-07..2028-12\n"));
  CHECK(contains(r.out, "Largest allocation shifts (average chips over the 30 common periods"));

  const json j = json::parse(diff(high, base, {"--format", "json"}).out);
  CHECK(j["years"].size() == 3);
  CHECK(j["objective_usd"]["delta"].get<double>() > 0);
  CHECK(j["allocation_shifts"].size() > 0);
}

TEST_CASE("diff_plans: a provider or offering in only one plan counts as 0 there", "[diff]") {
  capplan::Plan base;
  base.objective_usd = 100;
  capplan::PeriodPlan pp;
  pp.period = "2027-01";
  pp.hours = 744;
  pp.power_mw = 10;
  pp.served_tokens_per_s = 1000;
  pp.providers["aws"] = {1.0, 100, 10, 100, 1000};
  pp.fleet.push_back({"o1", "aws", "r", "trn2", 100, 0, 10, 100});
  pp.allocations.push_back({"s", "o1", "aws", "r", "trn2", 1000, 1000, 1000});
  base.periods.push_back(pp);

  capplan::Plan next = base;
  next.objective_usd = 0;
  next.periods[0].power_mw = 8;
  next.periods[0].providers["aws"].share_fraction = 0.75;
  next.periods[0].providers["aws"].tokens_per_s = 750;
  next.periods[0].providers["gcp"] = {0.25, 50, 3, 50, 250};
  next.periods[0].fleet.push_back({"o2", "gcp", "r2", "tpu", 50, 50, 3, 50});
  next.periods[0].allocations.push_back({"s", "o2", "gcp", "r2", "tpu", 250, 250, 250});
  next.periods[0].unmet_tokens_per_s["s"] = 12.5;

  const capplan::PlanDiff d = capplan::diff_plans(base, "b.json", next, "n.json");
  CHECK(d.objective_change_pct == Approx(-100.0));
  REQUIRE(d.years.size() == 1);
  const auto& gcp = d.years[0].providers.at("gcp");
  CHECK_FALSE(gcp.share_pct.base.has_value());
  CHECK(gcp.share_pct.delta() == Approx(25.0));
  CHECK(d.max_share_drift.provider == "aws");  // 25 pp, found before gcp's equal drift
  CHECK(d.max_share_drift.value == Approx(25.0));
  CHECK(d.max_power_increase.value == Approx(-2.0));
  CHECK(d.max_unmet.period == "2027-01");
  CHECK(d.max_unmet.value == 12.5);
  REQUIRE(d.shifts.size() == 1);
  CHECK(d.shifts[0].offering == "o2");
  CHECK(*d.shifts[0].chips_avg.base == 0.0);

  capplan::DiffGates gates;
  gates.max_power_increase_mw = 0;  // power fell: passes
  gates.max_unmet_tokens_per_s = 12.5;
  CHECK(capplan::failed_gates(d, gates).empty());
  gates.max_unmet_tokens_per_s = 12;
  CHECK(capplan::failed_gates(d, gates) ==
        std::vector<std::string>{
            "gate --max-unmet: 12.5 tokens/s unmet in 2027-01 of n.json, above 12 tokens/s"});
}

TEST_CASE("diff_plans: a cost from nothing fails --max-cost-increase", "[diff]") {
  capplan::Plan base, next;
  capplan::PeriodPlan pp;
  pp.period = "2027-01";
  pp.hours = 744;
  base.periods.push_back(pp);
  pp.cost_usd = 5e6;
  next.periods.push_back(pp);
  next.objective_usd = 5e6;
  const capplan::PlanDiff d = capplan::diff_plans(base, "b.json", next, "n.json");
  CHECK_FALSE(d.objective_change_pct.has_value());
  capplan::DiffGates gates;
  gates.max_cost_increase_pct = 50;
  CHECK(capplan::failed_gates(d, gates) ==
        std::vector<std::string>{
            "gate --max-cost-increase: cost rose from nothing (0.00 → 5.0M USD over 1 common "
            "period), above 50%"});
}
