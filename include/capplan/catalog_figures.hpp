// The figures a planner compares across a catalog, computed from Inputs alone (no plan): for
// each accelerator, offering and commitment, its price at a month, facility power per chip,
// chips per GW, and per model class $ per 1M tokens and tokens/s per facility MW, with the
// fields that rest on an estimate and the notes that explain them.
//
// Units are in the names: USD per chip-hour, facility kW per chip (all-in IT kW × PUE, the
// kw_fac(o) of docs/MODEL.md), chips per GW of facility power, USD per 1M tokens, tokens/s per
// facility MW. Formulas (docs/CLI.md, "capplan catalog"):
//   chips_per_gw         = 1e6 / kw_facility_per_chip
//   usd_per_mtok         = usd_per_chip_hour / (tokens_per_s × 3600) × 1e6   (full throughput)
//   usd_per_mtok_planned = usd_per_mtok / utilization_target                  (as plans run)
//   tokens_per_s_per_mw  = tokens_per_s × 1000 / kw_facility_per_chip
// Invariants: a figure that cannot be known (no price at or after the month, no throughput,
// no offering, zero power) is nullopt, never 0; every figure present is finite and positive
// when its inputs are. Rows are in the catalog's (id) order; `models` has one entry per
// catalog model class, in catalog order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "capplan/inputs.hpp"
#include "capplan/month.hpp"

namespace capplan {

// --- The formulas ----------------------------------------------------------------------------

// kw_fac(o) = all_in_kw(a(o)) × pue(r(o)): facility kW one chip of offering `offering` draws.
double kw_facility_per_chip(const Catalog& catalog, int offering);
// 1e6 / kw_facility_per_chip; nullopt when the power is not positive.
std::optional<double> chips_per_gw(double kw_facility_per_chip);
// USD per 1M tokens at full sustained throughput; nullopt when tokens_per_s is not positive.
std::optional<double> usd_per_mtok(double usd_per_chip_hour, double tokens_per_s);
// tokens/s per facility MW; nullopt when either argument is not positive.
std::optional<double> tokens_per_s_per_mw(double tokens_per_s, double kw_facility_per_chip);

// A price read at a month. An offering not offered yet at that month gives its first price and
// the month it starts (`from`); a schedule without steps gives nothing.
struct PriceAt {
  std::optional<double> usd_per_chip_hour;
  std::optional<Month> from;
};
PriceAt price_at(const Schedule& usd_per_chip_hour, Month at);

// The offering of accelerator `accelerator` that sets its price at `at`: the cheapest among
// those that can be bought then (on demand, or under a commitment active at `at`); failing
// that, the cheapest priced at `at` under a commitment not active then; failing that, the
// lowest first price among those offered later. Ties go to the lower id. -1 when none.
int pricing_offering(const Catalog& catalog, int accelerator, Month at);

// --- Estimates -------------------------------------------------------------------------------

// What an estimate is of. Price and commitment notes are meant to be shown in full; the others
// may be summarised by id. The order is the order notes are listed in.
enum class EstimateKind { kPrice, kCommitment, kThroughput, kAcceleratorPower, kPue, kSpec };

struct EstimateNote {
  EstimateKind kind;
  std::string subject;  // "offering azure-cus-maia200"
  std::string id;       // "azure-cus-maia200" (for a throughput entry: "<accelerator>/<model>")
  std::string text;     // the provenance note, or "(no note given)"
  std::string line() const { return subject + ": " + text; }
};

// The output fields of one row that rest on an estimate ("price_usd_per_chip_hour",
// "mid.usd_per_mtok", ...), in the order they were found, and one note per estimated subject.
struct Estimates {
  std::vector<std::string> fields;
  std::vector<EstimateNote> notes;
  bool has(const std::string& field) const;
  std::vector<std::string> note_lines() const;
};

// --- Rows ------------------------------------------------------------------------------------

// One model class on one accelerator or offering. tokens_per_s is absent when the accelerator
// cannot serve the class; the others also when there is no price or no facility power.
struct ModelFigures {
  std::optional<double> tokens_per_s;
  std::optional<double> usd_per_mtok;
  std::optional<double> usd_per_mtok_planned;
  std::optional<double> tokens_per_s_per_mw;
};

// An accelerator, priced by its pricing_offering() and powered at the mean PUE of the distinct
// regions that offer it.
struct AcceleratorFigures {
  int accelerator = -1;
  std::optional<double> typical_pue;           // absent when no region offers it
  std::optional<double> kw_facility_per_chip;  // all_in_kw × typical_pue
  std::optional<double> chips_per_gw;
  int pricing_offering = -1;
  PriceAt price;
  std::vector<ModelFigures> models;
  Estimates estimates;
};

struct OfferingFigures {
  int offering = -1;
  PriceAt price;
  double kw_facility_per_chip = 0;
  std::optional<double> chips_per_gw;
  std::vector<ModelFigures> models;
  Estimates estimates;
};

// A commitment's own figures are its fields; what is derived is which of them are estimates
// ("power_mw", "min_spend_usd_per_year", "start", "end").
struct CommitmentFigures {
  int commitment = -1;
  Estimates estimates;
};

struct CatalogFigures {
  Month at;                       // the month prices are read at
  double utilization_target = 0;  // of the policy; 0 leaves usd_per_mtok_planned absent
  std::vector<AcceleratorFigures> accelerators;
  std::vector<OfferingFigures> offerings;
  std::vector<CommitmentFigures> commitments;
};

AcceleratorFigures accelerator_figures(const Inputs& inputs, int accelerator, Month at);
OfferingFigures offering_figures(const Inputs& inputs, int offering, Month at);
CommitmentFigures commitment_figures(const Catalog& catalog, int commitment);
// Every row of the catalog, prices read at `at`.
CatalogFigures catalog_figures(const Inputs& inputs, Month at);

}  // namespace capplan
