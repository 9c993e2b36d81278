// The planning report as values (capplan/report.hpp): which plan each scenario is compared
// with, its gates, and the data files of the folder (plans, CSV, comparison, manifest).
#include "capplan/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "capplan/compare.hpp"
#include "capplan/error.hpp"
#include "capplan/render.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

using ojson = nlohmann::ordered_json;

double num(double v) { return std::fabs(v) < 1e-9 ? 0.0 : v; }

std::string rendered(const Plan& plan, Format format) {
  std::ostringstream out;
  render_plan(plan, format, out);
  return out.str();
}

// One line per unmet slice and period, with the plan's explanation.
std::string unmet_csv(const Plan& plan) {
  std::string out = "period,slice,tokens_per_s,short_mw,reason\n";
  for (const UnmetExplanation& e : plan.unmet_explanations)
    out += fmt::format("{},{},{},{},{}\n", e.period, csv_field(e.slice), num(e.tokens_per_s),
                       num(e.short_mw), csv_field(e.reason));
  return out;
}

// One line per period: the figures of plan_figures, then each provider's share of the period.
std::string periods_csv(const Plan& plan, const PlanFigures& figures) {
  std::set<std::string> providers;
  for (const PeriodPlan& pp : plan.periods)
    for (const auto& [id, pv] : pp.providers) providers.insert(id);
  std::string out =
      "period,year,months,hours,demand_tokens,served_tokens,unmet_tokens,unmet_tokens_per_s,"
      "usage_usd,penalty_usd,chips,power_mw";
  for (const std::string& p : providers) out += "," + csv_field("share:" + p);
  out += "\n";
  for (std::size_t i = 0; i < figures.periods.size() && i < plan.periods.size(); ++i) {
    const PeriodFigures& f = figures.periods[i];
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}", f.period, f.year, f.months,
                       num(f.hours), num(f.demand_tokens), num(f.served_tokens),
                       num(f.unmet_tokens), num(f.unmet_tokens_per_s), num(f.usage_usd),
                       num(f.penalty_usd), num(f.chips), num(f.power_mw));
    for (const std::string& p : providers) {
      const auto it = plan.periods[i].providers.find(p);
      out += fmt::format(
          ",{}", it == plan.periods[i].providers.end() ? 0.0 : num(it->second.share_fraction));
    }
    out += "\n";
  }
  return out;
}

std::string manifest_json(const Report& report, const std::vector<ReportFile>& files) {
  ojson j;
  j["schema"] = "capplan.report/v1";
  j["capplan_version"] = report.capplan_version;
  if (!report.generated_at.empty()) j["generated_at"] = report.generated_at;
  if (!report.baseline.empty()) j["baseline"] = report.baseline;
  ojson scenarios = ojson::array();
  for (const ReportScenario& s : report.scenarios) {
    ojson e;
    e["scenario"] = s.plan.scenario;
    e["status"] = to_string(s.plan.status);
    e["verified"] = s.plan.verification.ok;
    e["objective_usd"] = num(s.plan.objective_usd);
    e["inputs"] = s.plan.input_hashes;
    e["plan"] = report_plan_stem(s.plan.scenario) + ".json";
    scenarios.push_back(e);
  }
  j["scenarios"] = scenarios;
  ojson gates = ojson::array();
  for (const ReportScenario& s : report.scenarios)
    for (const GateResult& g : s.gates) {
      ojson e;
      e["scenario"] = s.plan.scenario;
      e["gate"] = g.name;
      e["unit"] = g.unit;
      e["limit"] = g.limit;
      e["value"] = std::isfinite(g.value) ? ojson(num(g.value)) : ojson(nullptr);
      e["passed"] = g.passed;
      gates.push_back(e);
    }
  j["gates"] = gates;
  ojson list = ojson::array();
  for (const ReportFile& f : files) {
    ojson e;
    e["name"] = f.name;
    e["bytes"] = f.content.size();
    e["sha256"] = sha256_hex(f.content);
    list.push_back(e);
  }
  j["files"] = list;
  return j.dump(2) + "\n";
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot read: " + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::size_t Report::gates_checked() const {
  std::size_t n = 0;
  for (const ReportScenario& s : scenarios) n += s.gates.size();
  return n;
}

