// Independent verification of a plan (see verify.hpp). Deliberately does not use the model
// builder: it re-derives every quantity from the inputs and the plan's own numbers.
#include "capplan/verify.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

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

bool residency_ok(const Policy& pol, const DemandClass& cls, const std::string& geo,
                  const std::string& region_geo) {
  if (auto it = pol.residency.find(geo); it != pol.residency.end())
    if (std::find(it->second.begin(), it->second.end(), region_geo) == it->second.end())
      return false;
  return !(cls.interactive && pol.interactive_same_geo && region_geo != geo);
}

}  // namespace

// A period's mean tokens/s of one slice, from the demand alone: hours-weighted over its months.
double mean_tokens_per_s(const Demand& dem, int slice, const Period& per) {
  double tokens = 0.0, hours = 0.0;
  for (int i = 0; i < per.months; ++i) {
    const Month m = per.first.plus(i);
    tokens += dem.tokens_per_day(slice, m) / 86400.0 * m.hours();
    hours += m.hours();
  }
  return hours > 0.0 ? tokens / hours : 0.0;
}

Verification verify_plan(const Plan& plan, const Inputs& in) {
  Verification v;
  Checker check(v);
  const Catalog& cat = in.catalog;
  const Demand& dem = in.demand;
  const Policy& pol = in.policy;
  const auto slice_ix = index_by_id(dem.slices);
  const auto offering_ix = index_by_id(cat.offerings);
  const auto provider_ix = index_by_id(cat.providers);
  const std::vector<Period> periods = dem.periods();
  if (periods.size() != plan.periods.size()) {
    check.fail(
        fmt::format("plan has {} periods, the demand {}", plan.periods.size(), periods.size()));
    v.ok = false;
    return v;
  }
  const double phi = pol.peak_hours_share;
  const double sigma = pol.survive_provider_loss;
  const size_t num_slices = dem.slices.size(), num_offerings = cat.offerings.size();
  auto kw_of = [&](size_t o) {
    const Offering& off = cat.offerings[o];
    return cat.accelerators[off.accelerator].all_in_kw * cat.regions[off.region].pue;
  };
  auto provider_of = [&](size_t o) { return cat.regions[cat.offerings[o].region].provider; };
  auto open_at = [&](size_t o, Month m) {
    const Offering& off = cat.offerings[o];
    if (!off.price_usd_per_chip_hour.at(m)) return false;
    if (off.commitment >= 0 && !cat.commitments[off.commitment].active_at(m)) return false;
    return true;
  };
  auto allowed = [&](size_t d, size_t o) {
    const Slice& s = dem.slices[d];
    const Offering& off = cat.offerings[o];
    return cat.tokens_per_s(off.accelerator, s.model) > 0.0 &&
           residency_ok(pol, dem.classes[s.demand_class], s.geo, cat.regions[off.region].geo);
  };

  // Deals (docs/MODEL.md, "Deals to decide"): each sized commitment's MW as the plan states it.
  const auto option_ix = index_by_id(plan.options);
  std::vector<double> size_mw(cat.commitments.size(), 0.0);
  std::vector<char> sized(cat.commitments.size(), 0);
  for (size_t c = 0; c < cat.commitments.size(); ++c) {
    const Commitment& com = cat.commitments[c];
    const bool per_mw = com.reservation_usd_per_mw_month || com.min_spend_usd_per_mw_year;
    sized[c] = com.status == CommitmentStatus::kOption ||
               (com.status == CommitmentStatus::kSigned && per_mw);
    if (!sized[c]) continue;
    const auto it = option_ix.find(com.id);
    if (it != option_ix.end()) size_mw[c] = plan.options[it->second].size_mw;
  }

  double objective = 0.0;
  std::map<std::pair<int, int>, double> usage;  // (commitment, year) -> USD
  std::vector<double> prev_chips(num_offerings, 0.0);
  for (size_t t = 0; t < periods.size(); ++t) {
    const Period& per = periods[t];
    const PeriodPlan& pp = plan.periods[t];
    const Month m = per.first;
    const double tokens_per_tps = per.hours * 3600.0 / 1e6;  // Mtok per token/s over the period
    if (pp.period != per.label())
      check.fail(fmt::format("period {} is labelled {}", per.label(), pp.period));

    // The fleet: eligibility, arithmetic, (supply), (region), (contract), (onboarding), cost.
    std::vector<double> chips(num_offerings, 0.0);
    std::vector<double> mw_by_region(cat.regions.size(), 0.0),
        mw_by_commitment(cat.commitments.size(), 0.0);
    for (const FleetRow& f : pp.fleet) {
      const std::string where = fmt::format("{} fleet {}", pp.period, f.offering);
      auto oi = offering_ix.find(f.offering);
      if (oi == offering_ix.end()) {
        check.fail(where + ": unknown offering");
        continue;
      }
      const size_t o = static_cast<size_t>(oi->second);
      const Offering& off = cat.offerings[o];
      if (!open_at(o, m)) {
        check.fail(where +
                   ": offering not open in the period (no price, or commitment not signed or not "
                   "in term)");
        continue;
      }
      if (f.chips < 0.0) check.fail(where + ": negative chips");
      const double price = *off.price_usd_per_chip_hour.at(m);
      chips[o] += f.chips;
      check.equal(f.power_mw, f.chips * kw_of(o) / 1000.0, where + " power_mw");
      check.equal(f.cost_usd, f.chips * price * per.hours, where + " cost_usd");
      mw_by_region[off.region] += f.chips * kw_of(o) / 1000.0;
      const double cost = f.chips * price * per.hours;
      bool via_pay = false;
      if (off.commitment >= 0) {
        mw_by_commitment[off.commitment] += f.chips * kw_of(o) / 1000.0;
        const Commitment& com = cat.commitments[off.commitment];
        if ((com.status == CommitmentStatus::kSigned && com.min_spend_usd_per_year) ||
            (sized[off.commitment] && com.min_spend_usd_per_mw_year)) {
          usage[{off.commitment, m.year()}] += cost;
          via_pay = true;
        }
      }
      if (!via_pay) objective += cost;
      if (plan.integer && off.unit_chips) {
        const double units = f.chips / *off.unit_chips;
        check.equal(units, std::round(units), where + " whole units of " +
                                                  std::to_string(*off.unit_chips) + " chips");
      }
      // (onboarding) chips added over the previous period's fleet (none in the first period).
      const double added = t == 0 ? 0.0 : std::max(0.0, f.chips - prev_chips[o]);
      check.equal(f.chips_added, added, where + " chips_added");
      objective += pol.onboarding_hours * price * added;
    }
    prev_chips = chips;
    for (size_t o = 0; o < num_offerings; ++o)
      if (cat.offerings[o].max_chips)
        check.at_most(chips[o], cat.offerings[o].max_chips->at_or(m, 0.0),
                      fmt::format("supply {} {}", pp.period, cat.offerings[o].id));
    for (size_t r = 0; r < cat.regions.size(); ++r)
      if (cat.regions[r].power_mw)
        check.at_most(mw_by_region[r], cat.regions[r].power_mw->at_or(m, 0.0),
                      fmt::format("region power {} {}", pp.period, cat.regions[r].id));
    for (size_t c = 0; c < cat.commitments.size(); ++c) {
      if (cat.commitments[c].power_mw && mw_by_commitment[c] > 0.0)
        check.at_most(mw_by_commitment[c], cat.commitments[c].power_mw->at_or(m, 0.0),
                      fmt::format("commitment power {} {}", pp.period, cat.commitments[c].id));
      // (option) a deal's fleet fits the MW signed.
      if (sized[c] && mw_by_commitment[c] > 0.0)
        check.at_most(mw_by_commitment[c], size_mw[c],
                      fmt::format("option power {} {}", pp.period, cat.commitments[c].id));
    }

    // Routing: eligibility, (capacity) per block, (demand), (deferrable).
    std::vector<std::array<double, 2>> served(num_slices, {0.0, 0.0});
    std::vector<std::array<double, 2>> load(num_offerings, {0.0, 0.0});  // chips busy per block
    std::vector<double> tokens_by_provider(cat.providers.size(), 0.0);
    std::map<std::pair<int, size_t>, double> model_tokens;  // (model, provider) -> mean tokens/s
    std::map<int, double> model_total;
    for (const AllocationRow& a : pp.allocations) {
      const std::string where = fmt::format("{} {} on {}", pp.period, a.slice, a.offering);
      auto si = slice_ix.find(a.slice);
      auto oi = offering_ix.find(a.offering);
      if (si == slice_ix.end() || oi == offering_ix.end()) {
        check.fail(where + ": unknown slice or offering");
        continue;
      }
      const size_t d = static_cast<size_t>(si->second), o = static_cast<size_t>(oi->second);
      if (!allowed(d, o))
        check.fail(where +
                   ": accelerator cannot serve the model, or residency does not allow the region");
      if (!open_at(o, m)) check.fail(where + ": offering not open in the period");
      if (a.peak_tokens_per_s < 0.0 || a.off_tokens_per_s < 0.0)
        check.fail(where + ": negative tokens");
      check.equal(a.tokens_per_s, phi * a.peak_tokens_per_s + (1.0 - phi) * a.off_tokens_per_s,
                  where + " tokens_per_s");
      const double tps = cat.tokens_per_s(cat.offerings[o].accelerator, dem.slices[d].model);
      if (tps <= 0.0) continue;
      served[d][0] += a.peak_tokens_per_s;
      served[d][1] += a.off_tokens_per_s;
      load[o][0] += a.peak_tokens_per_s / (tps * pol.utilization_target);
      load[o][1] += a.off_tokens_per_s / (tps * pol.utilization_target);
      const size_t p = provider_of(o);
      tokens_by_provider[p] += a.tokens_per_s;
      model_tokens[{dem.slices[d].model, p}] += a.tokens_per_s;
      model_total[dem.slices[d].model] += a.tokens_per_s;
    }
    for (size_t o = 0; o < num_offerings; ++o)
      for (int b = 0; b < 2; ++b)
        check.at_most(load[o][b], chips[o],
                      fmt::format("capacity {} {} {}", pp.period, b == 0 ? "peak" : "off",
                                  cat.offerings[o].id));
    for (size_t d = 0; d < num_slices; ++d) {
      const Slice& s = dem.slices[d];
      const DemandClass& cls = dem.classes[s.demand_class];
      const double avg = mean_tokens_per_s(dem, static_cast<int>(d), per);
      const double pi = cls.unmet_penalty_usd_per_mtok.value_or(pol.unmet_penalty_usd_per_mtok);
      auto it = pp.unmet_tokens_per_s.find(s.id);
      const double unmet = it == pp.unmet_tokens_per_s.end() ? 0.0 : it->second;
      if (unmet < 0.0) check.fail(fmt::format("demand {} {}: negative unmet", pp.period, s.id));
      objective += pi * unmet * tokens_per_tps;
      const std::string who = fmt::format("{} {}", pp.period, s.id);
      if (cls.interactive) {
        const double peak = cls.peak_to_avg * avg;
        const double off = std::max(0.0, avg * (1.0 - phi * cls.peak_to_avg) / (1.0 - phi));
        auto bl = pp.unmet_blocks.find(s.id);
        const double u_peak = bl == pp.unmet_blocks.end() ? 0.0 : bl->second.first;
        const double u_off = bl == pp.unmet_blocks.end() ? 0.0 : bl->second.second;
        check.equal(served[d][0] + u_peak, peak, "demand peak " + who);
        check.equal(served[d][1] + u_off, off, "demand off " + who);
        check.equal(unmet, phi * u_peak + (1.0 - phi) * u_off, "unmet mean " + who);
      } else {
        check.equal(phi * served[d][0] + (1.0 - phi) * served[d][1] + unmet, avg,
                    "deferrable " + who);
      }
    }

    // (share) on the policy's basis and (model share) on served tokens.
    std::vector<double> basis(cat.providers.size(), 0.0);
    for (size_t o = 0; o < num_offerings; ++o) {
      if (pol.share_basis == ShareBasis::kPower) basis[provider_of(o)] += chips[o] * kw_of(o);
      if (pol.share_basis == ShareBasis::kSpend && chips[o] > 0.0)
        basis[provider_of(o)] += chips[o] * *cat.offerings[o].price_usd_per_chip_hour.at(m);
    }
    if (pol.share_basis == ShareBasis::kTokens) basis = tokens_by_provider;
    double basis_total = 0.0;
    for (double b : basis) basis_total += b;
    for (size_t p = 0; p < cat.providers.size(); ++p) {
      const ShareLimit& lim = pol.provider_share[p];
      const std::string who = fmt::format("{} {}", pp.period, cat.providers[p].id);
      check.at_most(basis[p], lim.max * basis_total, "share max " + who,
                    basis[p] + lim.max * basis_total);
      check.at_most(lim.min * basis_total, basis[p], "share min " + who,
                    basis[p] + lim.min * basis_total);
    }
    for (const auto& [model, limits] : pol.model_share) {
      const double total = model_total[model];
      for (size_t p = 0; p < cat.providers.size(); ++p) {
        const double mine = model_tokens[{model, p}];
        const std::string who =
            fmt::format("{} {} {}", pp.period, cat.models[model].id, cat.providers[p].id);
        check.at_most(mine, limits[p].max * total, "model share max " + who,
                      mine + limits[p].max * total);
        check.at_most(limits[p].min * total, mine, "model share min " + who,
                      mine + limits[p].min * total);
      }
    }

    // (survive): per lost provider, the contingency routing covers σ of every slice's peak rate
    // on the other providers' fleet at contingency utilization.
    if (sigma > 0.0) {
      std::map<std::pair<size_t, size_t>, double> covered;  // (lost, slice) -> tokens/s
      std::map<std::pair<size_t, size_t>, double> busy;     // (lost, offering) -> chips
      for (const ContingencyRow& w : pp.contingency) {
        const std::string where = fmt::format("{} contingency without {}: {} on {}", pp.period,
                                              w.lost, w.slice, w.offering);
        auto pi = provider_ix.find(w.lost);
        auto si = slice_ix.find(w.slice);
        auto oi = offering_ix.find(w.offering);
        if (pi == provider_ix.end() || si == slice_ix.end() || oi == offering_ix.end()) {
          check.fail(where + ": unknown provider, slice or offering");
          continue;
        }
        const size_t p = static_cast<size_t>(pi->second), d = static_cast<size_t>(si->second),
                     o = static_cast<size_t>(oi->second);
        if (static_cast<size_t>(provider_of(o)) == p)
          check.fail(where + ": served by the lost provider");
        if (!allowed(d, o) || !open_at(o, m))
          check.fail(where + ": not an eligible pair (residency, model or term)");
        const double tps = cat.tokens_per_s(cat.offerings[o].accelerator, dem.slices[d].model);
        if (tps <= 0.0) continue;
        covered[{p, d}] += w.tokens_per_s;
        busy[{p, o}] += w.tokens_per_s / (tps * pol.contingency_utilization);
      }
      for (const ShortfallRow& sf : pp.contingency_shortfall) {
        auto pi = provider_ix.find(sf.lost);
        auto si = slice_ix.find(sf.slice);
        if (pi == provider_ix.end() || si == slice_ix.end() ||
            !pol.survive_shortfall_usd_per_mtok) {
          check.fail(
              fmt::format("{} shortfall without {} of {}: unknown, or shortfalls are not priced",
                          pp.period, sf.lost, sf.slice));
          continue;
        }
        covered[{static_cast<size_t>(pi->second), static_cast<size_t>(si->second)}] +=
            sf.tokens_per_s;
        objective += *pol.survive_shortfall_usd_per_mtok * sf.tokens_per_s * tokens_per_tps;
      }
      for (size_t p = 0; p < cat.providers.size(); ++p) {
        for (size_t d = 0; d < num_slices; ++d) {
          const DemandClass& cls = dem.classes[dem.slices[d].demand_class];
          const double avg = mean_tokens_per_s(dem, static_cast<int>(d), per);
          const double peak = cls.interactive ? cls.peak_to_avg * avg : avg;
          check.at_most(sigma * peak, covered[{p, d}],
                        fmt::format("survive {} without {}: {}", pp.period, cat.providers[p].id,
                                    dem.slices[d].id));
        }
        for (size_t o = 0; o < num_offerings; ++o)
          if (static_cast<size_t>(provider_of(o)) != p && busy[{p, o}] > 0.0)
            check.at_most(busy[{p, o}], chips[o],
                          fmt::format("contingency capacity {} without {}: {}", pp.period,
                                      cat.providers[p].id, cat.offerings[o].id));
      }
    }
  }

  // Deals: size within [0, size_max] (fixed at it when signed), reservation per MW-month of the
  // term, the signing cost on sign[c] ≥ size / size_max (0 or 1 in integer mode), whole steps.
  for (size_t c = 0; c < cat.commitments.size(); ++c) {
    const Commitment& com = cat.commitments[c];
    if (!sized[c]) continue;
    double most = 0.0;
    std::map<int, int> months;  // year -> months of horizon and term
    for (Month m = dem.start; m <= dem.end; m = m.plus(1)) {
      if (m < com.start || com.end < m) continue;
      ++months[m.year()];
      if (com.power_mw) most = std::max(most, com.power_mw->at_or(m, 0.0));
    }
    const auto it = option_ix.find(com.id);
    if (months.empty() || most <= 0.0) {
      if (it != option_ix.end()) check.fail("option " + com.id + ": listed, but it has no term");
      continue;
    }
    const std::string who = "option " + com.id;
    if (it == option_ix.end()) {
      check.fail(who + ": missing from the plan");
      continue;
    }
    const OptionResult& o = plan.options[it->second];
    if (size_mw[c] < 0.0) check.fail(who + ": negative size");
    check.at_most(size_mw[c], most, who + " size");
    check.equal(o.size_max_mw, most, who + " size_max_mw");
    if (com.status == CommitmentStatus::kSigned) check.equal(size_mw[c], most, who + " size");
    double reservation = 0.0;
    for (const auto& [y, n] : months)
      reservation += com.reservation_usd_per_mw_month.value_or(0.0) * size_mw[c] * n;
    check.equal(o.reservation_usd, reservation, who + " reservation_usd");
    objective += reservation;
    if (com.status == CommitmentStatus::kOption && com.signing_usd) {
      check.at_most(size_mw[c] / most, o.sign_fraction, who + " signing");
      if (plan.integer && o.sign_fraction != 0.0 && o.sign_fraction != 1.0)
        check.fail(who + ": signed in part in integer mode");
      check.equal(o.signing_usd, *com.signing_usd * o.sign_fraction, who + " signing_usd");
      objective += *com.signing_usd * o.sign_fraction;
    }
    if (plan.integer && com.status == CommitmentStatus::kOption && com.size_step_mw) {
      const double steps = size_mw[c] / *com.size_step_mw;
      check.equal(steps, std::round(steps), who + " whole steps");
    }
  }

  // (take-or-pay): every signed commitment with a minimum spend (per year, or per MW signed) and
  // every deal with one per MW, every year it meets the horizon.
  std::map<std::pair<std::string, int>, const CommitmentYear*> entries;
  for (const CommitmentYear& cy : plan.commitments) entries[{cy.id, cy.year}] = &cy;
  for (size_t c = 0; c < cat.commitments.size(); ++c) {
    const Commitment& com = cat.commitments[c];
    const bool per_year = com.status == CommitmentStatus::kSigned && com.min_spend_usd_per_year;
    const bool per_mw = sized[c] && com.min_spend_usd_per_mw_year && option_ix.count(com.id);
    if (!per_year && !per_mw) continue;
    for (int y = dem.start.year(); y <= dem.end.year(); ++y) {
      const Month lo = std::max({Month::from_ym(y, 1), dem.start, com.start});
      const Month hi = std::min({Month::from_ym(y, 12), dem.end, com.end});
      if (hi < lo) continue;
      const double min_spend =
          (per_year ? *com.min_spend_usd_per_year
                    : *com.min_spend_usd_per_mw_year * size_mw[c]) *
          (hi.index - lo.index + 1) / 12.0;
      const double use = usage[{static_cast<int>(c), y}];
      const std::string who = fmt::format("take-or-pay {} {}", com.id, y);
      auto it = entries.find({com.id, y});
      if (it == entries.end()) {
        check.fail(who + ": missing from the plan");
        objective += std::max(use, min_spend);
        continue;
      }
      check.equal(it->second->paid_usd, std::max(use, min_spend), who + " paid");
      objective += it->second->paid_usd;
    }
  }
  check.equal(plan.objective_usd, objective, "objective");
  v.ok = v.failures.empty();
  return v;
}

}  // namespace capplan
