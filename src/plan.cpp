// make_plan: build the LP (per independent block), solve with Clp, read the answer back in
// domain units, explain it (duals, binding limits, stranded commitments, unmet demand) and
// verify it independently.
#include "capplan/plan.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "capplan/verify.hpp"
#include "model_builder.hpp"
#include "numeric.hpp"
#include "parallel.hpp"

namespace capplan {

namespace {

// Unmet demand below this fraction of its rate is the solver's tolerance, not a shortage (the
// verifier judges every row to the same relative tolerance).
constexpr double kUnmetTolerance = 1e-7;

struct BlockSolution {
  BuiltModel model;
  SolveResult result;
  double build_s = 0, solve_s = 0;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// The calendar year of each column, numbered 0, 1, ... within the model: the solver's block hint
// (SolveOptions::col_block) for a model that onboarding couples across years (docs/MODEL.md,
// "Solving"). Empty when the model lies in one year. Columns of no period count in their year
// (pay), or in the first block when they have none; an option's size, signing and steps are
// shared (-1).
std::vector<int> year_blocks(const ModelContext& ctx, const BuiltModel& model) {
  auto year_of = [&ctx](const ColInfo& c) {
    return c.period >= 0 ? ctx.periods[c.period].first.year() : c.year;
  };
  int first = 0, last = -1;
  for (const ColInfo& c : model.cols) {
    const int y = year_of(c);
    if (y <= 0) continue;
    if (last < first) first = last = y;
    first = std::min(first, y), last = std::max(last, y);
  }
  if (last <= first) return {};
  std::vector<int> used(last - first + 1, -1);
  for (const ColInfo& c : model.cols)
    if (const int y = year_of(c); y > 0) used[y - first] = 1;
  int count = 0;
  for (int& u : used)
    if (u > 0) u = count++;
  std::vector<int> block(model.cols.size(), 0);
  for (size_t j = 0; j < block.size(); ++j) {
    if (const int y = year_of(model.cols[j]); y > 0) block[j] = used[y - first];
    // An option's size, signing and steps hold for its whole term: shared by its years.
    const ColKind kind = model.cols[j].kind;
    if (kind == ColKind::kSize || kind == ColKind::kSign || kind == ColKind::kSteps) block[j] = -1;
  }
  return block;
}

// Solves every block, in parallel when there are several. Blocks are independent; each has its
// own solver. A block that spans several years (onboarding couples them) goes to the solver
// with its years as a block hint, solved in the threads the blocks leave free.
std::vector<BlockSolution> solve_blocks(const ModelContext& ctx,
                                        const std::vector<std::vector<int>>& blocks,
                                        const PlanOptions& options, const BuildOptions& build) {
  std::vector<BlockSolution> out(blocks.size());
  const unsigned hardware_threads = worker_threads(options.threads);
  parallel_for(blocks.size(), hardware_threads, [&](size_t b) {
    auto solver = options.make_solver ? options.make_solver()
                  : build.integer     ? make_cbc_solver()
                                      : make_clp_solver();
    SolveOptions so;
    so.time_limit_s = options.time_limit_s;
    so.mip_gap = options.mip_gap;
    so.want_basis = options.bases_out != nullptr;
    so.threads = blocks.size() == 1 ? static_cast<int>(hardware_threads) : 1;
    const bool warm = options.warm_start != nullptr && b < options.warm_start->size();
    so.warm_start = warm ? &(*options.warm_start)[b] : nullptr;
    auto t0 = std::chrono::steady_clock::now();
    out[b].model = build_model(ctx, blocks[b], build);
    // docs/MODEL.md, "Unique plans": a second pass on the optimal face, weights by identity.
    const std::vector<double> weights =
        options.unique ? tie_break_weights(ctx, out[b].model) : std::vector<double>();
    so.tie_break = options.unique ? &weights : nullptr;
    const BuiltModel& built = out[b].model;
    so.round = [&ctx, &built](const std::vector<double>& relaxed) {
      return round_to_whole(ctx, built, relaxed);
    };
    // --monolithic solves the single LP as it is; otherwise its years are the block hint.
    const std::vector<int> years =
        options.decompose ? year_blocks(ctx, out[b].model) : std::vector<int>{};
    so.col_block = years.empty() ? nullptr : &years;
    out[b].build_s = seconds_since(t0);
    t0 = std::chrono::steady_clock::now();
    out[b].result = solver->solve(out[b].model.lp, so);
    out[b].solve_s = seconds_since(t0);
  });
  return out;
}

bool has_options(const Catalog& catalog) {
  for (const Commitment& c : catalog.commitments)
    if (c.is_option()) return true;
  return false;
}

class PlanReader {
 public:
  PlanReader(const ModelContext& ctx, Plan& plan)
      : ctx_(ctx), cat_(ctx.inputs.catalog), plan_(plan) {}

  void init_periods() {
    const auto& slices = ctx_.inputs.demand.slices;
    for (size_t t = 0; t < ctx_.periods.size(); ++t) {
      PeriodPlan pp;
      pp.period = ctx_.periods[t].label();
      pp.hours = ctx_.periods[t].hours;
      for (size_t d = 0; d < slices.size(); ++d) {
        pp.demand_tokens_per_s += ctx_.avg_tokens_per_s[t][d];
        pp.demand_tokens += ctx_.avg_tokens_per_s[t][d] * pp.hours * 3600.0;
      }
      for (const Provider& p : cat_.providers) pp.providers[p.id] = ProviderPeriod{};
      plan_.periods.push_back(std::move(pp));
    }
    fleet_chips_.assign(ctx_.periods.size(), std::vector<double>(cat_.offerings.size(), -1.0));
    basis_total_.assign(ctx_.periods.size(), 0.0);
  }

  void read_block(const BlockSolution& bs) {
    const LpModel& lp = bs.model.lp;
    const SolveResult& r = bs.result;
    for (int j = 0; j < lp.num_cols(); ++j) read_col(bs.model.cols[j], lp, j, r);
    for (int i = 0; i < lp.num_rows(); ++i) read_row(bs.model.rows[i], lp, i, r);
  }