std::size_t Report::gates_failed() const {
  std::size_t n = 0;
  for (const ReportScenario& s : scenarios)
    n += static_cast<std::size_t>(std::count_if(s.gates.begin(), s.gates.end(),
                                                [](const GateResult& g) { return !g.passed; }));
  return n;
}

std::string report_plan_stem(const std::string& scenario) {
  std::string stem = "plan-";
  for (std::size_t i = 0; i < scenario.size(); ++i) {
    const char c = scenario[i];
    const bool safe = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '+' ||
                      c == '-' || (c == '.' && i > 0);
    stem += safe ? c : '_';
  }
  return stem;
}

Report build_report(std::vector<Plan> plans, const ReportBaseline* baseline,
                    const DiffGates& gates) {
  std::map<std::string, std::string> stems;  // stem -> scenario
  for (const Plan& p : plans) {
    const auto [it, added] = stems.emplace(report_plan_stem(p.scenario), p.scenario);
    if (!added)
      throw InputError(it->second == p.scenario
                           ? "scenario \"" + p.scenario + "\" is given twice"
                           : "scenarios \"" + it->second + "\" and \"" + p.scenario +
                                 "\" would both be written to " + it->first +
                                 ".json: rename one (its \"name\")");
  }
  Report report;
  if (baseline != nullptr) report.baseline = baseline->name;
  std::vector<bool> matched(baseline == nullptr ? 0 : baseline->plans.size(), false);
  // A single plan JSON whose scenario this run did not plan is the first scenario's baseline:
  // `--compare-to main-plan.json` compares like with like whatever the old plan was named.
  bool any_name_matches = false;
  if (baseline != nullptr)
    for (const Plan& p : plans)
      for (const Plan& b : baseline->plans) any_name_matches |= b.scenario == p.scenario;
  for (std::size_t i = 0; i < plans.size(); ++i) {
    ReportScenario s;
    s.plan = std::move(plans[i]);
    s.figures = plan_figures(s.plan);
    if (baseline != nullptr) {
      std::optional<std::size_t> j;
      for (std::size_t k = 0; k < baseline->plans.size() && !j; ++k)
        if (baseline->plans[k].scenario == s.plan.scenario) j = k;
      if (!j && i == 0 && !baseline->is_folder && !any_name_matches && !baseline->plans.empty())
        j = 0;
      if (j) {
        const Plan& b = baseline->plans[*j];
        matched[*j] = true;
        s.reference = plan_figures(b);
        s.reference_name = baseline->name + " (" + b.scenario + ")";
        s.diff =
            diff_plans(b, baseline->files[*j], s.plan, report_plan_stem(s.plan.scenario) + ".json");
        s.gates = check_diff_gates(*s.diff, gates);
      }
    } else if (i > 0) {
      s.reference = report.scenarios.front().figures;
      s.reference_name = report.scenarios.front().plan.scenario;
    }
    report.scenarios.push_back(std::move(s));
  }
  for (std::size_t k = 0; k < matched.size(); ++k)
    if (!matched[k]) report.baseline_only.push_back(baseline->plans[k].scenario);
  return report;
}

std::vector<ReportFile> report_files(const Report& report) {
  std::vector<ReportFile> files;
  files.push_back({"index.md", render_report_markdown(report)});
  files.push_back({"report.html", render_report_html(report)});
  std::vector<Plan> plans;
  for (const ReportScenario& s : report.scenarios) {
    const std::string stem = report_plan_stem(s.plan.scenario);
    files.push_back({stem + ".json", rendered(s.plan, Format::kJson)});
    files.push_back({stem + ".csv", rendered(s.plan, Format::kCsv)});
    files.push_back({stem + "-unmet.csv", unmet_csv(s.plan)});
    files.push_back({stem + "-periods.csv", periods_csv(s.plan, s.figures)});
    plans.push_back(s.plan);
  }
  std::ostringstream compare;
  render_comparison(plans, Format::kJson, compare);
  files.push_back({"compare.json", compare.str()});
  files.push_back({"manifest.json", manifest_json(report, files)});
  return files;
}

