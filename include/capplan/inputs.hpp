// The three input documents of docs/FORMATS.md (catalog, demand, policy), parsed, validated and
// with every id resolved to an index. Entities are stored in vectors sorted by id, so every
// iteration over them is deterministic; cross references are indices into those vectors
// (-1 = none).
//
// Units are in the field names. "tokens" everywhere means input + output tokens processed,
// the same unit for throughput (tokens/s per chip) and demand (tokens per day).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "capplan/error.hpp"
#include "capplan/month.hpp"

namespace capplan {

// Where a figure comes from. `estimated` names the fields of the entity that are estimates
// (derivation in `note`); a field absent from the data is unknown, never 0.
struct Provenance {
  std::string source;
  std::string as_of;
  std::string note;
  std::vector<std::string> estimated;
  bool is_estimated(const std::string& field) const;
};

struct Provider {
  std::string id;
  std::string name;
  std::string kind;  // hyperscaler | neocloud
  Provenance provenance;
};

struct PeakTflops {
  std::optional<double> bf16, fp8, fp4;
};

struct Accelerator {
  std::string id;
  std::string name;
  std::string vendor;
  std::optional<double> hbm_gb;
  std::optional<double> hbm_tbps;
  PeakTflops peak_tflops;
  std::optional<double> tdp_w;
  double all_in_kw = 0.0;  // IT power per chip incl. host/network/storage share
  std::optional<Month> available_from;
  Provenance provenance;
};

struct ModelClass {
  std::string id;
  std::string name;
  Provenance provenance;
};

// Sustained tokens/s per chip of one accelerator on one model class at that class's latency
// target. Absent = cannot serve.
struct Throughput {
  int accelerator = -1;
  int model = -1;
  double tokens_per_s = 0.0;
  Provenance provenance;
};

struct Region {
  std::string id;
  int provider = -1;
  std::string location;
  std::string geo;
  double pue = 1.0;
  std::optional<Schedule> power_mw;  // site limit; absent = no limit
  Provenance provenance;
};

struct Offering {
  std::string id;
  int region = -1;
  int accelerator = -1;
  Schedule price_usd_per_chip_hour;   // before first step = not offered
  std::optional<Schedule> max_chips;  // absent = no limit; before first step = 0
  int commitment = -1;                // -1 = on demand
  // Chips come in whole deployment units of this many (a Trn2 UltraServer of 64, a GB200 NVL72
  // of 72); used in integer mode (docs/MODEL.md, "Integer mode"). Absent = any number.
  std::optional<int> unit_chips;
  Provenance provenance;
};

// kOption: a deal for the plan to decide, signed or not and how big (docs/MODEL.md, "Deals").
enum class CommitmentStatus { kSigned, kTalks, kLapsed, kOption };
const char* to_string(CommitmentStatus status);  // "signed" | "talks" | "lapsed" | "option"

struct Commitment {
  std::string id;
  int provider = -1;
  CommitmentStatus status = CommitmentStatus::kSigned;
  Month start;
  Month end;                                     // inclusive
  std::optional<Schedule> power_mw;              // facility power secured; absent = no limit
  std::optional<double> min_spend_usd_per_year;  // take-or-pay
  // Deal terms that scale with the size signed, in MW (docs/MODEL.md, "Deals to decide"). An
  // option chooses its size; a signed commitment with them is sized at its largest power_mw.
  std::optional<double> reservation_usd_per_mw_month;  // paid per MW signed, used or not
  std::optional<double> min_spend_usd_per_mw_year;     // take-or-pay per MW signed
  std::optional<double> signing_usd;                   // one-off cost of signing (options)
  std::optional<double> size_step_mw;                  // size in whole steps (integer mode)
  Provenance provenance;
  // Its offerings may have chips at t: signed, or an option, within its term.
  bool active_at(Month t) const {
    return (status == CommitmentStatus::kSigned || status == CommitmentStatus::kOption) &&
           start <= t && t <= end;
  }
  bool is_option() const { return status == CommitmentStatus::kOption; }
  // Whether the plan has a size[c] column for it: an option, or a signed commitment whose
  // terms are per MW (then the size is fixed at its largest power_mw).
  bool sized() const {
    return is_option() || (status == CommitmentStatus::kSigned &&
                           (reservation_usd_per_mw_month || min_spend_usd_per_mw_year));
  }
};

struct Catalog {
  std::vector<Provider> providers;
  std::vector<Accelerator> accelerators;
  std::vector<ModelClass> models;
  std::vector<Throughput> throughput;  // sorted by (accelerator, model)
  std::vector<Region> regions;
  std::vector<Offering> offerings;
  std::vector<Commitment> commitments;

