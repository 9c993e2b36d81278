// Builds the LP of docs/MODEL.md. Constraint names in comments match that document.
#include "model_builder.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>

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
  avg_tokens_per_s.assign(periods.size(), std::vector<double>(num_slices, 0.0));
  eligible.assign(periods.size(), std::vector<std::vector<int>>(num_slices));
  has_fleet.assign(periods.size(), std::vector<char>(num_offerings, 0));
  for (size_t t = 0; t < periods.size(); ++t) {
    const Month m = periods[t].first;
    // Offering o is open at t (docs/MODEL.md, "Eligibility").
    std::vector<char> open(num_offerings, 0);
    for (int o = 0; o < num_offerings; ++o) {
      const Offering& off = cat.offerings[o];
      const Region& reg = cat.regions[off.region];
      if (!price_usd_per_chip_hour(o, static_cast<int>(t))) continue;
      if (off.commitment >= 0) {
        const Commitment& c = cat.commitments[off.commitment];
        if (!c.active_at(m)) continue;
        if (c.power_mw && c.power_mw->at_or(m, 0.0) <= 0.0) continue;
      }
      if (auto cap = max_chips(o, static_cast<int>(t)); cap && *cap <= 0.0) continue;
      if (reg.power_mw && reg.power_mw->at_or(m, 0.0) <= 0.0) continue;
      open[o] = 1;
    }
    for (int d = 0; d < num_slices; ++d) {
      const Slice& s = dem.slices[d];
      const DemandClass& cls = dem.classes[s.demand_class];
      // avg[t,d] = tokens_per_day(d, t) / 86400, the period's hours-weighted mean.
      avg_tokens_per_s[t][d] = dem.mean_tokens_per_day(d, periods[t]) / 86400.0;
      for (int o = 0; o < num_offerings; ++o) {
        if (!open[o] || eff_tokens_per_s(d, o) <= 0.0) continue;
        if (!residency_allows(in.policy, cls, s.geo, cat.regions[cat.offerings[o].region].geo))
          continue;
        eligible[t][d].push_back(o);
        has_fleet[t][o] = 1;
      }
    }
  }
  // LP units from the data's size (see `scale`): the bundled forecast keeps scale 1.
  double largest = 0.0;
  for (size_t t = 0; t < periods.size(); ++t)
    for (int d = 0; d < num_slices; ++d)
      largest = std::max(largest, peak_rate_tokens_per_s(static_cast<int>(t), d));
  const double largest_lp = largest / kTokenScale;
  if (largest_lp > 0.0 && (largest_lp < 1.0 || largest_lp >= 1e8))
    scale = std::pow(10.0, std::floor(std::log10(largest_lp)) - 2.0);
}

bool ModelContext::interactive(int slice) const {
  const Demand& dem = inputs.demand;
  return dem.classes[dem.slices[slice].demand_class].interactive;
}

double ModelContext::peak_to_avg(int slice) const {
  const Demand& dem = inputs.demand;
  return dem.classes[dem.slices[slice].demand_class].peak_to_avg;
}

double ModelContext::phi(int block) const {
  const double p = inputs.policy.peak_hours_share;
  return block == kPeak ? p : 1.0 - p;
}

double ModelContext::rate_tokens_per_s(int period, int block, int slice) const {
  // rate[t,peak,d] = κ·avg;  rate[t,off,d] = avg·(1 − φκ)/(1 − φ)
  const double avg = avg_tokens_per_s[period][slice];
  const double kappa = peak_to_avg(slice);
  const double p = inputs.policy.peak_hours_share;
  if (block == kPeak) return kappa * avg;
  return std::max(0.0, avg * (1.0 - p * kappa) / (1.0 - p));
}

double ModelContext::peak_rate_tokens_per_s(int period, int slice) const {
  return interactive(slice) ? rate_tokens_per_s(period, kPeak, slice)
                            : avg_tokens_per_s[period][slice];
}

double ModelContext::penalty_usd_per_mtok(int slice) const {
  const Demand& dem = inputs.demand;
  return dem.classes[dem.slices[slice].demand_class].unmet_penalty_usd_per_mtok.value_or(
      inputs.policy.unmet_penalty_usd_per_mtok);
}

double ModelContext::effc_tokens_per_s(int slice, int offering) const {
  const Catalog& cat = inputs.catalog;
  return cat.tokens_per_s(cat.offerings[offering].accelerator, inputs.demand.slices[slice].model) *
         inputs.policy.contingency_utilization;
}

int ModelContext::provider_of(int offering) const {
  return inputs.catalog.provider_of_offering(offering);
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
  return c >= 0 && has_take_or_pay(c);
}

