// `capplan report` checked as people see it: index.md through a GitHub-flavoured markdown
// renderer (cmark-gfm), report.html in headless Chromium. The tools come from Debian
// (scripts/dev test installs them); a missing one fails the test rather than skipping it.
// Screenshots and the rendered markdown are left in report-check/ beside the test binary.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_run.hpp"

namespace fs = std::filesystem;
using capplan::test::read_text;
using capplan::test::run_capplan;
using capplan::test::run_program;
using capplan::test::TempDir;

namespace {

// The full path of `name` on PATH, or "".
std::string find_tool(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path p = fs::path(dir.empty() ? "." : dir) / name;
    if (::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return "";
}

std::string required_tool(const std::string& name, const std::string& package) {
  const std::string path = find_tool(name);
  INFO(name << " not found on PATH: install Debian's " << package << " (scripts/dev test does)");
  REQUIRE_FALSE(path.empty());
  return path;
}

fs::path artifacts() {
  const fs::path dir = fs::path(CAPPLAN_BINARY).parent_path() / "report-check";
  fs::create_directories(dir);
  return dir;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A report of the three scenarios into `dir`.
void write_report(const fs::path& dir) {
  const auto r = run_capplan(
      {"report", "--out-dir", dir.string(), "maia-not", "maia-closed", "gcp-2027-tpu-late"});
  REQUIRE(r.exit_code == 0);
}

std::string cmark_html(const std::string& markdown_file) {
  const std::string cmark = required_tool("cmark-gfm", "cmark-gfm");
  const auto r = run_program(cmark, {"--unsafe", "-e", "table", "-e", "autolink", "-e",
                                     "strikethrough", "-e", "tagfilter", markdown_file});
  REQUIRE(r.exit_code == 0);
  return r.out;
}

// Opens `html_file` in headless Chromium and saves a screenshot; returns its console lines.
std::vector<std::string> chromium_console(const fs::path& html_file, const fs::path& screenshot,
                                          const fs::path& profile, int height) {
  const std::string chromium = required_tool("chromium", "chromium");
  const auto r = run_program(
      required_tool("timeout", "coreutils"),
      {"120", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
       "--no-first-run", "--user-data-dir=" + profile.string(), "--enable-logging=stderr", "--v=0",
       "--window-size=1280," + std::to_string(height), "--screenshot=" + screenshot.string(),
       "file://" + fs::absolute(html_file).string()});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  REQUIRE(read_text(screenshot.string()).rfind("\x89PNG", 0) == 0);
  std::vector<std::string> console;
  std::stringstream lines(r.err);
  for (std::string line; std::getline(lines, line);)
    if (line.find(":CONSOLE") != std::string::npos) console.push_back(line);
  return console;
}

// Rendered markdown as a page styled roughly as a pull-request comment.
std::string as_page(const std::string& body) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>index.md</title>"
         "<link rel=\"icon\" href=\"data:,\"><style>body{font:14px system-ui,sans-serif;"
         "max-width:1000px;margin:20px auto}table{border-collapse:collapse}"
         "th,td{border:1px solid #d0d7de;padding:4px 10px}pre{background:#f6f8fa;"
         "padding:8px;overflow:auto;max-height:120px}</style></head><body>\n" +
         body + "</body></html>\n";
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& l : lines) s += l + "\n";
  return s;
}

}  // namespace

TEST_CASE("report index.md renders as GitHub markdown: tables are tables, details are details",
          "[report][render]") {
  TempDir tmp;
  write_report(tmp.path() / "out");
  const std::string md = read_text(tmp.file("out/index.md"));
  const std::string html = cmark_html(tmp.file("out/index.md"));
  // Every markdown table comes out as an HTML table; none is left as text with pipes.
  const std::size_t tables = count(md, "\n| ---");
  CHECK(tables >= 10);
  CHECK(count(html, "<table>") == tables);
  CHECK(count(html, "<p>|") == 0);
  CHECK(count(html, "| ---") == 0);
  // One <details> per scenario, each with its summary and its tables inside.
  CHECK(count(html, "<details>") == 4);
  CHECK(count(html, "</details>") == 4);
  CHECK(count(html, "<summary><b>maia-closed</b>") == 1);
  std::size_t at = 0;
  for (int i = 0; i < 4; ++i) {
    const std::size_t open = html.find("<details>", at), close = html.find("</details>", open);
    REQUIRE(close != std::string::npos);
    const std::string block = html.substr(open, close - open);
    CHECK(count(block, "<table>") >= 2);
    CHECK(count(block, "<code class=\"language-mermaid\">") == 1);
    at = close;
  }
  // The summary comes first: the gate line, then the summary table, before any <details>.
  CHECK(html.find("<table>") < html.find("<details>"));
  CHECK(html.find("<th>scenario</th>") < html.find("<details>"));
  std::ofstream((artifacts() / "index-rendered.html").string(), std::ios::binary) << as_page(html);
}

TEST_CASE("report.html opens in headless Chromium without a console message", "[report][render]") {
  TempDir tmp;
  write_report(tmp.path() / "out");
  const std::vector<std::string> console = chromium_console(
      tmp.path() / "out/report.html", artifacts() / "report.png", tmp.path() / "profile", 2400);
  INFO(join(console));
  CHECK(console.empty());
  const std::string html = read_text(tmp.file("out/report.html"));
  // Standalone: nothing is fetched from anywhere.
  CHECK_FALSE(std::regex_search(html, std::regex("(src|href)=\"(https?:)?//")));
  CHECK(count(html, "<svg ") >= 10);
}

TEST_CASE("report.html tables sort when a header is clicked", "[report][render]") {
  TempDir tmp;
  write_report(tmp.path() / "out");
  // The page plus a script that clicks the summary's "cost / year" header twice and logs the
  // order of the scenarios each time.
  std::string html = read_text(tmp.file("out/report.html"));
  const std::string probe =
      "<script>var th=document.querySelectorAll('table.sortable')[0].tHead.rows[0].cells[2];"
      "function order(){return Array.prototype.map.call(th.closest('table').tBodies[0].rows,"
      "function(r){return r.cells[0].textContent;}).join(',');}"
      "th.click();console.log('asc:'+order());th.click();console.log('desc:'+order());</script>";
  html.insert(html.rfind("</body>"), probe);
  const fs::path page = tmp.path() / "out/sort.html";
  std::ofstream(page.string(), std::ios::binary) << html;
  const std::vector<std::string> console =
      chromium_console(page, tmp.path() / "sort.png", tmp.path() / "profile", 800);
  const std::string text = join(console);
  INFO(text);
  CHECK(text.find("asc:maia-closed,") != std::string::npos);
  CHECK(text.find("desc:gcp-2027-tpu-late,") != std::string::npos);
  CHECK(text.find("Uncaught") == std::string::npos);
}

TEST_CASE(
    "report index.md rendered by cmark-gfm opens in headless Chromium without a console message",
    "[report][render]") {
  TempDir tmp;
  write_report(tmp.path() / "out");
  const fs::path file = tmp.path() / "index.html";
  std::ofstream(file.string(), std::ios::binary) << as_page(cmark_html(tmp.file("out/index.md")));
  const std::vector<std::string> console =
      chromium_console(file, artifacts() / "index-md.png", tmp.path() / "profile", 2400);
  INFO(join(console));
  CHECK(console.empty());
}
