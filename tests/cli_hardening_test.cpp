// The command line under hostile conditions: outputs that are special files or inputs, missing
// folders, numbers that make no sense, a time limit reached, -j and --threads everywhere.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cli_run.hpp"

namespace {

using capplan::test::CliResult;
using capplan::test::read_text;
using capplan::test::run_capplan;
using capplan::test::source_path;
using capplan::test::TempDir;

std::string bundled_catalog() { return read_text(source_path("data/catalog.json")); }

}  // namespace

TEST_CASE("allocate -o over its own catalog is refused and leaves the catalog as it was",
          "[cli][output]") {
  TempDir dir;
  const std::string catalog = dir.write("catalog.json", bundled_catalog());
  for (const std::string flag : {"-o", "--export-mps", "--export-lp"}) {
    INFO(flag);
    const CliResult r = run_capplan({"allocate", "--catalog", catalog, flag, catalog});
    CHECK(r.exit_code == 5);
    CHECK(r.out.empty());
    CHECK(r.err == "capplan: error: " + catalog + ": would overwrite input " + catalog + "\n");
    CHECK(read_text(catalog) == bundled_catalog());
  }
  // The same file by another name: relative to the working directory.
  const CliResult r =
      run_capplan({"allocate", "--catalog", catalog, "-o", "./catalog.json"}, dir.path().string());
  CHECK(r.exit_code == 5);
  CHECK(r.err == "capplan: error: ./catalog.json: would overwrite input " + catalog + "\n");
}

TEST_CASE("allocate -o into a FIFO writes through it and leaves the FIFO in place",
          "[cli][output]") {
  TempDir dir;
  const std::string fifo = dir.file("plan.fifo");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] {
    const int fd = ::open(fifo.c_str(), O_RDONLY);
    if (fd < 0) return;
    char buffer[4096];
    for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;)
      received.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
  });
  const CliResult r = run_capplan({"allocate", "--format", "json", "-o", fifo});
  reader.join();
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(received.rfind("{", 0) == 0);
  CHECK(received == run_capplan({"allocate", "--format", "json"}).out);
  struct stat st {};
  REQUIRE(::lstat(fifo.c_str(), &st) == 0);
  CHECK(S_ISFIFO(st.st_mode));
}

TEST_CASE("an output into a missing folder is exit 5 with the OS's reason", "[cli][output]") {
  TempDir dir;
  const std::string missing = dir.file("no/such/plan.json");
  const CliResult r = run_capplan({"allocate", "-o", missing});
  CHECK(r.exit_code == 5);
  CHECK(r.err == "capplan: error: " + missing + ": cannot write: No such file or directory\n");
  const std::string mps = dir.file("no/model.mps");
  const CliResult e = run_capplan({"allocate", "--export-mps", mps});
  CHECK(e.exit_code == 5);
  CHECK(e.err == "capplan: error: " + mps + ": cannot write: No such file or directory\n");
  CHECK(run_capplan({"allocate", "--export-lp", "-"}).exit_code == 2);
}

TEST_CASE("report --out-dir refuses to overwrite an input and writes nothing", "[cli][output]") {
  TempDir dir;
  const std::string catalog = dir.write("index.md", bundled_catalog());
  const CliResult r = run_capplan(
      {"report", "--out-dir", dir.path().string(), "--catalog", catalog, "maia-not", "-j", "2"});
  CHECK(r.exit_code == 5);
  CHECK(r.err == "capplan: error: " + catalog + ": would overwrite input " + catalog + "\n");
  CHECK(read_text(catalog) == bundled_catalog());
  std::size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++entries;
  }
  CHECK(entries == 1);
}

