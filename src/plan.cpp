// make_plan: build the LP (per independent block), solve with Clp, read the answer back in
// domain units, explain it (duals, binding limits, stranded commitments, unmet demand) and
// verify it independently.
#include "capplan/plan.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "capplan/verify.hpp"
#include "model_builder.hpp"
#include "numeric.hpp"

namespace capplan {

namespace {

struct BlockSolution {
  BuiltModel model;
  SolveResult result;
  double build_s = 0, solve_s = 0;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Solves every block, in parallel when there are several. Blocks are independent; each thread
// owns its solver.
std::vector<BlockSolution> solve_blocks(const ModelContext& ctx, const std::vector<std::vector<int>>& blocks,
                                        const PlanOptions& options) {
  std::vector<BlockSolution> out(blocks.size());
  std::atomic<size_t> next{0};
  // A failure in a thread travels back to the caller instead of ending the process.
  std::mutex error_mutex;
  std::exception_ptr error;
  auto work = [&] {
    try {
      auto solver = options.make_solver ? options.make_solver() : make_clp_solver();
      SolveOptions so;
      so.time_limit_s = options.time_limit_s;
      so.want_basis = options.bases_out != nullptr;
      for (size_t b = next++; b < blocks.size(); b = next++) {
        const bool warm = options.warm_start != nullptr && b < options.warm_start->size();
        so.warm_start = warm ? &(*options.warm_start)[b] : nullptr;
        auto t0 = std::chrono::steady_clock::now();
        out[b].model = build_model(ctx, blocks[b]);
        out[b].build_s = seconds_since(t0);
        t0 = std::chrono::steady_clock::now();
        out[b].result = solver->solve(out[b].model.lp, so);
        out[b].solve_s = seconds_since(t0);
      }
    } catch (...) {
      const std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      next = blocks.size();  // the other threads stop after their current block
    }
  };
  unsigned threads = options.threads > 0 ? static_cast<unsigned>(options.threads)
                                         : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<unsigned>(threads, static_cast<unsigned>(blocks.size()));
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (unsigned i = 0; i < threads; ++i) pool.emplace_back(work);
    for (auto& th : pool) th.join();
  }
  if (error) std::rethrow_exception(error);
  return out;
}

class PlanReader {
 public:
  PlanReader(const ModelContext& ctx, Plan& plan) : ctx_(ctx), cat_(ctx.inputs.catalog), plan_(plan) {}

  void init_periods() {
    const auto& slices = ctx_.inputs.demand.slices;
    for (size_t t = 0; t < ctx_.periods.size(); ++t) {
      PeriodPlan pp;
      pp.period = ctx_.periods[t].label();
      pp.hours = ctx_.periods[t].hours;
      const Period& per = ctx_.periods[t];
      for (size_t d = 0; d < slices.size(); ++d) {
        pp.need_tokens_per_s += ctx_.need_tokens_per_s[t][d];
        pp.demand_tokens += ctx_.inputs.demand.tokens_per_day(static_cast<int>(d), per.first) * per.hours / 24.0;
      }
      for (const Provider& p : cat_.providers) pp.providers[p.id] = ProviderPeriod{};
      plan_.periods.push_back(std::move(pp));
    }
  }

  void read_block(const BlockSolution& bs) {
    const LpModel& lp = bs.model.lp;
    const SolveResult& r = bs.result;
    for (int j = 0; j < lp.num_cols(); ++j) read_col(bs.model.cols[j], r.col_value[j]);
    for (int i = 0; i < lp.num_rows(); ++i) read_row(bs.model.rows[i], lp, i, r);
  }

  void finish() {
    for (PeriodPlan& pp : plan_.periods) {
      std::sort(pp.allocations.begin(), pp.allocations.end(), [](const auto& a, const auto& b) {
        return std::tie(a.slice, a.offering) < std::tie(b.slice, b.offering);
      });
      for (auto& [id, pv] : pp.providers) {
        pv.share_fraction = pp.served_tokens_per_s > 0
                                ? snap_to_zero(pv.tokens_per_s / pp.served_tokens_per_s)
                                : 0.0;
      }
    }
    finish_commitments();
    std::sort(plan_.binding.begin(), plan_.binding.end(), [](const auto& a, const auto& b) {
      return std::tie(a.kind, a.id, a.period) < std::tie(b.kind, b.id, b.period);
    });
  }

