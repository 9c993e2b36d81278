// Independent verification of a plan (see verify.hpp). Deliberately does not use the model
// builder: it re-derives every quantity from the inputs and the plan's own numbers.
#include "capplan/verify.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace capplan {

namespace {

template <typename T>
std::map<std::string, int> index_by_id(const std::vector<T>& items) {
  std::map<std::string, int> out;
  for (int i = 0; i < static_cast<int>(items.size()); ++i) out[items[i].id] = i;
  return out;
}

class Checker {
 public:
  explicit Checker(Verification& v) : v_(v) {}

  // lhs ≤ rhs within tolerance, relative to the row's magnitude: the larger of 1 (in the row's
  // own unit: tokens/s, chips, MW or USD), |lhs|, |rhs| and `terms`, the sum of the absolute
  // values of the row's terms (Σ|a_ij·x_j|), so a row whose terms cancel is judged at their size.
  // Forecasts many orders of magnitude apart verify alike.
  void at_most(double lhs, double rhs, const std::string& what, double terms = 0.0) {
    const double scale = std::max({1.0, std::fabs(lhs), std::fabs(rhs), std::fabs(terms)});
    const double excess = (lhs - rhs) / scale;
    v_.max_relative_residual = std::max(v_.max_relative_residual, std::max(0.0, excess));
    if (excess > kVerifyTolerance) fail(fmt::format("{}: {} exceeds {}", what, lhs, rhs));
  }
  void equal(double a, double b, const std::string& what) {
    const double scale = std::max({1.0, std::fabs(a), std::fabs(b)});
    const double diff = std::fabs(a - b) / scale;
    v_.max_relative_residual = std::max(v_.max_relative_residual, diff);
    if (diff > kVerifyTolerance) fail(fmt::format("{}: {} differs from {}", what, a, b));
  }
  void fail(std::string line) { v_.failures.push_back(std::move(line)); }

 private:
  Verification& v_;
};

bool residency_ok(const Policy& pol, const DemandClass& cls, const std::string& geo, const std::string& region_geo) {
  if (auto it = pol.residency.find(geo); it != pol.residency.end())
    if (std::find(it->second.begin(), it->second.end(), region_geo) == it->second.end()) return false;
  return !(cls.interactive && pol.interactive_same_geo && region_geo != geo);
}

}  // namespace

