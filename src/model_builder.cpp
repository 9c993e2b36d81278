// Builds the LP of docs/MODEL.md. Constraint names in comments match that document.
#include "model_builder.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

namespace capplan {

namespace {

// Names go into MPS/LP files: no whitespace.
std::string safe(const std::string& id) {
  std::string s = id;
  for (char& c : s)
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = '_';
  return s;
}

}  // namespace

ModelContext::ModelContext(const Inputs& in) : inputs(in), periods(in.demand.periods()) {
  const Catalog& cat = in.catalog;
  const Demand& dem = in.demand;
  const int num_slices = static_cast<int>(dem.slices.size());
  const int num_offerings = static_cast<int>(cat.offerings.size());
  need_tokens_per_s.assign(periods.size(), std::vector<double>(num_slices, 0.0));
  eligible.assign(periods.size(), std::vector<std::vector<int>>(num_slices));
  for (size_t t = 0; t < periods.size(); ++t) {
    const Month m = periods[t].first;
    for (int d = 0; d < num_slices; ++d) {
      const Slice& s = dem.slices[d];
      const DemandClass& cls = dem.classes[s.demand_class];
      // need[t,d] = tokens_per_day / 86400 × peak_to_avg
      need_tokens_per_s[t][d] = dem.tokens_per_day(d, m) / 86400.0 * cls.peak_to_avg;
      for (int o = 0; o < num_offerings; ++o) {
        const Offering& off = cat.offerings[o];
        const Region& reg = cat.regions[off.region];
        if (eff_tokens_per_s(d, o) <= 0.0) continue;
        if (!price_usd_per_chip_hour(o, static_cast<int>(t))) continue;
        if (off.commitment >= 0) {
          const Commitment& c = cat.commitments[off.commitment];
          if (!c.active_at(m)) continue;
          if (c.power_mw && c.power_mw->at_or(m, 0.0) <= 0.0) continue;
        }
        if (auto cap = max_chips(o, static_cast<int>(t)); cap && *cap <= 0.0) continue;
        if (reg.power_mw && reg.power_mw->at_or(m, 0.0) <= 0.0) continue;
        if (!residency_allows(in.policy, cls, s.geo, reg.geo)) continue;
        eligible[t][d].push_back(o);
      }
    }
  }
  // LP units from the data's size (see `scale`): the bundled forecast keeps scale 1.
  double largest = 0.0;
  for (const auto& row : need_tokens_per_s)
    for (double v : row) largest = std::max(largest, v);
  const double largest_lp = largest / kTokenScale;
  if (largest_lp > 0.0 && (largest_lp < 1.0 || largest_lp >= 1e4))
    scale = std::pow(10.0, std::floor(std::log10(largest_lp)) - 2.0);
}

double ModelContext::eff_tokens_per_s(int slice, int offering) const {
  const Catalog& cat = inputs.catalog;
  return cat.tokens_per_s(cat.offerings[offering].accelerator, inputs.demand.slices[slice].model) *
         inputs.policy.utilization_target;
}

double ModelContext::kw_per_chip(int offering) const {
  const Catalog& cat = inputs.catalog;
  const Offering& off = cat.offerings[offering];
  return cat.accelerators[off.accelerator].all_in_kw * cat.regions[off.region].pue;
}

std::optional<double> ModelContext::price_usd_per_chip_hour(int offering, int period) const {
  return inputs.catalog.offerings[offering].price_usd_per_chip_hour.at(periods[period].first);
}

std::optional<double> ModelContext::max_chips(int offering, int period) const {
  const auto& cap = inputs.catalog.offerings[offering].max_chips;
  if (!cap) return std::nullopt;
  return cap->at_or(periods[period].first, 0.0);
}

bool ModelContext::has_min_spend(int offering) const {
  const int c = inputs.catalog.offerings[offering].commitment;
  return c >= 0 && inputs.catalog.commitments[c].min_spend_usd_per_year.has_value();
}

int ModelContext::take_or_pay_months(int commitment, int year) const {
  const Commitment& c = inputs.catalog.commitments[commitment];
  const Month lo = std::max({Month::from_ym(year, 1), inputs.demand.start, c.start});
  const Month hi = std::min({Month::from_ym(year, 12), inputs.demand.end, c.end});
  return hi < lo ? 0 : hi.index - lo.index + 1;
}

std::vector<int> ModelContext::years() const {
  std::vector<int> ys;
  for (const Period& p : periods)
    if (ys.empty() || ys.back() != p.first.year()) ys.push_back(p.first.year());
  return ys;
}

namespace {

// Signed commitments with a minimum spend: the only source of coupling between periods.
std::vector<int> take_or_pay_commitments(const Catalog& cat) {
  std::vector<int> out;
  for (int c = 0; c < static_cast<int>(cat.commitments.size()); ++c) {
    const Commitment& com = cat.commitments[c];
    if (com.status == CommitmentStatus::kSigned && com.min_spend_usd_per_year) out.push_back(c);
  }
  return out;
}

}  // namespace

std::vector<std::vector<int>> plan_blocks(const ModelContext& ctx) {
  const std::vector<int> tops = take_or_pay_commitments(ctx.inputs.catalog);
  std::vector<std::vector<int>> blocks;
  int current_year = -1;
  for (int t = 0; t < static_cast<int>(ctx.periods.size()); ++t) {
    const int y = ctx.periods[t].first.year();
    bool coupled = false;
    for (int c : tops) coupled = coupled || ctx.take_or_pay_months(c, y) > 0;
    if (coupled && y == current_year) {
      blocks.back().push_back(t);
    } else {
      blocks.push_back({t});
      current_year = coupled ? y : -1;
    }
  }
  return blocks;
}

BuiltModel build_model(const ModelContext& ctx, const std::vector<int>& period_subset) {
  const Inputs& in = ctx.inputs;
  const Catalog& cat = in.catalog;
  const Demand& dem = in.demand;
  const Policy& pol = in.policy;
  std::vector<int> periods = period_subset;
  if (periods.empty())
    for (int t = 0; t < static_cast<int>(ctx.periods.size()); ++t) periods.push_back(t);

  const int num_slices = static_cast<int>(dem.slices.size());
  const int num_offerings = static_cast<int>(cat.offerings.size());
  const int num_providers = static_cast<int>(cat.providers.size());
  const double mtok_per_unit = ctx.token_unit() / 1e6;  // 1M tokens per LP token unit-second

  BuiltModel bm;
  LpBuilder lp;
  auto add_col = [&](std::string name, double lo, double up, double cost, ColInfo info) {
    bm.cols.push_back(info);
    return lp.add_col(std::move(name), lo, up, cost);
  };
  auto add_row = [&](std::string name, double lo, double up, RowInfo info) {
    bm.rows.push_back(info);
    return lp.add_row(std::move(name), lo, up);
  };

  // Take-or-pay columns and rows, for the years these periods touch.
  // (take-or-pay) pay[c,y] ≥ Σ price·H·x  and  pay[c,y] ≥ min_spend·months/12 (as a bound).
  std::map<std::pair<int, int>, int> top_row;  // (commitment, year) -> row
  std::vector<int> years;
  for (int t : periods)
    if (years.empty() || years.back() != ctx.periods[t].first.year()) years.push_back(ctx.periods[t].first.year());
  for (int c : take_or_pay_commitments(cat)) {
    for (int y : years) {
      const int months = ctx.take_or_pay_months(c, y);
      if (months == 0) continue;
      const double min_musd = *cat.commitments[c].min_spend_usd_per_year * months / 12.0 / ctx.usd_unit();
      const std::string tag = fmt::format("[{}][{}]", safe(cat.commitments[c].id), y);
      const int col = add_col("pay" + tag, min_musd, kInf, 1.0, {ColKind::kPay, -1, -1, -1, c, y});
      const int row = add_row("take_or_pay" + tag, 0.0, kInf, {RowKind::kTakeOrPay, -1, c, y});
      lp.add_entry(row, col, 1.0);
      top_row[{c, y}] = row;
    }
  }

  std::vector<int> supply_row(num_offerings), region_row(cat.regions.size()),
      contract_row(cat.commitments.size()), share_max_row(num_providers), share_min_row(num_providers),
      survive_row(num_providers);
  for (int t : periods) {
    const Period& per = ctx.periods[t];
    const Month m = per.first;
    const std::string pl = per.label();
    // Which offerings, regions and commitments have a column this period.
    std::vector<char> used(num_offerings, 0);
    for (int d = 0; d < num_slices; ++d)
      for (int o : ctx.eligible[t][d]) used[o] = 1;

    // (demand) Σ_o eff·x + u ≥ need
    std::vector<int> demand_row(num_slices);
    for (int d = 0; d < num_slices; ++d)
      demand_row[d] = add_row(fmt::format("demand[{}][{}]", pl, safe(dem.slices[d].id)),
                              ctx.need_tokens_per_s[t][d] / ctx.token_unit(), kInf, {RowKind::kDemand, t, d});
    // (supply) Σ_d x ≤ max_chips
    std::fill(supply_row.begin(), supply_row.end(), -1);
    for (int o = 0; o < num_offerings; ++o) {
      auto cap = ctx.max_chips(o, t);
      if (used[o] && cap)
        supply_row[o] = add_row(fmt::format("supply[{}][{}]", pl, safe(cat.offerings[o].id)), -kInf,
                                *cap / ctx.chip_unit(), {RowKind::kSupply, t, o});
    }
    // (region) Σ kw_fac·x ≤ 1000·power_mw   [kchip × kW = MW; both sides in units of `scale` MW]
    std::fill(region_row.begin(), region_row.end(), -1);
    for (int o = 0; o < num_offerings; ++o) {
      const int r = cat.offerings[o].region;
      const auto& lim = cat.regions[r].power_mw;
      if (used[o] && lim && region_row[r] < 0)
        region_row[r] = add_row(fmt::format("region[{}][{}]", pl, safe(cat.regions[r].id)), -kInf,
                                lim->at_or(m, 0.0) / ctx.scale, {RowKind::kRegionPower, t, r});
    }
    // (contract) Σ_{o∈c} kw_fac·x ≤ 1000·power_mw(c)
    std::fill(contract_row.begin(), contract_row.end(), -1);
    for (int o = 0; o < num_offerings; ++o) {
      const int c = cat.offerings[o].commitment;
      if (!used[o] || c < 0 || contract_row[c] >= 0 || !cat.commitments[c].power_mw) continue;
      contract_row[c] = add_row(fmt::format("contract[{}][{}]", pl, safe(cat.commitments[c].id)), -kInf,
                                cat.commitments[c].power_mw->at_or(m, 0.0) / ctx.scale,
                                {RowKind::kContractPower, t, c});
    }
    // (share) Σ_{o∈p} eff·x − max(p)·Σ eff·x ≤ 0 ;  Σ_{o∈p} eff·x − min(p)·Σ eff·x ≥ 0
    // Rows that cannot bind (max = 1, min = 0) are left out.
    double total_need = 0.0;
    for (int d = 0; d < num_slices; ++d) total_need += ctx.need_tokens_per_s[t][d];
    for (int p = 0; p < num_providers; ++p) {
      const ShareLimit& lim = pol.provider_share[p];
      const std::string pid = safe(cat.providers[p].id);
      share_max_row[p] = lim.max < 1.0 ? add_row(fmt::format("share_max[{}][{}]", pl, pid), -kInf, 0.0,
                                                 {RowKind::kShareMax, t, p})
                                       : -1;
      share_min_row[p] = lim.min > 0.0 ? add_row(fmt::format("share_min[{}][{}]", pl, pid), 0.0, kInf,
                                                 {RowKind::kShareMin, t, p})
                                       : -1;
      // (survive) Σ_{o∉p} eff·x ≥ s·Σ_d need
      survive_row[p] = pol.survive_provider_loss > 0.0
                           ? add_row(fmt::format("survive[{}][{}]", pl, pid),
                                     pol.survive_provider_loss * total_need / ctx.token_unit(), kInf,
                                     {RowKind::kSurvive, t, p})
                           : -1;
    }

    for (int d = 0; d < num_slices; ++d) {
      for (int o : ctx.eligible[t][d]) {
        const Offering& off = cat.offerings[o];
        const int p = cat.regions[off.region].provider;
        const double eff = ctx.eff_tokens_per_s(d, o) * ctx.chip_unit() / ctx.token_unit();  // Mtok/s per kchip
        const double cost = *ctx.price_usd_per_chip_hour(o, t) * per.hours * ctx.chip_unit() /
                            ctx.usd_unit();  // M$ per kchip
        const bool via_pay = ctx.has_min_spend(o);
        const int col = add_col(fmt::format("x[{}][{}][{}]", pl, safe(dem.slices[d].id), safe(off.id)), 0.0, kInf,
                                via_pay ? 0.0 : cost, {ColKind::kChips, t, d, o});
        lp.add_entry(demand_row[d], col, eff);
        if (supply_row[o] >= 0) lp.add_entry(supply_row[o], col, 1.0);
        const double kw = ctx.kw_per_chip(o);
        if (region_row[off.region] >= 0) lp.add_entry(region_row[off.region], col, kw);
        if (off.commitment >= 0 && contract_row[off.commitment] >= 0)
          lp.add_entry(contract_row[off.commitment], col, kw);
        for (int q = 0; q < num_providers; ++q) {
          const double own = q == p ? 1.0 : 0.0;
          if (share_max_row[q] >= 0) lp.add_entry(share_max_row[q], col, (own - pol.provider_share[q].max) * eff);
          if (share_min_row[q] >= 0) lp.add_entry(share_min_row[q], col, (own - pol.provider_share[q].min) * eff);
          if (survive_row[q] >= 0 && q != p) lp.add_entry(survive_row[q], col, eff);
        }
        if (via_pay) lp.add_entry(top_row.at({off.commitment, m.year()}), col, -cost);
      }
      // u[t,d]: unmet tokens/s, sized like need[t,d] (at the peak). The penalty is paid per real
      // token not served: u / peak_to_avg tokens/s of the period's mean (docs/MODEL.md, Objective).
      const double p2a = dem.classes[dem.slices[d].demand_class].peak_to_avg;
      const double penalty =
          pol.unmet_penalty_usd_per_mtok * mtok_per_unit * per.hours * 3600.0 / ctx.usd_unit() / p2a;
      const int u = add_col(fmt::format("u[{}][{}]", pl, safe(dem.slices[d].id)), 0.0, kInf, penalty,
                            {ColKind::kUnmet, t, d});
      lp.add_entry(demand_row[d], u, 1.0);
    }
  }
  bm.lp = std::move(lp).finish();
  return bm;
}

LpModel build_lp(const Inputs& inputs) { return build_model(ModelContext(inputs)).lp; }

}  // namespace capplan