bool ModelContext::has_take_or_pay(int commitment) const {
  const Commitment& c = inputs.catalog.commitments[commitment];
  return (c.status == CommitmentStatus::kSigned && c.min_spend_usd_per_year) ||
         (c.sized() && c.min_spend_usd_per_mw_year);
}

double ModelContext::size_max_mw(int commitment) const {
  const Commitment& c = inputs.catalog.commitments[commitment];
  double most = 0.0;
  if (!c.power_mw) return most;
  for (const Period& p : periods)
    for (int k = 0; k < p.months; ++k) {
      const Month m = p.first.plus(k);
      if (c.start <= m && m <= c.end) most = std::max(most, c.power_mw->at_or(m, 0.0));
    }
  return most;
}

int ModelContext::term_months(int commitment) const {
  const Commitment& c = inputs.catalog.commitments[commitment];
  const Month lo = std::max(inputs.demand.start, c.start);
  const Month hi = std::min(inputs.demand.end, c.end);
  return hi < lo ? 0 : hi.index - lo.index + 1;
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

// Commitments with a minimum spend: they couple the periods of a calendar year.
std::vector<int> take_or_pay_commitments(const ModelContext& ctx) {
  std::vector<int> out;
  for (int c = 0; c < static_cast<int>(ctx.inputs.catalog.commitments.size()); ++c)
    if (ctx.has_take_or_pay(c)) out.push_back(c);
  return out;
}

// Commitments with a size[c] column over this horizon (docs/MODEL.md, "Deals to decide").
std::vector<int> sized_commitments(const ModelContext& ctx) {
  std::vector<int> out;
  for (int c = 0; c < static_cast<int>(ctx.inputs.catalog.commitments.size()); ++c)
    if (ctx.inputs.catalog.commitments[c].sized() && ctx.term_months(c) > 0 &&
        ctx.size_max_mw(c) > 0.0)
      out.push_back(c);
  return out;
}

}  // namespace

std::vector<SurviveGap> survive_gaps(const ModelContext& ctx) {
  std::vector<SurviveGap> gaps;
  const Policy& pol = ctx.inputs.policy;
  if (pol.survive_provider_loss <= 0.0 || pol.survive_shortfall_usd_per_mtok) return gaps;
  const int num_providers = static_cast<int>(ctx.inputs.catalog.providers.size());
  for (int t = 0; t < static_cast<int>(ctx.periods.size()); ++t)
    for (int d = 0; d < static_cast<int>(ctx.inputs.demand.slices.size()); ++d) {
      if (ctx.peak_rate_tokens_per_s(t, d) <= 0.0) continue;
      for (int p = 0; p < num_providers; ++p) {
        bool reachable = false;
        for (int o : ctx.eligible[t][d]) reachable = reachable || ctx.provider_of(o) != p;
        if (!reachable) gaps.push_back({p, t, d});
      }
    }
  return gaps;
}