TEST_CASE("numeric flags that make no sense are usage errors echoing what was typed",
          "[cli][usage]") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"allocate", "--time-limit", "-1"},
       "--time-limit \"-1\": expected a number >= 0 (seconds; 0 = no limit)"},
      {{"allocate", "--time-limit", "nan"},
       "--time-limit \"nan\": expected a number >= 0 (seconds; 0 = no limit)"},
      {{"allocate", "--time-limit", "1e400"},
       "--time-limit \"1e400\": expected a number >= 0 (seconds; 0 = no limit)"},
      {{"allocate", "--max-cost", "-5"}, "--max-cost \"-5\": expected a number >= 0 (USD)"},
      {{"allocate", "--fail-on-unmet", "lots"},
       "--fail-on-unmet \"lots\": expected a number >= 0 (tokens/s)"},
      {{"sweep", "--set", "policy:/unmet_penalty_usd_per_mtok=1:2:1", "--time-limit", "inf"},
       "--time-limit \"inf\": expected a number >= 0 (seconds; 0 = no limit)"},
      {{"diff", "a.json", "--compare-to", "b.json", "--max-share-drift", "-0.5"},
       "--max-share-drift \"-0.5\": expected a number >= 0 (percentage points)"},
  };
  for (const Case& c : cases) {
    INFO(c.args[0] << " " << c.args[c.args.size() - 2] << " " << c.args.back());
    const CliResult r = run_capplan(c.args);
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == "capplan: error: " + c.message + "\ncapplan: run 'capplan " + c.args[0] +
                       " --help' for usage\n");
  }
}

TEST_CASE("the flags -j and --threads mean the same in allocate, compare, sweep and report",
          "[cli][usage]") {
  const std::vector<std::vector<std::string>> commands = {
      {"allocate"},
      {"compare", "base", "maia-not"},
      {"sweep", "--set", "policy:/unmet_penalty_usd_per_mtok=1:2:1"},
      {"report", "--out-dir", "unused"}};
  for (const auto& command : commands) {
    for (const std::string flag : {"-j", "--threads"}) {
      INFO(command[0] << " " << flag);
      std::vector<std::string> args = command;
      args.insert(args.end(), {flag, "-3"});
      const CliResult r = run_capplan(args);
      CHECK(r.exit_code == 2);
      CHECK(r.err.rfind("capplan: error: -j/--threads \"-3\": expected a whole number of threads "
                        ">= 1, or 0 for one per core\n",
                        0) == 0);
    }
  }
  const CliResult j = run_capplan({"allocate", "-j", "2", "--format", "json"});
  const CliResult threads = run_capplan({"allocate", "--threads", "2", "--format", "json"});
  CHECK(j.exit_code == 0);
  CHECK(j.out == threads.out);
}

TEST_CASE("a time limit reached says so with the limit as typed, exit 4", "[cli][solver]") {
  const CliResult r = run_capplan({"allocate", "--time-limit", "0.0001"});
  CHECK(r.exit_code == 4);
  CHECK(r.err == "capplan: error: no plan within the time limit of 0.0001 s\n");
}

TEST_CASE("allocate prints every failed gate, numbers as in the table", "[cli][gates]") {
  const CliResult r = run_capplan({"allocate", "--max-cost", "1e6", "--format", "json"});
  CHECK(r.exit_code == 3);
  CHECK_FALSE(r.out.empty());  // the plan is written before the gates are checked
  CHECK(r.err.rfind("capplan: error: gate --max-cost: objective $", 0) == 0);
  CHECK(r.err.find(", above $1.0M\n") != std::string::npos);
}

TEST_CASE("a failed scenario in compare and report is exit 4 naming it, not a crash",
          "[cli][solver]") {
  const CliResult compare =
      run_capplan({"compare", "maia-not", "maia-closed", "--time-limit", "0.0001", "-j", "2"});
  CHECK(compare.exit_code == 4);
  CHECK(compare.err ==
        "capplan: error: scenario maia-not: no plan within the time limit of "
        "0.0001 s\n");
  TempDir dir;
  const CliResult report = run_capplan(
      {"report", "--out-dir", dir.path().string(), "maia-closed", "--time-limit", "1e-4"});
  CHECK(report.exit_code == 4);
  CHECK(report.err ==
        "capplan: error: scenario base: no plan within the time limit of "
        "0.0001 s\n");
}