  void finish() {
    const double phi = ctx_.inputs.policy.peak_hours_share;
    for (size_t t = 0; t < plan_.periods.size(); ++t) {
      PeriodPlan& pp = plan_.periods[t];
      trim_routing(static_cast<int>(t));
      // Fleet rows in offering order, chips added over the previous period.
      for (size_t o = 0; o < cat_.offerings.size(); ++o) {
        const double chips = fleet_chips_[t][o];
        if (chips <= 0.0) continue;
        const Offering& off = cat_.offerings[o];
        const Region& reg = cat_.regions[off.region];
        FleetRow f;
        f.offering = off.id;
        f.provider = cat_.providers[reg.provider].id;
        f.region = reg.id;
        f.accelerator = cat_.accelerators[off.accelerator].id;
        f.chips = chips;
        const double before = t == 0 ? chips : std::max(0.0, fleet_chips_[t - 1][o]);
        f.chips_added = snap_to_zero(std::max(0.0, chips - before));
        f.power_mw = snap_to_zero(chips * ctx_.kw_per_chip(static_cast<int>(o)) / 1000.0);
        f.cost_usd = snap_to_zero(
            chips * *ctx_.price_usd_per_chip_hour(static_cast<int>(o), static_cast<int>(t)) *
            pp.hours);
        pp.power_mw += f.power_mw;
        pp.cost_usd += f.cost_usd;
        pp.onboarding_usd +=
            ctx_.inputs.policy.onboarding_hours *
            *ctx_.price_usd_per_chip_hour(static_cast<int>(o), static_cast<int>(t)) * f.chips_added;
        ProviderPeriod& pv = pp.providers[f.provider];
        pv.chips += f.chips;
        pv.power_mw += f.power_mw;
        pv.cost_usd += f.cost_usd;
        if (off.commitment >= 0) {
          usage_[{off.commitment, ctx_.periods[t].first.year()}] += f.cost_usd;
          power_used_[{off.commitment, static_cast<int>(t)}] += f.power_mw;
        }
        pp.fleet.push_back(std::move(f));
      }
      pp.onboarding_usd = snap_to_zero(pp.onboarding_usd);
      // Routing: per block, and the period's mean.
      for (auto& [key, blocks] : routing_[t]) {
        const auto [d, o] = key;
        AllocationRow a;
        const Offering& off = cat_.offerings[o];
        const Region& reg = cat_.regions[off.region];
        a.slice = ctx_.inputs.demand.slices[d].id;
        a.offering = off.id;
        a.provider = cat_.providers[reg.provider].id;
        a.region = reg.id;
        a.accelerator = cat_.accelerators[off.accelerator].id;
        a.peak_tokens_per_s = snap_to_zero(blocks[kPeak]);
        a.off_tokens_per_s = snap_to_zero(blocks[kOff]);
        a.tokens_per_s = snap_to_zero(phi * blocks[kPeak] + (1.0 - phi) * blocks[kOff]);
        if (a.tokens_per_s <= 0.0) continue;
        pp.providers[a.provider].tokens_per_s += a.tokens_per_s;
        pp.allocations.push_back(std::move(a));
      }
      finish_unmet(static_cast<int>(t));
      trim_contingency(static_cast<int>(t));
      double unmet_total = 0.0;
      for (const auto& [slice, u] : pp.unmet_tokens_per_s) unmet_total += u;
      pp.served_tokens_per_s = snap_to_zero(std::max(0.0, pp.demand_tokens_per_s - unmet_total));
      double served = 0.0;
      for (const auto& [id, pv] : pp.providers) served += pv.tokens_per_s;
      for (auto& [id, pv] : pp.providers)
        pv.share_fraction = served > 0 ? snap_to_zero(pv.tokens_per_s / served) : 0.0;
      auto by_key = [](const auto& a, const auto& b) {
        return std::tie(a.lost, a.slice) < std::tie(b.lost, b.slice);
      };
      std::sort(pp.contingency.begin(), pp.contingency.end(), [](const auto& a, const auto& b) {
        return std::tie(a.lost, a.slice, a.offering) < std::tie(b.lost, b.slice, b.offering);
      });
      std::sort(pp.contingency_shortfall.begin(), pp.contingency_shortfall.end(), by_key);
    }
    finish_commitments();
    finish_options();
    finish_survive();
    std::sort(plan_.binding.begin(), plan_.binding.end(), [](const auto& a, const auto& b) {
      return std::tie(a.kind, a.id, a.period) < std::tie(b.kind, b.id, b.period);
    });
  }

  // Limits at their bound, for explaining unmet demand: (kind, (period, entity)).
  std::set<std::pair<RowKind, std::pair<int, int>>> tight;
  std::set<std::pair<int, int>> supply_tight;  // (period, offering) with the fleet at max_chips

 private:
  void read_col(const ColInfo& c, const LpModel& lp, int j, const SolveResult& r) {
    // Every column is ≥ 0; values within the solver's tolerance of 0 (it works to 1e-7 in LP
    // units) are 0, so no plan reports 1e-6 tokens/s unmet.
    const double v = r.col_value[j] < 1e-9 ? 0.0 : r.col_value[j];
    switch (c.kind) {
      case ColKind::kPay:
        pay_[{c.commitment, c.year}] = v * ctx_.usd_unit();
        return;
      case ColKind::kFleet: {
        fleet_chips_[c.period][c.offering] =
            v * ctx_.chip_unit();  // tiny forecasts hold tiny fleets
        const ShareBasis basis = ctx_.inputs.policy.share_basis;
        if (basis == ShareBasis::kPower) basis_total_[c.period] += v * ctx_.kw_per_chip(c.offering);
        if (basis == ShareBasis::kSpend)
          basis_total_[c.period] += v * *ctx_.price_usd_per_chip_hour(c.offering, c.period);
        // (supply) is the column's upper bound: its reduced cost is the value of one more chip.
        const double up = lp.col_upper[j];
        if (std::isfinite(up) && v >= up - 1e-7 * std::max(1.0, up)) {
          supply_tight.insert({c.period, c.offering});
          const double rc = r.col_reduced_cost.empty() ? 0.0 : r.col_reduced_cost[j];
          if (rc < -1e-9)
            add_binding("supply", cat_.offerings[c.offering].id, plan_.periods[c.period].period,
                        -rc * ctx_.usd_unit() / ctx_.chip_unit() / ctx_.periods[c.period].months,
                        "usd_per_chip_month");
        }
        return;
      }
      case ColKind::kServe: {
        routing_[c.period][{c.slice, c.offering}][c.block] += v * ctx_.token_unit();
        const double w = ctx_.phi(c.block) * v;
        if (ctx_.inputs.policy.share_basis == ShareBasis::kTokens) basis_total_[c.period] += w;
        model_total_[{c.period, ctx_.inputs.demand.slices[c.slice].model}] += w;
        return;
      }
      case ColKind::kUnmet:
        return;  // unmet is what the routing leaves of the demand (finish_unmet)
      case ColKind::kAdded:
        return;  // chips added are read from the fleet (FleetRow::chips_added)
      case ColKind::kContingency: {
        const double tps = snap_to_zero(v * ctx_.token_unit());
        if (tps > 0.0)
          plan_.periods[c.period].contingency.push_back({cat_.providers[c.provider].id,
                                                         ctx_.inputs.demand.slices[c.slice].id,
                                                         cat_.offerings[c.offering].id, tps});
        contingency_[{c.provider, c.period, c.slice}] += v * ctx_.token_unit();
        return;
      }
      case ColKind::kSize:
        size_mw_[c.commitment] = v * ctx_.scale;
        size_dual_[c.commitment] = r.col_reduced_cost.empty() ? 0.0 : r.col_reduced_cost[j];
        size_at_upper_[c.commitment] =
            std::isfinite(lp.col_upper[j]) && lp.col_upper[j] > 0.0 &&
            v >= lp.col_upper[j] - 1e-7 * std::max(1.0, lp.col_upper[j]);
        return;
      case ColKind::kSign:
        sign_[c.commitment] = std::min(1.0, v);
        return;
      case ColKind::kSteps:
      case ColKind::kUnits:
        return;  // whole numbers behind size and fleet, read there
      case ColKind::kShortfall: {
        const double tps = snap_to_zero(v * ctx_.token_unit());
        if (tps <= 0.0) return;
        PeriodPlan& pp = plan_.periods[c.period];
        pp.contingency_shortfall.push_back(
            {cat_.providers[c.provider].id, ctx_.inputs.demand.slices[c.slice].id, tps});
        pp.shortfall_usd +=
            *ctx_.inputs.policy.survive_shortfall_usd_per_mtok * tps * pp.hours * 3600.0 / 1e6;
        return;
      }
    }
  }

