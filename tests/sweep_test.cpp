// capplan sweep: --set parsing and the grid, known-answer duals on a one-month fixture,
// monotonicity, determinism across threads, warm starts and shards, shard files and their
// merge, and the command line end to end.
#include "capplan/sweep.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "plan_fixture.hpp"

using capplan::InputError;
using capplan::InputSources;
using capplan::SweepAxis;
using capplan::SweepOptions;
using capplan::SweepResult;
using capplan::SweepRow;
using capplan::SweepSpec;
using capplan::UsageError;
using capplan::test::CliResult;
using capplan::test::run_capplan;
using capplan::test::TempDir;
using capplan::testing::Instance;

namespace {

InputSources sources_of(const Instance& inst) {
  InputSources src;
  src.catalog = {"catalog.json", inst.catalog.dump()};
  src.demand = {"demand.json", inst.demand.dump()};
  src.policy = {"policy.json", inst.policy.dump()};
  return src;
}

SweepResult sweep(const InputSources& src, const std::vector<std::string>& sets,
                  SweepOptions options = {}) {
  if (options.threads == 0) options.threads = 2;
  return capplan::run_sweep(src, capplan::make_sweep_spec(sets), options);
}

std::string usage_error(const std::string& set) {
  try {
    capplan::parse_sweep_axis(set);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

std::string render(const SweepResult& r, capplan::Format format) {
  std::ostringstream out;
  capplan::render_sweep(r, format, out);
  return out.str();
}

// The instance with a policy that names every field a test sweeps.
Instance fixture() {
  Instance inst;
  inst.policy["provider_share"] = {{"p1", {{"min", 0.0}, {"max", 1.0}}},
                                   {"*", {{"min", 0.0}, {"max", 1.0}}}};
  inst.policy["survive_provider_loss"] = 0.0;
  return inst;
}

}  // namespace

// --- Spec ----------------------------------------------------------------------------------

TEST_CASE("a --set names a document, a pointer and a range", "[sweep]") {
  const SweepAxis a = capplan::parse_sweep_axis("policy:/provider_share/aws/max=0.4:0.8:0.05");
  CHECK(a.document == "policy");
  CHECK(a.pointer == "/provider_share/aws/max");
  CHECK(a.target() == "policy:/provider_share/aws/max");
  const std::vector<double> v = a.values();
  REQUIRE(v.size() == 9);
  CHECK(v[1] == 0.45);
  CHECK(v[8] == 0.8);
  CHECK(a.dual_kind() == capplan::SweepDualKind::kShareMax);
  CHECK(std::string(a.dual_unit()) == "usd_per_pp");

  const SweepAxis step =
      capplan::parse_sweep_axis("catalog:/regions/gcp-europe-west4/power_mw/1/value=100:400:100");
  CHECK(step.dual_kind() == capplan::SweepDualKind::kRegionPower);
  CHECK(step.dual_entity() == "gcp-europe-west4");
  CHECK(step.dual_step() == 1);
  CHECK(capplan::parse_sweep_axis("demand:/slices/s/tokens_per_day=1:2:1").dual_kind() ==
        capplan::SweepDualKind::kNone);
}

TEST_CASE("sweep values are rounded to 12 significant digits and reach TO", "[sweep]") {
  const std::vector<double> v = capplan::parse_sweep_axis("policy:/x=0:1:0.1").values();
  REQUIRE(v.size() == 11);
  CHECK(v[3] == 0.3);
  CHECK(v[7] == 0.7);
  CHECK(v[10] == 1.0);
  CHECK(capplan::parse_sweep_axis("policy:/x=1:1:5").values() == std::vector<double>{1.0});
  CHECK(capplan::parse_sweep_axis("policy:/x=0:0.95:0.1").values().size() == 10);
}

TEST_CASE("a malformed --set is a usage error saying the expected form", "[sweep]") {
  const std::string form =
      "expected DOC:POINTER=FROM:TO:STEP with DOC catalog, demand or policy, e.g. "
      "policy:/provider_share/aws/max=0.4:0.8:0.05";
  CHECK(usage_error("policy/provider_share/aws/max=1:2:1") ==
        "--set \"policy/provider_share/aws/max=1:2:1\": " + form);
  CHECK(usage_error("policy:/utilization_target") ==
        "--set \"policy:/utilization_target\": " + form);
  CHECK(usage_error("policy:/x=1:2") == "--set \"policy:/x=1:2\": " + form);
  CHECK(usage_error("catalogue:/x=1:2:1") ==
        "--set \"catalogue:/x=1:2:1\": unknown document \"catalogue\"; " + form);
  CHECK(usage_error("policy:x=1:2:1") ==
        "--set \"policy:x=1:2:1\": POINTER must be a JSON pointer starting with \"/\"; " + form);
  CHECK(usage_error("policy:/x=a:2:1") ==
        "--set \"policy:/x=a:2:1\": FROM \"a\" is not a number; " + form);
  CHECK(usage_error("policy:/x=1:2:nan") ==
        "--set \"policy:/x=1:2:nan\": STEP \"nan\" is not a number; " + form);
  CHECK(usage_error("policy:/x=1:2:0") ==
        "--set \"policy:/x=1:2:0\": STEP must be greater than 0, got 0");
  CHECK(usage_error("policy:/x=1:2:-1") ==
        "--set \"policy:/x=1:2:-1\": STEP must be greater than 0, got -1");
  CHECK(usage_error("policy:/x=3:2:1") ==
        "--set \"policy:/x=3:2:1\": FROM (3) is greater than TO (2)");
  CHECK_THROWS_WITH(capplan::make_sweep_spec({"policy:/x=1:2:1", "policy:/x=3:4:1"}),
                    "--set policy:/x: given more than once");
  CHECK_THROWS_WITH(capplan::make_sweep_spec({"policy:/x=0:1:1e-9"}),
                    "--set: the sweep has more than 1000000 points; use larger steps");
  CHECK_THROWS_AS(capplan::make_sweep_spec({}), UsageError);
}

TEST_CASE("several --set make a grid, the first varying slowest", "[sweep]") {
  const SweepSpec spec = capplan::make_sweep_spec({"policy:/a=1:2:1", "policy:/b=10:30:10"});
  REQUIRE(spec.point_count() == 6);
  CHECK(spec.point_values(0) == std::vector<double>{1, 10});
  CHECK(spec.point_values(2) == std::vector<double>{1, 30});
  CHECK(spec.point_values(3) == std::vector<double>{2, 10});
  CHECK(spec.point_values(5) == std::vector<double>{2, 30});
  const InputSources src = capplan::sweep_point_sources(InputSources{}, spec, 4);
  REQUIRE(src.overrides.size() == 2);
  CHECK(src.overrides[1].pointer == "/b");
  CHECK(src.overrides[1].value == 20);
  CHECK(src.overrides[1].origin == "--set policy:/b");
}

TEST_CASE("a sweep shard I/N holds every N-th point", "[sweep]") {
  const capplan::SweepShard s = capplan::parse_sweep_shard("2/3");
  CHECK(s.index == 2);
  CHECK(s.count == 3);
  CHECK(s.holds(1));
  CHECK(s.holds(4));
  CHECK_FALSE(s.holds(3));
  for (const std::string bad : {"0/3", "4/3", "1", "1/", "a/2", "1/2/3", "-1/2"})
    CHECK_THROWS_WITH(capplan::parse_sweep_shard(bad),
                      "--shard \"" + bad + "\": expected I/N with 1 <= I <= N, e.g. 2/8");
}

// --- Known answers on the one-month fixture ------------------------------------------------
// 7000 tokens/s for 744 hours. Offering a (p1) serves 700 tokens/s per chip, b (p2) 350, both
// $1/chip-hour: a is twice as cheap per token.

TEST_CASE("sweeping p1's max share: cost 744·(20 − 10·s), dual $74.40 per point", "[sweep]") {
  // p1 at share s needs 10·s chips of a, p2 20·(1−s) chips of b: cost 744·(20 − 10·s), and one
  // percentage point more for p1 saves 744·10/100 = $74.40 while the cap binds (s < 1).
  const SweepResult r = sweep(sources_of(fixture()), {"policy:/provider_share/p1/max=0.2:1:0.2"});
  REQUIRE(r.rows.size() == 5);
  CHECK(r.providers == std::vector<std::string>{"p1", "p2"});
  for (const SweepRow& row : r.rows) {
    const double s = row.values[0];
    INFO("max share " << s);
    REQUIRE(row.status == capplan::PlanStatus::kOptimal);
    CHECK(*row.objective_usd == Approx(744 * (20 - 10 * s)).epsilon(1e-9));
    CHECK(*row.unmet_tokens == 0);
    CHECK(row.share_fractions.at("p1") == Approx(s).epsilon(1e-9));
    REQUIRE(row.duals[0].has_value());
    CHECK(*row.duals[0] == Approx(s < 1 ? 74.4 : 0.0).margin(1e-9));
  }
}

TEST_CASE("sweeping the max share of \"*\": the dual of the providers it covers", "[sweep]") {
  // b at $0.25/chip-hour is the cheaper (0.25/350 per token against 1/700), so p2 is capped by
  // "*" (p1 has its own entry): cost 744·(10·(1−s) + 20·s·0.25) = 744·(10 − 5·s), and a point
  // more for p2 saves 744·5/100 = $37.20.
  Instance inst = fixture();
  inst.catalog["offerings"]["b"]["price_per_chip_hour"] = 0.25;
  const SweepResult r = sweep(sources_of(inst), {"policy:/provider_share/*/max=0.2:0.6:0.2"});
  REQUIRE(r.rows.size() == 3);
  for (const SweepRow& row : r.rows) {
    const double s = row.values[0];
    CHECK(*row.objective_usd == Approx(744 * (10 - 5 * s)).epsilon(1e-9));
    CHECK(row.share_fractions.at("p2") == Approx(s).epsilon(1e-9));
    CHECK(*row.duals[0] == Approx(37.2).epsilon(1e-9));
  }
}

TEST_CASE("sweeping a price: the dual is the chip-hours used, cost never falls", "[sweep]") {
  // a at $p serves a token for p/700, b for 1/350 = 2/700: all on a (10 chips, 7440 chip-hours)
  // while p < 2, all on b (20 chips) above.
  const SweepResult r =
      sweep(sources_of(fixture()), {"catalog:/offerings/a/price_per_chip_hour=1:3:0.5"});
  REQUIRE(r.rows.size() == 5);
  double last = 0;
  for (const SweepRow& row : r.rows) {
    const double p = row.values[0];
    INFO("price " << p);
    CHECK(*row.objective_usd == Approx(std::min(7440 * p, 14880.0)).epsilon(1e-9));
    CHECK(*row.objective_usd >= last);
    last = *row.objective_usd;
    if (p < 2) CHECK(*row.duals[0] == Approx(7440).epsilon(1e-9));
    if (p > 2) CHECK(*row.duals[0] == 0);
  }
}

TEST_CASE("a price under take-or-pay: chip-hours above the minimum, none at it", "[sweep]") {
  // a draws on commitment c; the horizon holds one month of it, so the minimum is 1/12 of the
  // yearly one. All on a costs 744·10·p.
  auto with_minimum = [](double monthly_minimum_usd) {
    Instance inst = fixture();
    inst.catalog["commitments"]["c"] = {{"provider", "p1"},
                                        {"status", "signed"},
                                        {"start", "2026-01"},
                                        {"end", "2027-12"},
                                        {"min_spend_usd_per_year", 12 * monthly_minimum_usd}};
    inst.catalog["offerings"]["a"]["commitment"] = "c";
    return sources_of(inst);
  };
  const std::vector<std::string> low = {"catalog:/offerings/a/price_per_chip_hour=1:1.5:0.5"};
  // Above the minimum ($3,720 < usage): every chip-hour of a costs its price.
  SweepResult r = sweep(with_minimum(3720), low);
  CHECK(*r.rows[1].objective_usd == Approx(11160).epsilon(1e-9));
  CHECK(*r.rows[0].duals[0] == Approx(7440).epsilon(1e-9));
  CHECK(*r.rows[1].duals[0] == Approx(7440).epsilon(1e-9));
  // Below it ($20,000 paid whatever a is used for), chips of a cost nothing more, so the plan
  // may fill the minimum with them: usage sits at the minimum and there is no dual.
  r = sweep(with_minimum(20000), low);
  CHECK(*r.rows[1].objective_usd == Approx(20000).epsilon(1e-9));
  CHECK_FALSE(r.rows[1].duals[0].has_value());
  // At $3/chip-hour a is dearer per token than b, so it is used exactly up to the minimum
  // ($4,464 = 2 chips): cost 4464 + 16 chips of b · 744 = 16368, and no dual.
  r = sweep(with_minimum(4464), {"catalog:/offerings/a/price_per_chip_hour=3:3:1"});
  CHECK(*r.rows[0].objective_usd == Approx(16368).epsilon(1e-9));
  CHECK_FALSE(r.rows[0].duals[0].has_value());
}

TEST_CASE("sweeping a region's power: the dual is USD per MW over the horizon", "[sweep]") {
  // r1 holds 2000 chips per MW; each chip of a replaces two of b and saves $744 in the month,
  // so one MW more is worth 2000 · 744 = $1,488,000 while r1 binds (it needs 0.005 MW).
  Instance inst = fixture();
  inst.catalog["regions"]["r1"]["power_mw"] = 0.001;
  const SweepResult r = sweep(sources_of(inst), {"catalog:/regions/r1/power_mw=0.001:0.004:0.001"});
  REQUIRE(r.rows.size() == 4);
  for (const SweepRow& row : r.rows) {
    const double chips_a = row.values[0] * 2000;
    INFO("power " << row.values[0]);
    CHECK(*row.objective_usd == Approx(744 * (20 - chips_a)).epsilon(1e-9));
    CHECK(*row.duals[0] == Approx(1488000).epsilon(1e-9));
  }
  // The same limit as a commitment's power, the second step of a schedule: the dual counts
  // only the months that step is in force (here the one month of the horizon).
  inst = fixture();
  inst.catalog["commitments"]["c"] = {
      {"provider", "p1"},
      {"status", "signed"},
      {"start", "2026-01"},
      {"end", "2027-12"},
      {"power_mw", {{{"from", "2026-01"}, {"value", 1}}, {{"from", "2026-07"}, {"value", 0.001}}}}};
  inst.catalog["offerings"]["a"]["commitment"] = "c";
  const SweepResult c =
      sweep(sources_of(inst), {"catalog:/commitments/c/power_mw/1/value=0.002:0.003:0.001",
                               "catalog:/commitments/c/power_mw/0/value=1:1:1"});
  REQUIRE(c.rows.size() == 2);
  for (const SweepRow& row : c.rows) {
    CHECK(*row.objective_usd == Approx(744 * (20 - row.values[0] * 2000)).epsilon(1e-9));
    CHECK(*row.duals[0] == Approx(1488000).epsilon(1e-9));
    CHECK(*row.duals[1] == 0);  // step 0 is not in force in 2026-07
  }
}

TEST_CASE("an infeasible point is a row, not an error", "[sweep]") {
  // b holds at most 10 chips (3500 tokens/s, half the need): surviving the loss of p1 needs p2
  // to carry 45 % of the need at survive 0.45 (it can) and 90 % at 0.9 (it cannot).
  Instance inst = fixture();
  inst.catalog["offerings"]["b"]["max_chips"] = 10;
  const SweepResult r = sweep(sources_of(inst), {"policy:/survive_provider_loss=0:0.9:0.45"});
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].status == capplan::PlanStatus::kOptimal);
  CHECK(r.rows[1].status == capplan::PlanStatus::kOptimal);
  CHECK(r.rows[2].status == capplan::PlanStatus::kInfeasible);
  CHECK_FALSE(r.rows[2].objective_usd.has_value());
  CHECK(r.rows[2].share_fractions.empty());
  CHECK_FALSE(r.rows[2].duals[0].has_value());
  const std::string table = render(r, capplan::Format::kTable);
  CHECK(table.find("(2 optimal, 1 infeasible)") != std::string::npos);
  const std::string last = table.substr(table.rfind("\n    2 "));
  CHECK(last.find("infeasible") != std::string::npos);
  CHECK(last.find("—") != std::string::npos);
  CHECK(last.find('%') == std::string::npos);
}