  // tokens/s per chip, 0 when the accelerator cannot serve the model.
  double tokens_per_s(int accelerator, int model) const;
  int provider_of_offering(int offering) const {
    return regions[offerings[offering].region].provider;
  }
};

struct DemandClass {
  std::string id;
  double peak_to_avg = 1.0;
  bool interactive = false;
  // Price of one million tokens of this class not served; absent = the policy's.
  std::optional<double> unmet_penalty_usd_per_mtok;
};

struct Slice {
  std::string id;
  int model = -1;
  std::string model_id;  // the catalog model id, so a Demand can be written without its Catalog
  int demand_class = -1;
  std::string geo;
  // Either a schedule...
  std::optional<Schedule> tokens_per_day;
  // ...or compound growth from the demand start: base * (1+growth)^(k/12), k months after start.
  double base_tokens_per_day = 0.0;
  double growth_per_year = 0.0;
};

struct Period {
  Month first;          // first month of the period
  int months = 1;       // 1 (month) or 3 (quarter)
  double hours = 0.0;   // sum of days*24 over its months
  int step_months = 1;  // the demand's step; 3 labels even a clipped final quarter as a quarter
  std::string label() const;  // "2026-07" or "2026-Q3"
};

struct Demand {
  Month start;
  Month end;  // inclusive
  int step_months = 1;
  std::vector<DemandClass> classes;
  std::vector<Slice> slices;

  std::vector<Period> periods() const;
  // tokens per day of slice s in the period starting at month t (0 before a schedule's first step)
  double tokens_per_day(int slice, Month t) const;
  // tokens per day of slice s over a whole period: the hours-weighted mean of its months
  // (docs/MODEL.md, "Periods"), so a quarter counts all three of its months.
  double mean_tokens_per_day(int slice, const Period& period) const;
};

struct ShareLimit {  // fractions of served tokens, 0..1
  double min = 0.0;
  double max = 1.0;
};

// What a provider's share is a share of (docs/MODEL.md, (share)).
enum class ShareBasis { kTokens, kPower, kSpend };
const char* to_string(ShareBasis basis);  // "tokens" | "power" | "spend"

struct Policy {
  double utilization_target = 0.7;
  std::vector<ShareLimit> provider_share;                     // one per catalog provider, resolved
  ShareBasis share_basis = ShareBasis::kTokens;
  // model_share: catalog model index -> one limit per catalog provider, resolved like
  // provider_share (a provider's own entry, else "*", else {0, 1}). Only models listed.
  std::map<int, std::vector<ShareLimit>> model_share;
  double peak_hours_share = 0.25;  // φ: share of each period's hours in its peak block
  double contingency_utilization = 0.9;
  // Price per 1M tokens of the period a slice falls short of the survive rule; absent = hard.
  std::optional<double> survive_shortfall_usd_per_mtok;
  double onboarding_hours = 0.0;  // hours of its price paid per chip added to a fleet
  // Whole deployment units and yes/no deals, solved with Cbc (docs/MODEL.md, "Integer mode").
  bool integer = false;
  // One per catalog provider: true when the provider has no provider_share entry of its own in
  // the effective policy (after scenarios), so its limit is provider_share["*"] (or {0, 1}).
  std::vector<bool> provider_share_from_any;
  std::map<std::string, std::vector<std::string>> residency;  // demand geo -> allowed region geos
  bool interactive_same_geo = true;
  double survive_provider_loss = 0.0;
  double unmet_penalty_usd_per_mtok = 20.0;
};

// The residency rule (docs/MODEL.md, eligibility): whether a region of geo `region_geo` may serve
// demand of geo `demand_geo` and class `demand_class`. If policy.residency lists `demand_geo`,
// `region_geo` must be among its geos; interactive demand stays in its own geo when
// policy.interactive_same_geo. The verifier keeps its own copy on purpose, to check this one.
bool residency_allows(const Policy& policy, const DemandClass& demand_class,
                      const std::string& demand_geo, const std::string& region_geo);

struct Inputs {
  Catalog catalog;
  Demand demand;
  Policy policy;
  std::string scenario;  // names of the applied scenarios joined by "+", or "base"
  // FNV-1a 64-bit hash (16 hex digits) of each effective document ("catalog", "demand",
  // "policy") after scenarios and overrides, over its compact JSON form: plans carry them so
  // that plans built from different data can be told apart.
  std::map<std::string, std::string> document_hashes;
};

// --- Loading ---------------------------------------------------------------------------

// A document's text and the name messages use for it (a file path, or "catalog.json" for the
// bundled default).
struct SourceText {
  std::string name;
  std::string text;
};

// A number set at a JSON pointer of one document after the scenarios are applied, as
// `capplan sweep --set` does. The pointer must name an existing number.
struct ValueOverride {
  std::string document;  // "catalog" | "demand" | "policy"
  std::string pointer;   // RFC 6901
  double value = 0;
  std::string origin;  // named in messages, e.g. "--set policy:/provider_share/aws/max"
};

struct InputSources {
  SourceText catalog;
  SourceText demand;  // JSON, or CSV (period,model,class,geo,tokens_per_day): name ends .csv/.CSV
  SourceText policy;
  std::vector<SourceText> scenarios;  // applied left to right as JSON Merge Patches
  std::vector<ValueOverride> overrides;  // applied after the scenarios, in order
};

// Parses, applies scenarios, validates and resolves. Throws InputError with every error found.
// Warnings (valid but suspicious input) are appended to *warnings when given.
Inputs load_inputs(const InputSources& sources, std::vector<Diagnostic>* warnings = nullptr);

// The bundled defaults embedded at build time (data/).
InputSources bundled_sources();
// Names of bundled scenarios (data/scenarios/*.json without extension), sorted.
std::vector<std::string> bundled_scenario_names();
// A bundled scenario by name, or nullopt.
std::optional<SourceText> bundled_scenario(const std::string& name);

}  // namespace capplan
