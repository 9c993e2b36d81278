// `capplan allocate` end to end: golden outputs for the bundled data in every format, exit codes
// of the gates, infeasibility and output failures, and the exported model.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_run.hpp"
#include "plan_fixture.hpp"

namespace {

using capplan::test::CliResult;

CliResult capplan_run(const std::vector<std::string>& args) {
  return capplan::test::run_program(CAPPLAN_BINARY, args);
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::filesystem::path temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("capplan_alloc_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::create_directories(dir);
  return dir;
}

void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// Compares with tests/golden/NAME, or rewrites it when CAPPLAN_UPDATE_GOLDEN=1.
void check_golden(const std::string& name, const std::string& actual) {
  const std::filesystem::path path =
      std::filesystem::path(CAPPLAN_SOURCE_DIR) / "tests" / "golden" / name;
  if (const char* update = std::getenv("CAPPLAN_UPDATE_GOLDEN");
      update != nullptr && std::string(update) == "1") {
    write_file(path, actual);
    return;
  }
  REQUIRE(std::filesystem::exists(path));
  CHECK(read_file(path) == actual);
}

}  // namespace

TEST_CASE("allocate on the bundled data matches the golden output in every format",
          "[cli][golden]") {
  for (const std::string format : {"table", "json", "csv", "markdown"}) {
    INFO("format " << format);
    const CliResult r = capplan_run({"allocate", "--format", format});
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    const std::string ext = format == "table" ? "txt" : format == "markdown" ? "md" : format;
    check_golden("allocate_base." + ext, r.out);
  }
}

TEST_CASE("allocate prints a verified optimal plan and the same bytes twice", "[cli]") {
  const CliResult a = capplan_run({"allocate", "--format", "json"});
  const CliResult b = capplan_run({"allocate", "--format", "json"});
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  const auto plan = nlohmann::json::parse(a.out);
  CHECK(plan["schema"] == "capplan.plan/v2");
  CHECK(plan["status"] == "optimal");
  CHECK(plan["verified"] == true);
  CHECK(plan["periods"].size() == 30);  // 2026-07 .. 2028-12
}

TEST_CASE("allocate gates exit 3 after writing the plan", "[cli]") {
  const auto dir = temp_dir("gates");
  const CliResult cost = capplan_run(
      {"allocate", "--max-cost", "1", "--format", "json", "-o", (dir / "plan.json").string()});
  CHECK(cost.exit_code == 3);
  CHECK(cost.err.find("gate --max-cost") != std::string::npos);
  CHECK(std::filesystem::exists(dir / "plan.json"));
  const CliResult generous = capplan_run({"allocate", "--max-cost", "1e15", "--format", "csv"});
  CHECK(generous.exit_code == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("allocate --fail-on-unmet passes when all demand is met and fails when it is not",
          "[cli]") {
  capplan::testing::Instance inst;
  const auto dir = temp_dir("unmet");
  write_file(dir / "catalog.json", inst.catalog.dump());
  write_file(dir / "demand.json", inst.demand.dump());
  write_file(dir / "policy.json", inst.policy.dump());
  const std::vector<std::string> base = {"allocate",
                                         "--catalog",
                                         (dir / "catalog.json").string(),
                                         "--demand",
                                         (dir / "demand.json").string(),
                                         "--policy",
                                         (dir / "policy.json").string(),
                                         "--fail-on-unmet",
                                         "0"};
  CHECK(capplan_run(base).exit_code == 0);
  inst.catalog["offerings"]["a"]["max_chips"] = 4;
  inst.catalog["offerings"].erase("b");
  write_file(dir / "catalog.json", inst.catalog.dump());
  const CliResult r = capplan_run(base);
  CHECK(r.exit_code == 3);
  INFO(r.err);
  CHECK(r.err.find("gate --fail-on-unmet: 4,200 tokens/s unmet in 2026-07") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("an infeasible model exits 4 with the reason", "[cli]") {
  // One provider cannot keep half the need elsewhere: survive-provider-loss is infeasible.
  capplan::testing::Instance inst;
  inst.catalog["offerings"].erase("b");
  inst.policy["survive_provider_loss"] = 0.5;
  const auto dir = temp_dir("infeasible");
  write_file(dir / "catalog.json", inst.catalog.dump());
  write_file(dir / "demand.json", inst.demand.dump());
  write_file(dir / "policy.json", inst.policy.dump());
  const CliResult r =
      capplan_run({"allocate", "--catalog", (dir / "catalog.json").string(), "--demand",
                   (dir / "demand.json").string(), "--policy", (dir / "policy.json").string()});
  CHECK(r.exit_code == 4);
  CHECK(r.err.find("no feasible plan") != std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST_CASE("allocate exports the whole model as MPS and LP", "[cli]") {
  const auto dir = temp_dir("export");
  const CliResult r =
      capplan_run({"allocate", "--export-mps", (dir / "m.mps").string(), "--export-lp",
                   (dir / "m.lp").string(), "--format", "csv", "-o", (dir / "plan.csv").string()});
  REQUIRE(r.exit_code == 0);
  const std::string mps = read_file(dir / "m.mps");
  CHECK(mps.rfind("NAME capplan\nROWS\n", 0) == 0);
  CHECK(mps.find("x[2026-07][") != std::string::npos);
  CHECK(mps.find("ENDATA") != std::string::npos);
  const std::string lp = read_file(dir / "m.lp");
  CHECK(lp.find("Minimize") != std::string::npos);
  CHECK(lp.find("Subject To") != std::string::npos);
  CHECK(read_file(dir / "plan.csv")
            .rfind("period,slice,offering,provider,region,accelerator,peak_tokens_per_s,off_tokens_"
                   "per_s,tokens_per_s\n",
                   0) == 0);
  std::filesystem::remove_all(dir);
}

TEST_CASE("allocate to an unwritable place exits 5 and leaves no file", "[cli]") {
  const CliResult r = capplan_run({"allocate", "-o", "/nonexistent-dir/plan.txt"});
  CHECK(r.exit_code == 5);
  CHECK_FALSE(std::filesystem::exists("/nonexistent-dir/plan.txt"));
}
