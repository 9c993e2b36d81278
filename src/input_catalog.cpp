// Reads capplan.catalog/v1 (docs/FORMATS.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "input_documents.hpp"
#include "json_util.hpp"

namespace capplan {
namespace {

constexpr Presence kRequired = Presence::kRequired;
constexpr Presence kOptional = Presence::kOptional;

Provider read_provider(const ObjectReader& in) {
  static const std::vector<std::string> fields = {"name", "kind"};
  in.check_fields(with_provenance(fields));
  Provider provider;
  provider.name = in.string("name", kRequired).value_or("");
  provider.kind = in.choice("kind", kRequired, {"hyperscaler", "neocloud"}).value_or("");
  provider.provenance = in.provenance(fields);
  return provider;
}

PeakTflops read_peak_tflops(const ObjectReader& in) {
  PeakTflops peak;
  const Json* value = in.find("peak_tflops");
  if (value == nullptr) return peak;
  const ObjectReader tflops(*value, in.pointer_to("peak_tflops"), in.reporter());
  tflops.check_fields({"bf16", "fp8", "fp4"});
  peak.bf16 = tflops.number("bf16", kOptional, Range::greater_than(0));
  peak.fp8 = tflops.number("fp8", kOptional, Range::greater_than(0));
  peak.fp4 = tflops.number("fp4", kOptional, Range::greater_than(0));
  return peak;
}

Accelerator read_accelerator(const ObjectReader& in) {
  static const std::vector<std::string> fields = {"name",      "vendor",        "hbm_gb",
                                                  "hbm_tbps",  "peak_tflops",   "tdp_w",
                                                  "all_in_kw", "available_from"};
  in.check_fields(with_provenance(fields));
  Accelerator accelerator;
  accelerator.name = in.string("name", kRequired).value_or("");
  accelerator.vendor = in.string("vendor", kRequired).value_or("");
  accelerator.hbm_gb = in.number("hbm_gb", kOptional, Range::greater_than(0));
  accelerator.hbm_tbps = in.number("hbm_tbps", kOptional, Range::greater_than(0));
  accelerator.peak_tflops = read_peak_tflops(in);
  accelerator.tdp_w = in.number("tdp_w", kOptional, Range::greater_than(0));
  accelerator.all_in_kw = in.number("all_in_kw", kRequired, Range::greater_than(0)).value_or(0.0);
  accelerator.available_from = in.month("available_from", kOptional);
  accelerator.provenance = in.provenance(fields);
  return accelerator;
}

ModelClass read_model(const ObjectReader& in) {
  static const std::vector<std::string> fields = {"name"};
  in.check_fields(with_provenance(fields));
  ModelClass model;
  model.name = in.string("name", kRequired).value_or("");
  model.provenance = in.provenance(fields);
  return model;
}

Region read_region(const ObjectReader& in, const CatalogIds& ids) {
  static const std::vector<std::string> fields = {"provider", "location", "geo", "pue", "power_mw"};
  in.check_fields(with_provenance(fields));
  Region region;
  region.provider = in.reference("provider", kRequired, "provider", ids.providers);
  region.location = in.string("location", kRequired).value_or("");
  region.geo = in.string("geo", kRequired).value_or("");
  region.pue = in.number("pue", kRequired, Range::at_least(1)).value_or(1.0);
  region.power_mw = in.schedule("power_mw", kOptional, Range::at_least(0));
  region.provenance = in.provenance(fields);
  return region;
}

Offering read_offering(const ObjectReader& in, const CatalogIds& ids) {
  static const std::vector<std::string> fields = {"region", "accelerator", "price_per_chip_hour",
                                                  "max_chips", "commitment", "unit_chips"};
  in.check_fields(with_provenance(fields));
  Offering offering;
  offering.region = in.reference("region", kRequired, "region", ids.regions);
  offering.accelerator = in.reference("accelerator", kRequired, "accelerator", ids.accelerators);
  offering.price_usd_per_chip_hour =
      in.schedule("price_per_chip_hour", kRequired, Range::at_least(0)).value_or(Schedule{});
  offering.max_chips = in.schedule("max_chips", kOptional, Range::at_least(0));
  offering.commitment = in.reference("commitment", kOptional, "commitment", ids.commitments);
  if (const auto unit = in.number("unit_chips", kOptional, Range::closed(1, 1e6))) {
    if (*unit != std::floor(*unit)) {
      in.reporter().error(in.pointer_to("unit_chips"),
                          fmt::format("unit_chips must be a whole number of chips, got {}",
                                      format_number(*unit)));
    } else {
      offering.unit_chips = static_cast<int>(*unit);
    }
  }
  offering.provenance = in.provenance(fields);
  return offering;
}

CommitmentStatus parse_status(const std::string& text) {
  if (text == "talks") return CommitmentStatus::kTalks;
  if (text == "lapsed") return CommitmentStatus::kLapsed;
  if (text == "option") return CommitmentStatus::kOption;
  return CommitmentStatus::kSigned;
}

// Terms per MW need a size: an option's power_mw is the most it can be, a signed commitment's
// largest power_mw is its size (docs/FORMATS.md, commitments).
void check_deal_terms(const ObjectReader& in, const Commitment& commitment) {
  const bool per_mw =
      commitment.reservation_usd_per_mw_month || commitment.min_spend_usd_per_mw_year;
  if ((commitment.is_option() || per_mw) && !commitment.power_mw && !in.find("power_mw")) {
    in.reporter().error(in.pointer_to("power_mw"),
                        commitment.is_option()
                            ? "an option needs a power_mw schedule: the most MW it can be signed for"
                            : "terms per MW need a power_mw schedule: the MW signed for");
  }
  if (commitment.min_spend_usd_per_year && commitment.min_spend_usd_per_mw_year) {
    in.reporter().error(in.pointer_to("min_spend_usd_per_mw_year"),
                        "give the take-or-pay either per year (min_spend_usd_per_year) or per MW "
                        "signed (min_spend_usd_per_mw_year), not both");
  }
  if (commitment.is_option() && commitment.min_spend_usd_per_year) {
    in.reporter().error(in.pointer_to("min_spend_usd_per_year"),
                        "an option's take-or-pay scales with the size signed: give it as "
                        "min_spend_usd_per_mw_year");
  }
}

Commitment read_commitment(const ObjectReader& in, const CatalogIds& ids) {
  static const std::vector<std::string> fields = {"provider",
                                                  "status",
                                                  "start",
                                                  "end",
                                                  "power_mw",
                                                  "min_spend_usd_per_year",
                                                  "reservation_usd_per_mw_month",
                                                  "min_spend_usd_per_mw_year",
                                                  "signing_usd",
                                                  "size_step_mw"};
  in.check_fields(with_provenance(fields));
  Commitment commitment;
  commitment.provider = in.reference("provider", kRequired, "provider", ids.providers);
  commitment.status =
      parse_status(in.choice("status", kRequired, {"signed", "talks", "lapsed", "option"})
                       .value_or(""));
  const std::optional<Month> start = in.month("start", kRequired);
  const std::optional<Month> end = in.month("end", kRequired);
  if (start && end && *end < *start) {
    in.reporter().error(in.pointer_to("end"), fmt::format("end {} is before start {}",
                                                          end->to_string(), start->to_string()));
  }
  commitment.start = start.value_or(Month{});
  commitment.end = end.value_or(Month{});
  commitment.power_mw = in.schedule("power_mw", kOptional, Range::at_least(0));
  commitment.min_spend_usd_per_year =
      in.number("min_spend_usd_per_year", kOptional, Range::at_least(0));
  commitment.reservation_usd_per_mw_month =
      in.number("reservation_usd_per_mw_month", kOptional, Range::at_least(0));
  commitment.min_spend_usd_per_mw_year =
      in.number("min_spend_usd_per_mw_year", kOptional, Range::at_least(0));
  commitment.signing_usd = in.number("signing_usd", kOptional, Range::at_least(0));
  commitment.size_step_mw = in.number("size_step_mw", kOptional, Range::greater_than(0));
  check_deal_terms(in, commitment);
  commitment.provenance = in.provenance(fields);
  return commitment;
}

// One accelerator's entries: {model: tokens_per_s | {"tokens_per_s": ..., provenance}}.
void read_throughput_row(const ObjectReader& row, int accelerator, const CatalogIds& ids,
                         std::vector<Throughput>& out) {
  static const std::vector<std::string> fields = {"tokens_per_s"};
  if (!row.is_object()) return;
  for (const auto& [model_id, value] : row.object()->items()) {
    const int model =
        resolve_id(ids.models, model_id, "model", row.pointer_to(model_id), row.reporter());
    Throughput entry{accelerator, model, 0.0, {}};
    if (value.is_object()) {
      const ObjectReader in(value, row.pointer_to(model_id), row.reporter());
      in.check_fields(with_provenance(fields));
      entry.tokens_per_s =
          in.number("tokens_per_s", kRequired, Range::greater_than(0)).value_or(0.0);
      entry.provenance = in.provenance(fields);
    } else if (value.is_number()) {
      entry.tokens_per_s = row.number(model_id, kRequired, Range::greater_than(0)).value_or(0.0);
    } else {
      row.reporter().error(row.pointer_to(model_id),
                           "expected tokens per second (a number or an object with "
                           "\"tokens_per_s\"), got " +
                               describe_type(value));
    }
    if (accelerator >= 0 && model >= 0 && entry.tokens_per_s > 0) out.push_back(entry);
  }
}

void read_throughput(const ObjectReader& doc, const CatalogIds& ids, Catalog& catalog) {
  const Json* table = doc.find("throughput");
  if (table == nullptr) {
    doc.reporter().error("", "missing required field \"throughput\"");
    return;
  }
  const ObjectReader rows(*table, doc.pointer_to("throughput"), doc.reporter());
  if (!rows.is_object()) return;
  for (const auto& [accelerator_id, row] : rows.object()->items()) {
    const int accelerator = resolve_id(ids.accelerators, accelerator_id, "accelerator",
                                       rows.pointer_to(accelerator_id), rows.reporter());
    read_throughput_row(ObjectReader(row, rows.pointer_to(accelerator_id), rows.reporter()),
                        accelerator, ids, catalog.throughput);
  }
  std::sort(catalog.throughput.begin(), catalog.throughput.end(),
            [](const Throughput& a, const Throughput& b) {
              return std::tie(a.accelerator, a.model) < std::tie(b.accelerator, b.model);
            });
}

// An offering drawing on a commitment must be in a region of that commitment's provider.
void check_offering_commitments(const Catalog& catalog, Reporter& reporter) {
  for (const Offering& offering : catalog.offerings) {
    if (offering.commitment < 0 || offering.region < 0) continue;
    const Commitment& commitment = catalog.commitments[offering.commitment];
    const Region& region = catalog.regions[offering.region];
    if (commitment.provider < 0 || region.provider < 0) continue;
    if (commitment.provider == region.provider) continue;
    reporter.error(
        pointer_append(pointer_append("/offerings", offering.id), "commitment"),
        fmt::format("commitment {} belongs to provider {}, but region {} belongs to provider {}",
                    in_quotes(commitment.id), in_quotes(catalog.providers[commitment.provider].id),
                    in_quotes(region.id), in_quotes(catalog.providers[region.provider].id)));
  }
}

}  // namespace

CatalogIds catalog_ids(const Json& catalog) {
  CatalogIds ids;
  if (!catalog.is_object()) return ids;
  const auto keys = [&](const char* key, Presence presence) {
    const auto it = catalog.find(key);
    return id_set(it == catalog.end() ? nullptr : &*it, presence);
  };
  ids.providers = keys("providers", Presence::kRequired);
  ids.accelerators = keys("accelerators", Presence::kRequired);
  ids.models = keys("models", Presence::kRequired);
  ids.regions = keys("regions", Presence::kRequired);
  ids.offerings = keys("offerings", Presence::kRequired);
  ids.commitments = keys("commitments", Presence::kOptional);
  return ids;
}

Catalog read_catalog(const Json& document, Reporter& reporter) {
  const ObjectReader doc(document, "", reporter);
  Catalog catalog;
  if (!doc.is_object()) return catalog;
  doc.check_fields({"schema", "description", "as_of", "source", "note", "providers", "accelerators",
                    "models", "throughput", "regions", "offerings", "commitments"});
  doc.string("description", kOptional);
  doc.date("as_of", kOptional);
  doc.text_list("source", kOptional);
  doc.string("note", kOptional);
  const CatalogIds ids = catalog_ids(document);
  read_entity_map(doc, "providers", kRequired, catalog.providers, read_provider);
  read_entity_map(doc, "accelerators", kRequired, catalog.accelerators, read_accelerator);
  read_entity_map(doc, "models", kRequired, catalog.models, read_model);
  read_throughput(doc, ids, catalog);
  read_entity_map(doc, "regions", kRequired, catalog.regions,
                  [&](const ObjectReader& in) { return read_region(in, ids); });
  read_entity_map(doc, "offerings", kRequired, catalog.offerings,
                  [&](const ObjectReader& in) { return read_offering(in, ids); });
  read_entity_map(doc, "commitments", kOptional, catalog.commitments,
                  [&](const ObjectReader& in) { return read_commitment(in, ids); });
  check_offering_commitments(catalog, reporter);
  return catalog;
}

const char* to_string(CommitmentStatus status) {
  switch (status) {
    case CommitmentStatus::kTalks:
      return "talks";
    case CommitmentStatus::kLapsed:
      return "lapsed";
    case CommitmentStatus::kOption:
      return "option";
    case CommitmentStatus::kSigned:
      break;
  }
  return "signed";
}

double Catalog::tokens_per_s(int accelerator, int model) const {
  const auto it = std::find_if(throughput.begin(), throughput.end(), [&](const Throughput& t) {
    return t.accelerator == accelerator && t.model == model;
  });
  return it == throughput.end() ? 0.0 : it->tokens_per_s;
}

}  // namespace capplan
