// A plan as a table, markdown, csv or json (render.hpp), and the number formats every renderer
// shares: dollars, counts and fixed decimals with thousands separators, percentages.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <string_view>

#include "capplan/render.hpp"
#include "text_table.hpp"

namespace capplan {

const char* to_string(Format format) {
  switch (format) {
    case Format::kTable:
      return "table";
    case Format::kJson:
      return "json";
    case Format::kCsv:
      return "csv";
    case Format::kMarkdown:
      return "markdown";
  }
  return "table";
}

std::optional<Format> parse_format(const std::string& name) {
  for (const Format f : {Format::kTable, Format::kJson, Format::kCsv, Format::kMarkdown})
    if (name == to_string(f)) return f;
  return std::nullopt;
}

std::string format_usd(double usd) {
  const double a = std::fabs(usd);
  const char* sign = usd < 0 ? "-" : "";
  if (a >= 1e9) return fmt::format("{}${:.2f}B", sign, a / 1e9);
  if (a >= 1e6) return fmt::format("{}${:.1f}M", sign, a / 1e6);
  if (a >= 1e3) return fmt::format("{}${:.1f}k", sign, a / 1e3);
  return fmt::format("{}${:.2f}", sign, a);
}

std::string format_grouped(double v, int decimals) {
  std::string text = fmt::format("{:.{}f}", std::fabs(v), decimals);
  const std::size_t point = std::min(text.find('.'), text.size());
  for (std::size_t i = point; i > 3; i -= 3) text.insert(i - 3, ",");
  const bool nonzero = text.find_first_of("123456789") != std::string::npos;
  return (v < 0 && nonzero ? "-" : "") + text;
}

// Rounded half away from zero (llround), unlike format_grouped's round-half-to-even.
std::string format_count(double n) {
  return format_grouped(static_cast<double>(std::llround(n)), 0);
}

std::string format_percent(double fraction) {
  const double pct = std::round(fraction * 1000.0) / 10.0;
  return fmt::format("{:.1f}%", pct == 0.0 ? 0.0 : pct);
}

namespace {

// A table from its headers; a header starting with '>' is right-aligned (numbers).
TextTable table_of(std::initializer_list<std::string_view> headers) {
  TextTable t;
  for (std::string_view h : headers) {
    const bool right = !h.empty() && h[0] == '>';
    t.add_column(std::string(right ? h.substr(1) : h), right);
  }
  return t;
}

std::string chips_by_accelerator(const ProviderYearFigures& yp) {
  std::string s;
  for (const auto& [acc, chips] : yp.chips_by_accelerator_avg) {
    if (std::llround(chips) == 0) continue;
    s += (s.empty() ? "" : ", ") + acc + " " + format_count(chips);
  }
  return s.empty() ? "—" : s;
}

// The routing, one row per period, slice and offering: tokens/s per block and the period's mean.
void render_csv(const Plan& plan, std::ostream& out) {
  out << "period,slice,offering,provider,region,accelerator,peak_tokens_per_s,off_tokens_per_s,"
         "tokens_per_s\n";
  for (const PeriodPlan& pp : plan.periods)
    for (const AllocationRow& a : pp.allocations)
      out << fmt::format("{},{},{},{},{},{},{},{},{}\n", pp.period, csv_field(a.slice),
                         csv_field(a.offering), csv_field(a.provider), csv_field(a.region),
                         csv_field(a.accelerator), a.peak_tokens_per_s, a.off_tokens_per_s,
                         a.tokens_per_s);
}

void heading(std::ostream& out, bool md, const std::string& title) {
  if (md)
    out << "\n## " << title << "\n\n";
  else
    out << "\n" << title << "\n";
}

void emit(std::ostream& out, bool md, const TextTable& t) {
  out << (md ? render_markdown(t) : render_aligned(t));
}

// "integer mode: proven optimal; whole units cost $X over the LP relaxation" (docs/MODEL.md).
std::string integer_line(const Plan& plan) {
  const std::string rounding =
      format_usd(std::max(0.0, plan.objective_usd - plan.relaxation_objective_usd));
  if (plan.proven_optimal)
    return fmt::format("integer mode: optimal within {:.3f}% (gap {:.3f}% to the best bound); "
                       "whole units and yes/no deals cost {} over the LP relaxation\n",
                       100.0 * plan.mip_gap_target, 100.0 * plan.mip_gap, rounding);
  return fmt::format("integer mode: NOT proven optimal (stopped at the time limit), gap {:.3f}%; "
                     "{} over the LP relaxation\n",
                     100.0 * plan.mip_gap, rounding);
}

// "Deals": each option's decision, size, cost, value and break-even, first in the table.
void render_deals(const Plan& plan, std::ostream& out, bool md) {
  std::vector<const OptionResult*> options;
  for (const OptionResult& o : plan.options)
    if (o.is_option) options.push_back(&o);
  if (options.empty()) return;
  heading(out, md, "Deals (options to sign)");
  TextTable t = table_of({"deal", "provider", "decision", ">MW", ">of MW", ">cost", ">value",
                          ">break-even price", ">per MW more"});
  for (const OptionResult* o : options) {
    const std::string decision = !o->is_signed ? "do not sign"
                                 : o->size_mw >= o->size_max_mw * (1 - 1e-9) ? "sign, full size"
                                                                             : "sign, part";
    std::string breakeven = "—";
    if (o->valued && o->breakeven_price_factor)
      breakeven = fmt::format("{:.3f}x", *o->breakeven_price_factor);
    else if (o->valued)
      breakeven = "any";
    t.add_row({o->id, o->provider, decision + (o->relaxed && o->is_signed ? " (relaxed)" : ""),
               format_count(o->size_mw), format_count(o->size_max_mw), format_usd(o->cost_usd),
               !o->valued                       ? "—"
               : std::isfinite(o->value_usd) ? format_usd(o->value_usd)
                                               : "all (no plan without it)",
               breakeven, o->usd_per_mw > 0 ? format_usd(o->usd_per_mw) : "—"});
  }
  emit(out, md, t);
  out << "value: what the plan saves with the deal allowed; break-even: the largest factor on all "
         "its prices at which it still saves\n";
  for (const OptionResult* o : options)
    if (o->relaxed && o->is_signed) {
      out << "(relaxed): a yes/no or whole-step decision solved as its LP relaxation; --integer "
             "decides it in whole units\n";
      break;
    }
}

void render_text(const Plan& plan, std::ostream& out, bool md) {
  const std::vector<YearFigures> years = plan_figures(plan).years;
  const std::string first = plan.periods.empty() ? "" : plan.periods.front().period;
  const std::string last = plan.periods.empty() ? "" : plan.periods.back().period;
  if (md)
    out << "# capplan plan: " << plan.scenario << "\n\n";
  else
    out << "capplan plan: " << plan.scenario << "\n";
  const bool unproven = plan.integer && !plan.proven_optimal;
  out << fmt::format("status {}{}; objective {} over {}..{} ({} periods)\n",
                     unproven ? "feasible (not proven optimal)" : to_string(plan.status),
                     plan.status == PlanStatus::kOptimal
                         ? (plan.verification.ok ? ", verified" : ", NOT verified")
                         : "",
                     format_usd(plan.objective_usd), first, last, plan.periods.size());
  if (!plan.message.empty()) out << plan.message << "\n";
  for (const std::string& f : plan.verification.failures)
    out << "verification failed: " << f << "\n";
  if (plan.status != PlanStatus::kOptimal) return;
  if (md) out << "\n";
  out << fmt::format("model {} rows, {} columns, {} nonzeros in {} independent blocks\n",
                     format_count(plan.stats.rows), format_count(plan.stats.cols),
                     format_count(plan.stats.nonzeros), plan.stats.blocks);

  if (plan.integer) out << integer_line(plan);
  render_deals(plan, out, md);

  heading(out, md, "Per year");
  bool deals = false;
  for (const YearFigures& y : years) deals = deals || y.deal_usd != 0.0;
  TextTable totals = table_of({"year", ">months", ">usage", ">stranded", ">onboarding", ">penalty",
                               ">cost", ">$/Mtok served", ">demand Ttok", ">served Ttok",
                               ">unmet Ttok"});
  if (deals) totals.columns.insert(totals.columns.begin() + 6, TextTable::Column{"deals", true, ""});
  for (const YearFigures& y : years) {
    std::vector<std::string> row = {std::to_string(y.year), std::to_string(y.months),
                                    format_usd(y.usage_usd), format_usd(y.stranded_usd),
                                    format_usd(y.onboarding_usd),
                                    format_usd(y.penalty_usd + y.shortfall_usd),
                                    format_usd(y.cost_usd), fmt::format("{:.3f}", y.usd_per_mtok),
                                    format_count(y.demand_tokens / 1e12),
                                    format_count(y.served_tokens / 1e12),
                                    fmt::format("{:.1f}", y.unmet_tokens / 1e12)};
    if (deals) row.insert(row.begin() + 6, format_usd(y.deal_usd));
    totals.add_row(std::move(row));
  }
  emit(out, md, totals);

  heading(out, md,
          "Fleet per year, provider and accelerator (average chips; chips added over the year)");
  TextTable fleet = table_of({"year", "provider", "accelerator", ">chips", ">added"});
  for (const YearFigures& y : years)
    for (const auto& [id, yp] : y.providers)
      for (const auto& [acc, chips] : yp.chips_by_accelerator_avg) {
        const auto added = yp.chips_added_by_accelerator.find(acc);
        const double n = added == yp.chips_added_by_accelerator.end() ? 0.0 : added->second;
        if (std::llround(chips) == 0 && std::llround(n) == 0) continue;
        fleet.add_row({std::to_string(y.year), id, acc, format_count(chips), format_count(n)});
      }
  if (fleet.rows.empty())
    out << "none\n";
  else
    emit(out, md, fleet);

  heading(out, md, "Per year and provider (hours-weighted averages over the year)");
  TextTable t = table_of({"year", "provider", ">share", ">chips", "by accelerator", ">MW used",
                          ">MW committed", ">spend", ">min spend", ">stranded"});
  for (const YearFigures& y : years)
    for (const auto& [id, yp] : y.providers)
      t.add_row({std::to_string(y.year), id, format_percent(yp.share_fraction),
                 format_count(yp.chips_avg), chips_by_accelerator(yp),
                 format_count(yp.power_mw_avg),
                 yp.committed_mw_avg > 0 ? format_count(yp.committed_mw_avg) : "—",
                 format_usd(yp.usage_usd + yp.stranded_usd),
                 yp.min_spend_usd > 0 ? format_usd(yp.min_spend_usd) : "—",
                 yp.stranded_usd >= 0.5 ? format_usd(yp.stranded_usd) : "—"});
  emit(out, md, t);

  heading(out, md, "Unmet demand");
  if (plan.unmet_explanations.empty()) {
    out << "none: every slice is served in every period\n";
  } else {
    TextTable u = table_of({"period", "slice", ">mean tokens/s", ">short MW", "why"});
    for (const UnmetExplanation& e : plan.unmet_explanations)
      u.add_row(
          {e.period, e.slice, format_count(e.tokens_per_s), format_count(e.short_mw), e.reason});
    emit(out, md, u);
  }

  if (plan.survive_provider_loss > 0) {
    heading(out, md,
            fmt::format("If a provider is lost (survive_provider_loss {})",
                        format_percent(plan.survive_provider_loss)));
    TextTable sv = table_of({"lost", ">worst servable", "slice", "period", ">headroom cost"});
    for (const SurviveLoss& l : plan.survive)
      sv.add_row({l.lost, format_percent(l.servable_fraction),
                  l.worst_slice.empty() ? "—" : l.worst_slice,
                  l.worst_period.empty() ? "—" : l.worst_period, format_usd(l.headroom_usd)});
    emit(out, md, sv);
  }

  heading(out, md, "Stranded commitments (paid or secured, unused)");
  TextTable s = table_of({"commitment", "year", "kind", ">unused", ">of"});
  for (const CommitmentYear& c : plan.commitments)
    if (c.stranded_usd >= 0.5)
      s.add_row({c.id, std::to_string(c.year), "min spend", format_usd(c.stranded_usd),
                 format_usd(c.min_spend_usd)});
  for (const CommitmentPower& c : plan.commitment_power)
    if (c.stranded_mw_avg >= 0.5)
      s.add_row({c.id, std::to_string(c.year), "power (avg MW)", format_count(c.stranded_mw_avg),
                 format_count(c.limit_mw_avg)});
  if (s.rows.empty())
    out << "none\n";
  else
    emit(out, md, s);

  heading(out, md, "Binding limits (largest value of relaxing, top 15)");
  std::vector<BindingLimit> b = plan.binding;
  std::stable_sort(b.begin(), b.end(),
                   [](const auto& x, const auto& y) { return x.value > y.value; });
  if (b.size() > 15) b.resize(15);
  if (b.empty()) {
    out << "none\n";
  } else {
    TextTable bt = table_of({"limit", "id", "period", ">value of relaxing"});
    for (const BindingLimit& l : b) {
      const std::string unit = l.unit == "usd_per_mw_month"     ? "/MW-month"
                               : l.unit == "usd_per_chip_month" ? "/chip-month"
                                                                : "/pp";
      bt.add_row({l.kind, l.id, l.period, format_usd(l.value) + unit});
    }
    emit(out, md, bt);
    if (plan.binding.size() > b.size())
      out << fmt::format("({} binding limits in all; --format json lists every one)\n",
                         plan.binding.size());
  }
}

}  // namespace

void render_plan(const Plan& plan, Format format, std::ostream& out) {
  switch (format) {
    case Format::kJson:
      out << plan_to_json(plan);
      break;
    case Format::kCsv:
      render_csv(plan, out);
      break;
    case Format::kTable:
      render_text(plan, out, false);
      break;
    case Format::kMarkdown:
      render_text(plan, out, true);
      break;
  }
}

}  // namespace capplan
