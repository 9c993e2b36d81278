// Synthetic planning instances of chosen size, for benchmarks and property tests. Deterministic
// for a given seed. The documents are ordinary capplan JSON (catalog, demand, policy), so they
// go through the real parser.
#pragma once

#include <cstdint>
#include <string>

namespace capplan::instances {

struct InstanceSize {
  int providers = 3;
  int regions_per_provider = 2;
  int accelerators = 4;
  int offerings_per_region = 3;  // each an accelerator, priced per region
  int models = 3;
  int geos = 2;                  // "us", "eu", "apac", ...
  int slices_per_model_geo = 2;  // interactive + batch
  int months = 12;               // from 2026-07
  bool take_or_pay = true;       // one signed commitment with a minimum spend per provider
  bool tight = true;             // region power and supply limits that bind
  bool share_limits = true;
  double survive_provider_loss = 0.0;  // > 0: contingency routing w[p,t,d,o] (docs/MODEL.md)
  double onboarding_hours = 0.0;       // > 0: couples consecutive periods (one LP over the horizon)
  std::uint64_t seed = 1;
};

struct InstanceDocs {
  std::string catalog, demand, policy;
};

InstanceDocs generate_instance(const InstanceSize& size);

}  // namespace capplan::instances