TEST_CASE("a bad pointer fails before anything is solved, naming the --set", "[sweep]") {
  std::size_t solved = 0;
  SweepOptions options;
  options.progress = [&](std::size_t, std::size_t) { ++solved; };
  try {
    sweep(sources_of(fixture()), {"policy:/provider_share/p1/maxx=0.2:1:0.2"}, options);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.diagnostics().at(0).file == "--set policy:/provider_share/p1/maxx");
  }
  // The last value is out of range: found on the corner of the grid, before solving.
  CHECK_THROWS_AS(
      sweep(sources_of(fixture()), {"policy:/provider_share/p1/max=0.5:1.5:0.5"}, options),
      InputError);
  CHECK(solved == 0);
}

// --- Determinism and shards ----------------------------------------------------------------

TEST_CASE("sweep results do not depend on threads, shards or warm starts", "[sweep]") {
  const InputSources bundled = capplan::bundled_sources();
  const std::vector<std::string> sets = {"policy:/provider_share/aws/max=0.5:0.8:0.1"};
  SweepOptions one;
  one.threads = 1;
  SweepOptions three;
  three.threads = 3;
  const SweepResult a = sweep(bundled, sets, one);
  const SweepResult b = sweep(bundled, sets, three);
  CHECK(a == b);
  CHECK(render(a, capplan::Format::kJson) == render(b, capplan::Format::kJson));

  // Loosening aws's cap never raises the cost.
  for (std::size_t i = 1; i < a.rows.size(); ++i)
    CHECK(*a.rows[i].objective_usd <= *a.rows[i - 1].objective_usd * (1 + 1e-12));

  // Cold solves may pick another of several equally cheap plans (shares can differ), but the
  // objective and unmet tokens are the same to 1e-9.
  SweepOptions cold;
  cold.warm_start = false;
  const SweepResult c = sweep(bundled, sets, cold);
  REQUIRE(c.rows.size() == a.rows.size());
  CHECK(c.rows[0] == a.rows[0]);  // point 0 is solved from scratch either way
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    CHECK(*c.rows[i].objective_usd == Approx(*a.rows[i].objective_usd).epsilon(1e-9));
    CHECK(*c.rows[i].unmet_tokens == Approx(*a.rows[i].unmet_tokens).epsilon(1e-9));
  }

  // Shards 1/3, 2/3, 3/3 through their JSON files merge into the unsharded result.
  std::vector<std::pair<std::string, SweepResult>> parts;
  for (int i = 3; i >= 1; --i) {
    SweepOptions shard;
    shard.shard = capplan::SweepShard{i, 3};
    const SweepResult s = sweep(bundled, sets, shard);
    for (const SweepRow& row : s.rows) CHECK(row.point % 3 == static_cast<std::size_t>(i - 1));
    const std::string json = capplan::sweep_to_json(s);
    CHECK(json.find("\"shard\"") != std::string::npos);
    parts.emplace_back("shard" + std::to_string(i) + ".json",
                       capplan::sweep_from_json(json, "shard.json"));
  }
  const SweepResult merged = capplan::merge_sweeps(parts);
  CHECK(merged == a);
  for (const auto format : {capplan::Format::kTable, capplan::Format::kCsv, capplan::Format::kJson,
                            capplan::Format::kMarkdown})
    CHECK(render(merged, format) == render(a, format));
}

