// capplan deals: each option's value and break-even under every scenario (deals.hpp).
#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "capplan/deals.hpp"
#include "text_table.hpp"

namespace capplan {

namespace {

using ojson = nlohmann::ordered_json;

// Numbers as plan JSON writes them: finite, or null.
ojson num_or_null(double v) { return std::isfinite(v) ? ojson(v) : ojson(nullptr); }

// Every option id over all plans, in the reference's order first, then by id.
std::vector<std::string> deal_ids(const std::vector<Plan>& plans) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const Plan& p : plans)
    for (const OptionResult& o : p.options)
      if (o.is_option && seen.insert(o.id).second) ids.push_back(o.id);
  return ids;
}

const OptionResult* find_option(const Plan& plan, const std::string& id) {
  for (const OptionResult& o : plan.options)
    if (o.id == id) return &o;
  return nullptr;
}

std::string decision(const OptionResult& o) {
  if (!o.is_signed) return "do not sign";
  return o.size_mw >= o.size_max_mw * (1 - 1e-9) ? "sign, full size" : "sign, part";
}

std::string breakeven(const OptionResult& o) {
  if (!o.valued) return "—";
  return o.breakeven_price_factor ? fmt::format("{:.3f}x", *o.breakeven_price_factor) : "any";
}

std::string value(const OptionResult& o) {
  if (!o.valued) return "—";
  return std::isfinite(o.value_usd) ? format_usd(o.value_usd) : "all (no plan without it)";
}

// One cell of the scenario table: "value @ break-even", or what the scenario made of the deal.
std::string cell(const Plan& plan, const std::string& id) {
  if (plan.status != PlanStatus::kOptimal) return "no plan";
  const OptionResult* o = find_option(plan, id);
  if (o == nullptr) return "not an option here";
  if (!o->is_option) return fmt::format("signed here, {} MW", format_count(o->size_mw));
  return fmt::format("{} @ {}", value(*o), breakeven(*o));
}

void render_tables(const std::vector<Plan>& plans, std::ostream& out, bool md) {
  const std::vector<std::string> ids = deal_ids(plans);
  const Plan& ref = plans.front();
  auto heading = [&](const std::string& title) {
    out << (md ? "\n## " + title + "\n\n" : "\n" + title + "\n");
  };
  auto emit = [&](const TextTable& t) { out << (md ? render_markdown(t) : render_aligned(t)); };
  if (md) out << "# capplan deals\n";
  else out << "capplan deals\n";
  if (ids.empty()) {
    out << "no options in the catalog: nothing to decide (commitments with \"status\": "
           "\"option\", docs/MODEL.md)\n";
    return;
  }
  heading(fmt::format("Deals in {} (objective {})", ref.scenario, format_usd(ref.objective_usd)));
  TextTable t;
  for (const auto& [h, right] : std::vector<std::pair<const char*, bool>>{
           {"deal", false}, {"provider", false}, {"decision", false}, {"MW", true},
           {"of MW", true}, {"cost", true}, {"value", true}, {"break-even price", true}})
    t.add_column(h, right);
  for (const std::string& id : ids) {
    const OptionResult* o = find_option(ref, id);
    if (o == nullptr || !o->is_option) continue;
    t.add_row({o->id, o->provider, decision(*o) + (o->relaxed && o->is_signed ? " (relaxed)" : ""),
               format_count(o->size_mw), format_count(o->size_max_mw), format_usd(o->cost_usd),
               value(*o), breakeven(*o)});
  }
  emit(t);
  out << "value: what the plan saves with the deal allowed; break-even: the largest factor on all "
         "its prices at which it still saves\n";
  if (plans.size() < 2) return;
  heading("Value of each deal by scenario (value @ break-even price factor)");
  TextTable s;
  s.add_column("scenario");
  for (const std::string& id : ids) s.add_column(id, true);
  for (const Plan& p : plans) {
    std::vector<std::string> row = {p.scenario};
    for (const std::string& id : ids) row.push_back(cell(p, id));
    s.add_row(std::move(row));
  }
  emit(s);
}

void render_json(const std::vector<Plan>& plans, std::ostream& out) {
  ojson j;
  j["schema"] = "capplan.deals/v1";
  ojson scenarios = ojson::array();
  for (const Plan& p : plans) {
    ojson deals = ojson::array();
    for (const OptionResult& o : p.options) {
      if (!o.is_option) continue;
      deals.push_back({{"id", o.id},
                       {"provider", o.provider},
                       {"signed", o.is_signed},
                       {"size_mw", o.size_mw},
                       {"size_max_mw", o.size_max_mw},
                       {"cost_usd", o.cost_usd},
                       {"value_usd", o.valued ? num_or_null(o.value_usd) : ojson(nullptr)},
                       {"breakeven_price_factor", o.breakeven_price_factor
                                                      ? ojson(*o.breakeven_price_factor)
                                                      : ojson(nullptr)}});
    }
    scenarios.push_back({{"scenario", p.scenario},
                         {"status", to_string(p.status)},
                         {"objective_usd", p.objective_usd},
                         {"options", deals}});
  }
  j["scenarios"] = scenarios;
  out << j.dump(2) << "\n";
}

void render_csv(const std::vector<Plan>& plans, std::ostream& out) {
  out << "scenario,deal,signed,size_mw,cost_usd,value_usd,breakeven_price_factor\n";
  for (const Plan& p : plans)
    for (const OptionResult& o : p.options) {
      if (!o.is_option) continue;
      out << fmt::format("{},{},{},{},{},{},{}\n", p.scenario, o.id, o.is_signed ? 1 : 0,
                         o.size_mw, o.cost_usd,
                         o.valued && std::isfinite(o.value_usd) ? fmt::format("{}", o.value_usd)
                                                                : "",
                         o.breakeven_price_factor
                             ? fmt::format("{}", *o.breakeven_price_factor)
                             : "");
    }
}

}  // namespace

void render_deals(const std::vector<Plan>& plans, Format format, std::ostream& out) {
  if (plans.empty()) return;
  switch (format) {
    case Format::kJson:
      render_json(plans, out);
      return;
    case Format::kCsv:
      render_csv(plans, out);
      return;
    case Format::kMarkdown:
      render_tables(plans, out, true);
      return;
    case Format::kTable:
      break;
  }
  render_tables(plans, out, false);
}

}  // namespace capplan