Verification verify_plan(const Plan& plan, const Inputs& in) {
  Verification v;
  Checker check(v);
  const Catalog& cat = in.catalog;
  const Demand& dem = in.demand;
  const Policy& pol = in.policy;
  const auto slice_ix = index_by_id(dem.slices);
  const auto offering_ix = index_by_id(cat.offerings);
  const std::vector<Period> periods = dem.periods();
  if (periods.size() != plan.periods.size()) {
    check.fail(fmt::format("plan has {} periods, the demand {}", plan.periods.size(), periods.size()));
    v.ok = false;
    return v;
  }

  double cost_on_demand = 0.0, penalty = 0.0;
  std::map<std::pair<int, int>, double> usage;  // (commitment, year) -> USD
  for (size_t t = 0; t < periods.size(); ++t) {
    const Period& per = periods[t];
    const PeriodPlan& pp = plan.periods[t];
    const Month m = per.first;
    if (pp.period != per.label()) check.fail(fmt::format("period {} is labelled {}", per.label(), pp.period));
    std::vector<double> served(dem.slices.size(), 0.0);
    std::vector<double> chips_by_offering(cat.offerings.size(), 0.0);
    std::vector<double> mw_by_region(cat.regions.size(), 0.0), mw_by_commitment(cat.commitments.size(), 0.0);
    std::vector<double> tokens_by_provider(cat.providers.size(), 0.0);
    double served_total = 0.0;
    for (const AllocationRow& a : pp.allocations) {
      const std::string where = fmt::format("{} {} on {}", pp.period, a.slice, a.offering);
      auto si = slice_ix.find(a.slice);
      auto oi = offering_ix.find(a.offering);
      if (si == slice_ix.end() || oi == offering_ix.end()) {
        check.fail(where + ": unknown slice or offering");
        continue;
      }
      const Slice& s = dem.slices[si->second];
      const DemandClass& cls = dem.classes[s.demand_class];
      const Offering& off = cat.offerings[oi->second];
      const Region& reg = cat.regions[off.region];
      const double tps = cat.tokens_per_s(off.accelerator, s.model);
      const auto price = off.price_usd_per_chip_hour.at(m);
      // Eligibility.
      if (tps <= 0.0) check.fail(where + ": accelerator cannot serve the model");
      if (!price) check.fail(where + ": offering has no price in the period");
      if (off.commitment >= 0 && !cat.commitments[off.commitment].active_at(m))
        check.fail(where + ": commitment not signed or not in term");
      if (!residency_ok(pol, cls, s.geo, reg.geo)) check.fail(where + ": residency does not allow the region");
      if (a.chips < 0.0) check.fail(where + ": negative chips");
      if (tps <= 0.0 || !price) continue;
      // The row's own arithmetic.
      const double kw = cat.accelerators[off.accelerator].all_in_kw * reg.pue;
      check.equal(a.tokens_per_s, a.chips * tps * pol.utilization_target, where + " tokens_per_s");
      check.equal(a.power_mw, a.chips * kw / 1000.0, where + " power_mw");
      check.equal(a.cost_usd, a.chips * *price * per.hours, where + " cost_usd");
      const double tokens = a.chips * tps * pol.utilization_target;
      served[si->second] += tokens;
      served_total += tokens;
      tokens_by_provider[reg.provider] += tokens;
      chips_by_offering[oi->second] += a.chips;
      mw_by_region[off.region] += a.chips * kw / 1000.0;
      const double cost = a.chips * *price * per.hours;
      if (off.commitment >= 0) {
        mw_by_commitment[off.commitment] += a.chips * kw / 1000.0;
        if (cat.commitments[off.commitment].min_spend_usd_per_year) {
          usage[{off.commitment, m.year()}] += cost;
          continue;
        }
      }
      cost_on_demand += cost;
    }
    // (demand)
    double total_need = 0.0;
    for (size_t d = 0; d < dem.slices.size(); ++d) {
      const Slice& s = dem.slices[d];
      const double need = dem.tokens_per_day(static_cast<int>(d), m) / 86400.0 * dem.classes[s.demand_class].peak_to_avg;
      total_need += need;
      auto it = pp.unmet_tokens_per_s.find(s.id);
      // A plan's unmet is in tokens/s of the period's mean; capacity is sized at the peak. The
      // penalty is paid per real token not served.
      const double p2a = dem.classes[s.demand_class].peak_to_avg;
      const double unmet = it == pp.unmet_tokens_per_s.end() ? 0.0 : it->second;
      if (unmet < 0.0) check.fail(fmt::format("demand {} {}: negative unmet", pp.period, s.id));
      penalty += pol.unmet_penalty_usd_per_mtok * unmet * per.hours * 3600.0 / 1e6;
      check.at_most(need, served[d] + unmet * p2a, fmt::format("demand {} {}", pp.period, s.id));
    }
    // (supply), (region), (contract)
    for (size_t o = 0; o < cat.offerings.size(); ++o)
      if (cat.offerings[o].max_chips)
        check.at_most(chips_by_offering[o], cat.offerings[o].max_chips->at_or(m, 0.0),
                      fmt::format("supply {} {}", pp.period, cat.offerings[o].id));
    for (size_t r = 0; r < cat.regions.size(); ++r)
      if (cat.regions[r].power_mw)
        check.at_most(mw_by_region[r], cat.regions[r].power_mw->at_or(m, 0.0),
                      fmt::format("region power {} {}", pp.period, cat.regions[r].id));
    for (size_t c = 0; c < cat.commitments.size(); ++c)
      if (cat.commitments[c].power_mw && mw_by_commitment[c] > 0.0)
        check.at_most(mw_by_commitment[c], cat.commitments[c].power_mw->at_or(m, 0.0),
                      fmt::format("commitment power {} {}", pp.period, cat.commitments[c].id));
    // (share), (survive)
    for (size_t p = 0; p < cat.providers.size(); ++p) {
      const ShareLimit& lim = pol.provider_share[p];
      const std::string who = fmt::format("{} {}", pp.period, cat.providers[p].id);
      check.at_most(tokens_by_provider[p], lim.max * served_total, "share max " + who,
                    tokens_by_provider[p] + lim.max * served_total);
      check.at_most(lim.min * served_total, tokens_by_provider[p], "share min " + who,
                    tokens_by_provider[p] + lim.min * served_total);
      if (pol.survive_provider_loss > 0.0)
        check.at_most(pol.survive_provider_loss * total_need, served_total - tokens_by_provider[p], "survive " + who,
                      served_total);
    }
  }

  // (take-or-pay): every signed commitment with a minimum spend, every year it meets the horizon.
  double paid_total = 0.0;
  std::map<std::pair<std::string, int>, const CommitmentYear*> entries;
  for (const CommitmentYear& cy : plan.commitments) entries[{cy.id, cy.year}] = &cy;
  for (size_t c = 0; c < cat.commitments.size(); ++c) {
    const Commitment& com = cat.commitments[c];
    if (com.status != CommitmentStatus::kSigned || !com.min_spend_usd_per_year) continue;
    for (int y = dem.start.year(); y <= dem.end.year(); ++y) {
      const Month lo = std::max({Month::from_ym(y, 1), dem.start, com.start});
      const Month hi = std::min({Month::from_ym(y, 12), dem.end, com.end});
      if (hi < lo) continue;
      const double min_spend = *com.min_spend_usd_per_year * (hi.index - lo.index + 1) / 12.0;
      const double use = usage[{static_cast<int>(c), y}];
      const std::string who = fmt::format("take-or-pay {} {}", com.id, y);
      auto it = entries.find({com.id, y});
      if (it == entries.end()) {
        check.fail(who + ": missing from the plan");
        paid_total += std::max(use, min_spend);
        continue;
      }
      check.equal(it->second->paid_usd, std::max(use, min_spend), who + " paid");
      paid_total += it->second->paid_usd;
    }
  }
  check.equal(plan.objective_usd, cost_on_demand + paid_total + penalty, "objective");
  v.ok = v.failures.empty();
  return v;
}

}  // namespace capplan
