// `capplan report`: the files a CI job regenerates, byte-identical from run to run.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "cli_run.hpp"

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("report writes plans, a comparison, an index and a page, the same bytes twice",
          "[cli][report]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("capplan_report_" + std::to_string(::getpid()));
  const auto run = [&](const std::string& sub) {
    return capplan::test::run_program(
        CAPPLAN_BINARY, {"report", "--out-dir", (dir / sub).string(), "maia-closed", "demand-low"});
  };
  REQUIRE(run("a").exit_code == 0);
  REQUIRE(run("b").exit_code == 0);
  for (const std::string f :
       {"index.md", "report.html", "compare.json", "manifest.json", "plan-base.json",
        "plan-base.csv", "plan-maia-closed.json", "plan-maia-closed-unmet.csv",
        "plan-demand-low.json", "plan-demand-low-periods.csv"}) {
    INFO(f);
    REQUIRE(std::filesystem::exists(dir / "a" / f));
    CHECK(slurp(dir / "a" / f) == slurp(dir / "b" / f));
  }
  const std::string index = slurp(dir / "a" / "index.md");
  // objective, cost / year, its change against base (a change under 0.05% shows as "0.0%"),
  // unmet, verified, no gates
  CHECK(std::regex_search(
      index,
      std::regex(R"(\n\| maia-closed \| \$[0-9.]+[BM] \| \$[0-9.]+[BM] \| )"
                 R"(([+-]\$[0-9.]+[BMk] \([+-]?[0-9.]+%\)|0) \| [0-9.]+ Ttok \| yes \| — \|\n)")));
  CHECK(nlohmann::json::parse(slurp(dir / "a" / "plan-demand-low.json"))["scenario"] ==
        "demand-low");
  std::filesystem::remove_all(dir);
}

TEST_CASE("report into a place that cannot be a directory exits 5", "[cli][report]") {
  const auto r = capplan::test::run_program(
      CAPPLAN_BINARY, {"report", "--out-dir", "/proc/capplan-report", "demand-low"});
  CHECK(r.exit_code == 5);
}
