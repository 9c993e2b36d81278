// Pointers in errors about a saved plan are built the one way (json_util.hpp): an id holding
// "/" or "~" is escaped, so the pointer leads back to the member (RFC 6901).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "capplan/error.hpp"
#include "capplan/plan.hpp"

namespace capplan {
namespace {

// A one-period plan with provider `provider`, as capplan writes it.
nlohmann::ordered_json plan_with_provider(const std::string& provider) {
  Plan plan;
  PeriodPlan pp;
  pp.period = "2027-01";
  pp.hours = 744;
  pp.providers[provider] = ProviderPeriod{};
  plan.periods.push_back(pp);
  return nlohmann::ordered_json::parse(plan_to_json(plan));
}

std::string read_error(const nlohmann::ordered_json& file) {
  try {
    plan_from_json(file.dump(), "plan.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a plan error under a provider id with / or ~ names an escaped pointer", "[plan]") {
  nlohmann::ordered_json file = plan_with_provider("p/1~x");
  REQUIRE(read_error(file) == "no error");
  file["periods"][0]["providers"]["p/1~x"]["chips"] = "many";
  // Was "/periods/0/providers/p/1~x/chips": a pointer to a member that is not there.
  CHECK(read_error(file) == "plan.json: /periods/0/providers/p~11~0x/chips: expected a number");
}

}  // namespace capplan
