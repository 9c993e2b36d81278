// docs/CI.md: its GitHub Actions, GitLab CI and Kubernetes examples parse as YAML and have the
// shape each system expects, its shell scripts pass `bash -n`, and every flag its capplan
// command lines use exists (tests/scripts/check_ci_docs.py, with Debian's python3-yaml).
#include <catch2/catch.hpp>
#include <set>
#include <sstream>
#include <string>

#include "cli_run.hpp"

using capplan::test::run_capplan;
using capplan::test::run_program;
using capplan::test::source_path;

TEST_CASE("docs/CI.md examples parse and use only flags capplan has", "[report][docs]") {
  const auto r = run_program(
      "/usr/bin/env",
      {"python3", source_path("tests/scripts/check_ci_docs.py"), source_path("docs/CI.md")});
  INFO("needs python3 with PyYAML (Debian: python3-yaml; scripts/dev test installs it)\n" << r.err);
  REQUIRE(r.exit_code == 0);
  std::istringstream lines(r.out);
  std::string line;
  REQUIRE(std::getline(lines, line));
  CHECK(line == "kinds github=2 gitlab=1 kubernetes=2 shell=3");
  std::set<std::string> checked;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string tag, verb, flag;
    words >> tag >> verb >> flag;
    REQUIRE(tag == "flag");
    const auto help = run_capplan({verb, "--help"});
    INFO("capplan " << verb << " " << flag);
    CHECK(help.out.find(flag) != std::string::npos);
    checked.insert(verb + " " + flag);
  }
  for (const std::string f : {"report --compare-to", "report --max-cost-increase",
                              "report --out-dir", "sweep --shard", "sweep --merge"})
    CHECK(checked.count(f) == 1);
}
