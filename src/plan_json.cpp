// Plan <-> JSON (schema capplan.plan/v1). Field order is fixed and maps are sorted, so the same
// plan always gives the same bytes; numbers are written in shortest round-trip form with
// magnitudes below 1e-9 written as 0.
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "capplan/month.hpp"
#include "capplan/plan.hpp"
#include "capplan/plan_figures.hpp"
#include "json_util.hpp"
#include "numeric.hpp"
#include "output_reader.hpp"

namespace capplan {

namespace {

using ojson = nlohmann::ordered_json;

constexpr const char* kPlanSchema = "capplan.plan/v2";

constexpr double (&num)(double) = snap_to_zero;

template <typename M>
ojson number_map(const M& m) {
  ojson o = ojson::object();
  for (const auto& [k, v] : m) o[k] = num(v);
  return o;
}

ojson period_json(const PeriodPlan& pp, bool with_contingency, bool with_shortfall) {
  ojson j;
  j["period"] = pp.period;
  j["hours"] = num(pp.hours);
  j["cost_usd"] = num(pp.cost_usd);
  j["power_mw"] = num(pp.power_mw);
  j["demand_tokens_per_s"] = num(pp.demand_tokens_per_s);
  j["served_tokens_per_s"] = num(pp.served_tokens_per_s);
  j["demand_tokens"] = num(pp.demand_tokens);
  j["penalty_usd"] = num(pp.penalty_usd);
  j["onboarding_usd"] = num(pp.onboarding_usd);
  if (pp.shortfall_usd != 0.0) j["shortfall_usd"] = num(pp.shortfall_usd);
  ojson providers = ojson::object();
  for (const auto& [id, p] : pp.providers)
    providers[id] = {{"share", num(p.share_fraction)},
                     {"chips", num(p.chips)},
                     {"power_mw", num(p.power_mw)},
                     {"cost_usd", num(p.cost_usd)},
                     {"tokens_per_s", num(p.tokens_per_s)}};
  j["providers"] = providers;
  ojson fleet = ojson::array();
  for (const FleetRow& f : pp.fleet)
    fleet.push_back({{"offering", f.offering},
                     {"provider", f.provider},
                     {"region", f.region},
                     {"accelerator", f.accelerator},
                     {"chips", num(f.chips)},
                     {"chips_added", num(f.chips_added)},
                     {"power_mw", num(f.power_mw)},
                     {"cost_usd", num(f.cost_usd)}});
  j["fleet"] = fleet;
  ojson allocs = ojson::array();
  for (const AllocationRow& a : pp.allocations)
    allocs.push_back({{"slice", a.slice},
                      {"offering", a.offering},
                      {"provider", a.provider},
                      {"region", a.region},
                      {"accelerator", a.accelerator},
                      {"peak_tokens_per_s", num(a.peak_tokens_per_s)},
                      {"off_tokens_per_s", num(a.off_tokens_per_s)},
                      {"tokens_per_s", num(a.tokens_per_s)}});
  j["allocations"] = allocs;
  ojson unmet = ojson::object();
  for (const auto& [slice, u] : pp.unmet_tokens_per_s) {
    ojson e = {{"tokens_per_s", num(u)}};
    if (auto b = pp.unmet_blocks.find(slice); b != pp.unmet_blocks.end()) {
      e["peak_tokens_per_s"] = num(b->second.first);
      e["off_tokens_per_s"] = num(b->second.second);
    }
    unmet[slice] = e;
  }
  j["unmet"] = unmet;
  if (with_contingency) {
    ojson c = ojson::array();
    for (const ContingencyRow& w : pp.contingency)
      c.push_back({{"lost", w.lost},
                   {"slice", w.slice},
                   {"offering", w.offering},
                   {"tokens_per_s", num(w.tokens_per_s)}});
    j["contingency"] = c;
    if (with_shortfall) {
      ojson sf = ojson::array();
      for (const ShortfallRow& v : pp.contingency_shortfall)
        sf.push_back({{"lost", v.lost}, {"slice", v.slice}, {"tokens_per_s", num(v.tokens_per_s)}});
      j["contingency_shortfall"] = sf;
    }
  }
  j["duals"] = {{"demand_usd_per_mtok", number_map(pp.demand_usd_per_mtok)},
                {"region_usd_per_mw", number_map(pp.region_usd_per_mw)},
                {"commitment_usd_per_mw", number_map(pp.commitment_usd_per_mw)},
                {"share_usd_per_pp", number_map(pp.share_usd_per_pp)}};
  return j;
}

// Reading back. Period labels and years feed calendar arithmetic in diff and report, so they are
// checked here: a plan file is input like any other and reports a bad value at its pointer.

// The years Month::parse accepts.
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

// An integer in [low, high] (a JSON number with no fractional part, so 2027.0 reads as 2027).
int integer(const OutputReader& r, const ojson& j, const std::string& key, const std::string& ptr,
            int low, int high) {
  const double v = r.number(j, key, ptr);
  if (!(v >= low && v <= high) || std::floor(v) != v)
    r.fail(pointer_append(ptr, key),
           "expected an integer between " + std::to_string(low) + " and " + std::to_string(high));
  return static_cast<int>(v);
}

// A period label as Period::label() writes it: "2026-07" or "2026-Q3".
bool is_period_label(const std::string& label) {
  if (Month::parse(label)) return true;
  if (label.size() != 7 || label[4] != '-' || label[5] != 'Q' || label[6] < '1' || label[6] > '4')
    return false;
  return Month::parse(label.substr(0, 4) + "-01").has_value();
}

}  // namespace

std::string plan_to_json(const Plan& plan) {
  ojson j;
  j["schema"] = kPlanSchema;
  j["scenario"] = plan.scenario;
  // A plan of the integer mode that a time limit stopped before it was proven optimal is
  // "feasible" (docs/FORMATS.md); everything else reads its PlanStatus.
  const bool unproven = plan.status == PlanStatus::kOptimal && plan.integer && !plan.proven_optimal;
  j["status"] = unproven ? "feasible" : to_string(plan.status);
  if (!plan.message.empty()) j["message"] = plan.message;
  j["objective_usd"] = num(plan.objective_usd);
  j["unmet_penalty_usd"] = num(plan.unmet_penalty_usd);
  j["verified"] = plan.verification.ok;
  j["peak_hours_share"] = num(plan.peak_hours_share);
  j["share_basis"] = plan.share_basis;
  j["survive_provider_loss"] = num(plan.survive_provider_loss);
  j["verification"] = {{"max_relative_residual", num(plan.verification.max_relative_residual)},
                       {"failures", plan.verification.failures}};
  ojson hashes = ojson::object();
  for (const auto& [k, v] : plan.input_hashes) hashes[k] = v;
  j["inputs"] = hashes;
  j["model"] = {{"rows", plan.stats.rows},
                {"columns", plan.stats.cols},
                {"nonzeros", plan.stats.nonzeros},
                {"blocks", plan.stats.blocks}};
  // Per calendar year: the costs sum to objective_usd (docs/FORMATS.md).
  ojson years = ojson::array();
  for (const YearFigures& y : plan_figures(plan).years)
    years.push_back({{"year", y.year},
                     {"months", y.months},
                     {"hours", num(y.hours)},
                     {"usage_usd", num(y.usage_usd)},
                     {"stranded_usd", num(y.stranded_usd)},
                     {"onboarding_usd", num(y.onboarding_usd)},
                     {"penalty_usd", num(y.penalty_usd)},
                     {"shortfall_usd", num(y.shortfall_usd)},
                     {"deal_usd", num(y.deal_usd)},
                     {"cost_usd", num(y.cost_usd)},
                     {"chips_added", num(y.chips_added)},
                     {"demand_tokens", num(y.demand_tokens)},
                     {"served_tokens", num(y.served_tokens)},
                     {"unmet_tokens", num(y.unmet_tokens)},
                     {"unmet_tokens_per_s", num(y.unmet_tokens_per_s)},
                     {"usd_per_mtok", num(y.usd_per_mtok)},
                     {"chips_avg", num(y.chips_avg)},
                     {"power_mw_avg", num(y.power_mw_avg)}});
  j["years"] = years;
  ojson periods = ojson::array();
  const bool with_contingency = plan.survive_provider_loss > 0;
  bool with_shortfall = false;
  for (const PeriodPlan& pp : plan.periods)
    with_shortfall = with_shortfall || !pp.contingency_shortfall.empty();
  for (const PeriodPlan& pp : plan.periods)
    periods.push_back(period_json(pp, with_contingency, with_shortfall));
  j["periods"] = periods;
  ojson commitments = ojson::array();
  for (const CommitmentYear& c : plan.commitments)
    commitments.push_back({{"id", c.id},
                           {"provider", c.provider},
                           {"year", c.year},
                           {"months", c.months},
                           {"usage_usd", num(c.usage_usd)},
                           {"min_spend_usd", num(c.min_spend_usd)},
                           {"paid_usd", num(c.paid_usd)},
                           {"stranded_usd", num(c.stranded_usd)}});
  j["commitments"] = commitments;
  ojson power = ojson::array();
  for (const CommitmentPower& c : plan.commitment_power)
    power.push_back({{"id", c.id},
                     {"provider", c.provider},
                     {"year", c.year},
                     {"used_mw_avg", num(c.used_mw_avg)},
                     {"limit_mw_avg", num(c.limit_mw_avg)},
                     {"stranded_mw_avg", num(c.stranded_mw_avg)}});
  j["commitment_power"] = power;
  ojson binding = ojson::array();
  for (const BindingLimit& b : plan.binding)
    binding.push_back({{"kind", b.kind},
                       {"id", b.id},
                       {"period", b.period},
                       {"value", num(b.value)},
                       {"unit", b.unit}});
  j["binding"] = binding;
  ojson unmet = ojson::array();
  for (const UnmetExplanation& e : plan.unmet_explanations)
    unmet.push_back({{"period", e.period},
                     {"slice", e.slice},
                     {"tokens_per_s", num(e.tokens_per_s)},
                     {"short_mw", num(e.short_mw)},
                     {"reason", e.reason}});
  j["unmet_explanations"] = unmet;
  ojson options = ojson::array();
  for (const OptionResult& o : plan.options) {
    ojson years = ojson::array();
    for (const OptionYear& y : o.years)
      years.push_back({{"year", y.year},
                       {"reservation_usd", num(y.reservation_usd)},
                       {"signing_usd", num(y.signing_usd)}});
    ojson e = {{"id", o.id},
               {"provider", o.provider},
               {"option", o.is_option},
               {"signed", o.is_signed},
               {"size_mw", num(o.size_mw)},
               {"size_max_mw", num(o.size_max_mw)},
               {"sign_fraction", num(o.sign_fraction)},
               {"relaxed", o.relaxed},
               {"reservation_usd", num(o.reservation_usd)},
               {"signing_usd", num(o.signing_usd)},
               {"usage_usd", num(o.usage_usd)},
               {"cost_usd", num(o.cost_usd)},
               {"usd_per_mw", num(o.usd_per_mw)}};
    if (o.valued) {
      e["value_usd"] = std::isfinite(o.value_usd) ? ojson(num(o.value_usd)) : ojson(nullptr);
      e["breakeven_price_factor"] =
          o.breakeven_price_factor ? ojson(num(*o.breakeven_price_factor)) : ojson(nullptr);
    }
    e["years"] = years;
    options.push_back(e);
  }
  j["options"] = options;
  if (plan.integer)
    j["integer"] = {{"proven_optimal", plan.proven_optimal},
                    {"mip_gap", num(plan.mip_gap)},
                    {"mip_gap_target", num(plan.mip_gap_target)},
                    {"relaxation_objective_usd", num(plan.relaxation_objective_usd)},
                    {"rounding_usd", num(plan.objective_usd - plan.relaxation_objective_usd)}};
  if (plan.survive_provider_loss > 0) {
    ojson survive = ojson::array();
    for (const SurviveLoss& l : plan.survive)
      survive.push_back({{"lost", l.lost},
                         {"worst_slice", l.worst_slice},
                         {"worst_period", l.worst_period},
                         {"servable_fraction", num(l.servable_fraction)},
                         {"headroom_usd", num(l.headroom_usd)}});
    j["survive"] = survive;
  }
  return j.dump(2) + "\n";
}

Plan plan_from_json(const std::string& text, const std::string& file) {
  std::vector<Diagnostic> syntax;
  Reporter reporter(file, syntax);
  std::optional<Json> parsed = parse_json(text, reporter);
  if (!parsed) throw InputError(std::move(syntax));
  ojson root = std::move(*parsed);
  OutputReader r(file);
  Plan plan;
  const std::string schema = r.string(root, "schema", "");
  if (schema == "capplan.plan/v1")
    r.fail("/schema",
           "a capplan.plan/v1 plan (the version 1 model, chips per slice) cannot be compared with "
           "version 2 plans; make the baseline again with this capplan");
  if (schema != kPlanSchema)
    r.fail("/schema",
           "unsupported plan schema \"" + schema + "\" (expected \"" + kPlanSchema + "\")");
  plan.scenario = r.string(root, "scenario", "");
  const std::string status = r.string(root, "status", "");
  const std::optional<PlanStatus> parsed_status =
      status == "feasible" ? PlanStatus::kOptimal : parse_plan_status(status);
  if (!parsed_status)
    r.fail("/status", "unknown plan status " + in_quotes(status) +
                          did_you_mean(status, {"optimal", "feasible", "infeasible",
                                                "limit_reached", "error"}));
  plan.status = *parsed_status;
  plan.objective_usd = r.number(root, "objective_usd", "");
  if (root.contains("unmet_penalty_usd"))
    plan.unmet_penalty_usd = r.number(root, "unmet_penalty_usd", "");
  if (root.contains("peak_hours_share"))
    plan.peak_hours_share = r.number(root, "peak_hours_share", "");
  if (root.contains("share_basis")) plan.share_basis = r.string(root, "share_basis", "");
  if (root.contains("survive_provider_loss"))
    plan.survive_provider_loss = r.number(root, "survive_provider_loss", "");
  const ojson& verified = r.at(root, "verified", "");
  if (!verified.is_boolean()) r.fail("/verified", "expected true or false");
  plan.verification.ok = verified.get<bool>();
  if (root.contains("inputs") && root["inputs"].is_object())
    for (const auto& [k, v] : root["inputs"].items())
      if (v.is_string()) plan.input_hashes[k] = v.get<std::string>();
  const ojson& periods = r.array(root, "periods", "");
  for (size_t i = 0; i < periods.size(); ++i) {
    const std::string ptr = pointer_append("/periods", i);
    const ojson& p = periods[i];
    PeriodPlan pp;
    pp.period = r.string(p, "period", ptr);
    if (!is_period_label(pp.period))
      r.fail(
          pointer_append(ptr, "period"),
          "expected a month (\"2026-07\") or a quarter (\"2026-Q3\"), got " + in_quotes(pp.period));
    pp.hours = r.number(p, "hours", ptr);
    pp.cost_usd = r.number(p, "cost_usd", ptr);
    pp.power_mw = r.number(p, "power_mw", ptr);
    if (p.contains("demand_tokens_per_s"))
      pp.demand_tokens_per_s = r.number(p, "demand_tokens_per_s", ptr);
    if (p.contains("onboarding_usd")) pp.onboarding_usd = r.number(p, "onboarding_usd", ptr);
    if (p.contains("shortfall_usd")) pp.shortfall_usd = r.number(p, "shortfall_usd", ptr);
    if (p.contains("served_tokens_per_s"))
      pp.served_tokens_per_s = r.number(p, "served_tokens_per_s", ptr);
    if (p.contains("demand_tokens")) pp.demand_tokens = r.number(p, "demand_tokens", ptr);
    if (p.contains("penalty_usd")) pp.penalty_usd = r.number(p, "penalty_usd", ptr);
    const ojson& provs = r.at(p, "providers", ptr);
    if (!provs.is_object()) r.fail(pointer_append(ptr, "providers"), "expected an object");
    for (const auto& [id, pv] : provs.items()) {
      const std::string pptr = pointer_append(pointer_append(ptr, "providers"), id);
      ProviderPeriod v;
      v.share_fraction = r.number(pv, "share", pptr);
      v.chips = r.number(pv, "chips", pptr);
      v.power_mw = r.number(pv, "power_mw", pptr);
      v.cost_usd = r.number(pv, "cost_usd", pptr);
      if (pv.contains("tokens_per_s")) v.tokens_per_s = r.number(pv, "tokens_per_s", pptr);
      pp.providers[id] = v;
    }
    const ojson& allocs = r.array(p, "allocations", ptr);
    for (size_t k = 0; k < allocs.size(); ++k) {
      const std::string aptr = pointer_append(pointer_append(ptr, "allocations"), k);
      const ojson& a = allocs[k];
      AllocationRow row;
      row.slice = r.string(a, "slice", aptr);
      row.offering = r.string(a, "offering", aptr);
      if (a.contains("provider")) row.provider = r.string(a, "provider", aptr);
      if (a.contains("region")) row.region = r.string(a, "region", aptr);
      if (a.contains("accelerator")) row.accelerator = r.string(a, "accelerator", aptr);
      if (a.contains("peak_tokens_per_s"))
        row.peak_tokens_per_s = r.number(a, "peak_tokens_per_s", aptr);
      if (a.contains("off_tokens_per_s"))
        row.off_tokens_per_s = r.number(a, "off_tokens_per_s", aptr);
      row.tokens_per_s = r.number(a, "tokens_per_s", aptr);
      pp.allocations.push_back(row);
    }
    if (p.contains("fleet")) {
      const ojson& fleet = r.array(p, "fleet", ptr);
      for (size_t k = 0; k < fleet.size(); ++k) {
        const std::string fptr = ptr + "/fleet/" + std::to_string(k);
        const ojson& f = fleet[k];
        FleetRow row;
        row.offering = r.string(f, "offering", fptr);
        if (f.contains("provider")) row.provider = r.string(f, "provider", fptr);
        if (f.contains("region")) row.region = r.string(f, "region", fptr);
        if (f.contains("accelerator")) row.accelerator = r.string(f, "accelerator", fptr);
        row.chips = r.number(f, "chips", fptr);
        if (f.contains("chips_added")) row.chips_added = r.number(f, "chips_added", fptr);
        if (f.contains("power_mw")) row.power_mw = r.number(f, "power_mw", fptr);
        if (f.contains("cost_usd")) row.cost_usd = r.number(f, "cost_usd", fptr);
        pp.fleet.push_back(row);
      }
    }
    const ojson& unmet = r.at(p, "unmet", ptr);
    if (!unmet.is_object()) r.fail(ptr + "/unmet", "expected an object");
    for (const auto& [slice, u] : unmet.items()) {
      const std::string uptr = ptr + "/unmet/" + slice;
      pp.unmet_tokens_per_s[slice] = r.number(u, "tokens_per_s", uptr);
      if (u.contains("peak_tokens_per_s"))
        pp.unmet_blocks[slice] = {r.number(u, "peak_tokens_per_s", uptr),
                                  r.number(u, "off_tokens_per_s", uptr)};
    }
    if (p.contains("contingency")) {
      const ojson& c = r.array(p, "contingency", ptr);
      for (size_t k = 0; k < c.size(); ++k) {
        const std::string cptr = ptr + "/contingency/" + std::to_string(k);
        pp.contingency.push_back({r.string(c[k], "lost", cptr), r.string(c[k], "slice", cptr),
                                  r.string(c[k], "offering", cptr),
                                  r.number(c[k], "tokens_per_s", cptr)});
      }
    }
    if (p.contains("contingency_shortfall")) {
      const ojson& c = r.array(p, "contingency_shortfall", ptr);
      for (size_t k = 0; k < c.size(); ++k) {
        const std::string cptr = ptr + "/contingency_shortfall/" + std::to_string(k);
        pp.contingency_shortfall.push_back({r.string(c[k], "lost", cptr),
                                            r.string(c[k], "slice", cptr),
                                            r.number(c[k], "tokens_per_s", cptr)});
      }
    }
    if (p.contains("duals")) {
      const ojson& d = p["duals"];
      const std::string dptr = pointer_append(ptr, "duals");
      if (d.contains("demand_usd_per_mtok"))
        pp.demand_usd_per_mtok = r.numbers(d, "demand_usd_per_mtok", dptr);
      if (d.contains("region_usd_per_mw"))
        pp.region_usd_per_mw = r.numbers(d, "region_usd_per_mw", dptr);
      if (d.contains("commitment_usd_per_mw"))
        pp.commitment_usd_per_mw = r.numbers(d, "commitment_usd_per_mw", dptr);
      if (d.contains("share_usd_per_pp"))
        pp.share_usd_per_pp = r.numbers(d, "share_usd_per_pp", dptr);
    }
    plan.periods.push_back(std::move(pp));
  }
  const ojson& commitments = r.array(root, "commitments", "");
  for (size_t i = 0; i < commitments.size(); ++i) {
    const std::string ptr = pointer_append("/commitments", i);
    const ojson& c = commitments[i];
    CommitmentYear cy;
    cy.id = r.string(c, "id", ptr);
    if (c.contains("provider")) cy.provider = r.string(c, "provider", ptr);
    cy.year = integer(r, c, "year", ptr, kMinYear, kMaxYear);
    if (c.contains("months")) cy.months = integer(r, c, "months", ptr, 0, 12);
    cy.usage_usd = r.number(c, "usage_usd", ptr);
    cy.min_spend_usd = r.number(c, "min_spend_usd", ptr);
    cy.paid_usd = r.number(c, "paid_usd", ptr);
    if (c.contains("stranded_usd")) cy.stranded_usd = r.number(c, "stranded_usd", ptr);
    plan.commitments.push_back(cy);
  }
  if (root.contains("commitment_power") && root["commitment_power"].is_array()) {
    const ojson& arr = root["commitment_power"];
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string ptr = pointer_append("/commitment_power", i);
      CommitmentPower cp;
      cp.id = r.string(arr[i], "id", ptr);
      cp.provider = r.string(arr[i], "provider", ptr);
      cp.year = integer(r, arr[i], "year", ptr, kMinYear, kMaxYear);
      cp.used_mw_avg = r.number(arr[i], "used_mw_avg", ptr);
      cp.limit_mw_avg = r.number(arr[i], "limit_mw_avg", ptr);
      cp.stranded_mw_avg = r.number(arr[i], "stranded_mw_avg", ptr);
      plan.commitment_power.push_back(cp);
    }
  }
  if (root.contains("options")) {
    const ojson& arr = r.array(root, "options", "");
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string ptr = pointer_append("/options", i);
      const ojson& e = arr[i];
      OptionResult o;
      o.id = r.string(e, "id", ptr);
      o.provider = r.string(e, "provider", ptr);
      o.is_option = r.boolean(e, "option", ptr);
      o.is_signed = r.boolean(e, "signed", ptr);
      o.size_mw = r.number(e, "size_mw", ptr);
      o.size_max_mw = r.number(e, "size_max_mw", ptr);
      o.sign_fraction = r.number(e, "sign_fraction", ptr);
      o.relaxed = r.boolean(e, "relaxed", ptr);
      o.reservation_usd = r.number(e, "reservation_usd", ptr);
      o.signing_usd = r.number(e, "signing_usd", ptr);
      o.usage_usd = r.number(e, "usage_usd", ptr);
      o.cost_usd = r.number(e, "cost_usd", ptr);
      o.usd_per_mw = r.number(e, "usd_per_mw", ptr);
      if (e.contains("value_usd")) {
        o.valued = true;
        o.value_usd = r.optional(e, "value_usd", ptr).value_or(kInf);
        o.breakeven_price_factor = r.optional(e, "breakeven_price_factor", ptr);
      }
      if (e.contains("years")) {
        const ojson& ys = r.array(e, "years", ptr);
        for (size_t k = 0; k < ys.size(); ++k) {
          const std::string yptr = pointer_append(pointer_append(ptr, "years"), k);
          OptionYear y;
          y.year = integer(r, ys[k], "year", yptr, kMinYear, kMaxYear);
          y.reservation_usd = r.number(ys[k], "reservation_usd", yptr);
          y.signing_usd = r.number(ys[k], "signing_usd", yptr);
          o.years.push_back(y);
        }
      }
      plan.options.push_back(std::move(o));
    }
  }
  if (root.contains("integer")) {
    const ojson& e = r.object(root, "integer", "");
    plan.integer = true;
    plan.proven_optimal = r.boolean(e, "proven_optimal", "/integer");
    plan.mip_gap = r.number(e, "mip_gap", "/integer");
    plan.mip_gap_target = r.number(e, "mip_gap_target", "/integer");
    plan.relaxation_objective_usd = r.number(e, "relaxation_objective_usd", "/integer");
  }
  if (root.contains("survive")) {
    const ojson& arr = r.array(root, "survive", "");
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string ptr = "/survive/" + std::to_string(i);
      SurviveLoss l;
      l.lost = r.string(arr[i], "lost", ptr);
      l.worst_slice = r.string(arr[i], "worst_slice", ptr);
      l.worst_period = r.string(arr[i], "worst_period", ptr);
      l.servable_fraction = r.number(arr[i], "servable_fraction", ptr);
      l.headroom_usd = r.number(arr[i], "headroom_usd", ptr);
      plan.survive.push_back(l);
    }
  }
  return plan;
}

}  // namespace capplan