  void read_row(const RowInfo& ri, const LpModel& lp, int i, const SolveResult& r) {
    const double dual = r.row_dual[i];
    const double act = r.row_activity[i];
    const bool at_upper = std::isfinite(lp.row_upper[i]) &&
                          act >= lp.row_upper[i] - 1e-7 * std::max(1.0, std::fabs(lp.row_upper[i]));
    const bool at_lower = std::isfinite(lp.row_lower[i]) &&
                          act <= lp.row_lower[i] + 1e-7 * std::max(1.0, std::fabs(lp.row_lower[i]));
    if (at_upper || at_lower) tight.insert({ri.kind, {ri.period, ri.entity}});
    if (ri.period < 0) return;  // take-or-pay, signing, whole steps: per commitment
    PeriodPlan& pp = plan_.periods[ri.period];
    const Period& per = ctx_.periods[ri.period];
    const double months = per.months;
    const bool binding = std::fabs(dual) > 1e-9;
    const double usd_per_mw_unit = ctx_.usd_unit() / ctx_.scale;  // power rows count `scale` MW
    const double mtok =
        ctx_.token_unit() * per.hours * 3600.0 / 1e6;  // Mtok per LP token unit over the period
    switch (ri.kind) {
      case RowKind::kDemand: {
        // One more token/s of mean demand adds κ to the peak row and (1 − φκ)/(1 − φ) to the off
        // row.
        const double kappa = ctx_.peak_to_avg(ri.entity);
        const double per_avg = ri.block == kPeak
                                   ? kappa
                                   : std::max(0.0, 1.0 - ctx_.phi(kPeak) * kappa) / ctx_.phi(kOff);
        pp.demand_usd_per_mtok[ctx_.inputs.demand.slices[ri.entity].id] +=
            snap_to_zero(dual * ctx_.usd_unit() * per_avg / mtok);
        break;
      }
      case RowKind::kDeferrable:
        pp.demand_usd_per_mtok[ctx_.inputs.demand.slices[ri.entity].id] =
            snap_to_zero(dual * ctx_.usd_unit() / mtok);
        break;
      case RowKind::kRegionPower:
        if (binding) {
          const std::string& id = cat_.regions[ri.entity].id;
          pp.region_usd_per_mw[id] = snap_to_zero(-dual * usd_per_mw_unit / months);
          add_binding("region_power", id, pp.period, -dual * usd_per_mw_unit / months,
                      "usd_per_mw_month");
        }
        break;
      case RowKind::kContractPower:
        if (binding) {
          const std::string& id = cat_.commitments[ri.entity].id;
          pp.commitment_usd_per_mw[id] = snap_to_zero(-dual * usd_per_mw_unit / months);
          add_binding("commitment_power", id, pp.period, -dual * usd_per_mw_unit / months,
                      "usd_per_mw_month");
        }
        break;
      case RowKind::kShareMax:
      case RowKind::kShareMin:
      case RowKind::kModelShareMax:
      case RowKind::kModelShareMin:
        if (binding) {
          // Relaxing the limit by one percentage point moves the row by 0.01 × the total it is a
          // share of (all providers' basis, or the model class's served tokens).
          const bool model =
              ri.kind == RowKind::kModelShareMax || ri.kind == RowKind::kModelShareMin;
          const bool is_max = ri.kind == RowKind::kShareMax || ri.kind == RowKind::kModelShareMax;
          const double total =
              model ? model_total_[{ri.period, ri.entity2}] : basis_total_[ri.period];
          const double value = std::fabs(dual) * 0.01 * total * ctx_.usd_unit();
          const std::string& pid = cat_.providers[ri.entity].id;
          const std::string id = model ? cat_.models[ri.entity2].id + "." + pid : pid;
          const char* kind = model ? (is_max ? "model_share_max" : "model_share_min")
                                   : (is_max ? "share_max" : "share_min");
          pp.share_usd_per_pp[fmt::format("{}.{}", id, kind)] = snap_to_zero(value);
          add_binding(kind, id, pp.period, value, "usd_per_pp");
        }
        break;
      case RowKind::kSurvive:
        if (binding) {
          // Lowering σ by one point lowers the row by 0.01·peakrate.
          const double peak = ctx_.peak_rate_tokens_per_s(ri.period, ri.entity) / ctx_.token_unit();
          const std::string& pid = cat_.providers[ri.entity2].id;
          const double value = std::fabs(dual) * 0.01 * peak * ctx_.usd_unit();
          survive_pp_[{ri.entity2, ri.period}] += value;
          headroom_[ri.entity2] +=
              std::fabs(dual) * ctx_.inputs.policy.survive_provider_loss * peak * ctx_.usd_unit();
          pp.share_usd_per_pp[pid + ".survive"] += snap_to_zero(value);
        }
        break;
      case RowKind::kCapacity:
      case RowKind::kSurviveCapacity:
      case RowKind::kOnboarding:
      case RowKind::kTakeOrPay:
      case RowKind::kTakeOrPayMin:
      case RowKind::kOptionPower:
      case RowKind::kSigning:
      case RowKind::kWhole:
        break;
    }
  }

