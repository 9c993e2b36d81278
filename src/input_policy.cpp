// Reads capplan.policy/v1 (docs/FORMATS.md).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "input_documents.hpp"
#include "json_util.hpp"

namespace capplan {
namespace {

constexpr Presence kOptional = Presence::kOptional;
constexpr const char* kAnyProvider = "*";
// Slack for the sum of minimum shares, so that 0.6 + 0.3 + 0.1 is not "more than 1".
constexpr double kShareSumTolerance = 1e-9;
// Onboarding above ten years of a chip's price is not a planning figure but a typo.
constexpr double kMaxOnboardingHours = 87660;
constexpr const char* kOnboardingReason =
    "ten years of a chip's price; more is not an onboarding cost";

std::optional<ShareLimit> read_share_limit(const ObjectReader& in) {
  in.check_fields({"min", "max"});
  const std::optional<double> min = in.number("min", kOptional, Range::closed(0, 1));
  const std::optional<double> max = in.number("max", kOptional, Range::closed(0, 1));
  const ShareLimit limit{min.value_or(0.0), max.value_or(1.0)};
  if (limit.min > limit.max) {
    in.reporter().error(in.pointer(),
                        fmt::format("min {} is greater than max {}", format_number(limit.min),
                                    format_number(limit.max)));
    return std::nullopt;
  }
  return limit;
}

// provider_share as written: provider id or "*" -> limits.
std::map<std::string, ShareLimit> read_shares(const ObjectReader& doc, const CatalogIds& ids) {
  std::map<std::string, ShareLimit> shares;
  const Json* value = doc.find("provider_share");
  if (value == nullptr) return shares;
  const ObjectReader table(*value, doc.pointer_to("provider_share"), doc.reporter());
  if (!table.is_object()) return shares;
  for (const auto& [key, limit_json] : table.object()->items()) {
    if (key != kAnyProvider) {
      resolve_id(ids.providers, key, "provider", table.pointer_to(key), doc.reporter());
    }
    const std::optional<ShareLimit> limit =
        read_share_limit(ObjectReader(limit_json, table.pointer_to(key), doc.reporter()));
    if (limit) shares[key] = *limit;
  }
  return shares;
}

// model_share as written: model id -> (provider id or "*" -> limits), every id checked.
std::map<int, std::map<std::string, ShareLimit>> read_model_shares(const ObjectReader& doc,
                                                                   const CatalogIds& ids) {
  std::map<int, std::map<std::string, ShareLimit>> out;
  const Json* value = doc.find("model_share");
  if (value == nullptr) return out;
  const ObjectReader models(*value, doc.pointer_to("model_share"), doc.reporter());
  if (!models.is_object()) return out;
  for (const auto& [model, table_json] : models.object()->items()) {
    const int m = resolve_id(ids.models, model, "model", models.pointer_to(model), doc.reporter());
    const ObjectReader table(table_json, models.pointer_to(model), doc.reporter());
    if (!table.is_object()) continue;
    std::map<std::string, ShareLimit> shares;
    for (const auto& [key, limit_json] : table.object()->items()) {
      if (key != kAnyProvider) {
        resolve_id(ids.providers, key, "provider", table.pointer_to(key), doc.reporter());
      }
      const std::optional<ShareLimit> limit =
          read_share_limit(ObjectReader(limit_json, table.pointer_to(key), doc.reporter()));
      if (limit) shares[key] = *limit;
    }
    if (m >= 0) out[m] = shares;
  }
  return out;
}

// One limit per catalog provider: its own entry, else "*", else {0, 1} (model_share).
std::vector<ShareLimit> resolve_limits(const std::map<std::string, ShareLimit>& shares,
                                       const CatalogIds& ids) {
  const auto any = shares.find(kAnyProvider);
  const ShareLimit fallback = any == shares.end() ? ShareLimit{} : any->second;
  std::vector<ShareLimit> resolved;
  for (const std::string& provider : ids.providers.ids) {
    const auto own = shares.find(provider);
    resolved.push_back(own == shares.end() ? fallback : own->second);
  }
  return resolved;
}

// One limit per catalog provider: its own entry, else "*", else {0, 1}; and whether it came
// from "*" (no entry of its own).
void resolve_shares(const std::map<std::string, ShareLimit>& shares, const CatalogIds& ids,
                    Policy& policy) {
  const auto any = shares.find(kAnyProvider);
  const ShareLimit fallback = any == shares.end() ? ShareLimit{} : any->second;
  for (const std::string& provider : ids.providers.ids) {
    const auto own = shares.find(provider);
    policy.provider_share.push_back(own == shares.end() ? fallback : own->second);
    policy.provider_share_from_any.push_back(own == shares.end());
  }
}

void check_min_share_sum(const std::vector<ShareLimit>& resolved, Reporter& reporter,
                         const std::string& pointer = "/provider_share") {
  double sum = 0.0;
  for (const ShareLimit& limit : resolved) sum += limit.min;
  if (sum > 1.0 + kShareSumTolerance) {
    reporter.error(pointer, fmt::format("minimum shares of all providers add up to {}, "
                                        "more than 1",
                                        format_number(sum)));
  }
}

std::map<std::string, std::vector<std::string>> read_residency(const ObjectReader& doc) {
  std::map<std::string, std::vector<std::string>> residency;
  const Json* value = doc.find("residency");
  if (value == nullptr) return residency;
  const ObjectReader table(*value, doc.pointer_to("residency"), doc.reporter());
  if (!table.is_object()) return residency;
  for (const auto& [geo, allowed] : table.object()->items()) {
    const std::string pointer = table.pointer_to(geo);
    if (!allowed.is_array()) {
      doc.reporter().error(pointer, "expected an array of geos, got " + describe_type(allowed));
      continue;
    }
    std::vector<std::string>& geos = residency[geo];
    for (std::size_t i = 0; i < allowed.size(); ++i) {
      if (allowed[i].is_string()) {
        geos.push_back(allowed[i].get<std::string>());
      } else {
        doc.reporter().error(pointer_append(pointer, i),
                             "expected a geo, got " + describe_type(allowed[i]));
      }
    }
  }
  return residency;
}

}  // namespace

const char* to_string(ShareBasis basis) {
  switch (basis) {
    case ShareBasis::kPower:
      return "power";
    case ShareBasis::kSpend:
      return "spend";
    case ShareBasis::kTokens:
      break;
  }
  return "tokens";
}

bool residency_allows(const Policy& policy, const DemandClass& demand_class,
                      const std::string& demand_geo, const std::string& region_geo) {
  const auto rule = policy.residency.find(demand_geo);
  if (rule != policy.residency.end() &&
      std::find(rule->second.begin(), rule->second.end(), region_geo) == rule->second.end()) {
    return false;
  }
  return !(demand_class.interactive && policy.interactive_same_geo && region_geo != demand_geo);
}

Policy read_policy(const Json& document, const CatalogIds& ids, Reporter& reporter) {
  const ObjectReader doc(document, "", reporter);
  Policy policy;
  if (!doc.is_object()) return policy;
  doc.check_fields({"schema", "description", "source", "note", "as_of", "utilization_target",
                    "provider_share", "share_basis", "model_share", "residency",
                    "interactive_same_geo", "peak_hours_share", "survive_provider_loss",
                    "contingency_utilization", "survive_shortfall_usd_per_mtok",
                    "unmet_penalty_usd_per_mtok", "onboarding_hours", "integer"});
  doc.string("description", kOptional);
  doc.text_list("source", kOptional);
  doc.string("note", kOptional);
  doc.date("as_of", kOptional);
  policy.utilization_target =
      doc.number("utilization_target", kOptional, Range{0.0, 1.0, true, false}).value_or(0.7);
  const std::map<std::string, ShareLimit> shares = read_shares(doc, ids);
  if (ids.providers.known) {
    resolve_shares(shares, ids, policy);
    check_min_share_sum(policy.provider_share, reporter);
  }
  const std::optional<std::string> basis =
      doc.choice("share_basis", kOptional, {"tokens", "power", "spend"});
  if (basis == "power") policy.share_basis = ShareBasis::kPower;
  if (basis == "spend") policy.share_basis = ShareBasis::kSpend;
  const auto model_shares = read_model_shares(doc, ids);
  if (ids.providers.known) {
    for (const auto& [model, shares] : model_shares) {
      policy.model_share[model] = resolve_limits(shares, ids);
      check_min_share_sum(policy.model_share[model], reporter,
                          pointer_append("/model_share", ids.models.ids[model]));
    }
  }
  policy.residency = read_residency(doc);
  policy.interactive_same_geo = doc.boolean("interactive_same_geo", kOptional).value_or(true);
  policy.survive_provider_loss =
      doc.number("survive_provider_loss", kOptional, Range{0.0, 1.0, false, true}).value_or(0.0);
  policy.peak_hours_share =
      doc.number("peak_hours_share", kOptional, Range{0.0, 1.0, true, true}).value_or(0.25);
  policy.contingency_utilization =
      doc.number("contingency_utilization", kOptional, Range{0.0, 1.0, true, false}).value_or(0.9);
  policy.survive_shortfall_usd_per_mtok =
      doc.number("survive_shortfall_usd_per_mtok", kOptional, Range::greater_than(0));
  policy.onboarding_hours =
      doc.number("onboarding_hours", kOptional,
                 Range::at_least(0).at_most(kMaxOnboardingHours, kOnboardingReason))
          .value_or(0.0);
  policy.integer = doc.boolean("integer", kOptional).value_or(false);
  policy.unmet_penalty_usd_per_mtok =
      doc.number("unmet_penalty_usd_per_mtok", kOptional, Range::greater_than(0)).value_or(20.0);
  return policy;
}

}  // namespace capplan
