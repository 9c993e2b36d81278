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

void check_min_share_sum(const std::vector<ShareLimit>& resolved, Reporter& reporter) {
  double sum = 0.0;
  for (const ShareLimit& limit : resolved) sum += limit.min;
  if (sum > 1.0 + kShareSumTolerance) {
    reporter.error("/provider_share", fmt::format("minimum shares of all providers add up to {}, "
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
                    "provider_share", "residency", "interactive_same_geo", "survive_provider_loss",
                    "unmet_penalty_usd_per_mtok"});
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
  policy.residency = read_residency(doc);
  policy.interactive_same_geo = doc.boolean("interactive_same_geo", kOptional).value_or(true);
  policy.survive_provider_loss =
      doc.number("survive_provider_loss", kOptional, Range{0.0, 1.0, false, true}).value_or(0.0);
  policy.unmet_penalty_usd_per_mtok =
      doc.number("unmet_penalty_usd_per_mtok", kOptional, Range::greater_than(0)).value_or(20.0);
  return policy;
}

}  // namespace capplan