  // The solver meets every row within its tolerance (1e-7 in LP units), so routing may exceed
  // an offering's fleet or a slice's rate by that much. A plan's routing holds both exactly
  // (docs/MODEL.md, (capacity), (demand)): what exceeds is scaled away; unmet takes the rest.
  void trim_routing(int t) {
    auto& routing = routing_[t];
    const int num_offerings = static_cast<int>(cat_.offerings.size());
    std::vector<std::array<double, kBlocks>> load(num_offerings, {0.0, 0.0});
    for (const auto& [key, blocks] : routing)
      for (int b = 0; b < kBlocks; ++b)
        load[key.second][b] += blocks[b] / ctx_.eff_tokens_per_s(key.first, key.second);
    for (auto& [key, blocks] : routing)
      for (int b = 0; b < kBlocks; ++b) {
        const double chips = std::max(0.0, fleet_chips_[t][key.second]);
        if (load[key.second][b] > chips) blocks[b] *= chips / load[key.second][b];
      }
    const int num_slices = static_cast<int>(ctx_.inputs.demand.slices.size());
    std::vector<std::array<double, kBlocks>> served(num_slices, {0.0, 0.0});
    for (const auto& [key, blocks] : routing)
      for (int b = 0; b < kBlocks; ++b) served[key.first][b] += blocks[b];
    std::vector<std::array<double, kBlocks>> factor(num_slices, {1.0, 1.0});
    for (int d = 0; d < num_slices; ++d) {
      if (ctx_.interactive(d)) {
        for (int b = 0; b < kBlocks; ++b) {
          const double rate = ctx_.rate_tokens_per_s(t, b, d);
          if (served[d][b] > rate) factor[d][b] = rate / served[d][b];
        }
      } else {
        const double avg = ctx_.avg_tokens_per_s[t][d];
        const double got = ctx_.phi(kPeak) * served[d][kPeak] + ctx_.phi(kOff) * served[d][kOff];
        if (got > avg) factor[d] = {avg / got, avg / got};
      }
    }
    for (auto& [key, blocks] : routing)
      for (int b = 0; b < kBlocks; ++b) blocks[b] *= factor[key.first][b];
  }

  // Contingency routing may exceed a fleet within the solver's tolerance too: scaled to fit.
  void trim_contingency(int t) {
    PeriodPlan& pp = plan_.periods[t];
    if (pp.contingency.empty()) return;
    std::map<std::string, int> slice_ix, offering_ix;
    for (int d = 0; d < static_cast<int>(ctx_.inputs.demand.slices.size()); ++d)
      slice_ix[ctx_.inputs.demand.slices[d].id] = d;
    for (int o = 0; o < static_cast<int>(cat_.offerings.size()); ++o)
      offering_ix[cat_.offerings[o].id] = o;
    std::map<std::pair<std::string, int>, double> busy;  // (lost, offering) -> chips
    for (const ContingencyRow& w : pp.contingency) {
      const int o = offering_ix.at(w.offering);
      busy[{w.lost, o}] += w.tokens_per_s / ctx_.effc_tokens_per_s(slice_ix.at(w.slice), o);
    }
    for (ContingencyRow& w : pp.contingency) {
      const int o = offering_ix.at(w.offering);
      const double chips = std::max(0.0, fleet_chips_[t][o]);
      const double load = busy[{w.lost, o}];
      if (load > chips) w.tokens_per_s = snap_to_zero(w.tokens_per_s * chips / load);
    }
    pp.contingency.erase(
        std::remove_if(pp.contingency.begin(), pp.contingency.end(),
                       [](const ContingencyRow& w) { return w.tokens_per_s <= 0.0; }),
        pp.contingency.end());
  }

  // Unmet demand per slice: the rate each block asks minus what the routing serves, so that
  // served + unmet is the demand exactly (the u columns agree within the solver's tolerance).
  // The penalty is paid per real token: φ·peak + (1 − φ)·off for an interactive slice.
  void finish_unmet(int t) {
    PeriodPlan& pp = plan_.periods[t];
    const int num_slices = static_cast<int>(ctx_.inputs.demand.slices.size());
    std::vector<std::array<double, kBlocks>> served(num_slices, {0.0, 0.0});
    for (const auto& [key, blocks] : routing_[t])
      for (int b = 0; b < kBlocks; ++b) served[key.first][b] += blocks[b];
    for (int d = 0; d < num_slices; ++d) {
      const std::string& id = ctx_.inputs.demand.slices[d].id;
      double mean = 0.0;
      if (ctx_.interactive(d)) {
        std::array<double, kBlocks> u{};
        for (int b = 0; b < kBlocks; ++b) {
          const double rate = ctx_.rate_tokens_per_s(t, b, d);
          u[b] = rate - served[d][b] > kUnmetTolerance * rate ? rate - served[d][b] : 0.0;
        }
        mean = ctx_.phi(kPeak) * u[kPeak] + ctx_.phi(kOff) * u[kOff];
        if (mean > 0.0) pp.unmet_blocks[id] = {u[kPeak], u[kOff]};
      } else {
        const double avg = ctx_.avg_tokens_per_s[t][d];
        const double got = ctx_.phi(kPeak) * served[d][kPeak] + ctx_.phi(kOff) * served[d][kOff];
        mean = avg - got > kUnmetTolerance * avg ? avg - got : 0.0;
      }
      if (mean <= 0.0) continue;
      pp.unmet_tokens_per_s[id] = mean;
      pp.penalty_usd += ctx_.penalty_usd_per_mtok(d) * mean * pp.hours * 3600.0 / 1e6;
    }
  }

  void add_binding(const char* kind, const std::string& id, const std::string& period, double value,
                   const char* unit) {
    plan_.binding.push_back(BindingLimit{kind, id, period, snap_to_zero(value), unit});
  }

  void finish_survive() {
    const double sigma = ctx_.inputs.policy.survive_provider_loss;
    if (sigma <= 0.0) return;
    for (const auto& [key, value] : survive_pp_)
      add_binding("survive", cat_.providers[key.first].id, plan_.periods[key.second].period, value,
                  "usd_per_pp");
    const int num_slices = static_cast<int>(ctx_.inputs.demand.slices.size());
    for (int p = 0; p < static_cast<int>(cat_.providers.size()); ++p) {
      SurviveLoss loss;
      loss.lost = cat_.providers[p].id;
      loss.servable_fraction = 1.0;
      for (int t = 0; t < static_cast<int>(ctx_.periods.size()); ++t)
        for (int d = 0; d < num_slices; ++d) {
          const double peak = ctx_.peak_rate_tokens_per_s(t, d);
          if (peak <= 0.0) continue;
          const auto it = contingency_.find({p, t, d});
          const double fraction =
              std::min(1.0, (it == contingency_.end() ? 0.0 : it->second) / peak);
          if (fraction < loss.servable_fraction - 1e-12) {
            loss.servable_fraction = fraction;
            loss.worst_slice = ctx_.inputs.demand.slices[d].id;
            loss.worst_period = plan_.periods[t].period;
          }
        }
      loss.servable_fraction = snap_to_zero(loss.servable_fraction);
      loss.headroom_usd = snap_to_zero(headroom_[p]);
      plan_.survive.push_back(std::move(loss));
    }
  }

