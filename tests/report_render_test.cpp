// `capplan report` checked as people see it: index.md through a GitHub-flavoured markdown
// renderer (cmark-gfm), report.html in headless Chromium. The tools come from Debian
// (scripts/dev test installs them); a missing one fails the test rather than skipping it.
// Screenshots and the rendered markdown are left in report-check/ beside the test binary.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "capplan/plan.hpp"
#include "capplan/plan_figures.hpp"
#include "capplan/render.hpp"
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

// A scenario that makes the Maia 200 commitment a deal to decide, with a reservation of
// `reservation_usd_per_mw_month`.
std::string maia_option_scenario(const std::string& name, double reservation_usd_per_mw_month) {
  const nlohmann::json scenario = {
      {"schema", "capplan.scenario/v1"},
      {"name", name},
      {"description", "azure-maia200 as an option"},
      {"patch",
       {{"catalog",
         {{"commitments",
           {{"azure-maia200",
             {{"status", "option"},
              {"reservation_usd_per_mw_month", reservation_usd_per_mw_month}}}}}}}}}};
  return scenario.dump(2) + "\n";
}

// A report of the three scenarios and a deal to decide (maia-option) into `dir`.
void write_report(const fs::path& dir) {
  const fs::path option = dir.parent_path() / "maia-option.json";
  std::ofstream(option.string(), std::ios::binary) << maia_option_scenario("maia-option", 20000);
  const auto r = run_capplan({"report", "--out-dir", dir.string(), "maia-not", "maia-closed",
                              "gcp-2027-tpu-late", option.string()});
  INFO(r.err);
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
  // One <details> per scenario, each with its summary and its tables inside: the fleet and the
  // survive rule's losses in every one, the deals table only where there is a deal.
  CHECK(count(html, "<details>") == 5);
  CHECK(count(html, "</details>") == 5);
  CHECK(count(html, "<summary><b>maia-closed</b>") == 1);
  std::size_t at = 0;
  for (int i = 0; i < 5; ++i) {
    const std::size_t open = html.find("<details>", at), close = html.find("</details>", open);
    REQUIRE(close != std::string::npos);
    const std::string block = html.substr(open, close - open);
    INFO(block.substr(0, 200));
    CHECK(count(block, "<table>") >= 4);
    CHECK(count(block, "<code class=\"language-mermaid\">") == 1);
    CHECK(count(block, "<th>accelerator</th>") == 1);
    CHECK(count(block, "<th>provider lost</th>") == 1);
    // Every bundled scenario leaves at least one of the catalog's three deals to decide.
    CHECK(count(block, ">break-even price</th>") == 1);
    at = close;
  }
  // The summary comes first: the gate line, the deal to decide, then the summary table, before
  // any <details>.
  CHECK(html.find("<table>") < html.find("<details>"));
  CHECK(html.find("<th>scenario</th>") < html.find("<details>"));
  CHECK(html.find("<li>Sign azure-maia200: ") < html.find("<table>"));
  // Mermaid: only chart types GitHub draws (xychart-beta since 2024, pie), no emoji in tables.
  for (std::size_t m = md.find("```mermaid\n"); m != std::string::npos;
       m = md.find("```mermaid\n", m + 1)) {
    const std::string kind = md.substr(m + 11, md.find('\n', m + 11) - m - 11);
    INFO(kind);
    CHECK((kind == "xychart-beta" || kind.rfind("pie title ", 0) == 0));
  }
  std::stringstream lines(md);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("| ", 0) == 0) {
      INFO(line);
      CHECK(line.find("✅") == std::string::npos);
      CHECK(line.find("❌") == std::string::npos);
      CHECK(std::count(line.begin(), line.end(), '|') - 1 <= 8);
    }
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
  // The two clicks give one order and its reverse, the dearest (TPU late) last, then first.
  const auto order = [&](const std::string& tag) {
    const std::size_t at = text.find(tag);
    REQUIRE(at != std::string::npos);
    const std::string list = text.substr(at + tag.size(), text.find('"', at) - at - tag.size());
    std::vector<std::string> names;
    std::stringstream in(list);
    for (std::string name; std::getline(in, name, ',');) names.push_back(name);
    return names;
  };
  std::vector<std::string> asc = order("asc:"), desc = order("desc:");
  REQUIRE(asc.size() == 5);
  CHECK(asc.back() == "gcp-2027-tpu-late");
  std::reverse(desc.begin(), desc.end());
  CHECK(asc == desc);
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

