// Reading each kind of input document into its value type. Every reader reports all the
// errors it finds to its Reporter and returns what it could read; the result is meaningful
// only when the reporter counted no errors.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "capplan/inputs.hpp"
#include "json_util.hpp"

namespace capplan {

inline constexpr const char* kCatalogSchema = "capplan.catalog/v1";
inline constexpr const char* kDemandSchema = "capplan.demand/v1";
inline constexpr const char* kPolicySchema = "capplan.policy/v1";
inline constexpr const char* kScenarioSchema = "capplan.scenario/v1";

// The ids of the catalog: what references in any document resolve against. All unknown (the
// default) when the catalog could not be read.
struct CatalogIds {
  IdSet providers, accelerators, models, regions, offerings, commitments;
};
CatalogIds catalog_ids(const Json& catalog);

Catalog read_catalog(const Json& document, Reporter& reporter);
// `catalog` is nullptr when it has errors; whether a model can be served is then not checked.
Demand read_demand(const Json& document, const Catalog* catalog, const CatalogIds& ids,
                   Reporter& reporter);
// provider_share is resolved only when the catalog's providers are known.
Policy read_policy(const Json& document, const CatalogIds& ids, Reporter& reporter);

// --- Scenarios -------------------------------------------------------------------------

// The three documents a scenario may patch, in this order.
inline const std::vector<std::string>& patchable_parts() {
  static const std::vector<std::string> parts = {"catalog", "demand", "policy"};
  return parts;
}

struct Scenario {
  std::string file;  // SourceText name, used in messages
  std::string name;
  std::map<std::string, Json> patch;  // part ("catalog"...) -> merge patch object
  // part -> pointers (in that document) of every member the patch sets or deletes
  std::map<std::string, std::vector<std::string>> touched;
  bool is_override = false;  // a ValueOverride: its pointers address the document itself
};

// Reads and checks a scenario document; nullopt when it is not usable.
std::optional<Scenario> read_scenario(const Json& document, Reporter& reporter);

// --- CSV demand ------------------------------------------------------------------------

struct CsvDemand {
  Json document;  // capplan.demand/v1
  // JSON pointer in `document` -> "line:col" in the CSV, for messages about the CSV file
  std::map<std::string, std::string> locations;
};

// Converts CSV demand, reporting malformed lines. The well-formed lines are converted even
// when others are not, so that their content can be checked too; nullopt when there are none
// (or no header).
std::optional<CsvDemand> convert_demand_csv(const std::string& text, Reporter& reporter);
// The CSV location of a pointer into the converted document (longest known prefix), or the
// pointer itself when none is known.
std::string csv_location(const CsvDemand& csv, const std::string& pointer);

bool is_csv_name(const std::string& name);

}  // namespace capplan