  // A sized commitment's MW: what the plan signed, snapped to the solver's tolerance.
  double size_mw(int c) const {
    const auto it = size_mw_.find(c);
    return it == size_mw_.end() ? 0.0 : snap_to_zero(it->second);
  }

  // Deals (docs/MODEL.md, "Deals to decide"): size, costs per year and the value of one more MW;
  // value and break-even are filled by make_plan's re-solves.
  void finish_options() {
    const bool integer = plan_.integer;
    std::map<std::string, int> commitment_of;  // offering id -> commitment
    if (!size_mw_.empty())
      for (const Offering& off : cat_.offerings) commitment_of[off.id] = off.commitment;
    for (const auto& [c, raw] : size_mw_) {
      (void)raw;
      const Commitment& com = cat_.commitments[c];
      OptionResult o;
      o.id = com.id;
      o.provider = cat_.providers[com.provider].id;
      o.is_option = com.is_option();
      o.size_max_mw = ctx_.size_max_mw(c);
      o.size_mw = std::min(size_mw(c), o.size_max_mw);
      if (o.size_mw < 1e-9 * std::max(1.0, o.size_max_mw)) o.size_mw = 0.0;
      o.is_signed = o.size_mw > 0.0;
      if (!com.is_option()) {
        o.sign_fraction = 1.0;
      } else if (com.signing_usd) {
        // At the optimum sign[c] is as small as (signing) allows: size / size_max.
        o.sign_fraction = integer ? (o.is_signed ? 1.0 : 0.0)
                                  : snap_to_zero(std::min(1.0, o.size_mw / o.size_max_mw));
      } else {
        o.sign_fraction = o.is_signed ? 1.0 : 0.0;
      }
      o.relaxed = com.is_option() && !integer && (com.signing_usd || com.size_step_mw);
      // One year of the term at a time: reservation on the MW signed, signing in the first.
      std::map<int, int> months;  // year -> months of the year in horizon and term
      for (const Period& per : ctx_.periods)
        for (int k = 0; k < per.months; ++k) {
          const Month m = per.first.plus(k);
          if (com.start <= m && m <= com.end) ++months[m.year()];
        }
      bool first = true;
      for (const auto& [y, n] : months) {
        OptionYear oy;
        oy.year = y;
        oy.reservation_usd =
            snap_to_zero(com.reservation_usd_per_mw_month.value_or(0.0) * o.size_mw * n);
        if (first && com.is_option())
          oy.signing_usd = snap_to_zero(com.signing_usd.value_or(0.0) * o.sign_fraction);
        first = false;
        o.reservation_usd += oy.reservation_usd;
        o.signing_usd += oy.signing_usd;
        o.years.push_back(oy);
      }
      for (const PeriodPlan& pp : plan_.periods)
        for (const FleetRow& f : pp.fleet)
          if (commitment_of.at(f.offering) == c) o.usage_usd += f.cost_usd;
      for (const CommitmentYear& cy : plan_.commitments)
        if (cy.id == com.id) o.usage_usd += cy.stranded_usd;  // paid above usage
      o.usage_usd = snap_to_zero(o.usage_usd);
      o.cost_usd = snap_to_zero(o.reservation_usd + o.signing_usd + o.usage_usd);
      // The size column's reduced cost at its upper bound: what one more MW of size_max saves.
      if (size_at_upper_[c] && com.is_option())
        o.usd_per_mw = snap_to_zero(std::max(0.0, -size_dual_[c] * ctx_.usd_unit() / ctx_.scale));
      plan_.options.push_back(std::move(o));
    }
    std::stable_sort(plan_.options.begin(), plan_.options.end(),
                     [](const OptionResult& a, const OptionResult& b) {
                       return std::tie(b.is_option, a.id) < std::tie(a.is_option, b.id);
                     });
  }

  void finish_commitments() {
    for (const auto& [key, paid] : pay_) {
      const auto [c, y] = key;
      const Commitment& com = cat_.commitments[c];
      CommitmentYear cy;
      cy.id = com.id;
      cy.provider = cat_.providers[com.provider].id;
      cy.year = y;
      cy.months = ctx_.take_or_pay_months(c, y);
      cy.usage_usd = snap_to_zero(usage_[key]);
      cy.min_spend_usd = snap_to_zero(
          com.min_spend_usd_per_year
              ? *com.min_spend_usd_per_year * cy.months / 12.0
              : com.min_spend_usd_per_mw_year.value_or(0.0) * size_mw(c) * cy.months / 12.0);
      // Paid is max(usage, minimum): the pay column sits at it at the optimum.
      cy.paid_usd = snap_to_zero(std::max(cy.usage_usd, cy.min_spend_usd));
      (void)paid;
      cy.stranded_usd = snap_to_zero(std::max(0.0, cy.paid_usd - cy.usage_usd));
      plan_.commitments.push_back(cy);
    }
    // Facility power secured by signed commitments, used vs limit, averaged per calendar year.
    for (int c = 0; c < static_cast<int>(cat_.commitments.size()); ++c) {
      const Commitment& com = cat_.commitments[c];
      if (!com.power_mw || com.status != CommitmentStatus::kSigned) continue;
      // Averages are hours-weighted over the year's periods, like every average of a plan.
      std::map<int, std::pair<double, double>> sums;  // year -> (used·hours, limit·hours)
      std::map<int, double> hours;
      for (size_t t = 0; t < ctx_.periods.size(); ++t) {
        const Period& per = ctx_.periods[t];
        if (!com.active_at(per.first)) continue;
        const int y = per.first.year();
        sums[y].first += power_used_[{c, static_cast<int>(t)}] * per.hours;
        sums[y].second += com.power_mw->at_or(per.first, 0.0) * per.hours;
        hours[y] += per.hours;
      }
      for (const auto& [y, s] : sums) {
        CommitmentPower cp;
        cp.id = com.id;
        cp.provider = cat_.providers[com.provider].id;
        cp.year = y;
        cp.used_mw_avg = snap_to_zero(s.first / hours[y]);
        cp.limit_mw_avg = snap_to_zero(s.second / hours[y]);
        cp.stranded_mw_avg = snap_to_zero(std::max(0.0, cp.limit_mw_avg - cp.used_mw_avg));
        plan_.commitment_power.push_back(cp);
      }
    }
  }