TEST_CASE("raising a price never lowers the cost on the bundled data", "[sweep]") {
  const SweepResult r = sweep(capplan::bundled_sources(),
                              {"catalog:/offerings/gcp-usc1-tpu7/price_per_chip_hour=6.5:8.5:1"});
  REQUIRE(r.rows.size() == 3);
  for (std::size_t i = 1; i < r.rows.size(); ++i) {
    CHECK(*r.rows[i].objective_usd >= *r.rows[i - 1].objective_usd * (1 - 1e-12));
    // The envelope theorem: between two prices the cost rises by at most the chip-hours at the
    // lower price times the step, and at least the chip-hours at the higher price times it.
    const double rise = *r.rows[i].objective_usd - *r.rows[i - 1].objective_usd;
    CHECK(rise <= *r.rows[i - 1].duals[0] * 1.0 * (1 + 1e-9));
    CHECK(rise >= *r.rows[i].duals[0] * 1.0 * (1 - 1e-9));
  }
}

TEST_CASE("a sweep file reads back to the same result", "[sweep]") {
  const SweepResult r =
      sweep(sources_of(fixture()), {"policy:/provider_share/p1/max=0.2:1:0.4",
                                    "catalog:/offerings/b/price_per_chip_hour=1:2:1"});
  REQUIRE(r.rows.size() == 6);
  const std::string json = capplan::sweep_to_json(r);
  CHECK(capplan::sweep_from_json(json, "a.json") == r);
  const auto j = nlohmann::json::parse(json);
  CHECK(j["schema"] == "capplan.sweep/v1");
  CHECK(j["sweep"][0]["dual_unit"] == "usd_per_pp");
  CHECK(j["sweep"][1]["dual_unit"] == "chip_hours");
  CHECK(j["points"] == 6);
  CHECK_FALSE(j.contains("shard"));

  CHECK_THROWS_WITH(
      capplan::sweep_from_json("{\"schema\": \"capplan.plan/v1\"}", "p.json"),
      "p.json: /schema: expected \"capplan.sweep/v1\" (a file written by capplan sweep "
      "--format json)");
  CHECK_THROWS_WITH(capplan::sweep_from_json("{\"schema\": ", "x.json"),
                    Catch::StartsWith("x.json: 1:12: "));
  auto broken = j;
  broken["rows"][1]["values"][1] = 1.5;
  CHECK_THROWS_WITH(capplan::sweep_from_json(broken.dump(), "b.json"),
                    "b.json: /rows/1/values: not the values of point 1 of the sweep");
}