namespace {

// `html` without the sort keys of its cells, so rows compare by what they show.
std::string shown(const std::string& html) {
  return std::regex_replace(html, std::regex(" data-v=\"[^\"]*\""), "");
}

// The text of one details block of index.md, or of one scenario section of report.html.
std::string md_block(const std::string& md, const std::string& scenario) {
  const std::size_t open = md.find("<summary><b>" + scenario + "</b>");
  REQUIRE(open != std::string::npos);
  return md.substr(open, md.find("</details>", open) - open);
}
std::string html_block(const std::string& html, const std::string& scenario) {
  const std::size_t open = html.find("<section class=\"scenario\"><h2>" + scenario + "</h2>");
  REQUIRE(open != std::string::npos);
  return html.substr(open, html.find("</section>", open) - open);
}

std::string decision(const capplan::OptionResult& o) {
  if (!o.is_signed) return "do not sign";
  const std::string words =
      o.size_mw >= o.size_max_mw * (1 - 1e-9) ? "sign, full size" : "sign, part";
  return words + (o.relaxed ? " (relaxed)" : "");
}

}  // namespace

TEST_CASE("report shows each deal, the fleet and the survive losses with the plan's numbers",
          "[report][render]") {
  using capplan::format_count;
  using capplan::format_percent;
  using capplan::format_usd;
  TempDir tmp;
  // The catalog with Maia as a deal to decide, so the first scenario (base) has it; in
  // maia-closed it is signed (no deal); in maia-dear its reservation is too dear to sign.
  nlohmann::json catalog =
      nlohmann::json::parse(read_text(capplan::test::source_path("data/catalog.json")));
  catalog["commitments"]["azure-maia200"]["status"] = "option";
  catalog["commitments"]["azure-maia200"]["reservation_usd_per_mw_month"] = 20000;
  const std::string catalog_file = tmp.write("catalog.json", catalog.dump(2));
  const std::string dear = tmp.write("maia-dear.json", maia_option_scenario("maia-dear", 2e6));
  const std::vector<std::string> args = {"report", "--catalog", catalog_file, "maia-closed", dear};
  std::vector<std::string> a = args, b = args;
  a.insert(a.begin() + 1, {"--out-dir", tmp.file("a")});
  b.insert(b.begin() + 1, {"--out-dir", tmp.file("b")});
  const auto r = run_capplan(a);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  // Deal values come from re-solves in parallel: still the same bytes run to run.
  REQUIRE(run_capplan(b).exit_code == 0);
  for (const std::string f : {"index.md", "report.html", "plan-base.json", "plan-maia-dear.json"})
    CHECK(read_text(tmp.file("a/" + f)) == read_text(tmp.file("b/" + f)));

  const std::string md = read_text(tmp.file("a/index.md"));
  const std::string html = shown(read_text(tmp.file("a/report.html")));
  for (const std::string scenario : {"base", "maia-closed", "maia-dear"}) {
    INFO(scenario);
    const capplan::Plan plan = capplan::plan_from_json(
        read_text(tmp.file("a/plan-" + scenario + ".json")), "plan-" + scenario + ".json");
    const capplan::PlanFigures figures = capplan::plan_figures(plan);
    const std::string mb = md_block(md, scenario), hb = html_block(html, scenario);

    // Deals: only options, each with its decision, MW of max, cost, value and break-even.
    std::size_t deals = 0;
    for (const capplan::OptionResult& o : plan.options) {
      if (!o.is_option) continue;
      ++deals;
      REQUIRE(o.valued);
      REQUIRE(o.breakeven_price_factor.has_value());
      const std::string mw = format_count(o.size_mw) + " of " + format_count(o.size_max_mw);
      const std::string factor = fmt::format("{:.3f}x", *o.breakeven_price_factor);
      CHECK(mb.find(fmt::format("\n| {} | {} | {} | {} | {} | {} | {} |\n", o.id, o.provider,
                                decision(o), mw, format_usd(o.cost_usd), format_usd(o.value_usd),
                                factor)) != std::string::npos);
      CHECK(hb.find(fmt::format("<tr><td>{}</td><td>{}</td><td{}>{}</td><td class=\"n\">{}</td>"
                                "<td class=\"n\">{}</td><td class=\"n\">{}</td><td "
                                "class=\"n\">{}</td></tr>",
                                o.id, o.provider, o.is_signed ? " class=\"down\"" : "", decision(o),
                                mw, format_usd(o.cost_usd), format_usd(o.value_usd), factor)) !=
            std::string::npos);
      if (scenario == "base" && o.is_signed) {
        // The summary's line for the first scenario's deal, above every table.
        const std::string line =
            fmt::format("Sign {}: {} MW, saves {}, pays up to {:.2f}x its prices{}", o.id, mw,
                        format_usd(o.value_usd), *o.breakeven_price_factor,
                        o.relaxed ? " (relaxed: integer mode decides it in whole units)" : "");
        CHECK(md.find("\n- " + line + "\n") < md.find("\n| "));
        CHECK(html.find("<li class=\"sign\"><b>Sign " + o.id + "</b>" +
                        line.substr(line.find(':')) + "</li>") < html.find("<table"));
      } else if (scenario == "maia-dear" || !o.is_signed) {
        CHECK_FALSE(o.is_signed);
        CHECK(mb.find(" · do not sign " + o.id) != std::string::npos);
      }
    }
    // The catalog's three deals; maia-closed signs Maia, leaving two to decide.
    CHECK(deals == (scenario == "maia-closed" ? 2u : 3u));
    CHECK((mb.find("Deals to decide") != std::string::npos) == (deals > 0));
    CHECK((hb.find("<h3>Deals to decide</h3>") != std::string::npos) == (deals > 0));
    if (scenario == "maia-closed") {
      // Maia signed (sized per MW, not a deal any more) and the two others still to decide.
      REQUIRE(plan.options.size() == 3);
      CHECK(std::count_if(plan.options.begin(), plan.options.end(),
                          [](const capplan::OptionResult& o) {
                            return o.id == "azure-maia200" && !o.is_option;
                          }) == 1);
    }

    // Fleet: every provider and accelerator with chips, average chips and chips added per year.
    std::size_t fleet_rows = 0;
    std::set<std::pair<std::string, std::string>> keys;
    for (const capplan::YearFigures& y : figures.years)
      for (const auto& [provider, pv] : y.providers)
        for (const auto& [acc, chips] : pv.chips_by_accelerator_avg)
          if (chips >= 0.5) keys.insert({provider, acc});
    REQUIRE(keys.size() >= 5);
    for (const auto& [provider, acc] : keys) {
      std::string md_row = "\n| " + provider + " | " + acc + " |";
      std::string html_row = "<tr><td>" + provider + "</td><td>" + acc + "</td>";
      for (const capplan::YearFigures& y : figures.years) {
        const capplan::ProviderYearFigures& pv = y.providers.at(provider);
        const double chips =
            pv.chips_by_accelerator_avg.count(acc) ? pv.chips_by_accelerator_avg.at(acc) : 0.0;
        const double added =
            pv.chips_added_by_accelerator.count(acc) ? pv.chips_added_by_accelerator.at(acc) : 0.0;
        md_row += " " + format_count(chips) +
                  (added >= 0.5 ? " (+" + format_count(added) + ")" : std::string()) + " |";
        html_row += "<td class=\"n\">" + format_count(chips) + "</td><td class=\"n\">" +
                    (added >= 0.5 ? "+" + format_count(added) : std::string("0")) + "</td>";
      }
      INFO(md_row);
      CHECK(mb.find(md_row + "\n") != std::string::npos);
      CHECK(hb.find(html_row + "</tr>") != std::string::npos);
      ++fleet_rows;
    }
    CHECK(fleet_rows == keys.size());
    // The fleet chart: facility MW stacked by provider.
    CHECK(hb.find("Fleet by provider") != std::string::npos);

    // Survive: per lost provider, the worst slice's servable fraction and the headroom's cost.
    REQUIRE(plan.survive_provider_loss > 0);
    REQUIRE_FALSE(plan.survive.empty());
    CHECK(mb.find(format_percent(plan.survive_provider_loss) + " of every slice's peak") !=
          std::string::npos);
    bool any_below = false;
    for (const capplan::SurviveLoss& l : plan.survive) {
      const bool below = l.servable_fraction < plan.survive_provider_loss * (1 - 1e-6);
      any_below = any_below || below;
      const std::string servable = format_percent(l.servable_fraction) + (below ? " (below)" : "");
      CHECK(mb.find(fmt::format("\n| {} | {} | {} | {} | {} |\n", l.lost, l.worst_slice,
                                l.worst_period, servable, format_usd(l.headroom_usd))) !=
            std::string::npos);
      CHECK(hb.find(fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n{}\">{}</td>"
                                "<td class=\"n\">{}</td></tr>",
                                l.lost, l.worst_slice, l.worst_period, below ? " up" : "", servable,
                                format_usd(l.headroom_usd))) != std::string::npos);
    }
    if (any_below && figures.shortfall_usd >= 0.5)
      CHECK(mb.find("the shortfall is priced (" + format_usd(figures.shortfall_usd) +
                    " over the horizon)") != std::string::npos);
  }
  // Every table of index.md fits a pull-request comment.
  std::stringstream lines(md);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("| ---", 0) == 0) {
      INFO(line);
      CHECK(std::count(line.begin(), line.end(), '|') - 1 <= 8);
    }
}