  const ModelContext& ctx_;
  const Catalog& cat_;
  Plan& plan_;
  std::vector<std::vector<double>> fleet_chips_;  // [period][offering], -1 = no column
  std::vector<std::map<std::pair<int, int>, std::array<double, kBlocks>>> routing_ =
      std::vector<std::map<std::pair<int, int>, std::array<double, kBlocks>>>(ctx_.periods.size());
  std::vector<double> basis_total_;                    // Σ_q B_q per period, LP units
  std::map<std::pair<int, int>, double> model_total_;  // (period, model) -> served tokens, LP units
  std::map<std::tuple<int, int, int>, double> contingency_;  // (lost, period, slice) -> tokens/s
  std::map<std::pair<int, int>, double> survive_pp_;         // (lost, period) -> $ per point of σ
  std::map<int, double> headroom_;                           // lost provider -> USD
  std::map<std::pair<int, int>, double> pay_;                // (commitment, year) -> paid USD
  std::map<std::pair<int, int>, double> usage_;              // (commitment, year) -> usage USD
  std::map<std::pair<int, int>, double> power_used_;         // (commitment, period) -> MW
  std::map<int, double> size_mw_;                            // commitment -> MW signed
  std::map<int, double> size_dual_;                          // commitment -> reduced cost
  std::map<int, bool> size_at_upper_;                        // commitment -> size at size_max
  std::map<int, double> sign_;                               // commitment -> sign[c]
};

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out;
}

// Why a slice's demand went unmet, in domain terms.
void explain_unmet(const ModelContext& ctx, const PlanReader& reader, Plan& plan) {
  const Inputs& in = ctx.inputs;
  const Catalog& cat = in.catalog;
  for (size_t t = 0; t < ctx.periods.size(); ++t) {
    const PeriodPlan& pp = plan.periods[t];
    for (const auto& [slice_id, unmet] : pp.unmet_tokens_per_s) {
      int d = 0;
      while (in.demand.slices[d].id != slice_id) ++d;
      const Slice& s = in.demand.slices[d];
      const DemandClass& cls = in.demand.classes[s.demand_class];
      UnmetExplanation e;
      e.period = pp.period;
      e.slice = slice_id;
      e.tokens_per_s = unmet;
      const auto& elig = ctx.eligible[t][d];
      std::vector<std::string> causes;
      if (elig.empty()) {
        causes.push_back(
            "no offering is eligible (no accelerator serves the model in an allowed region "
            "with a price and a signed commitment in term)");
      } else {
        // Cheapest eligible chip, by $ per token, for the MW figure.
        int best = elig.front();
        double best_cost = kInf;
        for (int o : elig) {
          const double c =
              *ctx.price_usd_per_chip_hour(o, static_cast<int>(t)) / ctx.eff_tokens_per_s(d, o);
          if (c < best_cost) best_cost = c, best = o;
        }
        // Capacity is sized at the busiest block: the unmet tokens/s of the peak for an
        // interactive slice, the mean for a deferrable one.
        const auto blocks = pp.unmet_blocks.find(slice_id);
        const double short_tps = blocks == pp.unmet_blocks.end()
                                     ? unmet
                                     : std::max(blocks->second.first, blocks->second.second);
        e.short_mw = snap_to_zero(short_tps / ctx.eff_tokens_per_s(d, best) *
                                  ctx.kw_per_chip(best) / 1000.0);
        std::set<std::string> regions, contracts, supplies, shares;
        const int ti = static_cast<int>(t);
        for (int o : elig) {
          const Offering& off = cat.offerings[o];
          if (reader.tight.count({RowKind::kRegionPower, {ti, off.region}}))
            regions.insert(cat.regions[off.region].id);
          if (off.commitment >= 0 &&
              reader.tight.count({RowKind::kContractPower, {ti, off.commitment}}))
            contracts.insert(cat.commitments[off.commitment].id);
          if (reader.supply_tight.count({ti, o})) supplies.insert(off.id);
          const int p = cat.regions[off.region].provider;
          if (reader.tight.count({RowKind::kShareMax, {ti, p}})) shares.insert(cat.providers[p].id);
        }
        auto list = [](const std::set<std::string>& s) { return join({s.begin(), s.end()}); };
        if (!regions.empty()) causes.push_back("region power limit reached in " + list(regions));
        if (!contracts.empty())
          causes.push_back("commitment power fully used in " + list(contracts));
        if (!supplies.empty()) causes.push_back("chip supply exhausted for " + list(supplies));
        if (!shares.empty()) causes.push_back("provider share cap reached for " + list(shares));
        if (causes.empty())
          causes.push_back(
              fmt::format("serving it would cost more than the unmet penalty of ${}/Mtok",
                          ctx.penalty_usd_per_mtok(d)));
      }
      e.reason = elig.empty()
                     ? fmt::format("{} {} {} demand unmet in {}: nothing can serve it ({})", s.geo,
                                   cls.interactive ? "interactive" : "batch",
                                   cat.models[s.model].id, pp.period, join(causes))
                     : fmt::format("{} {} {} demand short {:.0f} MW in {}: {}", s.geo,
                                   cls.interactive ? "interactive" : "batch",
                                   cat.models[s.model].id, e.short_mw, pp.period, join(causes));
      plan.unmet_explanations.push_back(std::move(e));
    }
  }
}

}  // namespace

const char* to_string(PlanStatus status) {
  switch (status) {
    case PlanStatus::kOptimal:
      return "optimal";
    case PlanStatus::kInfeasible:
      return "infeasible";
    case PlanStatus::kLimitReached:
      return "limit_reached";
    case PlanStatus::kError:
      return "error";
  }
  return "error";
}

std::optional<PlanStatus> parse_plan_status(std::string_view text) {
  for (const PlanStatus s : {PlanStatus::kOptimal, PlanStatus::kInfeasible,
                             PlanStatus::kLimitReached, PlanStatus::kError})
    if (text == to_string(s)) return s;
  return std::nullopt;
}

namespace {

BuildOptions build_options(const Inputs& inputs, const PlanOptions& options) {
  BuildOptions b;
  b.names = options.names;
  b.integer = options.integer || inputs.policy.integer;
  b.forbid = options.forbid;
  b.price_factor = options.price_factor;
  return b;
}

// Throws SolverError when a block's solve failed or stopped at a limit; false when a block is
// infeasible (or unbounded), true when every block is optimal.
bool check_blocks(const std::vector<BlockSolution>& solved, const PlanOptions& options) {
  for (const BlockSolution& bs : solved) {
    if (bs.result.call == CallStatus::kError)
      throw SolverError(fmt::format("solver failed: error ({})", bs.result.message));
    if (bs.result.status == SolveStatus::kOptimal) continue;
    if (bs.result.status == SolveStatus::kFeasible) continue;  // integer, not proven: a plan
    if (bs.result.status == SolveStatus::kLimitReached && options.time_limit_s > 0)
      throw SolverError(fmt::format("no plan within the time limit of {} s", options.time_limit_s));
    if (bs.result.status == SolveStatus::kLimitReached)
      throw SolverError(
          fmt::format("solver failed: {} ({})", to_string(bs.result.status), bs.result.message));
    return false;
  }
  return true;
}

// One re-solve of the deals analysis: the objective, and B: the part of it that scales with
// commitment c's price factor f, divided by f (its cost at factor 1 for this plan).
struct Resolve {
  bool feasible = false;
  double objective_usd = 0, unit_cost_usd = 0;
};

class DealValuer {
 public:
  DealValuer(const ModelContext& ctx, const std::vector<std::vector<int>>& blocks,
             const PlanOptions& options, const BuildOptions& build,
             const std::vector<Basis>& bases, const std::vector<BlockSolution>& plan_solution)
      : ctx_(ctx),
        blocks_(blocks),
        options_(options),
        build_(build),
        bases_(bases),
        plan_solution_(plan_solution) {
    options_.threads = 1;
    options_.bases_out = nullptr;
    options_.unique = false;  // the objective is unique; which optimal plan does not matter
  }