TEST_CASE("merging checks that the shards belong to one sweep and cover it once", "[sweep]") {
  const InputSources src = sources_of(fixture());
  const std::vector<std::string> sets = {"policy:/provider_share/p1/max=0.1:1:0.1"};
  auto shard = [&](int i, int n) {
    SweepOptions o;
    o.shard = capplan::SweepShard{i, n};
    return sweep(src, sets, o);
  };
  const SweepResult s1 = shard(1, 3), s2 = shard(2, 3), s3 = shard(3, 3);
  CHECK(capplan::merge_sweeps({{"a", s1}, {"b", s2}, {"c", s3}}).rows.size() == 10);

  CHECK_THROWS_WITH(capplan::merge_sweeps({{"a", s1}, {"c", s3}}),
                    "the shards do not cover the sweep: 3 of 10 points missing: 1, 4, 7");
  CHECK_THROWS_WITH(capplan::merge_sweeps({{"a", s1}, {"b", s2}, {"c", s3}, {"a2", s1}}),
                    "a, a2: points 0, 3, 6, 9 held more than once");
  const SweepResult half = shard(1, 2);  // 0, 2, 4, 6, 8 overlaps 1/3 at 0 and 6
  CHECK_THROWS_WITH(capplan::merge_sweeps({{"a", s1}, {"h", half}, {"b", s2}, {"c", s3}}),
                    "a, h: points 0, 6 held more than once\nh, b: point 4 held more than once\n"
                    "h, c: points 2, 8 held more than once");

  Instance other = fixture();
  other.catalog["offerings"]["b"]["price_per_chip_hour"] = 1.5;
  SweepOptions o;
  o.shard = capplan::SweepShard{2, 3};
  const SweepResult foreign = sweep(sources_of(other), sets, o);
  CHECK_THROWS_WITH(capplan::merge_sweeps({{"a", s1}, {"b", foreign}, {"c", s3}}),
                    "b: not a shard of the same sweep as a: its inputs differ (input hashes)");
  o.shard = capplan::SweepShard{2, 3};
  const SweepResult wider = sweep(src, {"policy:/provider_share/p1/max=0.1:1:0.05"}, o);
  CHECK_THROWS_WITH(capplan::merge_sweeps({{"a", s1}, {"b", wider}, {"c", s3}}),
                    "b: not a shard of the same sweep as a: its --set differ");
}