  // Row activity at its limit, per row name, for explaining unmet demand.
  std::set<std::pair<RowKind, std::pair<int, int>>> tight;  // (kind, (period, entity))

 private:
  void read_col(const ColInfo& c, double v) {
    if (c.kind == ColKind::kPay) {
      pay_[{c.commitment, c.year}] = v * ctx_.usd_unit();
      return;
    }
    if (v <= 0.0) return;
    PeriodPlan& pp = plan_.periods[c.period];
    const Slice& s = ctx_.inputs.demand.slices[c.slice];
    if (c.kind == ColKind::kUnmet) {
      // u is sized like need (at the peak); a plan reports real tokens/s of the period's mean.
      const double p2a = ctx_.inputs.demand.classes[s.demand_class].peak_to_avg;
      const double u = snap_to_zero(v * ctx_.token_unit() / p2a);
      if (u > 0.0) pp.unmet_tokens_per_s[s.id] = u;
      return;
    }
    const Offering& off = cat_.offerings[c.offering];
    const Region& reg = cat_.regions[off.region];
    AllocationRow a;
    a.slice = s.id;
    a.offering = off.id;
    a.provider = cat_.providers[reg.provider].id;
    a.region = reg.id;
    a.accelerator = cat_.accelerators[off.accelerator].id;
    a.chips = snap_to_zero(v * ctx_.chip_unit());
    if (a.chips == 0.0) return;
    a.tokens_per_s = snap_to_zero(a.chips * ctx_.eff_tokens_per_s(c.slice, c.offering));
    a.power_mw = snap_to_zero(a.chips * ctx_.kw_per_chip(c.offering) / 1000.0);
    a.cost_usd =
        snap_to_zero(a.chips * *ctx_.price_usd_per_chip_hour(c.offering, c.period) * pp.hours);
    pp.served_tokens_per_s += a.tokens_per_s;
    pp.power_mw += a.power_mw;
    pp.cost_usd += a.cost_usd;
    ProviderPeriod& pv = pp.providers[a.provider];
    pv.chips += a.chips;
    pv.tokens_per_s += a.tokens_per_s;
    pv.power_mw += a.power_mw;
    pv.cost_usd += a.cost_usd;
    if (off.commitment >= 0) {
      usage_[{off.commitment, ctx_.periods[c.period].first.year()}] += a.cost_usd;
      power_used_[{off.commitment, c.period}] += a.power_mw;
    }
    pp.allocations.push_back(std::move(a));
  }

