// The command line, driven as a user would: the built binary, its stdout, stderr and exit
// code (docs/CLI.md); plus the CLI helpers that other commands reuse.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "capplan/error.hpp"
#include "cli/cli_util.hpp"
#include "cli_run.hpp"
#include "text_table.hpp"

using capplan::test::CliResult;
using capplan::test::read_text;
using capplan::test::run_capplan;
using capplan::test::source_path;
using capplan::test::TempDir;
using nlohmann::json;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

const std::vector<std::string> kSeedAccelerators = {"trn2",    "trn3", "tpu-v7",
                                                    "maia200", "h200", "b200"};

}  // namespace

TEST_CASE("version flag prints the version on stdout", "[cli]") {
  const CliResult r = run_capplan({"--version"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == "capplan 0.1.0\n");
  CHECK(r.err.empty());
}

TEST_CASE("help flag lists the commands and exits 0", "[cli]") {
  const CliResult r = run_capplan({"--help"});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.out, "validate"));
  CHECK(contains(r.out, "catalog"));
  CHECK(contains(r.out, "--log-level"));
  const CliResult sub = run_capplan({"catalog", "--help"});
  CHECK(sub.exit_code == 0);
  CHECK(contains(sub.out, "--format"));
}

TEST_CASE("usage errors exit 2 with one error line on stderr", "[cli]") {
  SECTION("unknown command, with a suggestion") {
    const CliResult r = run_capplan({"validat"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(contains(r.err,
                   "capplan: error: unknown command \"validat\" (did you mean \"validate\"?)"));
  }
  SECTION("no command") {
    const CliResult r = run_capplan({});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "capplan: error: missing command"));
  }
  SECTION("unknown flag") {
    const CliResult r = run_capplan({"validate", "--frobnicate"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "capplan: error: "));
    CHECK(contains(r.err, "--frobnicate"));
    CHECK(r.out.empty());
  }
  SECTION("unknown log level") {
    const CliResult r = run_capplan({"--log-level", "loud", "validate"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "capplan: error: "));
  }
  SECTION("unknown format") {
    const CliResult r = run_capplan({"catalog", "--format", "yaml"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "capplan: error: --format: unknown format \"yaml\""));
  }
  SECTION("unknown catalog view") {
    const CliResult r = run_capplan({"catalog", "offering"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "(did you mean \"offerings\"?)"));
  }
}

TEST_CASE("validate accepts the bundled documents", "[cli]") {
  const CliResult r = run_capplan({"validate", "--quiet"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("ok: ", 0) == 0);
  CHECK(contains(r.out, "catalog.json"));
  CHECK(r.err.empty());
}

TEST_CASE("validate accepts the files of data/", "[cli]") {
  const CliResult r =
      run_capplan({"validate", source_path("data/catalog.json"), source_path("data/policy.json")});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.rfind("ok: 2 documents valid: ", 0) == 0);
}

TEST_CASE("validate reports every error of a broken catalog with file and pointer", "[cli]") {
  json catalog = json::parse(read_text(source_path("data/catalog.json")));
  const json& offerings = catalog.at("offerings");
  REQUIRE(offerings.size() >= 2);
  auto it = offerings.begin();
  const std::string first = it.key();
  const std::string region = it.value().at("region").get<std::string>();
  const std::string second = (++it).key();
  catalog["offerings"][first]["region"] = region + "x";
  catalog["offerings"][second]["price_per_chip_hour"] = -1.5;

  TempDir dir;
  const std::string path = dir.write("catalog.json", catalog.dump(2));
  const CliResult r = run_capplan({"validate", path});
  INFO(r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "capplan: error: " + path + ": /offerings/" + first + "/region: "));
  CHECK(contains(r.err, "\"" + region + "x\""));
  CHECK(contains(r.err, "(did you mean \"" + region + "\"?)"));
  CHECK(contains(r.err,
                 "capplan: error: " + path + ": /offerings/" + second + "/price_per_chip_hour"));
}

