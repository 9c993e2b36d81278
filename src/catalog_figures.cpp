// Catalog figures (docs/CLI.md, "capplan catalog"); kw_facility_per_chip is kw_fac(o) of
// docs/MODEL.md.
#include "capplan/catalog_figures.hpp"

#include <algorithm>
#include <set>

namespace capplan {

namespace {

bool price_estimated(const Offering& o) { return o.provenance.is_estimated("price_per_chip_hour"); }
bool power_estimated(const Accelerator& a) { return a.provenance.is_estimated("all_in_kw"); }
bool pue_estimated(const Region& r) { return r.provenance.is_estimated("pue"); }

// Marks `field` as resting on an estimate, without a note.
void mark_field(Estimates* e, const std::string& field) {
  if (!e->has(field)) e->fields.push_back(field);
}

// Marks `field` and records the note of `subject_kind id` (once per subject).
void mark(Estimates* e, const std::string& field, EstimateKind kind,
          const std::string& subject_kind, const std::string& id, const Provenance& p) {
  mark_field(e, field);
  EstimateNote note{kind, subject_kind + " " + id, id, p.note.empty() ? "(no note given)" : p.note};
  for (const EstimateNote& n : e->notes) {
    if (n.subject == note.subject) return;
  }
  e->notes.push_back(std::move(note));
}

// What the per-model figures of one row are computed from.
struct Basis {
  int accelerator = -1;
  std::optional<double> usd_per_chip_hour;  // absent when not offered
  const Offering* priced_by = nullptr;      // the offering the price is read from
  std::optional<double> kw_facility_per_chip;
  bool kw_estimated = false;  // all_in_kw or a PUE is an estimate
};

// Per model class figures; estimates are marked under "<model>.<field>".
std::vector<ModelFigures> model_figures(const Inputs& inputs, const Basis& basis,
                                        Estimates* estimates) {
  const Catalog& catalog = inputs.catalog;
  const bool price_estimate = basis.priced_by != nullptr && price_estimated(*basis.priced_by);
  std::vector<ModelFigures> out(catalog.models.size());
  // The throughput table is sorted by (accelerator, model), so the classes come in catalog
  // order and the estimated fields are listed in that order.
  for (const Throughput& t : catalog.throughput) {
    if (t.accelerator != basis.accelerator || t.tokens_per_s <= 0) continue;
    const std::string& model = catalog.models[t.model].id;
    const bool tps_estimate = !t.provenance.estimated.empty();
    auto mark_tps = [&](const std::string& field) {
      mark(estimates, model + "." + field, EstimateKind::kThroughput, "throughput",
           catalog.accelerators[basis.accelerator].id + "/" + model, t.provenance);
    };
    ModelFigures& f = out[t.model];
    f.tokens_per_s = t.tokens_per_s;
    if (tps_estimate) mark_tps("tokens_per_s");
    if (basis.usd_per_chip_hour) {
      f.usd_per_mtok = usd_per_mtok(*basis.usd_per_chip_hour, t.tokens_per_s);
      if (inputs.policy.utilization_target > 0) {
        f.usd_per_mtok_planned = *f.usd_per_mtok / inputs.policy.utilization_target;
      }
      if (tps_estimate) mark_tps("usd_per_mtok");
      if (price_estimate) {
        mark(estimates, model + ".usd_per_mtok", EstimateKind::kPrice, "offering",
             basis.priced_by->id, basis.priced_by->provenance);
      }
      if (tps_estimate || price_estimate) mark_field(estimates, model + ".usd_per_mtok_planned");
    }
    if (basis.kw_facility_per_chip) {
      f.tokens_per_s_per_mw = tokens_per_s_per_mw(t.tokens_per_s, *basis.kw_facility_per_chip);
      if (f.tokens_per_s_per_mw) {
        if (tps_estimate) mark_tps("tokens_per_s_per_mw");
        if (basis.kw_estimated) mark_field(estimates, model + ".tokens_per_s_per_mw");
      }
    }
  }
  return out;
}

// Marks the accelerator's power and the regions' PUE under `field` when they are estimates;
// true if any is.
bool mark_power(const Catalog& catalog, int a, const std::set<int>& regions,
                const std::string& field, Estimates* estimates) {
  const Accelerator& acc = catalog.accelerators[a];
  bool estimate = false;
  if (power_estimated(acc)) {
    mark(estimates, field, EstimateKind::kAcceleratorPower, "accelerator", acc.id, acc.provenance);
    estimate = true;
  }
  for (const int r : regions) {
    if (!pue_estimated(catalog.regions[r])) continue;
    mark(estimates, field, EstimateKind::kPue, "region", catalog.regions[r].id,
         catalog.regions[r].provenance);
    estimate = true;
  }
  return estimate;
}

}  // namespace

double kw_facility_per_chip(const Catalog& catalog, int offering) {
  const Offering& o = catalog.offerings[offering];
  return catalog.accelerators[o.accelerator].all_in_kw * catalog.regions[o.region].pue;
}

std::optional<double> chips_per_gw(double kw_facility_per_chip) {
  if (!(kw_facility_per_chip > 0)) return std::nullopt;
  return 1e6 / kw_facility_per_chip;
}

std::optional<double> usd_per_mtok(double usd_per_chip_hour, double tokens_per_s) {
  if (!(tokens_per_s > 0)) return std::nullopt;
  return usd_per_chip_hour / (tokens_per_s * 3600.0) * 1e6;
}

std::optional<double> tokens_per_s_per_mw(double tokens_per_s, double kw_facility_per_chip) {
  if (!(tokens_per_s > 0) || !(kw_facility_per_chip > 0)) return std::nullopt;
  return tokens_per_s * 1000.0 / kw_facility_per_chip;
}

PriceAt price_at(const Schedule& usd_per_chip_hour, Month at) {
  if (const auto value = usd_per_chip_hour.at(at)) return {*value, std::nullopt};
  const Schedule& s = usd_per_chip_hour;
  if (!s.is_constant && !s.steps.empty() && at < s.steps.front().from) {
    return {s.steps.front().value, s.steps.front().from};
  }
  return {};
}

int pricing_offering(const Catalog& catalog, int accelerator, Month at) {
  int best = -1;
  int best_tier = 0;
  double best_price = 0;
  for (std::size_t o = 0; o < catalog.offerings.size(); ++o) {
    const Offering& offering = catalog.offerings[o];
    if (offering.accelerator != accelerator) continue;
    const PriceAt p = price_at(offering.price_usd_per_chip_hour, at);
    if (!p.usd_per_chip_hour) continue;
    const bool buyable =
        offering.commitment < 0 || catalog.commitments[offering.commitment].active_at(at);
    const int tier = p.from ? 2 : (buyable ? 0 : 1);
    if (best < 0 || tier < best_tier || (tier == best_tier && *p.usd_per_chip_hour < best_price)) {
      best = static_cast<int>(o);
      best_tier = tier;
      best_price = *p.usd_per_chip_hour;
    }
  }
  return best;
}

bool Estimates::has(const std::string& field) const {
  return std::find(fields.begin(), fields.end(), field) != fields.end();
}

std::vector<std::string> Estimates::note_lines() const {
  std::vector<std::string> lines;
  for (const EstimateNote& n : notes) lines.push_back(n.line());
  return lines;
}

AcceleratorFigures accelerator_figures(const Inputs& inputs, int accelerator, Month at) {
  const Catalog& catalog = inputs.catalog;
  const Accelerator& acc = catalog.accelerators[accelerator];
  AcceleratorFigures row;
  row.accelerator = accelerator;
  Estimates* e = &row.estimates;
  if (power_estimated(acc)) {
    mark(e, "all_in_kw", EstimateKind::kAcceleratorPower, "accelerator", acc.id, acc.provenance);
  }
  if (acc.provenance.is_estimated("hbm_gb")) {
    mark(e, "hbm_gb", EstimateKind::kSpec, "accelerator", acc.id, acc.provenance);
  }
  if (acc.provenance.is_estimated("peak_tflops")) {
    mark(e, "peak_fp8_tflops", EstimateKind::kSpec, "accelerator", acc.id, acc.provenance);
  }

  // Typical PUE: the mean over the distinct regions that offer the accelerator.
  std::set<int> regions;
  for (const Offering& o : catalog.offerings) {
    if (o.accelerator == accelerator) regions.insert(o.region);
  }
  Basis basis;
  basis.accelerator = accelerator;
  if (!regions.empty()) {
    double sum = 0;
    for (const int r : regions) sum += catalog.regions[r].pue;
    row.typical_pue = sum / static_cast<double>(regions.size());
    for (const int r : regions) {
      if (pue_estimated(catalog.regions[r])) {
        mark(e, "typical_pue", EstimateKind::kPue, "region", catalog.regions[r].id,
             catalog.regions[r].provenance);
      }
    }
  }
  if (row.typical_pue && acc.all_in_kw > 0) {
    row.kw_facility_per_chip = acc.all_in_kw * *row.typical_pue;
    row.chips_per_gw = chips_per_gw(*row.kw_facility_per_chip);
    basis.kw_facility_per_chip = row.kw_facility_per_chip;
    basis.kw_estimated = mark_power(catalog, accelerator, regions, "chips_per_gw", e);
  }

  row.pricing_offering = pricing_offering(catalog, accelerator, at);
  if (row.pricing_offering >= 0) {
    basis.priced_by = &catalog.offerings[row.pricing_offering];
    row.price = price_at(basis.priced_by->price_usd_per_chip_hour, at);
    basis.usd_per_chip_hour = row.price.usd_per_chip_hour;
    if (price_estimated(*basis.priced_by)) {
      mark(e, "price_usd_per_chip_hour", EstimateKind::kPrice, "offering", basis.priced_by->id,
           basis.priced_by->provenance);
    }
  }
  row.models = model_figures(inputs, basis, e);
  return row;
}

OfferingFigures offering_figures(const Inputs& inputs, int offering, Month at) {
  const Catalog& catalog = inputs.catalog;
  const Offering& o = catalog.offerings[offering];
  OfferingFigures row;
  row.offering = offering;
  row.price = price_at(o.price_usd_per_chip_hour, at);
  if (price_estimated(o) && row.price.usd_per_chip_hour) {
    mark(&row.estimates, "price_usd_per_chip_hour", EstimateKind::kPrice, "offering", o.id,
         o.provenance);
  }
  Basis basis;
  basis.accelerator = o.accelerator;
  basis.usd_per_chip_hour = row.price.usd_per_chip_hour;
  basis.priced_by = &o;
  row.kw_facility_per_chip = kw_facility_per_chip(catalog, offering);
  row.chips_per_gw = chips_per_gw(row.kw_facility_per_chip);
  if (row.chips_per_gw) {
    basis.kw_facility_per_chip = row.kw_facility_per_chip;
    basis.kw_estimated =
        mark_power(catalog, o.accelerator, {o.region}, "chips_per_gw", &row.estimates);
  }
  row.models = model_figures(inputs, basis, &row.estimates);
  return row;
}

CommitmentFigures commitment_figures(const Catalog& catalog, int commitment) {
  const Commitment& c = catalog.commitments[commitment];
  CommitmentFigures row;
  row.commitment = commitment;
  auto mark_if = [&](const char* field) {
    if (c.provenance.is_estimated(field)) {
      mark(&row.estimates, field, EstimateKind::kCommitment, "commitment", c.id, c.provenance);
    }
  };
  for (const char* field : {"power_mw", "min_spend_usd_per_year", "start", "end"}) mark_if(field);
  return row;
}

CatalogFigures catalog_figures(const Inputs& inputs, Month at) {
  const Catalog& catalog = inputs.catalog;
  CatalogFigures figures;
  figures.at = at;
  figures.utilization_target = inputs.policy.utilization_target;
  for (std::size_t a = 0; a < catalog.accelerators.size(); ++a) {
    figures.accelerators.push_back(accelerator_figures(inputs, static_cast<int>(a), at));
  }
  for (std::size_t o = 0; o < catalog.offerings.size(); ++o) {
    figures.offerings.push_back(offering_figures(inputs, static_cast<int>(o), at));
  }
  for (std::size_t c = 0; c < catalog.commitments.size(); ++c) {
    figures.commitments.push_back(commitment_figures(catalog, static_cast<int>(c)));
  }
  return figures;
}

}  // namespace capplan