  void read_row(const RowInfo& ri, const LpModel& lp, int i, const SolveResult& r) {
    const double dual = r.row_dual[i];
    const double act = r.row_activity[i];
    const bool at_upper = std::isfinite(lp.row_upper[i]) &&
                          act >= lp.row_upper[i] - 1e-7 * std::max(1.0, std::fabs(lp.row_upper[i]));
    const bool at_lower = std::isfinite(lp.row_lower[i]) &&
                          act <= lp.row_lower[i] + 1e-7 * std::max(1.0, std::fabs(lp.row_lower[i]));
    if (ri.kind != RowKind::kDemand && ri.kind != RowKind::kTakeOrPay && (at_upper || at_lower))
      tight.insert({ri.kind, {ri.period, ri.entity}});
    if (ri.kind == RowKind::kTakeOrPay) return;
    PeriodPlan& pp = plan_.periods[ri.period];
    const Period& per = ctx_.periods[ri.period];
    const double months = per.months;
    const bool binding = std::fabs(dual) > 1e-9;
    const double served = served_lp(ri.period);
    const double usd_per_mw_unit = ctx_.usd_unit() / ctx_.scale;  // power rows count `scale` MW
    switch (ri.kind) {
      case RowKind::kDemand: {
        // $ per 1M tokens of additional average demand: need grows by peak_to_avg per token/s.
        const Slice& s = ctx_.inputs.demand.slices[ri.entity];
        const double p2a = ctx_.inputs.demand.classes[s.demand_class].peak_to_avg;
        const double mtok = ctx_.token_unit() * per.hours * 3600.0 / 1e6;
        pp.demand_usd_per_mtok[s.id] = snap_to_zero(dual * ctx_.usd_unit() * p2a / mtok);
        break;
      }
      case RowKind::kRegionPower:
        if (binding) {
          const std::string& id = cat_.regions[ri.entity].id;
          pp.region_usd_per_mw[id] = snap_to_zero(-dual * usd_per_mw_unit / months);
          add_binding("region_power", id, pp.period, -dual * usd_per_mw_unit / months, "usd_per_mw_month");
        }
        break;
      case RowKind::kContractPower:
        if (binding) {
          const std::string& id = cat_.commitments[ri.entity].id;
          pp.commitment_usd_per_mw[id] = snap_to_zero(-dual * usd_per_mw_unit / months);
          add_binding("commitment_power", id, pp.period, -dual * usd_per_mw_unit / months, "usd_per_mw_month");
        }
        break;
      case RowKind::kSupply:
        if (binding)
          add_binding("supply", cat_.offerings[ri.entity].id, pp.period,
                      -dual * ctx_.usd_unit() / ctx_.chip_unit() / months, "usd_per_chip_month");
        break;
      case RowKind::kShareMax:
      case RowKind::kShareMin:
      case RowKind::kSurvive:
        if (binding) {
          const std::string& id = cat_.providers[ri.entity].id;
          const char* kind = ri.kind == RowKind::kShareMax ? "share_max"
                             : ri.kind == RowKind::kShareMin ? "share_min" : "survive";
          // Relaxing the share by one percentage point moves the row bound by 0.01·served
          // (0.01·total need for survive).
          const double base = ri.kind == RowKind::kSurvive ? pp.need_tokens_per_s / ctx_.token_unit() : served;
          const double value = std::fabs(dual) * 0.01 * base * ctx_.usd_unit();
          pp.share_usd_per_pp[fmt::format("{}.{}", id, kind)] = snap_to_zero(value);
          add_binding(kind, id, pp.period, value, "usd_per_pp");
        }
        break;
      case RowKind::kTakeOrPay:
        break;
    }
  }

  // Served tokens/s in LP units in a period; allocations of a period are read before its rows.
  double served_lp(int period) const { return plan_.periods[period].served_tokens_per_s / ctx_.token_unit(); }