std::vector<std::vector<int>> plan_blocks(const ModelContext& ctx) {
  std::vector<std::vector<int>> blocks;
  if (ctx.inputs.policy.onboarding_hours > 0.0 || !sized_commitments(ctx).empty()) {
    // (onboarding) couples every period to the next, a deal's size every period of its term:
    // one LP over the horizon.
    blocks.emplace_back();
    for (int t = 0; t < static_cast<int>(ctx.periods.size()); ++t) blocks.back().push_back(t);
    return blocks;
  }
  const std::vector<int> tops = take_or_pay_commitments(ctx);
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

namespace {

const char* kBlockName[kBlocks] = {"peak", "off"};

// Builds the LP of docs/MODEL.md over a set of periods. Every constraint is cited by its name
// there: (demand), (deferrable), (capacity), (supply), (region), (contract), (share),
// (model share), (survive), (onboarding), (take-or-pay).
class Builder {
 public:
  Builder(const ModelContext& ctx, const BuildOptions& options)
      : ctx_(ctx),
        cat_(ctx.inputs.catalog),
        dem_(ctx.inputs.demand),
        pol_(ctx.inputs.policy),
        names_(options.names),
        options_(options) {}

  BuiltModel build(std::vector<int> periods) {
    if (periods.empty())
      for (int t = 0; t < static_cast<int>(ctx_.periods.size()); ++t) periods.push_back(t);
    add_deals();
    add_take_or_pay(periods);
    std::vector<int> prev_fleet;  // fleet columns of the period before, when it is in the model
    int prev_period = -2;
    for (int t : periods) {
      std::vector<int> fleet = add_period(t, prev_period == t - 1 ? &prev_fleet : nullptr);
      prev_fleet = std::move(fleet);
      prev_period = t;
    }
    bm_.lp = std::move(lp_).finish();
    return std::move(bm_);
  }

 private:
  template <typename... Args>
  std::string name(fmt::format_string<Args...> f, Args&&... args) const {
    return names_ ? fmt::format(f, std::forward<Args>(args)...) : std::string();
  }
  int add_col(std::string n, double lo, double up, double cost, ColInfo info) {
    bm_.cols.push_back(info);
    return lp_.add_col(std::move(n), lo, up, cost);
  }
  int add_row(std::string n, double lo, double up, RowInfo info) {
    bm_.rows.push_back(info);
    return lp_.add_row(std::move(n), lo, up);
  }
  const std::string& sid(int d) const { return dem_.slices[d].id; }
  const std::string& oid(int o) const { return cat_.offerings[o].id; }
  const std::string& pid(int p) const { return cat_.providers[p].id; }
  // The factor on commitment c's prices (BuildOptions::price_factor), 1 for on-demand offerings.
  double factor(int commitment) const {
    if (commitment < 0 || options_.price_factor.empty()) return 1.0;
    return options_.price_factor[commitment];
  }
  double offering_factor(int o) const { return factor(cat_.offerings[o].commitment); }
  void mark_integer(int col) { lp_.set_integer(col); }
  // M$ per (Mtok/s over the period) at `usd_per_mtok`.
  double token_cost(double usd_per_mtok, double hours) const {
    return usd_per_mtok * (ctx_.token_unit() / 1e6) * hours * 3600.0 / ctx_.usd_unit();
  }

  // Deals (docs/MODEL.md, "Deals to decide"): size[c] in MW for each option, between 0 and
  // size_max (0 when forbidden), or fixed at size_max for a signed commitment with terms per MW;
  // it pays reservation·months(c) per MW. (signing) size ≤ size_max·sign with the signing cost on
  // sign; in integer mode sign is 0 or 1 and (whole) size = step·k for a whole k.
  void add_deals() {
    size_col_.assign(cat_.commitments.size(), -1);
    for (int c : sized_commitments(ctx_)) {
      const Commitment& com = cat_.commitments[c];
      const double most = ctx_.size_max_mw(c) / ctx_.scale;  // LP power units
      const bool forbidden = !options_.forbid.empty() && options_.forbid[c];
      const double lo = com.is_option() ? 0.0 : most;
      const double up = com.is_option() && forbidden ? 0.0 : most;
      const double reservation = com.reservation_usd_per_mw_month.value_or(0.0) *
                                 ctx_.term_months(c) * ctx_.scale / ctx_.usd_unit() * factor(c);
      ColInfo ci{ColKind::kSize};
      ci.commitment = c;
      size_col_[c] = add_col(name("size[{}]", safe(com.id)), lo, up, reservation, ci);
      if (!com.is_option()) continue;
      if (com.signing_usd) {
        ci.kind = ColKind::kSign;
        const int sign =
            add_col(name("sign[{}]", safe(com.id)), 0.0, forbidden ? 0.0 : 1.0,
                    *com.signing_usd / ctx_.usd_unit(), ci);
        if (options_.integer) mark_integer(sign);
        RowInfo ri{RowKind::kSigning};
        ri.entity = c;
        const int row = add_row(name("signing[{}]", safe(com.id)), -kInf, 0.0, ri);
        lp_.add_entry(row, size_col_[c], 1.0);
        lp_.add_entry(row, sign, -most);
      }
      if (com.size_step_mw && options_.integer) {
        const double step = *com.size_step_mw / ctx_.scale;
        ci.kind = ColKind::kSteps;
        const int k = add_col(name("k[{}]", safe(com.id)), 0.0,
                              std::floor(most / step + 1e-9), 0.0, ci);
        mark_integer(k);
        RowInfo ri{RowKind::kWhole};
        ri.entity = c;
        const int row = add_row(name("whole[{}]", safe(com.id)), 0.0, 0.0, ri);
        lp_.add_entry(row, size_col_[c], 1.0);
        lp_.add_entry(row, k, -step);
      }
    }
  }

  // (take-or-pay) pay[c,y] ≥ Σ price·H·n  and  pay[c,y] ≥ min_spend·months/12 (as a bound), or
  // pay[c,y] ≥ min_spend_per_mw·size[c]·months/12 for a commitment sized per MW.
  void add_take_or_pay(const std::vector<int>& periods) {
    std::vector<int> years;
    for (int t : periods)
      if (years.empty() || years.back() != ctx_.periods[t].first.year())
        years.push_back(ctx_.periods[t].first.year());
    for (int c : take_or_pay_commitments(ctx_)) {
      const Commitment& com = cat_.commitments[c];
      const bool per_mw = com.sized() && com.min_spend_usd_per_mw_year.has_value();
      if (per_mw && size_col_[c] < 0) continue;  // no size over this horizon: no spend
      for (int y : years) {
        const int months = ctx_.take_or_pay_months(c, y);
        if (months == 0) continue;
        const double min_musd =
            per_mw ? 0.0 : *com.min_spend_usd_per_year * months / 12.0 / ctx_.usd_unit();
        ColInfo ci{ColKind::kPay};
        ci.commitment = c;
        ci.year = y;
        const int col = add_col(name("pay[{}][{}]", safe(com.id), y), min_musd, kInf, 1.0, ci);
        RowInfo ri{RowKind::kTakeOrPay};
        ri.entity = c;
        ri.year = y;
        const int row = add_row(name("take_or_pay[{}][{}]", safe(com.id), y), 0.0, kInf, ri);
        lp_.add_entry(row, col, 1.0);
        top_row_[{c, y}] = row;
        if (per_mw) {
          ri.kind = RowKind::kTakeOrPayMin;
          const int min_row =
              add_row(name("take_or_pay_min[{}][{}]", safe(com.id), y), 0.0, kInf, ri);
          lp_.add_entry(min_row, col, 1.0);
          lp_.add_entry(min_row, size_col_[c],
                        -*com.min_spend_usd_per_mw_year * months / 12.0 * ctx_.scale /
                            ctx_.usd_unit() * factor(c));
        }
      }
    }
  }

  // Share rows (share) and (model share) of one period: B_p − max·Σ_q B_q ≤ 0 and
  // B_p − min·Σ_q B_q ≥ 0, only where they can bind (max < 1 or min > 0).
  struct ShareRows {
    std::vector<int> max, min;
  };
  ShareRows add_share_rows(int t, const std::vector<ShareLimit>& limits, RowKind kmax, RowKind kmin,
                           int model, const std::string& pl) {
    const int num_providers = static_cast<int>(cat_.providers.size());
    ShareRows rows{std::vector<int>(num_providers, -1), std::vector<int>(num_providers, -1)};
    const std::string what = model < 0 ? "share" : "model_share";
    const std::string mid = model < 0 ? "" : "[" + safe(cat_.models[model].id) + "]";
    for (int p = 0; p < num_providers; ++p) {
      RowInfo ri{kmax};
      ri.period = t;
      ri.entity = p;
      ri.entity2 = model;
      if (limits[p].max < 1.0)
        rows.max[p] =
            add_row(name("{}_max[{}]{}[{}]", what, pl, mid, safe(pid(p))), -kInf, 0.0, ri);
      ri.kind = kmin;
      if (limits[p].min > 0.0)
        rows.min[p] = add_row(name("{}_min[{}]{}[{}]", what, pl, mid, safe(pid(p))), 0.0, kInf, ri);
    }
    return rows;
  }
  void add_share_entries(const ShareRows& rows, const std::vector<ShareLimit>& limits, int col,
                         int owner, double coefficient) {
    for (size_t q = 0; q < rows.max.size(); ++q) {
      const double own = static_cast<int>(q) == owner ? 1.0 : 0.0;
      if (rows.max[q] >= 0) lp_.add_entry(rows.max[q], col, (own - limits[q].max) * coefficient);
      if (rows.min[q] >= 0) lp_.add_entry(rows.min[q], col, (own - limits[q].min) * coefficient);
    }
  }

  // One period's columns and rows; returns its fleet columns per offering (-1 = none).
  std::vector<int> add_period(int t, const std::vector<int>* prev_fleet) {
    const Period& per = ctx_.periods[t];
    const Month m = per.first;
    const std::string pl = per.label();
    const int num_slices = static_cast<int>(dem_.slices.size());
    const int num_offerings = static_cast<int>(cat_.offerings.size());
    const int num_providers = static_cast<int>(cat_.providers.size());
    const double tu = ctx_.token_unit();
    const std::vector<char>& open = ctx_.has_fleet[t];

    // n[t,o]: the fleet. (supply) n ≤ max_chips is the column's upper bound.
    std::vector<int> fleet(num_offerings, -1);
    for (int o = 0; o < num_offerings; ++o) {
      if (!open[o]) continue;
      const auto cap = ctx_.max_chips(o, t);
      const double cost = *ctx_.price_usd_per_chip_hour(o, t) * per.hours * ctx_.chip_unit() /
                          ctx_.usd_unit() * offering_factor(o);  // M$ per kchip
      ColInfo ci{ColKind::kFleet};
      ci.period = t;
      ci.offering = o;
      fleet[o] =
          add_col(name("n[{}][{}]", pl, safe(oid(o))), 0.0, cap ? *cap / ctx_.chip_unit() : kInf,
                  ctx_.has_min_spend(o) ? 0.0 : cost, ci);
      const auto top = top_row_.find({cat_.offerings[o].commitment, m.year()});
      if (ctx_.has_min_spend(o) && top != top_row_.end())
        lp_.add_entry(top->second, fleet[o], -cost);
      // (whole) n[t,o] = unit·m[t,o] for a whole m, in integer mode.
      if (const auto unit = cat_.offerings[o].unit_chips; unit && options_.integer) {
        ci.kind = ColKind::kUnits;
        const double most = cap ? std::floor(*cap / *unit + 1e-9) : kInf;
        const int units = add_col(name("m[{}][{}]", pl, safe(oid(o))), 0.0, most, 0.0, ci);
        mark_integer(units);
        RowInfo ri{RowKind::kWhole};
        ri.period = t;
        ri.entity = o;
        const int row = add_row(name("whole[{}][{}]", pl, safe(oid(o))), 0.0, 0.0, ri);
        lp_.add_entry(row, fleet[o], 1.0);
        lp_.add_entry(row, units, -*unit / ctx_.chip_unit());
      }
    }

    // (capacity) Σ_d s[t,b,d,o] / eff(o,d) − n[t,o] ≤ 0
    std::vector<std::array<int, kBlocks>> capacity(num_offerings, {-1, -1});
    for (int o = 0; o < num_offerings; ++o) {
      if (!open[o]) continue;
      for (int b = 0; b < kBlocks; ++b) {
        RowInfo ri{RowKind::kCapacity};
        ri.period = t;
        ri.block = b;
        ri.entity = o;
        capacity[o][b] =
            add_row(name("capacity[{}][{}][{}]", pl, kBlockName[b], safe(oid(o))), -kInf, 0.0, ri);
        lp_.add_entry(capacity[o][b], fleet[o], -1.0);
      }
    }

    // (region) Σ_{o∈r} kw(o)·n ≤ 1000·power_mw(r)   [kchip × kW = MW; both sides in `scale` MW]
    std::vector<int> region_row(cat_.regions.size(), -1);
    std::vector<int> contract_row(cat_.commitments.size(), -1);
    std::vector<int> option_row(cat_.commitments.size(), -1);
    for (int o = 0; o < num_offerings; ++o) {
      if (!open[o]) continue;
      const Offering& off = cat_.offerings[o];
      const int r = off.region;
      const auto& lim = cat_.regions[r].power_mw;
      if (lim && region_row[r] < 0) {
        RowInfo ri{RowKind::kRegionPower};
        ri.period = t;
        ri.entity = r;
        region_row[r] = add_row(name("region[{}][{}]", pl, safe(cat_.regions[r].id)), -kInf,
                                lim->at_or(m, 0.0) / ctx_.scale, ri);
      }
      if (region_row[r] >= 0) lp_.add_entry(region_row[r], fleet[o], ctx_.kw_per_chip(o));
      // (contract) Σ_{o∈c} kw(o)·n ≤ 1000·power_mw(c)
      const int c = off.commitment;
      if (c >= 0 && cat_.commitments[c].power_mw) {
        if (contract_row[c] < 0) {
          RowInfo ri{RowKind::kContractPower};
          ri.period = t;
          ri.entity = c;
          contract_row[c] =
              add_row(name("contract[{}][{}]", pl, safe(cat_.commitments[c].id)), -kInf,
                      cat_.commitments[c].power_mw->at_or(m, 0.0) / ctx_.scale, ri);
        }
        lp_.add_entry(contract_row[c], fleet[o], ctx_.kw_per_chip(o));
      }
      // (option) Σ_{o∈c} kw(o)·n ≤ 1000·size[c]: a deal's fleet fits the MW signed.
      if (c >= 0 && size_col_[c] >= 0) {
        if (option_row[c] < 0) {
          RowInfo ri{RowKind::kOptionPower};
          ri.period = t;
          ri.entity = c;
          option_row[c] =
              add_row(name("option[{}][{}]", pl, safe(cat_.commitments[c].id)), -kInf, 0.0, ri);
          lp_.add_entry(option_row[c], size_col_[c], -1.0);
        }
        lp_.add_entry(option_row[c], fleet[o], ctx_.kw_per_chip(o));
      }
    }

    // (share) on the policy's basis; power and spend weigh the fleet, tokens the routing.
    const ShareRows share =
        add_share_rows(t, pol_.provider_share, RowKind::kShareMax, RowKind::kShareMin, -1, pl);
    if (pol_.share_basis != ShareBasis::kTokens) {
      for (int o = 0; o < num_offerings; ++o) {
        if (!open[o]) continue;
        const double w = pol_.share_basis == ShareBasis::kPower
                             ? ctx_.kw_per_chip(o)
                             : *ctx_.price_usd_per_chip_hour(o, t);
        add_share_entries(share, pol_.provider_share, fleet[o], ctx_.provider_of(o), w);
      }
    }
    // (model share) per model class with limits, where some slice of it has an eligible pair.
    std::map<int, ShareRows> model_share;
    for (const auto& [model, limits] : pol_.model_share) {
      bool present = false;
      for (int d = 0; d < num_slices; ++d)
        present = present || (dem_.slices[d].model == model && !ctx_.eligible[t][d].empty());
      if (present)
        model_share[model] =
            add_share_rows(t, limits, RowKind::kModelShareMax, RowKind::kModelShareMin, model, pl);
    }

    // (survive) per lost provider p: Σ_{o: p(o)≠p} w[p,t,d,o] (+ v) ≥ σ·peakrate[t,d], and the
    // contingency routing fits the fleet at contingency utilization.
    const double sigma = pol_.survive_provider_loss;
    std::vector<std::vector<int>> survive_cap;  // [p][o]
    if (sigma > 0.0) {
      survive_cap.assign(num_providers, std::vector<int>(num_offerings, -1));
      for (int p = 0; p < num_providers; ++p)
        for (int o = 0; o < num_offerings; ++o) {
          if (!open[o] || ctx_.provider_of(o) == p) continue;
          RowInfo ri{RowKind::kSurviveCapacity};
          ri.period = t;
          ri.entity = o;
          ri.entity2 = p;
          survive_cap[p][o] = add_row(
              name("survive_capacity[{}][{}][{}]", safe(pid(p)), pl, safe(oid(o))), -kInf, 0.0, ri);
          lp_.add_entry(survive_cap[p][o], fleet[o], -1.0);
        }
    }

    for (int d = 0; d < num_slices; ++d) {
      const bool inter = ctx_.interactive(d);
      const int model = dem_.slices[d].model;
      const auto ms = model_share.find(model);
      // (demand) Σ_o s[t,b,d,o] + u[t,b,d] = rate[t,b,d]   (interactive)
      // (deferrable) Σ_b φ_b·Σ_o s[t,b,d,o] + u[t,d] = avg[t,d]
      std::array<int, kBlocks> demand_row{-1, -1};
      if (inter) {
        for (int b = 0; b < kBlocks; ++b) {
          const double rate = ctx_.rate_tokens_per_s(t, b, d) / tu;
          RowInfo ri{RowKind::kDemand};
          ri.period = t;
          ri.block = b;
          ri.entity = d;
          demand_row[b] =
              add_row(name("demand[{}][{}][{}]", pl, kBlockName[b], safe(sid(d))), rate, rate, ri);
        }
      } else {
        const double avg = ctx_.avg_tokens_per_s[t][d] / tu;
        RowInfo ri{RowKind::kDeferrable};
        ri.period = t;
        ri.entity = d;
        demand_row[0] = demand_row[1] =
            add_row(name("deferrable[{}][{}]", pl, safe(sid(d))), avg, avg, ri);
      }
      for (int o : ctx_.eligible[t][d]) {
        const double eff = ctx_.eff_tokens_per_s(d, o) * ctx_.chip_unit() / tu;  // Mtok/s per kchip
        const int owner = ctx_.provider_of(o);
        for (int b = 0; b < kBlocks; ++b) {
          ColInfo ci{ColKind::kServe};
          ci.period = t;
          ci.block = b;
          ci.slice = d;
          ci.offering = o;
          const int col =
              add_col(name("s[{}][{}][{}][{}]", pl, kBlockName[b], safe(sid(d)), safe(oid(o))), 0.0,
                      kInf, 0.0, ci);
          const double weight = ctx_.phi(b);  // tokens of the period per token/s in block b, ÷ H
          lp_.add_entry(demand_row[b], col, inter ? 1.0 : weight);
          lp_.add_entry(capacity[o][b], col, 1.0 / eff);
          if (pol_.share_basis == ShareBasis::kTokens)
            add_share_entries(share, pol_.provider_share, col, owner, weight);
          if (ms != model_share.end())
            add_share_entries(ms->second, pol_.model_share.at(model), col, owner, weight);
        }
      }
      // u: unmet tokens/s. The penalty is paid per real token not served: π·φ_b·u[t,b,d]·H·3600
      // for an interactive slice, π·u[t,d]·H·3600 for a deferrable one (docs/MODEL.md, Objective).
      const double pi = ctx_.penalty_usd_per_mtok(d);
      for (int b = 0; b < (inter ? kBlocks : 1); ++b) {
        ColInfo ci{ColKind::kUnmet};
        ci.period = t;
        ci.block = inter ? b : -1;
        ci.slice = d;
        const double cost = token_cost(pi, per.hours) * (inter ? ctx_.phi(b) : 1.0);
        const int u = add_col(inter ? name("u[{}][{}][{}]", pl, kBlockName[b], safe(sid(d)))
                                    : name("u[{}][{}]", pl, safe(sid(d))),
                              0.0, kInf, cost, ci);
        lp_.add_entry(demand_row[b], u, 1.0);
      }
      if (sigma > 0.0) add_survive(t, d, pl, survive_cap);
    }

    // (onboarding) a[t,o] ≥ n[t,o] − n[t−1,o]; the first period of the horizon pays none.
    if (pol_.onboarding_hours > 0.0 && t > 0) {
      for (int o = 0; o < num_offerings; ++o) {
        if (!open[o]) continue;
        ColInfo ci{ColKind::kAdded};
        ci.period = t;
        ci.offering = o;
        const double cost = pol_.onboarding_hours * *ctx_.price_usd_per_chip_hour(o, t) *
                            ctx_.chip_unit() / ctx_.usd_unit() * offering_factor(o);
        const int a = add_col(name("a[{}][{}]", pl, safe(oid(o))), 0.0, kInf, cost, ci);
        RowInfo ri{RowKind::kOnboarding};
        ri.period = t;
        ri.entity = o;
        const int row = add_row(name("onboarding[{}][{}]", pl, safe(oid(o))), 0.0, kInf, ri);
        lp_.add_entry(row, a, 1.0);
        lp_.add_entry(row, fleet[o], -1.0);
        if (prev_fleet != nullptr && (*prev_fleet)[o] >= 0)
          lp_.add_entry(row, (*prev_fleet)[o], 1.0);
      }
    }
    return fleet;
  }

  void add_survive(int t, int d, const std::string& pl,
                   const std::vector<std::vector<int>>& survive_cap) {
    const double need =
        pol_.survive_provider_loss * ctx_.peak_rate_tokens_per_s(t, d) / ctx_.token_unit();
    if (need <= 0.0) return;
    const int num_providers = static_cast<int>(cat_.providers.size());
    for (int p = 0; p < num_providers; ++p) {
      RowInfo ri{RowKind::kSurvive};
      ri.period = t;
      ri.entity = d;
      ri.entity2 = p;
      const int row =
          add_row(name("survive[{}][{}][{}]", safe(pid(p)), ctx_.periods[t].label(), safe(sid(d))),
                  need, kInf, ri);
      for (int o : ctx_.eligible[t][d]) {
        if (ctx_.provider_of(o) == p) continue;
        const double effc = ctx_.effc_tokens_per_s(d, o) * ctx_.chip_unit() / ctx_.token_unit();
        ColInfo ci{ColKind::kContingency};
        ci.period = t;
        ci.slice = d;
        ci.offering = o;
        ci.provider = p;
        const int w =
            add_col(name("w[{}][{}][{}][{}]", safe(pid(p)), pl, safe(sid(d)), safe(oid(o))), 0.0,
                    kInf, 0.0, ci);
        lp_.add_entry(row, w, 1.0);
        lp_.add_entry(survive_cap[p][o], w, 1.0 / effc);
      }
      if (pol_.survive_shortfall_usd_per_mtok) {
        ColInfo ci{ColKind::kShortfall};
        ci.period = t;
        ci.slice = d;
        ci.provider = p;
        const int v =
            add_col(name("v[{}][{}][{}]", safe(pid(p)), pl, safe(sid(d))), 0.0, kInf,
                    token_cost(*pol_.survive_shortfall_usd_per_mtok, ctx_.periods[t].hours), ci);
        lp_.add_entry(row, v, 1.0);
      }
    }
  }

  const ModelContext& ctx_;
  const Catalog& cat_;
  const Demand& dem_;
  const Policy& pol_;
  const bool names_;
  const BuildOptions& options_;
  BuiltModel bm_;
  std::vector<int> size_col_;  // size[c] per commitment, -1 = none
  LpBuilder lp_;
  std::map<std::pair<int, int>, int> top_row_;  // (commitment, year) -> row
};

// FNV-1a over a column's identity: the same column gets the same weight in every model.
std::uint64_t fnv1a(std::uint64_t h, const std::string& s) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return (h ^ 0xff) * 1099511628211ull;
}

// The splitmix64 finalizer: each output bit depends on every input bit.
std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

BuiltModel build_model(const ModelContext& ctx, const std::vector<int>& periods,
                       const BuildOptions& options) {
  return Builder(ctx, options).build(periods);
}

std::vector<double> round_to_whole(const ModelContext& ctx, const BuiltModel& model,
                                   const std::vector<double>& relaxed) {
  const LpModel& lp = model.lp;
  const int n = lp.num_cols();
  std::vector<double> v = relaxed;
  std::map<std::pair<int, int>, int> units_of;  // (period, offering) -> units column
  for (int j = 0; j < n; ++j) {
    const ColInfo& c = model.cols[j];
    if (lp.col_integer.empty() || lp.col_integer[j] == 0) continue;
    v[j] = std::min(std::ceil(relaxed[j] - 1e-6), std::floor(lp.col_upper[j] + 1e-9));
    if (c.kind == ColKind::kUnits) units_of[{c.period, c.offering}] = j;
  }
  // The value each column takes once the whole ones are fixed: a fleet, its units times the unit;
  // a size with steps, its steps times the step; without, as large as its bound allows.
  const auto unit_lp = [&](int o) {
    return *ctx.inputs.catalog.offerings[o].unit_chips / ctx.chip_unit();
  };
  std::map<int, int> steps_of;  // commitment -> steps column
  for (int j = 0; j < n; ++j)
    if (model.cols[j].kind == ColKind::kSteps && !lp.col_integer.empty() && lp.col_integer[j])
      steps_of[model.cols[j].commitment] = j;
  const auto value = [&](int j) {
    const ColInfo& c = model.cols[j];
    if (c.kind == ColKind::kFleet) {
      const auto u = units_of.find({c.period, c.offering});
      return u == units_of.end() ? relaxed[j] : v[u->second] * unit_lp(c.offering);
    }
    if (c.kind == ColKind::kSize) {
      const auto k = steps_of.find(c.commitment);
      if (k == steps_of.end()) return lp.col_upper[j];
      return v[k->second] * *ctx.inputs.catalog.commitments[c.commitment].size_step_mw / ctx.scale;
    }
    return relaxed[j];
  };
  // The power rows, as (column, coefficient) lists.
  std::map<int, std::vector<std::pair<int, double>>> rows;
  for (int j = 0; j < n; ++j)
    for (int k = lp.col_start[j]; k < lp.col_start[j + 1]; ++k) {
      const RowKind kind = model.rows[lp.row_index[k]].kind;
      if (kind == RowKind::kRegionPower || kind == RowKind::kContractPower ||
          kind == RowKind::kOptionPower)
        rows[lp.row_index[k]].emplace_back(j, lp.value[k]);
    }
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [i, entries] : rows) {
      const double rhs = lp.row_upper[i];
      const auto load = [&] {
        double sum = 0.0;
        for (const auto& [j, a] : entries) sum += a * value(j);
        return sum;
      };
      while (load() > rhs + 1e-9 * std::max(1.0, std::fabs(rhs))) {
        // One unit less on the offering whose rounding up added the most.
        int best = -1;
        double best_fraction = 2.0;
        for (const auto& [j, a] : entries) {
          const ColInfo& c = model.cols[j];
          if (c.kind != ColKind::kFleet || a <= 0.0) continue;
          const auto u = units_of.find({c.period, c.offering});
          if (u == units_of.end() || v[u->second] <= 0.0) continue;
          const double over = v[u->second] - relaxed[u->second];  // in [0, 1) once rounded up
          const double fraction = 1.0 - over;
          if (fraction < best_fraction) best_fraction = fraction, best = u->second;
        }
        if (best < 0) break;  // nothing whole left to take down
        v[best] -= 1.0;
        changed = true;
      }
    }
  }
  return v;
}