TEST_CASE("validate names a file it cannot read", "[cli]") {
  TempDir dir;
  const std::string missing = dir.file("nope.json");
  const CliResult r = run_capplan({"validate", missing});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "capplan: error: " + missing + ": cannot read: No such file or directory"));
}

TEST_CASE("a syntax error is reported with line and column", "[cli]") {
  TempDir dir;
  const std::string path =
      dir.write("policy.json", "{\"schema\": \"capplan.policy/v1\",\n  \"x\": }\n");
  const CliResult r = run_capplan({"validate", path});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "capplan: error: " + path + ": 2:"));
}

TEST_CASE("input flags: unreadable files and unknown scenarios are input errors", "[cli]") {
  SECTION("missing catalog file") {
    const CliResult r = run_capplan({"catalog", "--catalog", "/nonexistent/catalog.json"});
    CHECK(r.exit_code == 1);
    CHECK(contains(
        r.err,
        "capplan: error: /nonexistent/catalog.json: cannot read: No such file or directory"));
  }
  SECTION("a directory is not a file") {
    TempDir dir;
    const CliResult r = run_capplan({"catalog", "--policy", dir.path().string()});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "cannot read: Is a directory"));
  }
  SECTION("scenario name with a typo") {
    const CliResult r = run_capplan({"catalog", "--scenario", "maia-closd"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "capplan: error: maia-closd: "));
    CHECK(contains(r.err, "(did you mean \"maia-closed\"?)"));
  }
  SECTION("bundled scenario by name") {
    const CliResult r =
        run_capplan({"catalog", "commitments", "--scenario", "maia-closed", "--format", "json"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(json::parse(r.out).at("scenario").get<std::string>().find("maia-closed") !=
          std::string::npos);
  }
}

TEST_CASE("catalog commitments shows an option's terms per MW signed", "[cli][catalog]") {
  // The bundled Maia option: $90,000 per MW-month, $150M to sign, 50 MW steps (data/catalog.json).
  const CliResult table = run_capplan({"catalog", "commitments"});
  INFO(table.err);
  REQUIRE(table.exit_code == 0);
  const size_t row = table.out.find("\nazure-maia200 ");
  REQUIRE(row != std::string::npos);
  const std::string line = table.out.substr(row + 1, table.out.find('\n', row + 1) - row - 1);
  CHECK(contains(line, "$90k/MW-mo, $150.0M to sign, 50 MW steps"));
  CHECK(contains(table.out, "TERMS PER MW"));
  const CliResult js = run_capplan({"catalog", "commitments", "--format", "json"});
  REQUIRE(js.exit_code == 0);
  const json doc = json::parse(js.out);
  bool seen = false;
  for (const json& c : doc.at("commitments")) {
    if (c.at("id") == "azure-maia200") {
      seen = true;
      CHECK(c.at("reservation_usd_per_mw_month").get<double>() == 90000.0);
      CHECK(c.at("signing_usd").get<double>() == 150e6);
      CHECK(c.at("size_step_mw").get<double>() == 50.0);
      CHECK(c.at("min_spend_usd_per_mw_year").is_null());
    }
    if (c.at("id") == "aws-2026") CHECK(c.at("reservation_usd_per_mw_month").is_null());
  }
  CHECK(seen);
}

TEST_CASE("catalog table lists every seed accelerator", "[cli][catalog]") {
  const CliResult r = run_capplan({"catalog"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const std::string& id : kSeedAccelerators) {
    INFO(id);
    CHECK(contains(r.out, "\n" + id + " "));
  }
  CHECK(contains(r.out, "$/MTOK"));
  CHECK(contains(r.out, "MTOK/S PER MW"));
  CHECK(contains(r.out, "CHIPS/GW"));
  CHECK(contains(r.out, "* estimate"));
  CHECK(!contains(r.out, "-0.00"));
}

TEST_CASE("catalog views render in every format", "[cli][catalog]") {
  for (const char* view : {"accelerators", "offerings", "commitments"}) {
    for (const char* format : {"table", "markdown", "csv", "json"}) {
      INFO(view << " " << format);
      const CliResult r = run_capplan({"catalog", view, "--format", format});
      INFO(r.err);
      CHECK(r.exit_code == 0);
      CHECK(!r.out.empty());
    }
  }
}

TEST_CASE("catalog json parses and is byte-identical across runs", "[cli][catalog]") {
  for (const char* view : {"accelerators", "offerings", "commitments"}) {
    INFO(view);
    const CliResult a = run_capplan({"catalog", view, "--format", "json"});
    const CliResult b = run_capplan({"catalog", view, "--format", "json"});
    REQUIRE(a.exit_code == 0);
    CHECK(a.out == b.out);
    const json doc = json::parse(a.out);
    CHECK(doc.at("schema") == "capplan.catalog-view/v1");
    CHECK(doc.at("view") == view);
  }
  const json doc = json::parse(run_capplan({"catalog", "--format", "json"}).out);
  std::vector<std::string> ids;
  for (const json& acc : doc.at("accelerators")) ids.push_back(acc.at("id"));
  for (const std::string& id : kSeedAccelerators) {
    CHECK(std::find(ids.begin(), ids.end(), id) != ids.end());
  }
}

TEST_CASE("catalog json marks Maia 200's price as an estimate with its note", "[cli][catalog]") {
  const json doc = json::parse(run_capplan({"catalog", "offerings", "--format", "json"}).out);
  int maia = 0;
  for (const json& o : doc.at("offerings")) {
    if (o.at("accelerator") != "maia200") continue;
    ++maia;
    const auto& estimated = o.at("estimated");
    CHECK(std::find(estimated.begin(), estimated.end(), "price_usd_per_chip_hour") !=
          estimated.end());
    CHECK(!o.at("notes").empty());
  }
  CHECK(maia > 0);
}

TEST_CASE("catalog csv is deterministic and has one row per offering", "[cli][catalog]") {
  const CliResult a = run_capplan({"catalog", "offerings", "--format", "csv"});
  const CliResult b = run_capplan({"catalog", "offerings", "--format", "csv"});
  REQUIRE(a.exit_code == 0);
  CHECK(a.out == b.out);
  CHECK(a.out.rfind("id,provider,region,", 0) == 0);
  const json doc = json::parse(run_capplan({"catalog", "offerings", "--format", "json"}).out);
  const auto lines = std::count(a.out.begin(), a.out.end(), '\n');
  CHECK(static_cast<std::size_t>(lines) == doc.at("offerings").size() + 1);
}

TEST_CASE("output flag writes the file atomically and nothing to stdout", "[cli]") {
  TempDir dir;
  const std::string path = dir.file("accelerators.json");
  const CliResult r = run_capplan({"catalog", "--format", "json", "--output", path});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(read_text(path) == run_capplan({"catalog", "--format", "json"}).out);
  std::size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++entries;
  }
  CHECK(entries == 1);  // no temporary file left behind
}

TEST_CASE("output flag into a missing directory exits 5 and leaves no file", "[cli]") {
  TempDir dir;
  const std::string path = dir.file("no-such-dir/out.json");
  const CliResult r = run_capplan({"catalog", "--format", "json", "--output", path});
  CHECK(r.exit_code == 5);
  CHECK(r.out.empty());
  CHECK(contains(r.err, "capplan: error: " + path + ": cannot write: "));
  CHECK(!std::filesystem::exists(dir.path() / "no-such-dir"));
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("output flag over an existing file keeps it whole when the write fails", "[cli]") {
  TempDir dir;
  const std::string path = dir.write("out.json", "previous\n");
  std::filesystem::permissions(
      dir.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
  const CliResult r = run_capplan({"catalog", "--format", "json", "--output", path});
  std::filesystem::permissions(dir.path(), std::filesystem::perms::owner_all);
  if (::geteuid() != 0) {  // root writes anywhere
    CHECK(r.exit_code == 5);
    CHECK(read_text(path) == "previous\n");
  }
}

TEST_CASE("a write to a full stdout exits 5", "[cli]") {
  if (!std::filesystem::exists("/dev/full")) return;
  const CliResult r = capplan::test::run_program(
      "/bin/sh", {"-c", std::string("exec '") + CAPPLAN_BINARY + "' catalog > /dev/full"});
  CHECK(r.exit_code == 5);
  CHECK(contains(r.err, "capplan: error: stdout: cannot write: "));
}

TEST_CASE("global options are accepted after the command", "[cli]") {
  const CliResult r = run_capplan({"validate", "--log-level", "info"});
  CHECK(r.exit_code == 0);
  CHECK(contains(r.err, "capplan: info: "));
  const CliResult q = run_capplan({"validate", "-q"});
  CHECK(q.exit_code == 0);
  CHECK(q.err.empty());
}

// --- Helpers -------------------------------------------------------------------------------

TEST_CASE("parse_format accepts the allowed names only", "[cli]") {
  using capplan::cli::Format;
  using capplan::cli::parse_format;
  CHECK(parse_format("table") == Format::kTable);
  CHECK(parse_format("json") == Format::kJson);
  CHECK(parse_format("csv") == Format::kCsv);
  CHECK(parse_format("markdown") == Format::kMarkdown);
  CHECK_THROWS_AS(parse_format("JSON"), capplan::UsageError);
  CHECK_THROWS_AS(parse_format("csv", {Format::kTable, Format::kJson}), capplan::UsageError);
  CHECK_THROWS_WITH(parse_format("jsn", {Format::kTable, Format::kJson}),
                    "--format: unknown format \"jsn\" (did you mean \"json\"?); expected one of: "
                    "table, json");
}

TEST_CASE("write_file_atomic replaces the file and throws OutputError on failure", "[cli]") {
  TempDir dir;
  const std::string path = dir.write("a.txt", "old");
  capplan::cli::write_file_atomic(path, "new content\n");
  CHECK(read_text(path) == "new content\n");
  CHECK_THROWS_AS(capplan::cli::write_file_atomic(dir.file("missing/a.txt"), "x"),
                  capplan::OutputError);
  CHECK_THROWS_WITH(capplan::cli::write_file_atomic(dir.path().string(), "x"),
                    Catch::Contains("cannot write: Is a directory"));
  std::size_t entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    (void)entry;
    ++entries;
  }
  CHECK(entries == 1);
}

TEST_CASE("read_source_file names the file and the reason", "[cli]") {
  TempDir dir;
  const std::string path = dir.write("d.json", "{}");
  CHECK(capplan::cli::read_source_file(path).text == "{}");
  CHECK(capplan::cli::read_source_file(path).name == path);
  try {
    capplan::cli::read_source_file(dir.file("none.json"));
    FAIL("expected InputError");
  } catch (const capplan::InputError& e) {
    REQUIRE(e.diagnostics().size() == 1);
    CHECK(e.diagnostics()[0].to_string() ==
          dir.file("none.json") + ": cannot read: No such file or directory");
  }
}

TEST_CASE("tables render aligned, as markdown and as CSV", "[cli]") {
  capplan::TextTable t;
  t.add_column("ID");
  t.add_column("$/H", true);
  t.add_row({"trn2", "2.24"});
  t.add_row({"maia200", "—"});
  CHECK(capplan::render_aligned(t) ==
        "ID        $/H\n"
        "-------  ----\n"
        "trn2     2.24\n"
        "maia200     —\n");
  CHECK(capplan::render_markdown(t) ==
        "| ID | $/H |\n| --- | ---: |\n| trn2 | 2.24 |\n| maia200 | — |\n");
  t.add_column("mid", true, "$/MTOK");
  t.add_column("small", true, "$/MTOK");
  CHECK(capplan::render_aligned(t) ==
        "               $/MTOK\n"
        "ID        $/H  mid  small\n"
        "-------  ----  ---  -----\n"
        "trn2     2.24\n"
        "maia200     —\n");
  CHECK(capplan::render_markdown(t).rfind("| ID | $/H | $/MTOK mid | $/MTOK small |\n", 0) == 0);
  t.columns.resize(2);
  t.add_row({"a,b", "say \"hi\""});
  CHECK(capplan::render_csv(t) == "ID,$/H\ntrn2,2.24\nmaia200,—\n\"a,b\",\"say \"\"hi\"\"\"\n");
}