  void add_binding(const char* kind, const std::string& id, const std::string& period, double value,
                   const char* unit) {
    plan_.binding.push_back(BindingLimit{kind, id, period, snap_to_zero(value), unit});
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
      cy.min_spend_usd = snap_to_zero(*com.min_spend_usd_per_year * cy.months / 12.0);
      cy.paid_usd = snap_to_zero(paid);
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
  std::map<std::pair<int, int>, double> pay_;         // (commitment, year) -> paid USD
  std::map<std::pair<int, int>, double> usage_;       // (commitment, year) -> usage USD
  std::map<std::pair<int, int>, double> power_used_;  // (commitment, period) -> MW
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
        causes.push_back("no offering is eligible (no accelerator serves the model in an allowed region "
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
        // Capacity is sized at the peak: the unmet mean tokens/s × peak_to_avg.
        e.short_mw = snap_to_zero(unmet * cls.peak_to_avg / ctx.eff_tokens_per_s(d, best) *
                                  ctx.kw_per_chip(best) / 1000.0);
        std::set<std::string> regions, contracts, supplies, shares;
        const int ti = static_cast<int>(t);
        for (int o : elig) {
          const Offering& off = cat.offerings[o];
          if (reader.tight.count({RowKind::kRegionPower, {ti, off.region}}))
            regions.insert(cat.regions[off.region].id);
          if (off.commitment >= 0 && reader.tight.count({RowKind::kContractPower, {ti, off.commitment}}))
            contracts.insert(cat.commitments[off.commitment].id);
          if (reader.tight.count({RowKind::kSupply, {ti, o}})) supplies.insert(off.id);
          const int p = cat.regions[off.region].provider;
          if (reader.tight.count({RowKind::kShareMax, {ti, p}})) shares.insert(cat.providers[p].id);
        }
        auto list = [](const std::set<std::string>& s) { return join({s.begin(), s.end()}); };
        if (!regions.empty()) causes.push_back("region power limit reached in " + list(regions));
        if (!contracts.empty()) causes.push_back("commitment power fully used in " + list(contracts));
        if (!supplies.empty()) causes.push_back("chip supply exhausted for " + list(supplies));
        if (!shares.empty()) causes.push_back("provider share cap reached for " + list(shares));
        if (causes.empty())
          causes.push_back(fmt::format("serving it would cost more than the unmet penalty of ${}/Mtok",
                                       in.policy.unmet_penalty_usd_per_mtok));
      }
      e.reason = elig.empty() ? fmt::format("{} {} {} demand unmet in {}: nothing can serve it ({})", s.geo,
                                            cls.interactive ? "interactive" : "batch", cat.models[s.model].id,
                                            pp.period, join(causes))
                              : fmt::format("{} {} {} demand short {:.0f} MW in {}: {}", s.geo,
                                            cls.interactive ? "interactive" : "batch", cat.models[s.model].id,
                                            e.short_mw, pp.period, join(causes));
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

Plan make_plan(const Inputs& inputs, const PlanOptions& options) {
  ModelContext ctx(inputs);
  std::vector<std::vector<int>> blocks;
  if (options.decompose) {
    blocks = plan_blocks(ctx);
  } else {
    blocks.emplace_back();
    for (int t = 0; t < static_cast<int>(ctx.periods.size()); ++t) blocks.back().push_back(t);
  }
  std::vector<BlockSolution> solved = solve_blocks(ctx, blocks, options);
  const auto t_read = std::chrono::steady_clock::now();
  if (options.bases_out != nullptr) {
    options.bases_out->clear();
    for (BlockSolution& bs : solved) options.bases_out->push_back(std::move(bs.result.basis));
  }
  if (options.timings != nullptr) {
    for (const BlockSolution& bs : solved) {
      options.timings->build_s += bs.build_s;
      options.timings->solve_s += bs.solve_s;
      options.timings->iterations += bs.result.iterations;
    }
  }

  Plan plan;
  plan.scenario = inputs.scenario;
  plan.input_hashes = inputs.document_hashes;
  plan.stats.blocks = static_cast<int>(blocks.size());
  for (const BlockSolution& bs : solved) {
    plan.stats.rows += bs.model.lp.num_rows();
    plan.stats.cols += bs.model.lp.num_cols();
    plan.stats.nonzeros += bs.model.lp.num_nonzeros();
    if (bs.result.call == CallStatus::kError)
      throw SolverError(fmt::format("solver failed: error ({})", bs.result.message));
    if (bs.result.status == SolveStatus::kOptimal) continue;
    if (bs.result.status == SolveStatus::kLimitReached && options.time_limit_s > 0)
      throw SolverError(fmt::format("no plan within the time limit of {} s", options.time_limit_s));
    if (bs.result.status == SolveStatus::kLimitReached)
      throw SolverError(fmt::format("solver failed: {} ({})", to_string(bs.result.status), bs.result.message));
    plan.status = PlanStatus::kInfeasible;
    plan.message = fmt::format("no feasible plan: the constraints cannot all hold ({})", to_string(bs.result.status));
    plan.verification.ok = false;
    return plan;
  }

  PlanReader reader(ctx, plan);
  reader.init_periods();
  double objective = 0.0;
  for (const BlockSolution& bs : solved) {
    reader.read_block(bs);
    objective += bs.result.objective;
  }
  reader.finish();
  explain_unmet(ctx, reader, plan);
  plan.objective_usd = snap_to_zero(objective * ctx.usd_unit());
  // The penalty per real token not served (docs/MODEL.md, Objective): unmet is mean tokens/s.
  for (PeriodPlan& pp : plan.periods) {
    for (const auto& [slice, u] : pp.unmet_tokens_per_s)
      pp.penalty_usd += inputs.policy.unmet_penalty_usd_per_mtok * u * pp.hours * 3600.0 / 1e6;
    pp.penalty_usd = snap_to_zero(pp.penalty_usd);
    plan.unmet_penalty_usd += pp.penalty_usd;
  }
  plan.unmet_penalty_usd = snap_to_zero(plan.unmet_penalty_usd);
  plan.verification = verify_plan(plan, inputs);
  if (options.timings != nullptr) options.timings->read_s = seconds_since(t_read);
  return plan;
}

}  // namespace capplan