  // docs/MODEL.md, "Value and break-even": value = objective(forbidden) − objective(allowed);
  // the break-even factor by Newton steps on the objective, a concave piecewise-linear function
  // of the factor, from below (each step lands at or before the root, and the last is exact).
  void value(int c, double base_objective_usd, OptionResult& out) const {
    // Unsigned in the plan: the plan itself is optimal with the option forbidden.
    const Resolve forbidden = signed_in_plan(c) ? solve(c, 1.0, true, bases_, nullptr)
                                                : Resolve{true, base_objective_usd, 0.0};
    if (!forbidden.feasible) {  // nothing can replace it: worth every price
      out.valued = true;
      out.value_usd = kInf;
      return;
    }
    const double F = forbidden.objective_usd;
    // Values below the solves' precision are 0: the solver's tolerance, or in integer mode the
    // gap target, within which each re-solve's objective may sit above its optimum.
    const double precision = build_.integer ? std::max(1e-7, options_.mip_gap) : 1e-7;
    const double tol = precision * std::max(1.0, std::fabs(F));
    out.valued = true;
    out.value_usd = snap_to_zero(std::max(0.0, F - base_objective_usd));
    if (out.value_usd <= tol) out.value_usd = 0.0;
    // At f = 1 the plan itself: its objective, and the cost of c's priced items in it.
    double f = 1.0;
    Resolve at{true, base_objective_usd, priced_cost(plan_solution_, c, 1.0)};
    // Each later step starts from the previous step's bases: plans at nearby factors differ in a
    // few columns, where the plan's own bases are hundreds of pivots away.
    std::vector<Basis> chain = bases_;
    if (F - at.objective_usd <= tol) {
      // Not worth signing at its prices: step down until it is, near 1 first (a deal close to
      // break-even is a few pivots away; 0.001 is hundreds).
      for (const double low : kLowFactors) {
        f = low;
        at = solve(c, f, false, chain, &chain);
        if (!at.feasible) break;
        if (F - at.objective_usd > tol) break;
      }
      if (!at.feasible || F - at.objective_usd <= tol) {
        out.breakeven_price_factor = 0.0;  // worth nothing even nearly free
        return;
      }
    }
    for (int step = 0; step < kMaxSteps; ++step) {
      const double gap = F - at.objective_usd;
      if (gap <= tol) break;
      if (at.unit_cost_usd <= 0.0) return;  // its prices do not matter: no break-even
      const double next = f + gap / at.unit_cost_usd;
      if (next <= f * (1.0 + 1e-9)) break;
      f = next;
      at = solve(c, f, false, chain, &chain);
      if (!at.feasible) return;
    }
    out.breakeven_price_factor = f;
  }

 private:
  static constexpr double kLowFactors[] = {0.9, 0.5, 1e-3};
  static constexpr int kMaxSteps = 60;

  // One re-solve, warm-started from `start` (bases of the same model shape); its own bases go to
  // `bases_out` when given.
  Resolve solve(int c, double factor, bool forbid, const std::vector<Basis>& start,
                std::vector<Basis>* bases_out) const {
    BuildOptions build = build_;
    const size_t n = ctx_.inputs.catalog.commitments.size();
    if (build.price_factor.empty()) build.price_factor.assign(n, 1.0);
    if (build.forbid.empty()) build.forbid.assign(n, 0);
    build.price_factor[c] *= factor;
    if (forbid) build.forbid[c] = 1;
    PlanOptions options = options_;
    const std::vector<Basis> from = start;  // `start` may be `*bases_out`
    options.warm_start = from.empty() ? nullptr : &from;
    options.bases_out = bases_out;
    const std::vector<BlockSolution> solved = solve_blocks(ctx_, blocks_, options, build);
    Resolve r;
    if (!check_blocks(solved, options_)) return r;
    if (bases_out != nullptr) {
      bases_out->clear();
      for (const BlockSolution& bs : solved) bases_out->push_back(bs.result.basis);
    }
    r.feasible = true;
    for (const BlockSolution& bs : solved) r.objective_usd += bs.result.objective * ctx_.usd_unit();
    r.unit_cost_usd = priced_cost(solved, c, factor);
    return r;
  }

  // Whether the plan signs option c: some MW of it, or its signing column above 0.
  bool signed_in_plan(int c) const {
    for (const BlockSolution& bs : plan_solution_)
      for (size_t j = 0; j < bs.model.cols.size(); ++j) {
        const ColInfo& ci = bs.model.cols[j];
        if (ci.commitment == c && (ci.kind == ColKind::kSize || ci.kind == ColKind::kSign) &&
            bs.result.col_value[j] != 0.0)
          return true;
      }
    return false;
  }

  // B: the cost of commitment c's priced items in a solution whose prices carry `factor`, per
  // unit of the factor (its cost at factor 1 for that plan).
  double priced_cost(const std::vector<BlockSolution>& solved, int c, double factor) const {
    const Catalog& cat = ctx_.inputs.catalog;
    double cost = 0.0;
    for (const BlockSolution& bs : solved) {
      for (size_t j = 0; j < bs.model.cols.size(); ++j) {
        const ColInfo& ci = bs.model.cols[j];
        const int owner = ci.offering >= 0 ? cat.offerings[ci.offering].commitment : ci.commitment;
        const bool scaled = owner == c && (ci.kind == ColKind::kFleet || ci.kind == ColKind::kAdded ||
                                           ci.kind == ColKind::kPay || ci.kind == ColKind::kSize);
        if (scaled)
          cost += bs.model.lp.objective[j] * bs.result.col_value[j] * ctx_.usd_unit() / factor;
      }
    }
    return cost;
  }