std::vector<double> tie_break_weights(const ModelContext& ctx, const BuiltModel& model) {
  const Catalog& cat = ctx.inputs.catalog;
  const Demand& dem = ctx.inputs.demand;
  std::vector<double> weights(model.cols.size());
  for (size_t j = 0; j < model.cols.size(); ++j) {
    const ColInfo& c = model.cols[j];
    std::uint64_t h = 14695981039346656037ull;
    h = fnv1a(h, std::to_string(static_cast<int>(c.kind)) + "/" + std::to_string(c.block));
    if (c.period >= 0) h = fnv1a(h, ctx.periods[c.period].label());
    if (c.slice >= 0) h = fnv1a(h, dem.slices[c.slice].id);
    if (c.offering >= 0) h = fnv1a(h, cat.offerings[c.offering].id);
    if (c.provider >= 0) h = fnv1a(h, cat.providers[c.provider].id);
    if (c.commitment >= 0)
      h = fnv1a(h, cat.commitments[c.commitment].id + "/" + std::to_string(c.year));
    // FNV-1a alone leaves ids that differ in their last character a constant apart, so the
    // weights of a 4-cycle (two slices on two such offerings) would cancel: mix every bit.
    h = mix64(h);
    // A weight in [1, 2): every column costs something, no two alike.
    weights[j] = 1.0 + static_cast<double>(h >> 11) / 9007199254740992.0;
  }
  return weights;
}

LpModel build_lp(const Inputs& inputs, bool integer) {
  BuildOptions options;
  options.integer = integer || inputs.policy.integer;
  return build_model(ModelContext(inputs), {}, options).lp;
}

}  // namespace capplan
