// `capplan report`: the folder a CI job regenerates: its manifest, stale files, the temporary
// sibling, the baseline given with --compare-to and the gates applied against it.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "capplan/report.hpp"
#include "cli_run.hpp"

namespace fs = std::filesystem;
using capplan::test::read_text;
using capplan::test::run_capplan;
using capplan::test::TempDir;

namespace {

std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
  return names;
}

// Siblings of `dir` that look like a report's temporary folder.
std::size_t temporary_siblings(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir.parent_path()))
    if (e.path().filename().string().rfind("." + dir.filename().string() + ".tmp-", 0) == 0) ++n;
  return n;
}

// Adds 0.3 to every growth_per_year of a demand document.
void raise_growth(nlohmann::json& j) {
  if (j.is_object()) {
    for (auto& [key, value] : j.items()) {
      if (key == "growth_per_year")
        value = value.get<double>() + 0.3;
      else
        raise_growth(value);
    }
  } else if (j.is_array()) {
    for (auto& v : j) raise_growth(v);
  }
}

}  // namespace

TEST_CASE("sha256_hex matches the FIPS 180-4 examples", "[report]") {
  CHECK(capplan::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(capplan::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(capplan::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("report manifest lists every file it wrote with its SHA-256", "[cli][report]") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "out";
  const auto r = run_capplan({"report", "--out-dir", dir.string(), "maia-closed"});
  REQUIRE(r.exit_code == 0);
  const nlohmann::json manifest =
      nlohmann::json::parse(read_text((dir / "manifest.json").string()));
  CHECK(manifest["schema"] == "capplan.report/v1");
  CHECK(manifest["capplan_version"].get<std::string>().size() > 0);
  CHECK_FALSE(manifest.contains("generated_at"));
  std::set<std::string> listed = {"manifest.json"};
  for (const auto& f : manifest["files"]) {
    const std::string name = f["name"];
    listed.insert(name);
    const std::string content = read_text((dir / name).string());
    INFO(name);
    CHECK(f["bytes"] == content.size());
    CHECK(f["sha256"] == capplan::sha256_hex(content));
  }
  CHECK(listed == names_in(dir));
  for (const std::string f : {"index.md", "report.html", "compare.json", "plan-base.json",
                              "plan-base.csv", "plan-base-unmet.csv", "plan-base-periods.csv",
                              "plan-maia-closed.json", "plan-maia-closed-periods.csv"})
    CHECK(listed.count(f) == 1);
  REQUIRE(manifest["scenarios"].size() == 2);
  CHECK(manifest["scenarios"][1]["scenario"] == "maia-closed");
  CHECK(manifest["scenarios"][1]["inputs"].contains("catalog"));
  CHECK(temporary_siblings(dir) == 0);
  // The one-line summary on stderr says what was written.
  CHECK(r.err.find("capplan report: 2 scenarios, " + std::to_string(listed.size()) +
                   " files written to " + dir.string()) == 0);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("report --timestamp records the time, without it two runs are byte-identical",
          "[cli][report]") {
  TempDir tmp;
  REQUIRE(run_capplan({"report", "--out-dir", tmp.file("a"), "demand-low"}).exit_code == 0);
  REQUIRE(run_capplan({"report", "--out-dir", tmp.file("b"), "demand-low"}).exit_code == 0);
  for (const std::string& f : names_in(tmp.path() / "a")) {
    INFO(f);
    CHECK(read_text(tmp.file("a/" + f)) == read_text(tmp.file("b/" + f)));
  }
  REQUIRE(
      run_capplan({"report", "--out-dir", tmp.file("c"), "demand-low", "--timestamp"}).exit_code ==
      0);
  const nlohmann::json manifest = nlohmann::json::parse(read_text(tmp.file("c/manifest.json")));
  CHECK(std::regex_match(manifest["generated_at"].get<std::string>(),
                         std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")));
  CHECK(read_text(tmp.file("c/index.md")).find("generated 20") != std::string::npos);
}

TEST_CASE("report removes the files of its old manifest it no longer writes, and keeps others",
          "[cli][report]") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "out";
  REQUIRE(
      run_capplan({"report", "--out-dir", dir.string(), "maia-closed", "demand-low"}).exit_code ==
      0);
  REQUIRE(fs::exists(dir / "plan-demand-low.json"));
  tmp.write("out/notes.txt", "kept\n");
  fs::create_directories(dir / "kept-folder");
  tmp.write("out/kept-folder/x.txt", "x\n");
  const auto r = run_capplan({"report", "--out-dir", dir.string(), "maia-closed"});
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(fs::exists(dir / "plan-demand-low.json"));
  CHECK_FALSE(fs::exists(dir / "plan-demand-low.csv"));
  CHECK_FALSE(fs::exists(dir / "plan-demand-low-unmet.csv"));
  CHECK(fs::exists(dir / "plan-maia-closed.json"));
  CHECK(read_text((dir / "notes.txt").string()) == "kept\n");
  CHECK(read_text((dir / "kept-folder/x.txt").string()) == "x\n");
  CHECK(r.err.find("(4 stale removed)") != std::string::npos);
  CHECK(temporary_siblings(dir) == 0);
}

TEST_CASE("report into a regular file exits 5 and leaves it as it was", "[cli][report]") {
  TempDir tmp;
  const std::string file = tmp.write("not-a-folder", "mine\n");
  const auto r = run_capplan({"report", "--out-dir", file, "demand-low"});
  CHECK(r.exit_code == 5);
  CHECK(r.err == "capplan: error: " + file + ": cannot write: Not a directory\n");
  CHECK(read_text(file) == "mine\n");
  CHECK(temporary_siblings(file) == 0);
}

TEST_CASE("report that would overwrite an input writes nothing (exit 5)", "[cli][report]") {
  TempDir tmp;
  fs::create_directories(tmp.path() / "out");
  const std::string catalog =
      tmp.write("out/index.md", read_text(capplan::test::source_path("data/catalog.json")));
  const auto r =
      run_capplan({"report", "--out-dir", tmp.file("out"), "--catalog", catalog, "demand-low"});
  CHECK(r.exit_code == 5);
  CHECK(r.err.find("would overwrite input") != std::string::npos);
  CHECK(names_in(tmp.path() / "out") == std::set<std::string>{"index.md"});
}

TEST_CASE("report --compare-to a previous report: unchanged plans pass every gate",
          "[cli][report]") {
  TempDir tmp;
  REQUIRE(run_capplan({"report", "--out-dir", tmp.file("before"), "maia-closed"}).exit_code == 0);
  const auto r =
      run_capplan({"report", "--out-dir", tmp.file("after"), "maia-closed", "--compare-to",
                   tmp.file("before"), "--max-cost-increase", "0.5", "--max-unmet", "1e9",
                   "--max-share-drift", "1", "--max-power-increase", "1"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("all 8 gates passed against " + tmp.file("before")) != std::string::npos);
  const std::string index = read_text(tmp.file("after/index.md"));
  CHECK(index.find("**✅ all 8 gates passed against") != std::string::npos);
  CHECK(std::regex_search(index,
                          std::regex(R"(\n\| maia-closed \| \$[0-9.]+B \| \$[0-9.]+B \| 0 \|)")));
  const nlohmann::json manifest = nlohmann::json::parse(read_text(tmp.file("after/manifest.json")));
  CHECK(manifest["gates"].size() == 8);
  CHECK(manifest["baseline"] == tmp.file("before"));
}

TEST_CASE("report --compare-to with a failed gate writes the report, lists the failure and exits 3",
          "[cli][report]") {
  TempDir tmp;
  REQUIRE(run_capplan({"report", "--out-dir", tmp.file("before"), "maia-closed"}).exit_code == 0);
  // A new forecast with faster growth everywhere: every scenario costs more than in the baseline.
  nlohmann::json demand =
      nlohmann::json::parse(read_text(capplan::test::source_path("data/demand/base.json")));
  raise_growth(demand);
  const std::string high = tmp.write("demand-high.json", demand.dump());
  const auto r =
      run_capplan({"report", "--out-dir", tmp.file("after"), "maia-closed", "--demand", high,
                   "--compare-to", tmp.file("before"), "--max-cost-increase", "1"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("capplan: error: base: gate --max-cost-increase: cost rose") !=
        std::string::npos);
  CHECK(r.err.find("capplan: error: maia-closed: gate --max-cost-increase: cost rose") !=
        std::string::npos);
  CHECK(r.err.find("2 of 2 gates failed against") != std::string::npos);
  const std::string index = read_text(tmp.file("after/index.md"));
  CHECK(index.find("**❌ 2 of 2 gates failed against " + tmp.file("before") + "**") ==
        index.find("**"));
  CHECK(index.find("- **maia-closed**: gate --max-cost-increase: cost rose") != std::string::npos);
  CHECK(read_text(tmp.file("after/report.html")).find("class=\"banner fail\"") !=
        std::string::npos);
}

TEST_CASE("report --compare-to a plan JSON compares the scenario of the same name",
          "[cli][report]") {
  TempDir tmp;
  REQUIRE(run_capplan({"report", "--out-dir", tmp.file("before"), "maia-closed"}).exit_code == 0);
  const std::string plan = tmp.file("before/plan-maia-closed.json");
  const auto r = run_capplan({"report", "--out-dir", tmp.file("after"), "maia-closed",
                              "--compare-to", plan, "--max-share-drift", "0.01"});
  REQUIRE(r.exit_code == 0);
  const std::string index = read_text(tmp.file("after/index.md"));
  CHECK(index.find("all 1 gate passed against " + plan) != std::string::npos);
  // base has no plan of its name in the baseline: reported, not gated.
  CHECK(std::regex_search(
      index,
      std::regex(
          R"(\n\| base \| \$[0-9.]+B \| \$[0-9.]+B \| — \| [0-9.]+ Ttok \| [^|]+ \| yes \| not in baseline \|\n)")));
}

TEST_CASE("report gates without --compare-to are a usage error", "[cli][report]") {
  TempDir tmp;
  const auto r = run_capplan({"report", "--out-dir", tmp.file("out"), "--max-cost-increase", "2"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(
            "capplan: error: --max-cost-increase gates against a baseline: give --compare-to") ==
        0);
  CHECK_FALSE(fs::exists(tmp.path() / "out"));
}

TEST_CASE("report --compare-to a file that is not a plan is an input error naming it",
          "[cli][report]") {
  TempDir tmp;
  const std::string bad = tmp.write("old.json", "{\"schema\": \"capplan.plan/v1\"}");
  const auto r = run_capplan({"report", "--out-dir", tmp.file("out"), "--compare-to", bad});
  CHECK(r.exit_code == 1);
  CHECK(r.err.rfind("capplan: error: " + bad + ": ", 0) == 0);
  CHECK_FALSE(fs::exists(tmp.path() / "out"));
  fs::create_directories(tmp.path() / "empty");
  const auto e =
      run_capplan({"report", "--out-dir", tmp.file("out"), "--compare-to", tmp.file("empty")});
  CHECK(e.exit_code == 1);
  CHECK(e.err == "capplan: error: " + tmp.file("empty") +
                     ": no manifest.json and no plan-*.json: not a capplan report folder\n");
}

TEST_CASE("report index.md has no table wider than 8 columns with every bundled scenario",
          "[cli][report]") {
  TempDir tmp;
  const auto r = run_capplan({"report", "--out-dir", tmp.file("out")});
  REQUIRE(r.exit_code == 0);
  const std::string index = read_text(tmp.file("out/index.md"));
  std::size_t tables = 0, start = 0;
  while (start < index.size()) {
    std::size_t end = index.find('\n', start);
    if (end == std::string::npos) end = index.size();
    const std::string line = index.substr(start, end - start);
    if (line.rfind("| ---", 0) == 0) {
      ++tables;
      INFO(line);
      CHECK(std::count(line.begin(), line.end(), '|') - 1 <= 8);
    }
    start = end + 1;
  }
  CHECK(tables > 8);
  const nlohmann::json manifest = nlohmann::json::parse(read_text(tmp.file("out/manifest.json")));
  CHECK(manifest["scenarios"].size() == 9);  // base and the 8 bundled scenarios
}

TEST_CASE("report of a scenario named with a path writes inside the folder", "[cli][report]") {
  TempDir tmp;
  std::string scenario = read_text(capplan::test::source_path("data/scenarios/demand-low.json"));
  const std::string from = "\"name\": \"demand-low\"";
  REQUIRE(scenario.find(from) != std::string::npos);
  scenario.replace(scenario.find(from), from.size(), "\"name\": \"../escaped\"");
  const std::string file = tmp.write("escaped.json", scenario);
  const auto r = run_capplan({"report", "--out-dir", tmp.file("out"), file});
  REQUIRE(r.exit_code == 0);
  CHECK(fs::exists(tmp.path() / "out/plan-_._escaped.json"));
  CHECK_FALSE(fs::exists(tmp.path() / "plan-escaped.json"));
  CHECK_FALSE(fs::exists(tmp.path() / "escaped.csv"));
  const nlohmann::json manifest = nlohmann::json::parse(read_text(tmp.file("out/manifest.json")));
  CHECK(manifest["scenarios"][1]["plan"] == "plan-_._escaped.json");
}

TEST_CASE("report of the same scenario twice is an input error", "[cli][report]") {
  TempDir tmp;
  const auto r = run_capplan({"report", "--out-dir", tmp.file("out"), "demand-low", "demand-low"});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "capplan: error: scenario \"demand-low\" is given twice\n");
  CHECK_FALSE(fs::exists(tmp.path() / "out"));
}

TEST_CASE("report --compare-to its own folder regenerates it against its last run",
          "[cli][report]") {
  TempDir tmp;
  REQUIRE(run_capplan({"report", "--out-dir", tmp.file("report"), "maia-closed"}).exit_code == 0);
  const std::string before = read_text(tmp.file("report/plan-maia-closed.json"));
  const auto folder = run_capplan({"report", "--out-dir", tmp.file("report"), "maia-closed",
                                   "--compare-to", tmp.file("report"), "--max-cost-increase", "0"});
  REQUIRE(folder.exit_code == 0);
  CHECK(read_text(tmp.file("report/index.md")).find("all 2 gates passed against") !=
        std::string::npos);
  // A plan of the folder as the baseline: read before the folder is replaced.
  const auto plan =
      run_capplan({"report", "--out-dir", tmp.file("report"), "maia-closed", "--compare-to",
                   tmp.file("report/plan-maia-closed.json"), "--max-cost-increase", "0"});
  REQUIRE(plan.exit_code == 0);
  CHECK(read_text(tmp.file("report/plan-maia-closed.json")) == before);
}

TEST_CASE("report shows the survive rule's worst case when the plan has one", "[cli][report]") {
  TempDir tmp;
  REQUIRE(run_capplan({"report", "--out-dir", tmp.file("out"), "maia-closed"}).exit_code == 0);
  const nlohmann::json plan = nlohmann::json::parse(read_text(tmp.file("out/plan-base.json")));
  REQUIRE(plan.contains("survive"));
  REQUIRE_FALSE(plan["survive"].empty());
  const std::string index = read_text(tmp.file("out/index.md"));
  const std::string lost = plan["survive"][0]["lost"];
  CHECK(index.find("| provider lost | worst slice | period | servable | headroom cost |") !=
        std::string::npos);
  CHECK(index.find("\n| " + lost + " | ") != std::string::npos);
  CHECK(read_text(tmp.file("out/report.html")).find("Survive the loss of a provider") !=
        std::string::npos);
}