ReportBaseline read_report_baseline(const std::string& path) {
  namespace fs = std::filesystem;
  ReportBaseline baseline;
  baseline.name = path;
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    baseline.plans.push_back(plan_from_json(slurp(path), path));
    baseline.files.push_back(path);
    return baseline;
  }
  baseline.is_folder = true;
  const fs::path dir(path);
  std::vector<std::string> names;
  if (fs::exists(dir / "manifest.json", ec)) {
    const std::string manifest_name = (dir / "manifest.json").string();
    nlohmann::json manifest;
    try {
      manifest = nlohmann::json::parse(slurp(dir / "manifest.json"));
    } catch (const nlohmann::json::parse_error& e) {
      throw InputError(manifest_name + ": not JSON: " + e.what());
    }
    if (!manifest.is_object() || !manifest.contains("scenarios") ||
        !manifest["scenarios"].is_array())
      throw InputError(manifest_name + ": /scenarios: missing: not a manifest of capplan report");
    const nlohmann::json& list = manifest["scenarios"];
    for (std::size_t i = 0; i < list.size(); ++i) {
      const nlohmann::json& e = list[i];
      if (!e.is_object() || !e.contains("plan") || !e["plan"].is_string())
        throw InputError(manifest_name + ": /scenarios/" + std::to_string(i) +
                         "/plan: expected the name of a plan file");
      const std::string name = e["plan"].get<std::string>();
      if (name.find('/') != std::string::npos || name.rfind("plan-", 0) != 0)
        throw InputError(manifest_name + ": /scenarios/" + std::to_string(i) + "/plan: \"" + name +
                         "\" is not a plan file of the folder");
      names.push_back(name);
    }
  } else {
    for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
      const std::string name = e.path().filename().string();
      if (name.rfind("plan-", 0) == 0 && e.path().extension() == ".json") names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    if (names.empty())
      throw InputError(path + ": no manifest.json and no plan-*.json: not a capplan report folder");
  }
  for (const std::string& name : names) {
    const std::string file = (dir / name).string();
    baseline.plans.push_back(plan_from_json(slurp(file), file));
    baseline.files.push_back(file);
  }
  return baseline;
}

// FIPS 180-4.
std::string sha256_hex(std::string_view bytes) {
  static constexpr std::array<std::uint32_t, 64> k = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
      0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
      0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
      0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
      0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
      0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
      0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
      0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
      0xc67178f2};
  std::array<std::uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::string msg(bytes);
  const std::uint64_t bits = static_cast<std::uint64_t>(bytes.size()) * 8;
  msg.push_back(static_cast<char>(0x80));
  while (msg.size() % 64 != 56) msg.push_back('\0');
  for (int i = 7; i >= 0; --i) msg.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  const auto rotr = [](std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); };
  for (std::size_t off = 0; off < msg.size(); off += 64) {
    std::array<std::uint32_t, 64> w{};
    for (int i = 0; i < 16; ++i)
      for (int b = 0; b < 4; ++b)
        w[i] = (w[i] << 8) | static_cast<unsigned char>(msg[off + 4 * i + b]);
    for (int i = 16; i < 64; ++i) {
      const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::array<std::uint32_t, 8> v = h;
    for (int i = 0; i < 64; ++i) {
      const std::uint32_t s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
      const std::uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
      const std::uint32_t t1 = v[7] + s1 + ch + k[i] + w[i];
      const std::uint32_t s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
      const std::uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
      const std::uint32_t t2 = s0 + maj;
      v = {t1 + t2, v[0], v[1], v[2], v[3] + t1, v[4], v[5], v[6]};
    }
    for (int i = 0; i < 8; ++i) h[i] += v[i];
  }
  std::string hex;
  for (std::uint32_t x : h) hex += fmt::format("{:08x}", x);
  return hex;
}

}  // namespace capplan