  const ModelContext& ctx_;
  const std::vector<std::vector<int>>& blocks_;
  PlanOptions options_;
  const BuildOptions& build_;
  const std::vector<Basis>& bases_;
  const std::vector<BlockSolution>& plan_solution_;  // the plan's own blocks, at factor 1
};

// Value and break-even of every option, options in parallel (each re-solve warm-started from
// the plan's own bases).
void value_options(const ModelContext& ctx, const std::vector<std::vector<int>>& blocks,
                   const PlanOptions& options, const BuildOptions& build,
                   const std::vector<Basis>& bases, const std::vector<BlockSolution>& solved,
                   Plan& plan) {
  std::vector<std::pair<int, OptionResult*>> work;
  for (OptionResult& o : plan.options) {
    if (!o.is_option) continue;
    const auto& commitments = ctx.inputs.catalog.commitments;
    for (int c = 0; c < static_cast<int>(commitments.size()); ++c)
      if (commitments[c].id == o.id) work.emplace_back(c, &o);
  }
  if (work.empty()) return;
  const DealValuer valuer(ctx, blocks, options, build, bases, solved);
  parallel_for(work.size(), worker_threads(options.threads), [&](size_t i) {
    valuer.value(work[i].first, plan.objective_usd, *work[i].second);
  });
}

}  // namespace

Plan make_plan(const Inputs& inputs, const PlanOptions& options) {
  ModelContext ctx(inputs);
  Plan plan;
  plan.scenario = inputs.scenario;
  plan.input_hashes = inputs.document_hashes;
  plan.peak_hours_share = inputs.policy.peak_hours_share;
  plan.share_basis = to_string(inputs.policy.share_basis);
  plan.survive_provider_loss = inputs.policy.survive_provider_loss;
  // A (survive) row no eligible pair can meet: no plan, and the plan says where.
  if (const std::vector<SurviveGap> gaps = survive_gaps(ctx); !gaps.empty()) {
    const SurviveGap& g = gaps.front();
    plan.status = PlanStatus::kInfeasible;
    plan.message = fmt::format(
        "no feasible plan: survive_provider_loss {} needs {} served in {} without {}, and no "
        "offering of another provider can serve it{}",
        inputs.policy.survive_provider_loss, inputs.demand.slices[g.slice].id,
        ctx.periods[g.period].label(), inputs.catalog.providers[g.provider].id,
        gaps.size() > 1 ? fmt::format(" ({} such slices and periods)", gaps.size()) : "");
    return plan;
  }
  std::vector<std::vector<int>> blocks;
  if (options.decompose) {
    blocks = plan_blocks(ctx);
  } else {
    blocks.emplace_back();
    for (int t = 0; t < static_cast<int>(ctx.periods.size()); ++t) blocks.back().push_back(t);
  }
  const BuildOptions build = build_options(inputs, options);
  plan.integer = build.integer;
  // Value and break-even re-solve from the plan's bases: keep them when they are asked for.
  std::vector<Basis> bases;
  PlanOptions first = options;
  const bool values = options.option_values && options.forbid.empty() &&
                      options.price_factor.empty() && has_options(inputs.catalog);
  if (values && first.bases_out == nullptr) first.bases_out = &bases;
  std::vector<BlockSolution> solved = solve_blocks(ctx, blocks, first, build);
  const auto t_read = std::chrono::steady_clock::now();
  if (first.bases_out != nullptr) {
    first.bases_out->clear();
    for (BlockSolution& bs : solved) first.bases_out->push_back(bs.result.basis);
  }
  if (options.timings != nullptr) {
    for (const BlockSolution& bs : solved) {
      options.timings->build_s += bs.build_s;
      options.timings->solve_s += bs.solve_s;
      options.timings->iterations += bs.result.iterations;
    }
  }

  plan.stats.blocks = static_cast<int>(blocks.size());
  for (const BlockSolution& bs : solved) {
    plan.stats.rows += bs.model.lp.num_rows();
    plan.stats.cols += bs.model.lp.num_cols();
    plan.stats.nonzeros += bs.model.lp.num_nonzeros();
  }
  if (!check_blocks(solved, options)) {
    plan.status = PlanStatus::kInfeasible;
    SolveStatus status = SolveStatus::kInfeasible;
    for (const BlockSolution& bs : solved)
      if (bs.result.status != SolveStatus::kOptimal) status = bs.result.status;
    plan.message =
        fmt::format("no feasible plan: the constraints cannot all hold ({})", to_string(status));
    plan.verification.ok = false;
    return plan;
  }

  PlanReader reader(ctx, plan);
  reader.init_periods();
  for (const BlockSolution& bs : solved) reader.read_block(bs);
  reader.finish();
  explain_unmet(ctx, reader, plan);
  // The LP's optimum (the tie-break pass keeps it, within the solver's tolerance); the verifier
  // recomputes it from the plan's own numbers.
  double objective = 0.0;
  for (const BlockSolution& bs : solved) objective += bs.result.objective;
  plan.objective_usd = snap_to_zero(objective * ctx.usd_unit());
  for (PeriodPlan& pp : plan.periods) {
    pp.penalty_usd = snap_to_zero(pp.penalty_usd);
    pp.shortfall_usd = snap_to_zero(pp.shortfall_usd);
    plan.unmet_penalty_usd += pp.penalty_usd;
  }
  plan.unmet_penalty_usd = snap_to_zero(plan.unmet_penalty_usd);
  if (build.integer) {
    // Integer mode: the gap over all blocks, and what whole units cost over the relaxation.
    double bound = 0.0, relaxation = 0.0;
    plan.proven_optimal = true;
    for (const BlockSolution& bs : solved) {
      const bool mip = bs.result.integer;
      bound += (mip ? bs.result.best_bound : bs.result.objective) * ctx.usd_unit();
      relaxation += (mip ? bs.result.relaxation_objective : bs.result.objective) * ctx.usd_unit();
      plan.proven_optimal = plan.proven_optimal && bs.result.status == SolveStatus::kOptimal;
    }
    plan.relaxation_objective_usd = snap_to_zero(relaxation);
    plan.mip_gap_target = options.mip_gap;
    plan.mip_gap = snap_to_zero(std::max(0.0, plan.objective_usd - bound) /
                                std::max(1e-9, std::fabs(plan.objective_usd)));
  }
  if (values) value_options(ctx, blocks, options, build, *first.bases_out, solved, plan);
  plan.verification = verify_plan(plan, inputs);
  if (options.timings != nullptr) options.timings->read_s = seconds_since(t_read);
  return plan;
}

}  // namespace capplan
