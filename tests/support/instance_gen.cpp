#include "instance_gen.hpp"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

namespace capplan::instances {

namespace {

using nlohmann::json;

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : gen_(seed) {}
  // Uniform in [lo, hi), computed from raw 64-bit draws so every platform agrees.
  double uniform(double lo, double hi) {
    const double u = static_cast<double>(gen_() >> 11) * (1.0 / 9007199254740992.0);
    return lo + (hi - lo) * u;
  }
  int below(int n) { return static_cast<int>(gen_() % static_cast<std::uint64_t>(n)); }

 private:
  std::mt19937_64 gen_;
};

std::string month(int k) {  // k months after 2026-07
  const int idx = 2026 * 12 + 6 + k;
  return fmt::format("{:04d}-{:02d}", idx / 12, idx % 12 + 1);
}

double round3(double v) { return std::round(v * 1000.0) / 1000.0; }

}  // namespace

InstanceDocs generate_instance(const InstanceSize& s) {
  Rng rng(s.seed);
  static const char* kGeos[] = {"us", "eu", "apac", "latam", "mea", "ca"};
  json cat = {{"schema", "capplan.catalog/v1"}, {"description", "synthetic instance"}};
  json accels = json::object(), models = json::object(), tput = json::object();
  for (int m = 0; m < s.models; ++m)
    models[fmt::format("m{}", m)] = {{"name", fmt::format("model {}", m)}};
  for (int a = 0; a < s.accelerators; ++a) {
    const std::string id = fmt::format("acc{}", a);
    accels[id] = {
        {"name", id}, {"vendor", "synthetic"}, {"all_in_kw", round3(rng.uniform(0.8, 2.0))}};
    for (int m = 0; m < s.models; ++m) {
      // Larger models are slower; some accelerators cannot serve the largest.
      if (m == 0 && a % 4 == 3) continue;
      tput[id][fmt::format("m{}", m)] = std::round(rng.uniform(500, 3000) * std::pow(3.0, m));
    }
  }
  cat["accelerators"] = accels;
  cat["models"] = models;
  cat["throughput"] = tput;
  json providers = json::object(), regions = json::object(), offerings = json::object(),
       commitments = json::object();
  double total_power_mw = 0;
  for (int p = 0; p < s.providers; ++p) {
    const std::string pid = fmt::format("p{}", p);
    providers[pid] = {{"name", fmt::format("provider {}", p)},
                      {"kind", p < 3 ? "hyperscaler" : "neocloud"}};
    const std::string cid = fmt::format("c{}", p);
    if (s.take_or_pay) {
      commitments[cid] = {
          {"provider", pid},
          {"status", "signed"},
          {"start", "2026-01"},
          {"end", "2035-12"},
          {"min_spend_usd_per_year", std::round(rng.uniform(2e8, 1e9))},
          {"power_mw",
           json::array({{{"from", "2026-01"}, {"value", std::round(rng.uniform(100, 300))}},
                        {{"from", "2027-07"}, {"value", std::round(rng.uniform(300, 900))}}})}};
    }
    for (int r = 0; r < s.regions_per_provider; ++r) {
      const std::string rid = fmt::format("p{}-r{}", p, r);
      const double power = std::round(rng.uniform(150, 600));
      total_power_mw += power;
      regions[rid] = {{"provider", pid},
                      {"location", rid},
                      {"geo", kGeos[r % s.geos]},
                      {"pue", round3(rng.uniform(1.08, 1.3))}};
      if (s.tight)
        regions[rid]["power_mw"] = json::array(
            {{{"from", "2026-01"}, {"value", power}}, {{"from", "2027-01"}, {"value", power * 2}}});
      for (int k = 0; k < s.offerings_per_region; ++k) {
        const int a = (p + r + k) % s.accelerators;
        json off = {{"region", rid},
                    {"accelerator", fmt::format("acc{}", a)},
                    {"price_per_chip_hour", round3(rng.uniform(1.5, 9.0))}};
        if (s.tight && rng.below(2) == 0) off["max_chips"] = std::round(rng.uniform(2e4, 2e5));
        if (s.take_or_pay && k == 0) off["commitment"] = cid;
        offerings[fmt::format("p{}-r{}-o{}", p, r, k)] = off;
      }
    }
  }
  cat["providers"] = providers;
  cat["regions"] = regions;
  cat["offerings"] = offerings;
  cat["commitments"] = commitments;

  json dem = {{"schema", "capplan.demand/v1"},
              {"start", month(0)},
              {"end", month(s.months - 1)},
              {"step", "month"},
              {"classes",
               {{"interactive", {{"peak_to_avg", 1.5}, {"interactive", true}}},
                {"batch", {{"peak_to_avg", 1.0}, {"interactive", false}}}}}};
  json slices = json::object();
  const int n_slices = s.models * s.geos * s.slices_per_model_geo;
  // Size demand to about 60 % of the first year's power at ~1 kW and ~1500 tokens/s per chip.
  const double tokens_per_s_total = total_power_mw * 1000.0 * 0.6 * 1500.0 * 0.7;
  for (int m = 0; m < s.models; ++m)
    for (int g = 0; g < s.geos; ++g)
      for (int k = 0; k < s.slices_per_model_geo; ++k) {
        const double share = rng.uniform(0.5, 1.5) / n_slices;
        slices[fmt::format("m{}-{}-{}", m, kGeos[g], k)] = {
            {"model", fmt::format("m{}", m)},
            {"class", k % 2 == 0 ? "interactive" : "batch"},
            {"geo", kGeos[g]},
            {"base_tokens_per_day",
             std::round(tokens_per_s_total * share * 86400.0 / std::pow(3.0, m))},
            {"growth_per_year", round3(rng.uniform(0.2, 1.2))}};
      }
  dem["slices"] = slices;

  json pol = {{"schema", "capplan.policy/v1"},
              {"utilization_target", 0.7},
              {"unmet_penalty_usd_per_mtok", 20},
              {"survive_provider_loss", s.survive_provider_loss}};
  if (s.onboarding_hours > 0.0) pol["onboarding_hours"] = s.onboarding_hours;
  if (s.share_limits && s.providers > 1)
    pol["provider_share"] = {
        {"*", {{"min", 0.0}, {"max", std::min(1.0, 2.0 / s.providers + 0.05)}}}};
  return InstanceDocs{cat.dump(), dem.dump(), pol.dump()};
}

}  // namespace capplan::instances