// --- Command line --------------------------------------------------------------------------

namespace {

const std::vector<std::string> kBundledSet = {"--set",
                                              "policy:/provider_share/aws/max=0.55:0.75:0.1"};

std::vector<std::string> args(std::vector<std::string> a, const std::vector<std::string>& more) {
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

}  // namespace

TEST_CASE("sweep shards merge into the unsharded output byte for byte in every format",
          "[cli][sweep]") {
  const TempDir dir;
  std::vector<std::string> merge = {"sweep", "--merge"};
  for (const std::string i : {"1", "2", "3"}) {
    const std::string file = dir.file("shard" + i + ".json");
    const CliResult r =
        run_capplan(args({"sweep", "--shard", i + "/3", "-f", "json", "-o", file}, kBundledSet));
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    merge.push_back(file);
  }
  for (const std::string format : {"table", "csv", "json", "markdown"}) {
    INFO("format " << format);
    const CliResult whole = run_capplan(args({"sweep", "-f", format, "-j", "2"}, kBundledSet));
    const CliResult merged = run_capplan(args(merge, {"-f", format}));
    REQUIRE(whole.exit_code == 0);
    REQUIRE(merged.exit_code == 0);
    CHECK(merged.out == whole.out);
    CHECK(merged.err.empty());
  }
  // A missing shard: exit 1 naming the missing point.
  const CliResult partial = run_capplan({"sweep", "--merge", merge[3], merge[4]});
  CHECK(partial.exit_code == 1);
  CHECK(partial.err ==
        "capplan: error: the shards do not cover the sweep: 1 of 3 points missing: 0\n");
}

TEST_CASE("sweep prints the same bytes whatever -j, and its first row is allocate's plan",
          "[cli][sweep]") {
  const std::vector<std::string> set = {"--set", "policy:/provider_share/aws/max=0.65:0.8:0.05"};
  const CliResult one = run_capplan(args({"sweep", "-f", "json", "-j", "1"}, set));
  const CliResult three = run_capplan(args({"sweep", "-f", "json", "-j", "3"}, set));
  REQUIRE(one.exit_code == 0);
  CHECK(one.out == three.out);
  const auto sweep_json = nlohmann::json::parse(one.out);
  REQUIRE(sweep_json["rows"].size() == 4);
  // 0.65 is the bundled policy's own value: point 0 is the plan allocate makes.
  const CliResult plan = run_capplan({"allocate", "-f", "json"});
  REQUIRE(plan.exit_code == 0);
  CHECK(sweep_json["rows"][0]["objective_usd"] == nlohmann::json::parse(plan.out)["objective_usd"]);

  const CliResult csv = run_capplan(args({"sweep", "-f", "csv"}, set));
  REQUIRE(csv.exit_code == 0);
  CHECK(csv.out.rfind(
            "point,policy:/provider_share/aws/max,status,objective_usd,unmet_tokens,share_aws,"
            "share_azure,share_coreweave,share_gcp,dual_usd_per_pp:policy:/provider_share/aws/max\n"
            "0,0.65,optimal,",
            0) == 0);
}

TEST_CASE("sweep input errors exit 1 naming the --set or the scenario", "[cli][sweep]") {
  const CliResult pointer =
      run_capplan({"sweep", "--set", "policy:/provider_share/aws/maxx=0.4:0.8:0.1"});
  CHECK(pointer.exit_code == 1);
  CHECK(pointer.out.empty());
  CHECK(pointer.err ==
        "capplan: error: --set policy:/provider_share/aws/maxx: /provider_share/aws/maxx: no such "
        "field "
        "in policy.json: \"maxx\" (did you mean \"max\"?)\n");

  const CliResult text =
      run_capplan({"sweep", "--set", "catalog:/regions/aws-us-east-2/geo=1:2:1"});
  CHECK(text.exit_code == 1);
  CHECK(text.err.find(
            "--set catalog:/regions/aws-us-east-2/geo: /regions/aws-us-east-2/geo: can only set "
            "a number, but this is a string") != std::string::npos);

  const CliResult schedule =
      run_capplan({"sweep", "--set", "catalog:/regions/aws-rainier-indiana/power_mw=1:2:1"});
  CHECK(schedule.exit_code == 1);
  CHECK(schedule.err.find("an array (a schedule: name one step's /N/value)") != std::string::npos);

  const TempDir dir;
  const std::string bad = dir.write(
      "bad.json",
      R"({"schema": "capplan.scenario/v1", "name": "bad", "description": "breaks the policy",)"
      R"( "patch": {"policy": {"utilization_target": 2}}})");
  const CliResult scenario = run_capplan(
      {"sweep", "--scenario", bad, "--set", "policy:/provider_share/aws/max=0.4:0.8:0.1"});
  CHECK(scenario.exit_code == 1);
  CHECK(scenario.err.rfind("capplan: error: " + bad + ": /patch/policy/utilization_target: ", 0) ==
        0);
}

TEST_CASE("sweep usage errors exit 2", "[cli][sweep]") {
  const CliResult malformed = run_capplan({"sweep", "--set", "policy:/provider_share/aws/max"});
  CHECK(malformed.exit_code == 2);
  CHECK(malformed.err.find("expected DOC:POINTER=FROM:TO:STEP") != std::string::npos);
  CHECK(run_capplan({"sweep", "--set", "policy:/utilization_target=0.5:0.9:0"}).exit_code == 2);
  CHECK(run_capplan({"sweep", "--set", "policy:/utilization_target=0.9:0.5:0.1"}).exit_code == 2);
  CHECK(run_capplan({"sweep"}).exit_code == 2);
  const CliResult shard =
      run_capplan({"sweep", "--set", "policy:/utilization_target=0.5:0.9:0.1", "--shard", "1/2"});
  CHECK(shard.exit_code == 2);
  CHECK(shard.err.find("--shard writes a shard file for --merge: add --format json") !=
        std::string::npos);
  CHECK(run_capplan({"sweep", "--set", "policy:/utilization_target=0.5:0.9:0.1", "--shard", "3/2",
                     "-f", "json"})
            .exit_code == 2);
  CHECK(
      run_capplan({"sweep", "--merge", "a.json", "--set", "policy:/utilization_target=0.5:0.9:0.1"})
          .exit_code == 2);
  CHECK(run_capplan({"sweep", "--merge", "/nonexistent/a.json"}).exit_code == 1);
}
